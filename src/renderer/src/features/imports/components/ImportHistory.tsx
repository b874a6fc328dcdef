import { App, Button, Card, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { api } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

// The caller's recent imports; an import can be undone while its customers are untouched.
export function ImportHistory() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  const history = useQuery({ queryKey: ['imports', 'history'], queryFn: () => api.imports.history.query() });
  const undo = useMutation({
    mutationFn: (id: string) => api.imports.undo.mutate({ id }),
    onSuccess: (r, id) => {
      const job = history.data?.find((j) => j.id === id);
      void message.success(t(job && job.entity !== 'customers' ? 'importWizard.undoneRows' : 'importWizard.undone', { removed: r.removed, kept: r.kept }));
      void qc.invalidateQueries({ queryKey: ['imports', 'history'] });
      void invalidate('customers');
      void invalidate('contacts');
      void invalidate('followUps');
    },
    onError: (e) => void message.error(describeError(t, e)),
  });
  return (
    <Card title={t('importWizard.history')} size="small">
      <Table
        size="small"
        rowKey="id"
        loading={history.isPending}
        dataSource={history.data ?? []}
        pagination={false}
        columns={[
          { title: t('importWizard.when'), dataIndex: 'startedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: t('importWizard.file'), dataIndex: 'fileName' },
          { title: t('importWizard.entity'), dataIndex: 'entity', render: (e: string) => t(`importWizard.entities.${e}`, { defaultValue: e }) },
          { title: t('importWizard.counts.created'), dataIndex: 'created' },
          { title: t('importWizard.counts.updated'), dataIndex: 'updated' },
          { title: t('importWizard.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`importWizard.statuses.${s}`, { defaultValue: s })}</Tag> },
          {
            title: '',
            render: (_, job) =>
              (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled') && job.created > 0 ? (
                <Button
                  size="small"
                  loading={undo.isPending && undo.variables === job.id}
                  onClick={() => modal.confirm({ title: t('importWizard.undoConfirm'), onOk: () => undo.mutateAsync(job.id) })}
                >
                  {t('importWizard.undo')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
