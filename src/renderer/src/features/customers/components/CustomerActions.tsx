import { DeleteOutlined, EditOutlined, GlobalOutlined, MoreOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { useClaim } from '../../pool/hooks/usePool';
import { useDeleteCustomers, useReleaseCustomers, useTransferCustomers } from '../hooks/useCustomerMutations';
import { TransferModal } from './TransferModal';

export function CustomerActions({ c }: { c: CustomerDto }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [transferOpen, setTransferOpen] = useState(false);
  const transfer = useTransferCustomers();
  const release = useReleaseCustomers();
  const remove = useDeleteCustomers();
  const claim = useClaim();
  const owned = c.owner !== null;

  const more = [
    ...(can('customers.transfer') ? [{ key: 'transfer', icon: <SwapOutlined />, label: t('customers.bulkTransfer') }] : []),
    ...(can('pool.release') && owned ? [{ key: 'release', icon: <GlobalOutlined />, label: t('customers.bulkRelease') }] : []),
    ...(can('customers.delete') ? [{ key: 'delete', icon: <DeleteOutlined />, label: t('common.delete'), danger: true }] : []),
  ];

  const onMore = (key: string) => {
    if (key === 'transfer') setTransferOpen(true);
    if (key === 'release') {
      modal.confirm({
        content: t('customers.releaseConfirm', { count: 1 }),
        onOk: () =>
          release.mutateAsync({ ids: [c.id] }).then(
            () => void message.success(t('customers.released', { count: 1 })),
            (e: unknown) => void message.error(describeError(t, e)),
          ),
      });
    }
    if (key === 'delete') {
      modal.confirm({
        content: t('customers.deleteOneConfirm', { name: c.name }),
        okButtonProps: { danger: true },
        onOk: () =>
          remove.mutateAsync([c.id]).then(
            () => {
              void message.success(t('customers.deleted', { count: 1 }));
              navigate('/customers');
            },
            (e: unknown) => void message.error(describeError(t, e)),
          ),
      });
    }
  };

  return (
    <>
      {!owned && can('pool.claim') && (
        <Button
          type="primary"
          icon={<UserAddOutlined />}
          loading={claim.isPending}
          onClick={() =>
            claim.mutateAsync([c.id]).then(
              () => void message.success(t('pool.claimed', { count: 1 })),
              (e: unknown) => void message.error(describeError(t, e)),
            )
          }
        >
          {t('pool.claim')}
        </Button>
      )}
      {can('customers.edit') && (
        <Button icon={<EditOutlined />} onClick={() => navigate(`/customers/${c.id}/edit`)}>
          {t('common.edit')}
        </Button>
      )}
      {more.length > 0 && (
        <Dropdown menu={{ items: more, onClick: ({ key }) => onMore(key) }}>
          <Button icon={<MoreOutlined />} aria-label={t('common.actions')} />
        </Dropdown>
      )}
      <TransferModal
        open={transferOpen}
        title={t('customers.transferTitle')}
        targetLabel={t('customers.transferTo')}
        count={1}
        onClose={() => setTransferOpen(false)}
        onSubmit={(v) => transfer.mutateAsync({ ids: [c.id], ...v })}
        doneMessage={(count) => t('customers.transferred', { count })}
      />
    </>
  );
}
