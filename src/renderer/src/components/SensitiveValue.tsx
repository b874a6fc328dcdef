import { EyeInvisibleOutlined, EyeOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { describeError } from '../lib/errors';
import { useTranslation } from 'react-i18next';

interface Props {
  field: string;
  value: ReactNode;
  record: { maskedFields: string[]; hiddenFields: string[] };
  // Where the role allows it: asks the server for the clear value (the server audits it).
  reveal?: () => Promise<{ value: string | null }>;
}

// The server masks (138****5678) or withholds sensitive fields per role; say so rather than
// showing an empty or odd-looking value.
export function SensitiveValue({ field, value, record, reveal }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [clear, setClear] = useState<string | null | undefined>(undefined);
  if (clear !== undefined) return <span data-testid={`revealed-${field}`}>{clear ?? t('common.none')}</span>;
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
          {reveal && (
            <Button
              size="small"
              type="link"
              icon={<EyeOutlined />}
              title={t('common.reveal')}
              data-testid={`reveal-${field}`}
              onClick={(e) => {
                e.stopPropagation();
                reveal().then((r) => setClear(r.value), (err: unknown) => void message.error(describeError(t, err)));
              }}
            />
          )}
        </span>
      </Tooltip>
    );
  }
  return <>{value}</>;
}
