import { EyeInvisibleOutlined, LockOutlined } from '@ant-design/icons';
import { Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  field: string;
  value: ReactNode;
  record: { maskedFields: string[]; hiddenFields: string[] };
}

// The server masks (138****5678) or withholds sensitive fields per role; say so rather than
// showing an empty or odd-looking value.
export function SensitiveValue({ field, value, record }: Props) {
  const { t } = useTranslation();
  if (record.hiddenFields.includes(field)) {
    return (
      <Tooltip title={t('common.hidden')}>
        <Typography.Text type="secondary" data-testid={`hidden-${field}`}>
          {t('common.none')} <LockOutlined style={{ fontSize: 11 }} />
        </Typography.Text>
      </Tooltip>
    );
  }
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  if (record.maskedFields.includes(field)) {
    return (
      <Tooltip title={t('common.masked')}>
        <span>
          {value} <EyeInvisibleOutlined style={{ fontSize: 11, color: 'rgba(0,0,0,0.35)' }} />
        </span>
      </Tooltip>
    );
  }
  return <>{value}</>;
}
