import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { pickLocale, shared, type Locale, LOCALES } from '../../../shared/i18n';
import { uiEn } from './en';
import { uiZhCN } from './zh-CN';

dayjs.extend(relativeTime);

const STORAGE_KEY = 'crm.locale';

// The user's own choice wins; otherwise follow the OS / browser language.
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  return pickLocale(navigator.language);
}

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

function applySideEffects(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
}

export const i18n = i18next.createInstance();

const start = initialLocale();
void i18n.use(initReactI18next).init({
  lng: start,
  fallbackLng: 'zh-CN',
  resources: {
    'zh-CN': { translation: { ...shared['zh-CN'], ...uiZhCN } },
    en: { translation: { ...shared.en, ...uiEn } },
  },
  interpolation: { escapeValue: false },
  initAsync: false,
});
applySideEffects(start);

export function currentLocale(): Locale {
  return (LOCALES as readonly string[]).includes(i18n.language) ? (i18n.language as Locale) : 'zh-CN';
}

export async function setLocale(locale: Locale): Promise<void> {
  localStorage.setItem(STORAGE_KEY, locale);
  applySideEffects(locale);
  await i18n.changeLanguage(locale);
}
