import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { regionLabel } from '../../../../../shared/domain/regions';
import { SensitiveValue } from '../../../components/SensitiveValue';
import { formatDate, formatInstant } from '../../../lib/format';
import { CustomerLevelTag, CustomerStatusTag } from './CustomerStatusTag';

export const CUSTOMER_COLUMN_KEYS = [
  'name',
  'status',
  'level',
  'industry',
  'region',
  'owner',
  'phone',
  'tags',
  'source',
  'creditCode',
  'lastFollowUpAt',
  'nextFollowUpAt',
  'createdAt',
  'updatedAt',
  'poolSince',
  'deletedAt',
] as const;
export type CustomerColumnKey = (typeof CUSTOMER_COLUMN_KEYS)[number];

// Columns that sort on the server; the key is the sort field of customerListInput.
const SORTABLE = new Set<string>(['name', 'status', 'level', 'lastFollowUpAt', 'nextFollowUpAt', 'createdAt', 'updatedAt']);

const none = <Typography.Text type="secondary">—</Typography.Text>;

function column(t: TFunction, key: CustomerColumnKey): ColumnType<CustomerDto> {
  const base: ColumnType<CustomerDto> = {
    key,
    dataIndex: key,
    title: key === 'deletedAt' ? t('recycleBin.deletedAt') : key === 'poolSince' ? t('customers.poolSince') : t(`fields.customer.${key}`),
    sorter: SORTABLE.has(key),
    ellipsis: true,
    width: 130,
  };
  switch (key) {
    case 'name':
      return {
        ...base,
        width: 260,
        fixed: 'left',
        render: (_v, c) => (
          <Typography.Link strong ellipsis>
            {c.name}
          </Typography.Link>
        ),
      };
    case 'status':
      return { ...base, width: 110, render: (_v, c) => <CustomerStatusTag status={c.status} /> };
    case 'level':
      return { ...base, width: 110, render: (_v, c) => <CustomerLevelTag level={c.level} /> };
    case 'industry':
      return { ...base, render: (_v, c) => (c.industry ? t(`enums.industry.${c.industry}`) : none) };
    case 'source':
      return { ...base, render: (_v, c) => (c.source ? t(`enums.source.${c.source}`) : none) };
    case 'region':
      return { ...base, width: 170, render: (_v, c) => regionLabel(c.province, c.city, c.district) || none };
    case 'owner':
      return { ...base, width: 100, render: (_v, c) => c.owner?.name ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text> };
    case 'phone':
      return { ...base, width: 150, render: (_v, c) => <SensitiveValue field="phone" value={c.phone} record={c} /> };
    case 'creditCode':
      return { ...base, width: 200, render: (_v, c) => c.creditCode ?? none };
    case 'tags':
      return {
        ...base,
        width: 200,
        render: (_v, c) =>
          c.tags.length ? (
            <Tooltip title={c.tags.join('、')}>
              <Flex gap={4} style={{ overflow: 'hidden' }}>
                {c.tags.map((tag) => (
                  <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                    {tag}
                  </Tag>
                ))}
              </Flex>
            </Tooltip>
          ) : (
            none
          ),
      };
    case 'nextFollowUpAt':
      return { ...base, render: (_v, c) => formatDate(c.nextFollowUpAt) || none };
    default:
      return { ...base, width: 150, render: (_v, c) => formatInstant(c[key]) || none };
  }
}

export function customerColumns(t: TFunction, keys: readonly CustomerColumnKey[]): ColumnType<CustomerDto>[] {
  return keys.map((k) => column(t, k));
}
