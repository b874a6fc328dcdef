import type { LoginResult, SessionUser } from '../../../shared/domain/auth.schema';
import type { TwoFactorEnrollment, TwoFactorStatus } from '../../../shared/domain/two-factor.schema';
import { AppError } from '../../../shared/errors';
import { fromServerError } from '../api/errors';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileStore, ServerProfile } from './profile-store';
import { createServerClient, type FetchFn, type ServerClient } from './server-client';
import { normaliseServerUrl } from './server-url';

export interface SessionState {
  signedIn: boolean;
  // The active server, or the last one used, or the preset default (to prefill the sign-in form).
  serverUrl: string | null;
  user: SessionUser | null;
  // Signed in from the offline cache after a restart the server did not answer: working
  // offline until the server confirms the session.
  offline: boolean;
  // Why the last session ended here without the user signing out (e.g. CACHE_LOCKED: offline
  // past the lease), for the sign-in screen to say; cleared by the next sign-in.
  endedBecause: string | null;
  profiles: { id: string; name: string; url: string; lastUsername: string | null }[];
}

// Why the server ended a session: a disabled user (params.wipe=1) or a revoked session leaves
// nothing of its offline data on the disk.
export interface SessionEnd {
  reason: string | null;
  wipe: boolean;
  // A remembered session the server refused at start: never active here, so whose cache to
  // wipe is said explicitly.
  restored?: { serverUrl: string; userId: string };
}

interface Active {
  profile: ServerProfile;
  token: string;
  user: SessionUser;
  client: ServerClient;
  // Resumed offline from the cache; not yet confirmed by the server.
  offline?: boolean;
}

const tokenKey = (profileId: string) => `session-token:${profileId}`;
// After an unreachable server at start, how often state() tries again to restore the session.
const RESTORE_RETRY_MS = 5_000;
const RESTORE_PROBE_TIMEOUT_MS = 5_000;
const SERVER_LOGOUT_WAIT_MS = 3_000;

// Owns the sign-in: which server, who, and the bearer token. The token never leaves this
// class except in the Authorization header of requests to the server it was issued by.
export class SessionService {
  private active: Active | null = null;
  // A stored token not yet confirmed by the server (it was unreachable at start).
  private pending: { profile: ServerProfile; token: string; lastTry: number } | null = null;
  private listeners = new Set<(ended?: SessionEnd) => void>();
  // A sign-in whose password the server accepted, waiting for the second factor. The challenge
  // stays here like the token: the renderer only learns that a code is needed.
  private challenge: { url: string; challenge: string; client: ServerClient; setToken: (t: string) => void } | null = null;
  // Who this profile's user was when last confirmed, from their offline cache (if it may still
  // serve): lets a restart without the server go on working offline.
  private offlineUser: ((profile: ServerProfile) => Promise<SessionUser | null>) | null = null;
  private endedBecause: string | null = null;

  constructor(
    private readonly opts: {
      profiles: ProfileStore;
      secrets: SecretStore;
      deviceName: string;
      fetch?: FetchFn;
      timeoutMs?: number;
      defaultServerUrl?: string;
    },
  ) {}

  isSignedIn(): boolean {
    return this.active !== null;
  }

  // Signed in from the cache, the server not having confirmed the session yet.
  isOffline(): boolean {
    return this.active?.offline === true;
  }

  setOfflineUser(resolve: (profile: ServerProfile) => Promise<SessionUser | null>): void {
    this.offlineUser = resolve;
  }

  // The server answered again: confirm a session resumed offline (or end it, if refused).
  async reconnect(): Promise<void> {
    if (this.pending) await this.retryPending();
  }

  serverUrl(): string | null {
    return this.active?.profile.url ?? null;
  }

  user(): SessionUser | null {
    return this.active?.user ?? null;
  }

  // Called on any change of who is signed in (so a live feed can end with the session). When
  // the server refused the session, `ended` says why (so the offline cache can be wiped).
  onChange(listener: (ended?: SessionEnd) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Picks up the last session after a restart, if the server still accepts its token.
  async restore(): Promise<void> {
    const profile = this.opts.profiles.last();
    if (!profile) return;
    const token = await this.opts.secrets.get(tokenKey(profile.id));
    if (!token) return;
    this.pending = { profile, token, lastTry: 0 };
    await this.retryPending();
  }

  async state(): Promise<SessionState> {
    if (this.pending && Date.now() - this.pending.lastTry > RESTORE_RETRY_MS) await this.retryPending();
    const last = this.active?.profile ?? this.opts.profiles.last() ?? this.opts.profiles.list()[0] ?? null;
    return {
      signedIn: this.active !== null,
      serverUrl: last?.url ?? this.opts.defaultServerUrl ?? null,
      user: this.active?.user ?? null,
      offline: this.isOffline(),
      endedBecause: this.endedBecause,
      profiles: this.opts.profiles.list().map(({ id, name, url, lastUsername }) => ({ id, name, url, lastUsername })),
    };
  }

  // When the user has two-factor sign-in this throws TWO_FACTOR_CHALLENGE (without the
  // challenge itself): the UI asks for a code and calls loginTwoFactor.
  async login(input: { serverUrl: string; username: string; password: string }): Promise<SessionUser> {
    const url = normaliseServerUrl(input.serverUrl);
    let token: string | null = null;
    const client = this.clientFor(url, () => token);
    const setToken = (t: string) => (token = t);
    this.challenge = null;
    let result;
    try {
      result = await client.auth.login.mutate({ username: input.username, password: input.password, device: this.opts.deviceName });
    } catch (e) {
      const err = fromServerError(e, url);
      if (err.code === 'TWO_FACTOR_CHALLENGE' && typeof err.params.challenge === 'string') {
        this.challenge = { url, challenge: err.params.challenge, client, setToken };
        throw new AppError('TWO_FACTOR_CHALLENGE', { expiresIn: err.params.expiresIn ?? 300 });
      }
      throw err;
    }
    return this.begin(url, client, setToken, result);
  }

  // The second step: a code from the authenticator app, or a recovery code.
  async loginTwoFactor(input: { code: string }): Promise<SessionUser> {
    const pending = this.challenge;
    if (!pending) throw new AppError('TWO_FACTOR_CHALLENGE_EXPIRED');
    let result;
    try {
      result = await pending.client.auth.loginTwoFactor.mutate({ challenge: pending.challenge, code: input.code, device: this.opts.deviceName });
    } catch (e) {
      const err = fromServerError(e, pending.url);
      // The server has forgotten the challenge (expired, too many tries, account locked).
      if (err.code === 'TWO_FACTOR_CHALLENGE_EXPIRED' || err.code === 'ACCOUNT_LOCKED' || err.code === 'ACCOUNT_DISABLED') {
        if (this.challenge === pending) this.challenge = null;
      }
      throw err;
    }
    if (this.challenge === pending) this.challenge = null;
    return this.begin(pending.url, pending.client, pending.setToken, result);
  }

  private async begin(url: string, client: ServerClient, setToken: (t: string) => void, result: LoginResult): Promise<SessionUser> {
    // One session at a time: end the previous one on its server before switching.
    if (this.active) await this.logout();
    this.pending = null;
    setToken(result.token);
    const profile = this.opts.profiles.touch(url, result.user.username, result.user.id);
    await this.opts.secrets.set(tokenKey(profile.id), result.token);
    this.active = { profile, token: result.token, user: result.user, client };
    this.endedBecause = null;
    this.emit();
    return result.user;
  }

  async twoFactorStatus(): Promise<TwoFactorStatus> {
    return this.call((c) => c.auth.twoFactor.status.query());
  }

  async twoFactorStart(): Promise<TwoFactorEnrollment> {
    return this.call((c) => c.auth.twoFactor.start.mutate());
  }

  async twoFactorConfirm(input: { code: string }): Promise<{ recoveryCodes: string[] }> {
    const res = await this.call((c) => c.auth.twoFactor.confirm.mutate(input));
    // mustEnrollTwoFactor is now false: the UI leaves the forced set-up screen.
    await this.refreshUser();
    return res;
  }

  async twoFactorDisable(input: { password?: string; code?: string }): Promise<{ ok: true }> {
    await this.call((c) => c.auth.twoFactor.disable.mutate(input));
    await this.refreshUser();
    return { ok: true };
  }

  private async refreshUser(): Promise<void> {
    const user = await this.call((c) => c.auth.me.query());
    if (this.active) this.active.user = user;
    this.emit();
  }

  // `because`: the app ends the session itself (an error code the sign-in screen explains).
  async logout(because?: string): Promise<{ ok: true }> {
    const ended = this.active ?? this.pending;
    if (ended && because) this.endedBecause = because;
    this.active = null;
    this.pending = null;
    if (!ended) return { ok: true };
    await this.opts.secrets.delete(tokenKey(ended.profile.id));
    this.emit();
    // Best effort, and not for long: if the server is unreachable the token is gone here
    // anyway and expires there.
    const client = 'client' in ended ? ended.client : this.clientFor(ended.profile.url, () => ended.token, SERVER_LOGOUT_WAIT_MS);
    await settledWithin(client.auth.logout.mutate(), SERVER_LOGOUT_WAIT_MS);
    return { ok: true };
  }

  async changePassword(input: { currentPassword: string; newPassword: string }): Promise<{ ok: true }> {
    await this.call((c) => c.auth.changePassword.mutate(input));
    // mustChangePassword is now false: refresh so the UI leaves the forced-change screen.
    await this.refreshUser();
    return { ok: true };
  }

  async forgetProfile(id: string): Promise<{ ok: true }> {
    if (this.active?.profile.id === id) await this.logout();
    if (this.pending?.profile.id === id) this.pending = null;
    await this.opts.secrets.delete(tokenKey(id));
    this.opts.profiles.remove(id);
    return { ok: true };
  }

  // Runs a call against the signed-in server, with errors in app codes. A 401 means the server
  // no longer accepts the token: forget it and say the session expired.
  async call<T>(fn: (client: ServerClient) => Promise<T>): Promise<T> {
    const active = this.active;
    if (!active) throw new AppError('NOT_SIGNED_IN');
    try {
      return await fn(active.client);
    } catch (e) {
      throw await this.mapError(e, active);
    }
  }

  // For streams: the client of the signed-in server plus the same error mapping.
  connection(): { client: ServerClient; mapError(e: unknown): Promise<AppError>; isCurrent(): boolean } {
    const active = this.active;
    if (!active) throw new AppError('NOT_SIGNED_IN');
    return { client: active.client, mapError: (e) => this.mapError(e, active), isCurrent: () => this.active === active };
  }

  private async mapError(e: unknown, active: Active): Promise<AppError> {
    const err = fromServerError(e, active.profile.url);
    // A role started requiring two-factor during the session: the UI shows the set-up screen.
    if (err.code === 'TWO_FACTOR_ENROLLMENT_REQUIRED' && this.active === active && !active.user.mustEnrollTwoFactor) {
      active.user = { ...active.user, mustEnrollTwoFactor: true };
      this.emit();
    }
    if (err.code !== 'UNAUTHENTICATED' && err.code !== 'SESSION_EXPIRED') return err;
    // Only the session that made the call ends: a late 401 must not sign out a newer login.
    if (this.active === active) {
      this.active = null;
      if (active.offline) this.pending = null;
      await this.opts.secrets.delete(tokenKey(active.profile.id));
      this.emit({ reason: typeof err.params.reason === 'string' ? err.params.reason : null, wipe: err.params.wipe === 1 || err.params.reason === 'revoked' });
    }
    return new AppError('SESSION_EXPIRED');
  }

  private async retryPending(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    pending.lastTry = Date.now();
    // A short wait: this runs while the app starts and the UI asks who is signed in.
    const probe = this.clientFor(pending.profile.url, () => pending.token, RESTORE_PROBE_TIMEOUT_MS);
    const client = this.clientFor(pending.profile.url, () => pending.token);
    // An offline session resumed from this pending one; the server's answer settles it.
    const resumed = () => (this.active?.offline && this.active.token === pending.token ? this.active : null);
    try {
      const user = await probe.auth.me.query();
      if (this.pending !== pending) return;
      this.pending = null;
      this.active = { profile: pending.profile, token: pending.token, user, client };
      this.emit();
    } catch (e) {
      const err = fromServerError(e, pending.profile.url);
      if (err.code === 'SERVER_UNREACHABLE' || err.code === 'RATE_LIMITED' || err.code === 'INTERNAL') {
        // No server (train, dropped VPN): go on offline as the user last confirmed, if their
        // cache may still serve (within the offline lease).
        if (err.code !== 'SERVER_UNREACHABLE' || this.active || !this.offlineUser) return;
        const user = await this.offlineUser(pending.profile).catch(() => null);
        if (!user || this.pending !== pending || this.active) return;
        this.active = { profile: pending.profile, token: pending.token, user, client, offline: true };
        this.emit();
        return;
      }
      // The server answered and refused the token: it is of no further use.
      if (this.pending === pending) this.pending = null;
      const offline = resumed();
      if (offline) this.active = null;
      await this.opts.secrets.delete(tokenKey(pending.profile.id));
      const wipe = err.params.wipe === 1 || err.params.reason === 'revoked';
      const userId = pending.profile.lastUserId;
      const reason = typeof err.params.reason === 'string' ? err.params.reason : null;
      if (wipe && userId) this.emit({ reason, wipe, restored: { serverUrl: pending.profile.url, userId } });
      else if (offline) this.emit({ reason, wipe: false });
    }
  }

  private clientFor(url: string, token: () => string | null, timeoutMs = this.opts.timeoutMs): ServerClient {
    return createServerClient({ url, token, fetch: this.opts.fetch, timeoutMs });
  }

  private emit(ended?: SessionEnd) {
    for (const l of this.listeners) l(ended);
  }
}

// Waits for `p` to settle, but no longer than `ms`; never throws.
async function settledWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
