import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkRead, useNotifications } from '../hooks/useNotifications';
import { NotificationText } from './NotificationText';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const items = list.data?.items ?? [];
  const unread = list.data?.unread ?? items.filter((n) => !n.readAt).length;

  const openNotification = (n: (typeof items)[number]) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.entity === 'customer' && n.entityId) {
      setOpen(false);
      navigate(`/customers/${n.entityId}`);
    }
  };

  const content = (
    <Flex vertical style={{ width: 360 }}>
      <Flex justify="space-between" align="center" style={{ paddingBottom: 8 }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button size="small" type="link" disabled={!unread} onClick={() => markRead.mutate('all')}>
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <Flex vertical style={{ maxHeight: 400, overflow: 'auto' }} data-testid="notification-list">
          {items.map((n) => (
            <Flex
              key={n.id}
              gap={10}
              role="button"
              tabIndex={0}
              className="crm-notification"
              style={{ padding: '10px 4px', cursor: 'pointer', borderTop: '1px solid rgba(5,5,5,0.06)' }}
              onClick={() => openNotification(n)}
              onKeyDown={(e) => e.key === 'Enter' && openNotification(n)}
            >
              <Badge status={n.readAt ? 'default' : 'processing'} style={{ paddingTop: 2 }} />
              <Flex vertical gap={2} style={{ minWidth: 0 }}>
                <Typography.Text strong={!n.readAt} type={n.readAt ? 'secondary' : undefined}>
                  <NotificationText kind={n.kind} params={n.params} />
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(n.createdAt).fromNow()}
                </Typography.Text>
              </Flex>
            </Flex>
          ))}
        </Flex>
      )}
    </Flex>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button type="text" aria-label={t('notifications.title')} data-testid="notifications">
        <Badge count={unread} size="small" offset={[2, -2]}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
