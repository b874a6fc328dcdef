import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Result, Skeleton } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { v7 as uuidv7 } from 'uuid';
import type { ContactFields } from '../../../../../shared/domain/contact.schema';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { describeError, fieldMessage } from '../../../lib/errors';
import { api } from '../../../lib/trpc';
import { ContactFormModal } from '../../contacts/components/ContactFormModal';
import { CustomerForm } from '../../customers/components/CustomerForm';
import { changedFields, EMPTY_CUSTOMER, fromDto, toFields } from '../../customers/components/customer-form-values';
import { useCreateCustomer, useUpdateCustomer } from '../../customers/hooks/useCustomerMutations';
import { useCustomer } from '../../customers/hooks/useCustomerQueries';
import { useDiscardRejected, useRejected, useReopenDraft, type ReopenDraft } from '../hooks/useSyncReview';
import { customerDraft } from '../lib/draft-values';

// Once the reopened form is saved, the refused entry has done its job.
function useFinish(draft: ReopenDraft, to: string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const discard = useDiscardRejected();
  return async () => {
    // Saved is what matters; an entry that could not be dropped stays listed to discard by hand.
    await discard.mutateAsync({ mutationId: draft.mutationId }).catch(() => undefined);
    void message.success(t('syncReview.reopenSaved'));
    navigate(to, { replace: true });
  };
}

function CustomerEdit({ draft }: { draft: ReopenDraft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const customer = useCustomer(draft.entityId);
  const update = useUpdateCustomer();
  const finish = useFinish(draft, `/customers/${draft.entityId}`);
  if (customer.isPending) return <Skeleton active />;
  if (customer.isError) return <QueryError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  return (
    <CustomerForm
      existing={c}
      initial={customerDraft(draft.values, fromDto(c))}
      submitText={t('common.save')}
      onCancel={() => navigate('/sync-review')}
      onSubmit={async (values) => {
        const patch = changedFields(fromDto(c), values);
        if (Object.keys(patch).length) await update.mutateAsync({ id: c.id, version: c.version, patch });
        await finish();
      }}
    />
  );
}

function CustomerCreate({ draft }: { draft: ReopenDraft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCustomer();
  const [id] = useState(() => uuidv7());
  const finish = useFinish(draft, `/customers/${id}`);
  return (
    <CustomerForm
      initial={customerDraft(draft.values, EMPTY_CUSTOMER)}
      submitText={t('common.save')}
      onCancel={() => navigate('/sync-review')}
      onSubmit={async (values) => {
        await create.mutateAsync({ ...toFields(values), id });
        await finish();
      }}
    />
  );
}

function ContactReopen({ draft }: { draft: ReopenDraft }) {
  const navigate = useNavigate();
  const customerId = draft.customerId ?? '';
  const contact = useQuery({ queryKey: ['contacts', 'get', draft.entityId], queryFn: () => api.contacts.get.query({ id: draft.entityId }), enabled: draft.mode === 'edit' });
  const finish = useFinish(draft, `/customers/${customerId}`);
  // The modal closes after a save too: only a cancel goes back to the review.
  const saved = useRef(false);
  if (draft.mode === 'edit' && contact.isPending) return <Skeleton active />;
  if (draft.mode === 'edit' && contact.isError) return <QueryError error={contact.error} onRetry={() => void contact.refetch()} />;
  const { customerId: _ignored, ...values } = draft.values;
  return (
    <ContactFormModal
      customerId={customerId}
      contact={draft.mode === 'edit' ? contact.data : undefined}
      draft={values as Partial<ContactFields>}
      onSaved={() => {
        saved.current = true;
        void finish();
      }}
      onClose={() => {
        if (!saved.current) navigate('/sync-review');
      }}
    />
  );
}

// A refused offline create or edit, back in its form with what the user typed and why the
// server said no, to correct and save again.
export function ReopenRejectedPage() {
  const { mutationId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const draft = useReopenDraft(mutationId);
  const entry = useRejected().data?.find((r) => r.mutationId === mutationId);
  if (draft.isPending) return <Skeleton active />;
  if (draft.isError) {
    return (
      <Result
        status="warning"
        title={t('syncReview.cannotReopen')}
        subTitle={describeError(t, draft.error)}
        extra={<Button onClick={() => navigate('/sync-review')}>{t('common.back')}</Button>}
      />
    );
  }
  const d = draft.data;
  return (
    <div style={{ maxWidth: 960, width: '100%', margin: '0 auto' }}>
      <PageHeader title={t('syncReview.reopenTitle')} sub={t('syncReview.reopenHint')} />
      {entry && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="reopen-reason"
          title={describeError(t, { data: entry.error })}
          description={
            entry.error.fieldErrors?.length ? (
              <Flex vertical>
                {entry.error.fieldErrors.map((fe) => (
                  <span key={fe.path}>
                    {t(`fields.${d.entity}.${fe.path.split('.').filter((p) => p !== 'patch')[0]}`, { defaultValue: fe.path })}：{fieldMessage(t, fe)}
                  </span>
                ))}
              </Flex>
            ) : undefined
          }
        />
      )}
      {d.entity === 'customer' && d.mode === 'edit' && <CustomerEdit draft={d} />}
      {d.entity === 'customer' && d.mode === 'create' && <CustomerCreate draft={d} />}
      {d.entity === 'contact' && <ContactReopen draft={d} />}
    </div>
  );
}
