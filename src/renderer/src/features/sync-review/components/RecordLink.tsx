import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export interface ReviewRecord {
  entity: 'customer' | 'contact' | 'followUp';
  entityId: string;
  name: string;
  customerId: string | null;
  customerName: string | null;
  exists: boolean;
}

// The record a review entry is about, linking to its customer's page (where contacts and
// follow-ups are shown) while the user can still see it.
export function RecordLink({ record }: { record: ReviewRecord }) {
  const { t } = useTranslation();
  const customer = record.customerName ?? t('syncReview.unnamed');
  const label =
    record.entity === 'customer'
      ? record.name || t('syncReview.unnamed')
      : record.entity === 'contact'
        ? t('syncReview.contactOf', { name: record.name || t('syncReview.unnamed'), customer })
        : t('syncReview.followUpOf', { customer });
  const reachable = record.exists || (record.entity !== 'customer' && record.customerName !== null);
  return (
    <span>
      <Tag>{t(`syncReview.entity.${record.entity}`)}</Tag>
      {reachable && record.customerId ? (
        <Link to={`/customers/${record.customerId}`}>{label}</Link>
      ) : (
        <Tooltip title={t('syncReview.gone')}>
          <Typography.Text delete={!record.exists && record.entity === 'customer'}>{label}</Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}
