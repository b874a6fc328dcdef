import { z } from 'zod';

// Two-factor sign-in with an authenticator app (TOTP, RFC 6238), shared by server and client.

// The name authenticator apps show above the code.
export const TWO_FACTOR_ISSUER = 'CRM';

// Six digits from the app, or a recovery code (XXXX-XXXX-XXXX-XXXX); spaces are forgiven.
export const twoFactorCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().min(1, { message: 'validation.required' }).max(40, { message: 'validation.tooLong' }));

export const totpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { message: 'validation.totpCode' }));

// The second step of a sign-in: the challenge auth.login answered, and a code.
export const loginTwoFactorInput = z.object({
  challenge: z.string().min(20).max(100),
  code: twoFactorCodeSchema,
  device: z.string().max(200).optional(),
});

export const twoFactorConfirmInput = z.object({ code: totpCodeSchema });

// Turning two-factor off takes the password or a current code: a session left open on an
// unattended desk must not be enough.
export const twoFactorDisableInput = z
  .object({ password: z.string().max(256).optional(), code: z.string().max(40).optional() })
  .refine((v) => !!v.password || !!v.code, { message: 'validation.required', path: ['password'] });

export interface TwoFactorStatus {
  enabled: boolean;
  // A role of the user requires it: it cannot be turned off.
  required: boolean;
  recoveryCodesLeft: number;
}

export interface TwoFactorEnrollment {
  // Base32, for typing into the app by hand; the URI is what the QR code holds.
  secret: string;
  uri: string;
}
