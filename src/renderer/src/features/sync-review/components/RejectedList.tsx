import { App, Button, Card, Descriptions, Empty, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { describeError, fieldMessage } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { useDiscardRejected, type RejectedEntry } from '../hooks/useSyncReview';
import { canReopen } from '../lib/draft-values';
import { RecordLink } from './RecordLink';
import { ReviewValue } from './ReviewValue';

function RejectedCard({ entry }: { entry: RejectedEntry }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const discard = useDiscardRejected();
  const label = (path: string) => {
    const field = path.split('.').filter((p) => p !== 'patch')[0] ?? path;
    return t(`fields.${entry.entity}.${field}`, { defaultValue: field });
  };
  const values = Object.entries(entry.values ?? {}).filter(([k]) => k !== 'customerId' && k !== 'id');
  return (
    <Card
      size="small"
      data-testid="sync-rejected"
      title={
        <span>
          <Tag color="red">{t(`syncReview.kind.${entry.kind}`)}</Tag>
          <RecordLink record={entry} />
        </span>
      }
      extra={<Typography.Text type="secondary">{formatInstant(entry.at)}</Typography.Text>}
    >
      <Descriptions size="small" column={1} styles={{ label: { width: 160 } }}>
        <Descriptions.Item label={t('syncReview.reason')}>
          <Flex vertical>
            <Typography.Text type="danger" data-testid="rejected-reason">
              {describeError(t, { data: entry.error })}
            </Typography.Text>
            {(entry.error.fieldErrors ?? []).map((fe) => (
              <Typography.Text key={fe.path} type="danger">
                {label(fe.path)}：{fieldMessage(t, fe)}
              </Typography.Text>
            ))}
          </Flex>
        </Descriptions.Item>
        {values.length > 0 && (
          <Descriptions.Item label={t('syncReview.values')}>
            <Flex vertical>
              {values.map(([k, v]) => (
                <span key={k}>
                  <Typography.Text type="secondary">{label(k)}：</Typography.Text>
                  <ReviewValue entity={entry.entity} field={k} value={v} />
                </span>
              ))}
            </Flex>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Flex justify="flex-end" gap={8}>
        <Popconfirm
          title={t('syncReview.discardConfirm')}
          onConfirm={async () => {
            try {
              await discard.mutateAsync({ mutationId: entry.mutationId });
              void message.success(t('syncReview.discarded'));
            } catch (e) {
              void message.error(describeError(t, e));
            }
          }}
        >
          <Button loading={discard.isPending}>{t('syncReview.discard')}</Button>
        </Popconfirm>
        <Button
          type="primary"
          disabled={!canReopen(entry)}
          title={canReopen(entry) ? undefined : t('syncReview.cannotReopen')}
          onClick={() => navigate(`/sync-review/rejected/${entry.mutationId}`)}
        >
          {t('syncReview.reedit')}
        </Button>
      </Flex>
    </Card>
  );
}

export function RejectedList({ rejected }: { rejected: RejectedEntry[] }) {
  const { t } = useTranslation();
  if (!rejected.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('syncReview.allClear')} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('syncReview.rejectedHint')}</Typography.Text>
      {rejected.map((r) => (
        <RejectedCard key={r.mutationId} entry={r} />
      ))}
    </Flex>
  );
}
