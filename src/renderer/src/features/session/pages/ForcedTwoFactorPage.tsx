import { useQueryClient } from '@tanstack/react-query';
import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { qk } from '../../../lib/query-keys';
import { ForcedStep } from '../components/ForcedStep';
import { TwoFactorSetup } from '../components/TwoFactorSetup';

// A role requires two-factor sign-in and the user has none yet: nothing else answers until it
// is set up (the server refuses with TWO_FACTOR_ENROLLMENT_REQUIRED).
export function ForcedTwoFactorPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return (
    <ForcedStep title={t('twoFactor.forcedTitle')} hint={t('twoFactor.forcedHint')} width={560}>
      <Flex vertical>
        {/* Leaving this screen waits for the recovery codes to have been seen. */}
        <TwoFactorSetup onDone={() => void qc.invalidateQueries({ queryKey: qk.session })} />
      </Flex>
    </ForcedStep>
  );
}
