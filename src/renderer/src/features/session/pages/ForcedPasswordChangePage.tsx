import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../../shared/domain/auth.schema';
import { LanguageMenu } from '../../../i18n/LanguageSwitch';
import { AuthShell } from '../components/AuthShell';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { useLogout } from '../hooks/useSession';

export function ForcedPasswordChangePage({ user }: { user: SessionUser }) {
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
      <Card variant="borderless" style={{ width: 460, boxShadow: '0 8px 32px rgba(0,0,0,0.08)' }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('password.forcedTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('password.forcedHint')}</Typography.Paragraph>
        <ChangePasswordForm username={user.username} />
      </Card>
    </AuthShell>
  );
}
