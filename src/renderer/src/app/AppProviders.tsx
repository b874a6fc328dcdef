import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../i18n';
import { useLocale } from '../i18n/useLocale';
import { useReducedMotion } from '../lib/useReducedMotion';
import { createQueryClient } from './query-client';
import { appTheme } from './theme';

function LocalisedAntd({ children }: { children: ReactNode }) {
  const [locale] = useLocale();
  // People who turned animations off in the OS get menus and dialogs that appear at once.
  const reduced = useReducedMotion();
  const theme = useMemo(() => (reduced ? { ...appTheme, token: { ...appTheme.token, motion: false } } : appTheme), [reduced]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <LocalisedAntd>{children}</LocalisedAntd>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
