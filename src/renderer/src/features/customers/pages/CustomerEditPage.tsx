import { App, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { CustomerForm } from '../components/CustomerForm';
import { changedFields, fromDto } from '../components/customer-form-values';
import { useCustomer } from '../hooks/useCustomerQueries';
import { useUpdateCustomer } from '../hooks/useCustomerMutations';

export function CustomerEditPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const customer = useCustomer(id);
  const update = useUpdateCustomer();
  if (customer.isPending) return <Skeleton active />;
  if (customer.isError) return <QueryError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  return (
    <div style={{ maxWidth: 960, width: '100%', margin: '0 auto' }}>
      <PageHeader title={t('customers.editTitle')} sub={c.name} />
      <CustomerForm
        existing={c}
        submitText={t('common.save')}
        onCancel={() => navigate(`/customers/${c.id}`)}
        onSubmit={async (values) => {
          const patch = changedFields(fromDto(c), values);
          if (Object.keys(patch).length) await update.mutateAsync({ id: c.id, version: c.version, patch });
          void message.success(t('common.saved'));
          navigate(`/customers/${c.id}`, { replace: true });
        }}
      />
    </div>
  );
}
