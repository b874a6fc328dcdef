import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const BRIDGE_HEADER = 'x-bridge-token';

export function newBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

// Requests carry the token in a header; EventSource (the renderer's subscriptions) cannot set
// headers, so there it arrives as tRPC connectionParams in the query string.
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[BRIDGE_HEADER];
  if (typeof header === 'string') return header;
  const params = url.searchParams.get('connectionParams');
  if (!params) return null;
  try {
    const parsed: unknown = JSON.parse(params);
    const token = (parsed as { bridgeToken?: unknown } | null)?.bridgeToken;
    return typeof token === 'string' ? token : null;
  } catch {
    return null;
  }
}

// Hashing first gives equal lengths, so the comparison time says nothing about the token.
export function tokensMatch(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
