import { App, Button, Drawer, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { useAdminActions, useUserSessions } from '../hooks/useAdmin';

// A user's live sessions (device, address, since, last seen); any can be ended at once.
export function SessionsDrawer({ user, onClose }: { user: { id: string; displayName: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const sessions = useUserSessions(user?.id ?? null);
  const { revokeSession } = useAdminActions();
  const revoke = async (id: string) => {
    try {
      await revokeSession.mutateAsync(id);
      void message.success(t('admin.sessions.revoked'));
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };
  return (
    <Drawer open={!!user} onClose={onClose} width={720} title={t('admin.sessions.title', { name: user?.displayName ?? '' })}>
      <Table
        rowKey="id"
        size="small"
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        pagination={false}
        data-testid="sessions-table"
        columns={[
          { title: t('admin.sessions.device'), dataIndex: 'device', render: (v: string | null) => v ?? t('common.none') },
          { title: t('admin.sessions.ip'), dataIndex: 'ip' },
          { title: t('admin.sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('admin.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_: unknown, s: { id: string }) => (
              <Button size="small" danger onClick={() => void revoke(s.id)}>
                {t('admin.sessions.revoke')}
              </Button>
            ),
          },
        ]}
      />
    </Drawer>
  );
}
