import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../server/trpc/rate-limit';
import { TEST_DB } from '../support/databases';
import { errorCodeOf, startTestServer, type ServerClient, type TestServer } from '../support/test-server';
import { errorOf } from './customers-fixtures';

let ts: TestServer;
let am1: ServerClient;
let am3: ServerClient;
let clock = Date.now();
beforeAll(async () => {
  ts = await startTestServer();
  // Time moves only when the test says so, so a slow machine cannot refill a bucket mid-burst.
  ts.server.services.rateLimits.now = () => clock;
  [am1, am3] = await Promise.all([ts.as('am1'), ts.as('am3')]);
});
afterAll(async () => ts?.close());

describe(`rate limits (${TEST_DB})`, () => {
  it('refuses an export burst beyond the limit with a retry-after, per user, and recovers after the wait', async () => {
    const { burst, refillSeconds } = RATE_LIMITS.export;
    const exportOnce = (c: ServerClient) => c.exports.customers.mutate({ format: 'csv', tags: ['无此标签'] });
    for (let i = 0; i < burst; i++) await exportOnce(am1);
    const refused = await errorOf(exportOnce(am1));
    expect(refused.appCode).toBe('RATE_LIMITED');
    expect(refused.params?.retryAfter).toBe(Math.ceil(refillSeconds));
    // Another user's bucket is their own.
    expect((await exportOnce(am3)).rows).toBe(0);
    clock += (refillSeconds - 1) * 1000;
    expect(await errorCodeOf(exportOnce(am1))).toBe('RATE_LIMITED');
    clock += 1000;
    expect((await exportOnce(am1)).rows).toBe(0);
    expect(await errorCodeOf(exportOnce(am1))).toBe('RATE_LIMITED');
  });

  it('limits searches but never plain paging, and limits import file reads but not progress polling', async () => {
    const { burst } = RATE_LIMITS.search;
    await Promise.all(Array.from({ length: burst }, () => am3.customers.list.query({ search: '某某', pageSize: 1 })));
    expect(await errorCodeOf(am3.customers.list.query({ search: '某某', pageSize: 1 }))).toBe('RATE_LIMITED');
    expect((await am3.customers.list.query({ pageSize: 1 })).items.length).toBeLessThanOrEqual(1);

    const file = { fileName: 'x.csv', data: Buffer.from('客户名称\n甲公司\n').toString('base64') };
    for (let i = 0; i < RATE_LIMITS.import.burst; i++) await am3.imports.preview.mutate(file);
    expect(await errorCodeOf(am3.imports.preview.mutate(file))).toBe('RATE_LIMITED');
    expect(await errorCodeOf(am3.imports.progress.query({ jobId: '00000000-0000-7000-8000-000000000000' }))).not.toBe('RATE_LIMITED');
    clock += RATE_LIMITS.import.refillSeconds * 1000;
    await am3.imports.preview.mutate(file);
  });
});
