import { Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { regionLabel } from '../../../../../shared/domain/regions';
import { SensitiveValue } from '../../../components/SensitiveValue';
import { formatInstant } from '../../../lib/format';
import { useCan } from '../../../lib/session-context';
import { api } from '../../../lib/trpc';
import { CustomerLevelTag, CustomerStatusTag } from './CustomerStatusTag';

export function CustomerProfile({ c }: { c: CustomerDto }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const label = (k: string) => t(`fields.customer.${k}`);
  const can = useCan();
  const reveal = (field: 'phone' | 'address') => (can('customers.reveal') ? () => api.customers.reveal.mutate({ id: c.id, field }) : undefined);
  const website = c.website ? (/^https?:\/\//i.test(c.website) ? c.website : `http://${c.website}`) : null;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      styles={{ label: { width: 150 } }}
      data-testid="customer-profile"
      items={[
        { key: 'kind', label: label('kind'), children: t(`enums.kind.${c.kind}`) },
        { key: 'creditCode', label: label('creditCode'), children: c.creditCode ?? none },
        { key: 'status', label: label('status'), children: <CustomerStatusTag status={c.status} /> },
        { key: 'level', label: label('level'), children: c.level ? <Flex gap={6}><CustomerLevelTag level={c.level} />{t(`enums.level.${c.level}`)}</Flex> : none },
        { key: 'industry', label: label('industry'), children: c.industry ? t(`enums.industry.${c.industry}`) : none },
        { key: 'source', label: label('source'), children: c.source ? t(`enums.source.${c.source}`) : none },
        { key: 'region', label: label('region'), children: regionLabel(c.province, c.city, c.district) || none },
        { key: 'address', label: label('address'), children: <SensitiveValue field="address" value={c.address} record={c} reveal={reveal('address')} /> },
        { key: 'phone', label: label('phone'), children: <SensitiveValue field="phone" value={c.phone} record={c} reveal={reveal('phone')} /> },
        {
          key: 'website',
          label: label('website'),
          children: website ? (
            <Typography.Link href={website} target="_blank" rel="noreferrer">
              {c.website}
            </Typography.Link>
          ) : (
            none
          ),
        },
        { key: 'owner', label: label('owner'), children: c.owner?.name ?? <Tag>{t('customers.inPool')}</Tag> },
        {
          key: 'collaborators',
          label: label('collaboratorIds'),
          children: c.collaborators.length ? c.collaborators.map((u) => <Tag key={u.id}>{u.name}</Tag>) : none,
        },
        { key: 'parent', label: label('parentId'), children: c.parent ? <Link to={`/customers/${c.parent.id}`}>{c.parent.name}</Link> : none },
        { key: 'tags', label: label('tags'), children: c.tags.length ? c.tags.map((x) => <Tag key={x}>{x}</Tag>) : none },
        { key: 'createdBy', label: label('createdBy'), children: c.createdBy?.name ?? none },
        { key: 'createdAt', label: label('createdAt'), children: formatInstant(c.createdAt) },
        { key: 'updatedAt', label: label('updatedAt'), children: formatInstant(c.updatedAt) },
        ...(c.poolSince ? [{ key: 'poolSince', label: t('customers.poolSince'), children: formatInstant(c.poolSince) }] : []),
        { key: 'remarks', label: label('remarks'), span: 'filled' as const, children: c.remarks ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.remarks}</Typography.Paragraph> : none },
      ]}
    />
  );
}
