import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, List, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import { RoleEditor } from '../components/RoleEditor';
import { useAdminActions, useRoles } from '../hooks/useAdmin';

export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useRoles();
  const { copyRole } = useAdminActions();
  // null: a new role being drafted.
  const [selected, setSelected] = useState<string | null | undefined>(undefined);
  const role = selected ? (roles.data ?? []).find((r) => r.id === selected) ?? null : null;

  const copy = async (id: string, name: string) => {
    try {
      const created = await copyRole.mutateAsync({ id, name: t('admin.roles.copyName', { name }) });
      setSelected(created.id);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader
        title={t('admin.roles.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSelected(null)} data-testid="new-role">
            {t('admin.roles.create')}
          </Button>
        }
      />
      <Flex gap={16} align="flex-start" style={{ minHeight: 0 }}>
        <Card style={{ width: 280, flex: 'none' }} styles={{ body: { padding: 0 } }}>
          <List
            loading={roles.isPending}
            dataSource={roles.data ?? []}
            renderItem={(r) => (
              <List.Item
                onClick={() => setSelected(r.id)}
                style={{ cursor: 'pointer', paddingInline: 16, background: r.id === selected ? 'rgba(22,119,255,0.08)' : undefined }}
                actions={[<Button key="copy" size="small" type="text" icon={<CopyOutlined />} title={t('admin.roles.copy')} onClick={(e) => { e.stopPropagation(); void copy(r.id, r.name); }} />]}
                data-testid={`role-${r.name}`}
              >
                <Flex vertical>
                  <span>{r.name}</span>
                  <span>
                    {r.builtIn && <Tag>{t('admin.roles.builtIn')}</Tag>}
                    <Tag>{t('admin.roles.userCount', { count: r.userCount })}</Tag>
                  </span>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
        <Card style={{ flex: 1, minWidth: 0, overflow: 'auto' }}>
          {selected === undefined ? (
            <span>{t('admin.roles.pick')}</span>
          ) : (
            <RoleEditor key={selected ?? 'new'} role={role} onSaved={(id) => setSelected(id)} />
          )}
        </Card>
      </Flex>
    </Flex>
  );
}
