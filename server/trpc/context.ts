import type { IncomingMessage } from 'node:http';
import type { DataSource } from 'typeorm';
import type { EffectiveGrant } from '../../src/shared/permissions/can';
import type { SessionUser } from '../../src/shared/domain/auth.schema';
import type { ServerConfig } from '../config';
import type { Services } from '../services';

// Who is calling, resolved once per request from the bearer token.
export interface Caller {
  sessionId: string;
  user: SessionUser;
  grant: EffectiveGrant;
  // Department ids the user's "department" and "department and below" scopes cover.
  departmentIds: string[];
  departmentTreeIds: string[];
}

export interface Context {
  db: DataSource;
  config: ServerConfig;
  services: Services;
  caller: Caller | null;
  // Why a presented token was refused, when it was (see AuthService.rejectionOf).
  tokenRejected?: 'revoked' | 'disabled' | null;
  ip: string;
  userAgent: string | null;
}

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
}

export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(h);
  return m ? m[1]! : null;
}
