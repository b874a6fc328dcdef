import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { v7 as uuidv7 } from 'uuid';
import { PageHeader } from '../../../components/PageHeader';
import { CustomerForm } from '../components/CustomerForm';
import { toFields } from '../components/customer-form-values';
import { useCreateCustomer } from '../hooks/useCustomerMutations';

export function CustomerCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateCustomer();
  // One id per form: pressing Save again after a lost answer cannot create a second customer.
  const [id] = useState(() => uuidv7());
  return (
    <div style={{ maxWidth: 960, width: '100%', margin: '0 auto' }}>
      <PageHeader title={t('customers.new')} />
      <CustomerForm
        submitText={t('common.save')}
        onCancel={() => navigate(-1)}
        onSubmit={async (values) => {
          const created = await create.mutateAsync({ ...toFields(values), id });
          void message.success(t('customers.created'));
          navigate(`/customers/${created.id}`, { replace: true });
        }}
      />
    </div>
  );
}
