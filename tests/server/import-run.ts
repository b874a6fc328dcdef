import type { ImportRunInput } from '../../src/shared/excel/import.schema';
import type { ServerClient } from '../support/test-server';

// Starts a commit and polls its progress until the job has ended, as the wizard does.
export async function commitAndWait(client: ServerClient, input: ImportRunInput) {
  const { jobId } = await client.imports.commit.mutate(input);
  for (;;) {
    const p = await client.imports.progress.query({ jobId });
    if (p.status !== 'running') return { ...p, jobId };
    await new Promise((r) => setTimeout(r, 20));
  }
}
