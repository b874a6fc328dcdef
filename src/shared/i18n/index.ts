import { en } from './en';
import { zhCN } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const shared = { 'zh-CN': zhCN, en } as const;

// zh, zh-CN, zh-Hans-CN, zh-TW all map to Chinese; everything else to English.
export function pickLocale(osLocale: string | undefined | null): Locale {
  return osLocale && osLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
export type { Messages } from './zh-CN';
