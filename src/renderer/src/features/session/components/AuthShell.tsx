import { Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLogo } from '../../../components/AppLogo';

// The frame of the screens shown before one is fully signed in.
export function AuthShell({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      style={{ minHeight: '100vh', background: `linear-gradient(135deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 60%)` }}
    >
      <Flex justify="space-between" align="center" style={{ padding: '16px 24px' }}>
        <Flex align="center" gap={10}>
          <AppLogo size={28} />
          <Typography.Text strong style={{ fontSize: 16 }}>
            {t('app.name')}
          </Typography.Text>
        </Flex>
        {extra}
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: 24 }}>
        {children}
      </Flex>
    </Flex>
  );
}
