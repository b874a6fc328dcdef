import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../../shared/domain/auth.schema';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { ForcedStep } from '../components/ForcedStep';

export function ForcedPasswordChangePage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  return (
    <ForcedStep title={t('password.forcedTitle')} hint={t('password.forcedHint')} width={460}>
      <ChangePasswordForm username={user.username} />
    </ForcedStep>
  );
}
