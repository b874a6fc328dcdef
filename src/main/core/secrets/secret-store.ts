import fs from 'node:fs';
import path from 'node:path';

// Where the core keeps the session token between runs. The desktop app injects one backed
// by the OS keychain (Electron safeStorage); tests and the dev launcher use these.
export interface SecretStore {
  get(key: string): Promise<string | null>;
  // Answers whether the secret survives a restart (false: kept in memory only).
  set(key: string, value: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
    return false;
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

// Turns a secret into what goes on disk and back; the Electron shell passes safeStorage.
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
}

const plainCodec: SecretCodec = { encode: (s) => s, decode: (s) => s };

// A JSON file readable by the owner only (0600 in a 0700 folder). With the default codec the
// values are plain text: that is for tests and the dev launcher; the desktop app encrypts.
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = plainCodec,
  ) {}

  async get(key: string) {
    const stored = this.read()[key];
    if (stored === undefined) return null;
    try {
      return this.codec.decode(stored);
    } catch {
      // Encrypted under another OS account or a reset keychain: as good as absent.
      return null;
    }
  }

  async set(key: string, value: string) {
    this.write({ ...this.read(), [key]: this.codec.encode(value) });
    return true;
  }

  async delete(key: string) {
    const all = this.read();
    if (!(key in all)) return;
    delete all[key];
    this.write(all);
  }

  private read(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }

  private write(values: Record<string, string>) {
    writeFileAtomic(this.file, JSON.stringify(values), 0o600);
  }
}

// Write-then-rename so a crash mid-write never leaves half a file behind.
export function writeFileAtomic(file: string, content: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}
