import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startServer, type RunningServer } from '../../server/app';
import { ImportJobBatchEntity, ImportJobEntity } from '../../server/modules/imports/import-job.entity';
import { freshDatabase, TEST_DB } from '../support/databases';

let server: RunningServer | undefined;
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await server?.close();
  await drop?.();
});

describe(`import jobs after a crash (${TEST_DB})`, () => {
  it('a job left running by a dead process is failed at start, with the rows it had applied', async () => {
    const db = await freshDatabase();
    drop = db.drop;
    server = await startServer(db.config);
    const [crashed, finished] = [uuidv7(), uuidv7()];
    const job = (id: string, status: 'running' | 'done') => ({
      id, userId: null, entity: 'customers', fileName: `${id}.xlsx`, sheet: null, options: { onDuplicate: 'skip', owner: 'me', mapping: null },
      status, total: 1500, created: 0, updated: 0, skipped: 0, invalid: 0, errors: [], startedAt: new Date().toISOString(), finishedAt: null, undoneAt: null,
    });
    await server.db.getRepository(ImportJobEntity).insert([job(crashed, 'running'), job(finished, 'done')]);
    // Two batches had committed (each listing what it created) when the process died.
    const applied = Array.from({ length: 3 }, () => uuidv7()).sort();
    const [first, second] = [applied.slice(0, 2), applied.slice(2)];
    await server.db.getRepository(ImportJobBatchEntity).insert([first, second].map((ids) => ({ jobId: crashed, firstId: ids[0]!, ids })));
    await server.close();

    server = await startServer(db.config);
    const after = await server.db.getRepository(ImportJobEntity).findOneByOrFail({ id: crashed });
    expect(after).toMatchObject({ status: 'failed', created: 3, finishedAt: expect.any(String) });
    expect(after.errors[0]).toMatchObject({ reason: 'import.interrupted' });
    expect(await server.services.imports.jobs.createdIds(crashed)).toEqual(applied);
    // A job that had finished is left alone.
    expect(await server.db.getRepository(ImportJobEntity).findOneByOrFail({ id: finished })).toMatchObject({ status: 'done', created: 0, finishedAt: null });
  });
});
