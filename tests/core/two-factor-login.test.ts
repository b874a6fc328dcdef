import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/databases';
import { startTestServer, type TestServer } from '../support/test-server';
import { appErrorOf, coreIn, storedSecrets, tempDir } from './core-support';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => ts?.close());

const codeAt = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

// The renderer's view: it talks to the local router only, never sees a challenge or a token.
describe(`two-factor sign-in through the client core (${TEST_DB})`, () => {
  it('enrols from the profile, then signs in in two steps: password, then a code', async () => {
    const dir = tempDir();
    const core = await coreIn(dir);
    try {
      await core.caller.session.login({ serverUrl: ts.url, username: 'lead1', password: 'demo1234' });
      expect(await core.caller.session.twoFactor.status()).toMatchObject({ enabled: false, required: false });
      const { secret } = await core.caller.session.twoFactor.start();
      expect((await appErrorOf(core.caller.session.twoFactor.confirm({ code: '12345' }))).fieldErrors).toEqual([
        expect.objectContaining({ path: 'code', message: 'validation.totpCode' }),
      ]);
      const { recoveryCodes } = await core.caller.session.twoFactor.confirm({ code: codeAt(secret) });
      expect(recoveryCodes).toHaveLength(10);
      expect((await core.caller.session.state()).user).toMatchObject({ twoFactorEnabled: true });
      await core.caller.session.logout();

      // Step one: the password is right, but no session and nothing stored yet.
      const first = await appErrorOf(core.caller.session.login({ serverUrl: ts.url, username: 'lead1', password: 'demo1234' }));
      expect(first.code).toBe('TWO_FACTOR_CHALLENGE');
      expect(first.params).not.toHaveProperty('challenge');
      expect(await core.caller.session.state()).toMatchObject({ signedIn: false });
      expect(storedSecrets(dir)).toEqual({});

      // A wrong code keeps the challenge: the right one still completes it.
      const right = codeAt(secret, 1);
      expect((await appErrorOf(core.caller.session.loginTwoFactor({ code: right === '000000' ? '111111' : '000000' }))).code).toBe('TWO_FACTOR_CODE_INVALID');
      const user = await core.caller.session.loginTwoFactor({ code: right });
      expect(user.username).toBe('lead1');
      expect(await core.caller.session.state()).toMatchObject({ signedIn: true, user: { username: 'lead1' } });
      expect(Array.isArray((await core.caller.customers.list({})).items)).toBe(true);

      // The challenge was used up with the sign-in.
      await core.caller.session.logout();
      expect((await appErrorOf(core.caller.session.loginTwoFactor({ code: codeAt(secret, 1) }))).code).toBe('TWO_FACTOR_CHALLENGE_EXPIRED');
    } finally {
      await core.close();
    }
  });
});
