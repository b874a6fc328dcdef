import { Button, Flex, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { ForcedPasswordChangePage } from '../features/session/pages/ForcedPasswordChangePage';
import { ForcedTwoFactorPage } from '../features/session/pages/ForcedTwoFactorPage';
import { LoginPage } from '../features/session/pages/LoginPage';
import { useSessionState } from '../features/session/hooks/useSession';
import { describeError } from '../lib/errors';
import { SessionContext } from '../lib/session-context';

// Decides between sign-in, the forced password change and the app. It sits inside the router
// so that the page someone was on is still the page after they sign in again.
export function SessionGate() {
  const { t } = useTranslation();
  const state = useSessionState();
  if (state.isPending) {
    return (
      <Flex style={{ height: '100vh' }} align="center" justify="center">
        <Spin size="large" />
      </Flex>
    );
  }
  if (state.isError) {
    return (
      <Result
        status="error"
        title={t('errorPage.title')}
        subTitle={describeError(t, state.error)}
        extra={<Button onClick={() => void state.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const s = state.data;
  if (!s.user) {
    return <LoginPage profiles={s.profiles} lastServer={s.serverUrl} endedBecause={s.endedBecause} />;
  }
  if (s.user.mustChangePassword) return <ForcedPasswordChangePage user={s.user} />;
  if (s.user.mustEnrollTwoFactor) return <ForcedTwoFactorPage />;
  return (
    <SessionContext.Provider value={s.user}>
      <Outlet />
    </SessionContext.Provider>
  );
}
