import path from 'node:path';
import { safeStorage } from 'electron';
import { FileSecretStore, MemorySecretStore, type SecretStore } from '../core';

// The session token on disk, encrypted with the OS keychain (DPAPI, Keychain, libsecret or
// KWallet). When Linux has no keyring, Electron falls back to a hard-coded key
// ("basic_text"): that is not protection, so the token then lives in memory only and the
// user signs in again after a restart. Call after app 'ready'.
export function createShellSecretStore(dataDir: string): { store: SecretStore; persistent: boolean } {
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weak) {
    console.warn('[secrets] no OS keyring available: the session will not be remembered across restarts');
    return { store: new MemorySecretStore(), persistent: false };
  }
  const store = new FileSecretStore(path.join(dataDir, 'secrets.json'), {
    encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  });
  return { store, persistent: true };
}
