import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerLevel, CustomerStatus } from '../../../../../shared/domain/customer.schema';

const STATUS_COLOR: Record<CustomerStatus, string> = {
  potential: 'blue',
  active: 'green',
  key: 'gold',
  dormant: 'default',
  lost: 'red',
};

export function CustomerStatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} variant="filled">
      {t(`enums.status.${status}`)}
    </Tag>
  );
}

const LEVEL_COLOR: Record<CustomerLevel, string> = { A: 'volcano', B: 'orange', C: 'cyan', D: 'default' };

// Level letters are short on purpose in tables; the full name is in the tooltip-free title.
export function CustomerLevelTag({ level }: { level: CustomerLevel | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tag color={LEVEL_COLOR[level]} title={t(`enums.level.${level}`)} variant="outlined">
      {level}
    </Tag>
  );
}
