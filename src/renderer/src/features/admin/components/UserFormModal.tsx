import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, describeError } from '../../../lib/errors';
import type { LocalOutputs } from '../../../lib/trpc';
import { UserSelect } from '../../org/components/UserSelect';
import { useAdminActions, useRoles } from '../hooks/useAdmin';
import { DepartmentSelect } from './DepartmentSelect';

type AdminUser = LocalOutputs['admin']['users']['list'][number];
interface Values {
  username: string;
  displayName: string;
  departmentId: string | null;
  managerId: string | null;
  roleIds: string[];
  email?: string | null;
  mobile?: string | null;
}

// Creates a user (then shows the one-time password) or edits one.
export function UserFormModal(props: { user: AdminUser | null; open: boolean; onClose: () => void; onCreated: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const roles = useRoles();
  const { createUser, updateUser } = useAdminActions();
  const { user, open } = props;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) form.setFieldsValue({ ...user });
  }, [open, user, form]);

  const submit = async (v: Values) => {
    try {
      if (user) {
        const { username: _u, ...patch } = v;
        await updateUser.mutateAsync({ id: user.id, patch: { ...patch, managerId: patch.managerId ?? null, departmentId: patch.departmentId ?? null } });
        props.onClose();
      } else {
        const res = await createUser.mutateAsync({ ...v, managerId: v.managerId ?? null, departmentId: v.departmentId ?? null, roleIds: v.roleIds ?? [] });
        props.onClose();
        props.onCreated(res.user.username, res.password);
      }
    } catch (e) {
      if (!applyFieldErrors(form, t, e)) void message.error(describeError(t, e));
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('admin.users.edit') : t('admin.users.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={createUser.isPending || updateUser.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="user-form">
        <Form.Item name="username" label={t('admin.users.username')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="departmentId" label={t('admin.users.department')}>
          <DepartmentSelect allowClear onlyEnabled />
        </Form.Item>
        <Form.Item name="managerId" label={t('admin.users.manager')}>
          <UserSelect allowClear />
        </Form.Item>
        <Form.Item name="roleIds" label={t('admin.users.roles')}>
          <Select mode="multiple" options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))} data-testid="user-roles" />
        </Form.Item>
        <Form.Item name="mobile" label={t('admin.users.mobile')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('admin.users.email')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
