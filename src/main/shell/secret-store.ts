import path from 'node:path';
import { safeStorage } from 'electron';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../core';

// How well the offline cache's key is kept: by the OS keychain (DPAPI on Windows, Keychain on
// macOS, libsecret or KWallet on Linux), or 'weak' when Linux has no keyring and Electron's
// safeStorage falls back to a hard-coded key ("basic_text"), which protects nothing.
export type KeyProtection = 'os-keychain' | 'weak';

// The session token and the cache keys on disk, encrypted with the OS keychain. Without a
// real keyring the token lives in memory only (the user signs in again after a restart), but
// the cache keys still go to a file: keeping them in memory would rebuild the cache at every
// start and lose the edits it holds for the server. The cache is then about as readable as an
// unencrypted one to anyone with the user's files; the log says so. Call after app 'ready'.
export function createShellSecretStore(dataDir: string): { store: SecretStore; cacheKeys: SecretStore; persistent: boolean; protection: KeyProtection } {
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weak) {
    console.warn('[secrets] no OS keyring available: the session will not be remembered across restarts');
    console.warn('[secrets] the offline cache key is stored without keyring protection: the cache is readable by anyone with access to this account\'s files');
    return { store: new MemorySecretStore(), cacheKeys: new FileSecretStore(path.join(dataDir, 'cache-keys.json')), persistent: false, protection: 'weak' };
  }
  const codec = {
    encode: (plain: string) => safeStorage.encryptString(plain).toString('base64'),
    decode: (stored: string) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
  const store = new FileSecretStore(path.join(dataDir, 'secrets.json'), codec);
  const cacheKeys = new FileSecretStore(path.join(dataDir, 'cache-keys.json'), codec);
  return { store, cacheKeys, persistent: true, protection: 'os-keychain' };
}
