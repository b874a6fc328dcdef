import { Button, Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../../../i18n/LanguageSwitch';
import { useLogout } from '../hooks/useSession';
import { AuthShell } from './AuthShell';

// A step the server requires before anything else answers (a new password, two-factor set-up):
// nothing to navigate to, only the step, the language and a way to sign out.
export function ForcedStep({ title, hint, width, children }: { title: string; hint: string; width: number; children: ReactNode }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <AuthShell
      extra={
        <Flex align="center" gap={8}>
          <LanguageMenu />
          <Button type="link" onClick={() => logout.mutate()}>
            {t('header.signOut')}
          </Button>
        </Flex>
      }
    >
      <Card variant="borderless" style={{ width, boxShadow: '0 8px 32px rgba(0,0,0,0.08)' }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        {children}
      </Card>
    </AuthShell>
  );
}
