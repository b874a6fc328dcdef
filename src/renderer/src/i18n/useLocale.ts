import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/i18n';
import { currentLocale, setLocale } from '.';

export function useLocale(): [Locale, (l: Locale) => void] {
  // Subscribing through useTranslation re-renders the caller when the language changes.
  useTranslation();
  return [currentLocale(), (l) => void setLocale(l)];
}
