import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Tooltip } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactDto } from '../../../../../shared/domain/contact.schema';
import { QueryError } from '../../../components/QueryError';
import { SensitiveValue } from '../../../components/SensitiveValue';
import { api } from '../../../lib/trpc';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { ListExportButton } from '../../imports/components/ListExportButton';
import { useContacts, useDeleteContact } from '../hooks/useContacts';
import { ContactFormModal } from './ContactFormModal';

export function ContactsTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const contacts = useContacts(customerId);
  const remove = useDeleteContact();
  // undefined: closed; null: adding; a contact: editing it.
  const [editing, setEditing] = useState<ContactDto | null | undefined>(undefined);
  if (contacts.isError) return <QueryError error={contacts.error} onRetry={() => void contacts.refetch()} />;
  const label = (k: string) => t(`fields.contact.${k}`);
  const sensitive = (field: keyof ContactDto, width: number): ColumnType<ContactDto> => ({
    key: field,
    title: label(field),
    width,
    ellipsis: true,
    render: (_v, c) => (
      <SensitiveValue
        field={field}
        value={c[field] as string | null}
        record={c}
        reveal={can('contacts.reveal') ? () => api.contacts.reveal.mutate({ id: c.id, field }) : undefined}
      />
    ),
  });
  const actions: ColumnType<ContactDto> = {
    key: 'actions',
    title: t('common.actions'),
    width: 90,
    fixed: 'right',
    render: (_v, c) => (
      <Flex gap={4}>
        {can('contacts.edit') && (
          <Tooltip title={t('common.edit')}>
            <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(c)} />
          </Tooltip>
        )}
        {can('contacts.delete') && (
          <Popconfirm
            title={t('contacts.deleteConfirm', { name: c.name })}
            onConfirm={() =>
              remove.mutateAsync(c.id).then(
                () => void message.success(t('contacts.deleted')),
                (e: unknown) => void message.error(describeError(t, e)),
              )
            }
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        )}
      </Flex>
    ),
  };
  const columns: ColumnType<ContactDto>[] = [
    {
      key: 'name',
      title: label('name'),
      width: 140,
      fixed: 'left',
      render: (_v, c) => (
        <Flex gap={6} align="center">
          {c.name}
          {c.isPrimary && <Tag color="blue">{t('contacts.primary')}</Tag>}
        </Flex>
      ),
    },
    { key: 'title', title: label('title'), dataIndex: 'title', width: 120, ellipsis: true },
    { key: 'department', title: label('department'), dataIndex: 'department', width: 110, ellipsis: true },
    sensitive('mobile', 130),
    sensitive('phone', 140),
    sensitive('email', 190),
    sensitive('wechat', 120),
    { key: 'decisionRole', title: label('decisionRole'), width: 100, render: (_v, c) => (c.decisionRole ? t(`enums.decisionRole.${c.decisionRole}`) : '') },
    ...(can('contacts.edit') || can('contacts.delete') ? [actions] : []),
  ];

  return (
    <Flex vertical gap={12}>
      <Flex justify="flex-end" gap={8}>
        <ListExportButton list="contacts" filters={{ customerId }} testId="export-contacts" />
        {can('contacts.create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('contacts.add')}
          </Button>
        )}
      </Flex>
      <Table<ContactDto>
        size="small"
        rowKey="id"
        loading={contacts.isPending}
        dataSource={contacts.data?.items ?? []}
        pagination={false}
        scroll={{ x: columns.reduce((sum, c) => sum + Number(c.width), 0) }}
        locale={{ emptyText: t('contacts.empty') }}
        data-testid="contacts-table"
        columns={columns}
      />
      {editing !== undefined && <ContactFormModal customerId={customerId} contact={editing ?? undefined} onClose={() => setEditing(undefined)} />}
    </Flex>
  );
}
