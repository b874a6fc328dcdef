import { CalendarOutlined, CommentOutlined, MailOutlined, MessageOutlined, PhoneOutlined, TeamOutlined, CarOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Popconfirm, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpDto, FollowUpType } from '../../../../../shared/domain/followup.schema';
import { QueryError } from '../../../components/QueryError';
import { describeError } from '../../../lib/errors';
import { formatDate, formatInstant } from '../../../lib/format';
import { useCan } from '../../../lib/session-context';
import { ListExportButton } from '../../imports/components/ListExportButton';
import { useDeleteFollowUp, useFollowUps } from '../hooks/useFollowUps';
import { FollowUpForm } from './FollowUpForm';

const ICON: Record<FollowUpType, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <CarOutlined />,
  meeting: <TeamOutlined />,
  email: <MailOutlined />,
  wechat: <MessageOutlined />,
  other: <CommentOutlined />,
};

export function FollowUpTimeline({ customerId, contacts }: { customerId: string; contacts: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const list = useFollowUps(customerId);
  const remove = useDeleteFollowUp();
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const items = [...(list.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at));

  const entry = (f: FollowUpDto) => (
    <Flex vertical gap={4} style={{ paddingBottom: 8 }} data-testid="followup-entry">
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{formatInstant(f.at)}</Typography.Text>
        <Tag>{t(`enums.followUpType.${f.type}`)}</Tag>
        {f.contactName && <Typography.Text type="secondary">{t('followUps.with', { name: f.contactName })}</Typography.Text>}
        {f.createdBy && <Typography.Text type="secondary">· {t('followUps.by', { name: f.createdBy.name })}</Typography.Text>}
        {can('followups.delete') && (
          <Popconfirm
            title={t('followUps.deleteConfirm')}
            onConfirm={() =>
              remove.mutateAsync(f.id).then(
                () => void message.success(t('followUps.deleted')),
                (e: unknown) => void message.error(describeError(t, e)),
              )
            }
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        )}
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{f.content}</Typography.Paragraph>
      {f.nextAt && (
        <Typography.Text type="warning">
          <CalendarOutlined /> {t('followUps.next', { date: formatDate(f.nextAt) })}
        </Typography.Text>
      )}
    </Flex>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="flex-end">
        <ListExportButton size="small" list="followUps" filters={{ customerId }} testId="export-followups" />
      </Flex>
      {can('followups.create') && (
        <Card size="small" title={t('followUps.add')}>
          <FollowUpForm customerId={customerId} contacts={contacts} onSaved={() => void message.success(t('followUps.saved'))} />
        </Card>
      )}
      {list.isPending ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty description={t('followUps.empty')} />
      ) : (
        <Timeline items={items.map((f) => ({ key: f.id, icon: ICON[f.type], color: 'blue', content: entry(f) }))} data-testid="followup-timeline" />
      )}
    </Space>
  );
}
