import { App, Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { useKeepServer, useUseMine, type ConflictEntry } from '../hooks/useSyncReview';
import { RecordLink } from './RecordLink';
import { ReviewValue } from './ReviewValue';

// One card per conflicting edit: each field both sides changed, the user's value beside the
// server's, resolved for the whole edit or field by field.
function ConflictCard({ conflict }: { conflict: ConflictEntry }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const useMine = useUseMine();
  const keepServer = useKeepServer();
  const busy = useMine.isPending || keepServer.isPending;
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };
  const mine = (fields?: string[]) => run(() => useMine.mutateAsync({ mutationId: conflict.mutationId, fields }), t('syncReview.mineQueued'));
  const several = conflict.fields.length > 1;
  return (
    <Card
      size="small"
      data-testid="sync-conflict"
      title={<RecordLink record={conflict} />}
      extra={<Typography.Text type="secondary">{formatInstant(conflict.at)}</Typography.Text>}
    >
      <Table
        size="small"
        pagination={false}
        rowKey="field"
        dataSource={conflict.fields}
        columns={[
          { title: t('syncReview.field'), dataIndex: 'labelKey', width: 160, render: (key: string, f) => t(key, { defaultValue: f.field }) },
          {
            title: t('syncReview.mine'),
            key: 'mine',
            onCell: () => ({ 'data-testid': 'conflict-mine' }) as object,
            render: (_, f) => <ReviewValue entity={conflict.entity} field={f.field} value={f.mine} />,
          },
          {
            title: t('syncReview.theirs'),
            key: 'theirs',
            onCell: () => ({ 'data-testid': 'conflict-theirs' }) as object,
            render: (_, f) => <ReviewValue entity={conflict.entity} field={f.field} value={f.theirs} />,
          },
          ...(several
            ? [
                {
                  key: 'one',
                  width: 120,
                  render: (_: unknown, f: ConflictEntry['fields'][number]) => (
                    <Button size="small" type="link" disabled={busy || !conflict.exists} onClick={() => void mine([f.field])}>
                      {t('syncReview.useMine')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Flex justify="flex-end" gap={8} style={{ marginTop: 12 }}>
        <Button disabled={busy} loading={keepServer.isPending} onClick={() => void run(() => keepServer.mutateAsync({ mutationId: conflict.mutationId }), t('syncReview.keptServer'))}>
          {t('syncReview.keepServer')}
        </Button>
        <Button type="primary" disabled={busy || !conflict.exists} loading={useMine.isPending} onClick={() => void mine()}>
          {t('syncReview.useMine')}
        </Button>
      </Flex>
    </Card>
  );
}

export function ConflictList({ conflicts }: { conflicts: ConflictEntry[] }) {
  const { t } = useTranslation();
  if (!conflicts.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('syncReview.allClear')} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('syncReview.conflictsHint')}</Typography.Text>
      {conflicts.map((c) => (
        <ConflictCard key={c.mutationId} conflict={c} />
      ))}
    </Flex>
  );
}
