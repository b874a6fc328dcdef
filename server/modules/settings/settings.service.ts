import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { SettingEntity } from './setting.entity';

// Server-wide settings with their defaults; admin screens (a later issue) edit them.
// The table also holds internal rows that are not settings (keys starting "lock.", see
// db/locking.ts); parsing drops unknown keys, and a settings screen should list the schema's
// keys, never the raw table.
export const settingsSchema = z.object({
  'pool.claimLimit': z.number().int().min(1).max(100000).default(200),
  'pool.returnAfterDays': z.number().int().min(0).max(3650).default(30),
  'auth.passwordMinLength': z.number().int().min(8).max(64).default(8),
  'auth.maxFailedLogins': z.number().int().min(3).max(100).default(10),
  'auth.lockMinutes': z.number().int().min(1).max(1440).default(15),
  'auth.maxFailedLoginsPerAddress': z.number().int().min(5).max(1000).default(50),
  'auth.sessionIdleMinutes': z.number().int().min(5).max(60 * 24 * 30).default(60 * 12),
  'auth.sessionAbsoluteHours': z.number().int().min(1).max(24 * 90).default(24 * 14),
  // Audit entries older than this many days are purged daily (0: keep for ever). At least 180
  // days when set: Chinese law (网络安全法 art. 21) asks for six months of logs.
  'audit.retentionDays': z
    .number()
    .int()
    .min(0)
    .max(36500)
    .refine((d) => d === 0 || d >= 180, { message: 'validation.invalid' })
    .default(0),
  // The offline lease of client caches: with no successful contact with the server for this
  // many days the cache refuses reads until the user signs in online again (edits still queued
  // are kept); after sync.offlineWipeDays the client deletes the cache and its key at start
  // (edits still queued are lost). Sent to clients with every sync pull.
  'sync.offlineLockDays': z.number().int().min(1).max(3650).default(7),
  'sync.offlineWipeDays': z.number().int().min(1).max(3650).default(30),
});
export type Settings = z.output<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export class SettingsService {
  constructor(private readonly db: DataSource) {}

  async all(): Promise<Settings> {
    const rows = await this.db.getRepository(SettingEntity).find();
    const raw = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    const parsed = settingsSchema.safeParse(raw);
    // A bad stored value falls back to the defaults rather than stopping the server.
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
    return (await this.all())[key];
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    settingsSchema.shape[key].parse(value);
    await this.db.getRepository(SettingEntity).save({ key, value, updatedAt: new Date().toISOString() });
  }
}
