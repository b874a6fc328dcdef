import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../../lib/session-context';
import { ContactsTab } from '../../contacts/components/ContactsTab';
import { useContacts } from '../../contacts/hooks/useContacts';
import { FollowUpTimeline } from '../../followups/components/FollowUpTimeline';
import { CustomerActions } from '../components/CustomerActions';
import { CustomerProfile } from '../components/CustomerProfile';
import { CustomerSummary } from '../components/CustomerSummary';
import { OwnerHistoryTab } from '../components/OwnerHistoryTab';
import { useCustomer } from '../hooks/useCustomerQueries';

const TABS = ['profile', 'contacts', 'followUps', 'ownerHistory'] as const;

export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const customer = useCustomer(id);
  const contacts = useContacts(id, can('contacts.view'));
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'profile';

  if (customer.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (customer.isError) return <QueryError error={customer.error} onRetry={() => void customer.refetch()} notFound={t('customers.notFound')} />;
  const c = customer.data;
  const contactOptions = (contacts.data?.items ?? []).map((x) => ({ id: x.id, name: x.name }));

  return (
    <div style={{ maxWidth: 1200, width: '100%', margin: '0 auto' }}>
      <Flex justify="space-between" align="center" gap={12} style={{ marginBottom: 12 }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
          <Typography.Title level={4} style={{ margin: 0 }} ellipsis data-testid="customer-title">
            {c.name}
          </Typography.Title>
        </Flex>
        <Flex gap={8}>
          <CustomerActions c={c} />
        </Flex>
      </Flex>
      <CustomerSummary c={c} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={[
            { key: 'profile', label: t('customers.tabs.profile'), children: <CustomerProfile c={c} /> },
            ...(can('contacts.view')
              ? [{ key: 'contacts', label: `${t('customers.tabs.contacts')} ${contacts.data ? `(${contacts.data.total})` : ''}`, children: <ContactsTab customerId={c.id} /> }]
              : []),
            ...(can('followups.view')
              ? [{ key: 'followUps', label: t('customers.tabs.followUps'), children: <FollowUpTimeline customerId={c.id} contacts={contactOptions} /> }]
              : []),
            { key: 'ownerHistory', label: t('customers.tabs.ownerHistory'), children: <OwnerHistoryTab customerId={c.id} /> },
          ]}
        />
      </Card>
    </div>
  );
}
