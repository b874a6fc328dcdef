import { DeleteOutlined, GlobalOutlined, SwapOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { useDeleteCustomers, useReleaseCustomers, useTransferCustomers } from '../hooks/useCustomerMutations';
import { TransferModal } from './TransferModal';

// Actions on the selected rows, each shown only to roles that may do it.
export function BulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const [transferOpen, setTransferOpen] = useState(false);
  const transfer = useTransferCustomers();
  const release = useReleaseCustomers();
  const remove = useDeleteCustomers();
  if (ids.length === 0) return null;

  const confirm = (content: string, run: () => Promise<{ count: number }>, done: (n: number) => string, danger = false) =>
    modal.confirm({
      content,
      okButtonProps: { danger },
      onOk: async () => {
        try {
          const res = await run();
          void message.success(done(res.count));
          onDone();
        } catch (e) {
          void message.error(describeError(t, e));
          onDone();
        }
      },
    });

  return (
    <Flex align="center" gap={8} data-testid="bulk-actions">
      <Typography.Text type="secondary">{t('common.selected', { count: ids.length })}</Typography.Text>
      {can('customers.transfer') && (
        <Button icon={<SwapOutlined />} onClick={() => setTransferOpen(true)}>
          {t('customers.bulkTransfer')}
        </Button>
      )}
      {can('pool.release') && (
        <Button
          icon={<GlobalOutlined />}
          onClick={() =>
            confirm(t('customers.releaseConfirm', { count: ids.length }), () => release.mutateAsync({ ids }), (count) => t('customers.released', { count }))
          }
        >
          {t('customers.bulkRelease')}
        </Button>
      )}
      {can('customers.delete') && (
        <Button
          danger
          icon={<DeleteOutlined />}
          onClick={() =>
            confirm(t('customers.deleteConfirm', { count: ids.length }), () => remove.mutateAsync(ids), (count) => t('customers.deleted', { count }), true)
          }
        >
          {t('customers.bulkDelete')}
        </Button>
      )}
      <TransferModal
        open={transferOpen}
        title={t('customers.transferTitle')}
        targetLabel={t('customers.transferTo')}
        count={ids.length}
        onClose={() => setTransferOpen(false)}
        onSubmit={async (v) => {
          const res = await transfer.mutateAsync({ ids, ...v });
          onDone();
          return res;
        }}
        doneMessage={(count) => t('customers.transferred', { count })}
      />
    </Flex>
  );
}
