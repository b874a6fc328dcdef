import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../../../i18n/LanguageSwitch';
import { qk } from '../../../lib/query-keys';
import { AuthShell } from '../components/AuthShell';
import { TwoFactorSetup } from '../components/TwoFactorSetup';
import { useLogout } from '../hooks/useSession';

// A role requires two-factor sign-in and the user has none yet: nothing else answers until it
// is set up (the server refuses with TWO_FACTOR_ENROLLMENT_REQUIRED).
export function ForcedTwoFactorPage() {
  const { t } = useTranslation();
  const logout = useLogout();
  const qc = useQueryClient();
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
      <Card variant="borderless" style={{ width: 560, boxShadow: '0 8px 32px rgba(0,0,0,0.08)' }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('twoFactor.forcedTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('twoFactor.forcedHint')}</Typography.Paragraph>
        <Flex vertical>
          {/* Leaving this screen waits for the recovery codes to have been seen. */}
          <TwoFactorSetup onDone={() => void qc.invalidateQueries({ queryKey: qk.session })} />
        </Flex>
      </Card>
    </AuthShell>
  );
}
