import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionName } from '../../../../../shared/domain/regions';
import { formatDate, formatInstant } from '../../../lib/format';
import { useOrgUsers } from '../../org/hooks/useOrgUsers';

type Entity = 'customer' | 'contact' | 'followUp';

// Which enum (enums.<name>) labels a field's values.
const ENUM_OF: Record<Entity, Record<string, string>> = {
  customer: { kind: 'kind', level: 'level', status: 'status', industry: 'industry', source: 'source' },
  contact: { decisionRole: 'decisionRole' },
  followUp: { type: 'followUpType' },
};
const DATES: Record<Entity, Record<string, 'date' | 'instant'>> = {
  customer: {},
  contact: { birthday: 'date' },
  followUp: { at: 'instant', nextAt: 'date' },
};

function UserNames({ ids }: { ids: string[] }) {
  const users = useOrgUsers();
  const byId = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
  return <>{ids.map((id) => byId.get(id) ?? id).join('、')}</>;
}

// A field value as the user knows it from the forms: enums by their label, dates formatted,
// region codes by name, colleagues by name; nothing as "—".
export function ReviewValue({ entity, field, value }: { entity: Entity; field: string; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  }
  const enumName = ENUM_OF[entity][field];
  if (enumName && typeof value === 'string') return <>{t(`enums.${enumName}.${value}`, { defaultValue: value })}</>;
  const date = DATES[entity][field];
  if (date && typeof value === 'string') return <>{date === 'date' ? formatDate(value) : formatInstant(value)}</>;
  if (typeof value === 'boolean') return <>{value ? t('syncReview.yes') : t('syncReview.no')}</>;
  if (entity === 'customer' && ['province', 'city', 'district'].includes(field) && typeof value === 'string') return <>{regionName(value) ?? value}</>;
  if (entity === 'customer' && field === 'collaboratorIds' && Array.isArray(value)) return <UserNames ids={value.map(String)} />;
  if (Array.isArray(value)) return <>{value.map(String).join('、')}</>;
  if (typeof value === 'object') return <>{JSON.stringify(value)}</>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
}
