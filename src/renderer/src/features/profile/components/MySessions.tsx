import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { api, type LocalOutputs } from '../../../lib/trpc';

type Session = LocalOutputs['auth']['sessions'][number];
const KEY = ['auth', 'sessions'] as const;

// Where the user is signed in; they can end any other session (a lost laptop, a shared PC).
export function MySessions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: KEY, queryFn: () => api.auth.sessions.query() });
  const revoke = useMutation({
    mutationFn: (id: string) => api.auth.revokeSession.mutate({ id }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <Table<Session>
      rowKey="id"
      size="small"
      pagination={false}
      loading={sessions.isPending}
      dataSource={sessions.data ?? []}
      data-testid="my-sessions"
      columns={[
        {
          title: t('admin.sessions.device'),
          dataIndex: 'device',
          render: (v: string | null, s) => (
            <>
              {v ?? t('common.none')} {s.current && <Tag color="green">{t('profile.thisSession')}</Tag>}
            </>
          ),
        },
        { title: t('admin.sessions.ip'), dataIndex: 'ip' },
        { title: t('admin.sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
        { title: t('admin.sessions.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatInstant(v) },
        {
          title: t('common.actions'),
          key: 'a',
          render: (_: unknown, s) =>
            !s.current && (
              <Button
                size="small"
                danger
                onClick={() => revoke.mutateAsync(s.id).then(() => void message.success(t('admin.sessions.revoked')), (e: unknown) => void message.error(describeError(t, e)))}
              >
                {t('admin.sessions.revoke')}
              </Button>
            ),
        },
      ]}
    />
  );
}
