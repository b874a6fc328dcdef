import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { TWO_FACTOR_ISSUER } from '../../../src/shared/domain/two-factor.schema';

// RFC 6238 with what every authenticator app reads: SHA-1, 6 digits, 30 s steps (otplib's
// defaults). A code from the step before or after the server's clock is accepted, so a phone
// a few seconds off still works.
const TOLERANCE_SECONDS = 30;

export const newTotpSecret = (): string => generateSecret();

export const totpUri = (username: string, secret: string): string => generateURI({ issuer: TWO_FACTOR_ISSUER, label: username, secret });

// The time step the code belongs to, or null. Steps up to `afterStep` are refused: a code that
// was accepted once (or an older one) must not open a second session.
export function verifyTotp(secret: string, code: string, afterStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const res = verifySync({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, ...(afterStep === null ? {} : { afterTimeStep: afterStep }) });
  return res.valid && 'timeStep' in res ? res.timeStep : null;
}

// Whether the code is right for a step already used: it is a replay, not a guess.
export function isReplayedTotp(secret: string, code: string, lastStep: number | null): boolean {
  return lastStep !== null && /^\d{6}$/.test(code) && verifyTotp(secret, code, null) !== null && verifyTotp(secret, code, lastStep) === null;
}

// Recovery codes: 16 characters of an alphabet without look-alikes (80 bits), shown in groups
// of four. They are random, not chosen, so a plain SHA-256 keeps them safe at rest.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

// Dashes, spaces and case do not matter when typing a recovery code back.
export const hashRecoveryCode = (code: string): string =>
  createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');

export const looksLikeRecoveryCode = (code: string): boolean => code.toUpperCase().replace(/[^A-Z0-9]/g, '').length === 16;
