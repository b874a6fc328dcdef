import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../shared/permissions/catalog';
import { useCan } from '../lib/session-context';

export function RequirePermission({ needs, children }: { needs: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  return can(needs) ? <>{children}</> : <Result status="403" title={t('errors.FORBIDDEN')} />;
}
