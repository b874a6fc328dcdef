import { useTranslation } from 'react-i18next';

// Notifications arrive as a kind ("customersTransferred") and params ({count, names, by});
// the wording is the client's, in the user's language.
export function NotificationText({ kind, params }: { kind: string; params: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const sep = i18n.language === 'zh-CN' ? '、' : ', ';
  const names = Array.isArray(params.names) ? (params.names as unknown[]).map(String) : [];
  const count = typeof params.count === 'number' ? params.count : names.length;
  const shown = names.join(sep) + (count > names.length ? ` …` : '');
  const key = `notifications.kinds.${kind.replace(/\./g, '_')}`;
  return <>{t(key, { ...params, names: shown, count, by: params.by ?? '', defaultValue: t('notifications.kinds.unknown') })}</>;
}
