import { EntitySchema } from 'typeorm';
import { idColumn, instant, keyText, refColumn, text } from '../../db/columns';

// Only the SHA-256 of a token is stored: a leaked database does not leak live sessions.
export interface Session {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  absoluteExpiresAt: string;
  revokedAt: string | null;
  ip: string | null;
  device: string | null;
}

export const SessionEntity = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: idColumn(),
    tokenHash: keyText(64, false),
    userId: refColumn(false),
    createdAt: instant(false),
    lastSeenAt: instant(false),
    expiresAt: instant(false),
    absoluteExpiresAt: instant(false),
    revokedAt: instant(),
    ip: text(64),
    device: text(200),
  },
  uniques: [{ name: 'uq_sessions_token', columns: ['tokenHash'] }],
  indices: [{ name: 'idx_sessions_user', columns: ['userId'] }],
});
