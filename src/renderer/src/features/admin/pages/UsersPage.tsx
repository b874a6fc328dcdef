import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Flex, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { SearchBox } from '../../../components/SearchBox';
import { describeError } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import type { LocalOutputs } from '../../../lib/trpc';
import { UserSelect } from '../../org/components/UserSelect';
import { DepartmentSelect } from '../components/DepartmentSelect';
import { SessionsDrawer } from '../components/SessionsDrawer';
import { UserFormModal } from '../components/UserFormModal';
import { useAdminActions, useAdminUsers, useRoles } from '../hooks/useAdmin';

type AdminUser = LocalOutputs['admin']['users']['list'][number];

export function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [search, setSearch] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [enabled, setEnabled] = useState<boolean | undefined>();
  const [editing, setEditing] = useState<AdminUser | null | undefined>(undefined);
  const [sessionsOf, setSessionsOf] = useState<AdminUser | null>(null);
  const [handOverFrom, setHandOverFrom] = useState<AdminUser | null>(null);
  const [handOverTo, setHandOverTo] = useState<string | undefined>();
  const users = useAdminUsers({ search: search.trim() || undefined, departmentId, enabled });
  const roles = useRoles();
  const roleName = new Map((roles.data ?? []).map((r) => [r.id, r.name]));
  const a = useAdminActions();

  const showPassword = (username: string, password: string) =>
    modal.info({
      title: t('admin.users.oneTimePassword', { username }),
      content: (
        <Flex vertical gap={8}>
          <Typography.Text copyable code data-testid="one-time-password">
            {password}
          </Typography.Text>
          <Typography.Text type="secondary">{t('admin.users.oneTimePasswordHint')}</Typography.Text>
        </Flex>
      ),
    });

  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  const onAction = (u: AdminUser, key: string) => {
    switch (key) {
      case 'edit':
        return setEditing(u);
      case 'sessions':
        return setSessionsOf(u);
      case 'handOver':
        setHandOverTo(undefined);
        return setHandOverFrom(u);
      case 'unlock':
        return void run(() => a.unlockUser.mutateAsync(u.id), t('admin.users.unlocked'));
      case 'enable':
        return void run(() => a.enableUser.mutateAsync(u.id), t('admin.users.enabledDone'));
      case 'disable':
        return modal.confirm({
          title: t('admin.users.disableConfirm', { name: u.displayName }),
          content: t('admin.users.disableHint'),
          okButtonProps: { danger: true },
          onOk: () => run(() => a.disableUser.mutateAsync(u.id), t('admin.users.disabledDone')),
        });
      case 'resetTwoFactor':
        return modal.confirm({
          title: t('admin.users.resetTwoFactorConfirm', { name: u.displayName }),
          okButtonProps: { danger: true },
          onOk: () => run(() => a.resetTwoFactor.mutateAsync(u.id), t('admin.users.twoFactorReset')),
        });
      case 'resetPassword':
        return modal.confirm({
          title: t('admin.users.resetConfirm', { name: u.displayName }),
          onOk: async () => {
            try {
              showPassword(u.username, (await a.resetPassword.mutateAsync(u.id)).password);
            } catch (e) {
              void message.error(describeError(t, e));
            }
          },
        });
    }
  };

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader
        title={t('admin.users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="new-user">
            {t('admin.users.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <SearchBox value={search} onSearch={setSearch} placeholder={t('admin.users.searchPlaceholder')} />
        <DepartmentSelect allowClear placeholder={t('admin.users.department')} value={departmentId} onChange={setDepartmentId} style={{ width: 200 }} />
        <Select
          allowClear
          placeholder={t('admin.users.status')}
          style={{ width: 140 }}
          value={enabled === undefined ? undefined : String(enabled)}
          onChange={(v?: string) => setEnabled(v === undefined ? undefined : v === 'true')}
          options={[
            { value: 'true', label: t('admin.users.enabled') },
            { value: 'false', label: t('admin.users.disabled') },
          ]}
        />
      </Flex>
      <Table<AdminUser>
        rowKey="id"
        size="middle"
        loading={users.isFetching}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="users-table"
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username' },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? t('common.none') },
          { title: t('admin.users.manager'), dataIndex: 'managerName', render: (v: string | null) => v ?? t('common.none') },
          { title: t('admin.users.roles'), dataIndex: 'roleIds', render: (ids: string[]) => ids.map((id) => <Tag key={id}>{roleName.get(id) ?? id}</Tag>) },
          {
            title: t('admin.users.status'),
            key: 'status',
            render: (_: unknown, u) => (
              <Space size={4}>
                {u.enabled ? <Tag color="green">{t('admin.users.enabled')}</Tag> : <Tag>{t('admin.users.disabled')}</Tag>}
                {u.locked && <Tag color="red">{t('admin.users.locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('admin.users.mustChange')}</Tag>}
                {u.twoFactorEnabled && <Tag color="blue">{t('admin.users.twoFactor')}</Tag>}
              </Space>
            ),
          },
          { title: t('admin.users.lastLoginAt'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatInstant(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, u) => (
              <Dropdown
                menu={{
                  onClick: ({ key }) => onAction(u, key),
                  items: [
                    { key: 'edit', label: t('common.edit') },
                    { key: 'sessions', label: t('admin.users.sessions') },
                    { key: 'resetPassword', label: t('admin.users.resetPassword') },
                    ...(u.twoFactorEnabled ? [{ key: 'resetTwoFactor', label: t('admin.users.resetTwoFactor') }] : []),
                    ...(u.locked ? [{ key: 'unlock', label: t('admin.users.unlock') }] : []),
                    { key: 'handOver', label: t('admin.users.handOver') },
                    u.enabled ? { key: 'disable', label: t('admin.users.disable'), danger: true } : { key: 'enable', label: t('admin.users.enable') },
                  ],
                }}
              >
                <Button size="small" data-testid={`user-actions-${u.username}`}>
                  {t('common.actions')}
                </Button>
              </Dropdown>
            ),
          },
        ]}
      />
      <UserFormModal user={editing ?? null} open={editing !== undefined} onClose={() => setEditing(undefined)} onCreated={showPassword} />
      <SessionsDrawer user={sessionsOf} onClose={() => setSessionsOf(null)} />
      <Modal
        open={!!handOverFrom}
        title={t('admin.users.handOverTitle', { name: handOverFrom?.displayName ?? '' })}
        okButtonProps={{ disabled: !handOverTo }}
        onCancel={() => setHandOverFrom(null)}
        onOk={async () => {
          try {
            const res = await a.handOver.mutateAsync({ fromUserId: handOverFrom!.id, toUserId: handOverTo! });
            void message.success(t('admin.users.handedOver', { count: res.count }));
            setHandOverFrom(null);
          } catch (e) {
            void message.error(describeError(t, e));
          }
        }}
      >
        <Typography.Paragraph type="secondary">{t('admin.users.handOverHint')}</Typography.Paragraph>
        <UserSelect style={{ width: '100%' }} value={handOverTo} onChange={(v) => setHandOverTo(v as string)} />
      </Modal>
    </Flex>
  );
}
