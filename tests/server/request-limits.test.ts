import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

// What a client sending too much sees: a 413 with its own code, not a vague "fix the fields".
describe(`request size limit (${TEST_DB})`, () => {
  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, signed in or not', async () => {
    const token = (await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'am1', password: 'demo1234' }) })).body.result.data.token;
    const huge = JSON.stringify({ name: '大'.repeat(1024 * 1024) });
    for (const res of [
      await ts.raw('/trpc/customers.create', { method: 'POST', token, body: huge }),
      await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'am1', password: 'x'.repeat(3 * 1024 * 1024) }) }),
    ]) {
      expect(res.status).toBe(413);
      expect(res.body.error.data).toMatchObject({ appCode: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    }
  });

  it('still takes an ordinary request', async () => {
    const res = await ts.raw('/trpc/auth.login', { method: 'POST', body: JSON.stringify({ username: 'am1', password: 'demo1234' }) });
    expect(res.status).toBe(200);
  });
});
