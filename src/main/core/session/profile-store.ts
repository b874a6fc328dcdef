import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { writeFileAtomic } from '../secrets/secret-store';

// The servers this client has signed in to, kept in the data folder so the sign-in form can
// offer them and the last one used comes back after a restart. No secrets in here.
const profileSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  lastUsername: z.string().nullable(),
  // Who signed in last: after a restart, the server refusing that session (user disabled,
  // session revoked) must still find and wipe their offline cache. Absent in older files.
  lastUserId: z.string().nullable().optional(),
  lastUsedAt: z.string(),
});
export type ServerProfile = z.infer<typeof profileSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  lastProfileId: z.string().nullable(),
  profiles: z.array(profileSchema),
});
type ProfilesFile = z.infer<typeof fileSchema>;

export class ProfileStore {
  private data: ProfilesFile;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'profiles.json');
    this.data = this.load();
  }

  list(): ServerProfile[] {
    return [...this.data.profiles].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
  }

  get(id: string): ServerProfile | null {
    return this.data.profiles.find((p) => p.id === id) ?? null;
  }

  last(): ServerProfile | null {
    return this.data.lastProfileId ? this.get(this.data.lastProfileId) : null;
  }

  // Records a successful sign-in: the profile for `url` (created on first use) becomes the last used.
  touch(url: string, username: string, userId?: string): ServerProfile {
    const now = new Date().toISOString();
    let profile = this.data.profiles.find((p) => p.url === url);
    if (profile) {
      profile.lastUsername = username;
      profile.lastUserId = userId ?? null;
      profile.lastUsedAt = now;
    } else {
      profile = { id: uuidv7(), name: new URL(url).host, url, lastUsername: username, lastUserId: userId ?? null, lastUsedAt: now };
      this.data.profiles.push(profile);
    }
    this.data.lastProfileId = profile.id;
    this.save();
    return profile;
  }

  remove(id: string): void {
    this.data.profiles = this.data.profiles.filter((p) => p.id !== id);
    if (this.data.lastProfileId === id) this.data.lastProfileId = null;
    this.save();
  }

  private load(): ProfilesFile {
    const empty: ProfilesFile = { version: 1, lastProfileId: null, profiles: [] };
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch {
      return empty;
    }
    try {
      return fileSchema.parse(JSON.parse(raw));
    } catch {
      // Keep the unreadable file for inspection rather than silently losing it on next save.
      fs.renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
      return empty;
    }
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify(this.data, null, 2), 0o600);
  }
}
