import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Modal, Space, Tag, Tree, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import type { LocalOutputs } from '../../../lib/trpc';
import { DepartmentSelect } from '../components/DepartmentSelect';
import { useAdminActions, useDepartmentTree } from '../hooks/useAdmin';

type Node = LocalOutputs['org']['departments'][number];
interface TreeNode {
  key: string;
  title: ReactNode;
  children: TreeNode[];
}
type Dialog = { kind: 'create' | 'rename' | 'move'; node: Node } | null;

export function DepartmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tree = useDepartmentTree();
  const a = useAdminActions();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ name?: string; parentId?: string }>();

  const open = (kind: 'create' | 'rename' | 'move', node: Node) => {
    form.resetFields();
    if (kind === 'rename') form.setFieldsValue({ name: node.name });
    setDialog({ kind, node });
  };
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('common.saved'));
      setDialog(null);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };
  const submit = (v: { name?: string; parentId?: string }) => {
    if (!dialog) return;
    const { node } = dialog;
    if (dialog.kind === 'create') void run(() => a.createDepartment.mutateAsync({ name: v.name!, parentId: node.id }));
    if (dialog.kind === 'rename') void run(() => a.renameDepartment.mutateAsync({ id: node.id, name: v.name! }));
    if (dialog.kind === 'move') void run(() => a.moveDepartment.mutateAsync({ id: node.id, parentId: v.parentId! }));
  };

  const toTree = (nodes: Node[]): TreeNode[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <Space size={8} data-testid={`dept-${n.name}`}>
          <span>{n.name}</span>
          {!n.enabled && <Tag>{t('admin.departments.disabled')}</Tag>}
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => open('create', n)}>
            {t('admin.departments.addChild')}
          </Button>
          <Button size="small" type="link" onClick={() => open('rename', n)}>
            {t('admin.departments.rename')}
          </Button>
          {n.parentId && (
            <>
              <Button size="small" type="link" onClick={() => open('move', n)}>
                {t('admin.departments.move')}
              </Button>
              <Button size="small" type="link" danger={n.enabled} onClick={() => void run(() => a.setDepartmentEnabled.mutateAsync({ id: n.id, enabled: !n.enabled }))}>
                {n.enabled ? t('admin.departments.disable') : t('admin.departments.enable')}
              </Button>
            </>
          )}
        </Space>
      ),
      children: toTree(n.children),
    }));

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader title={t('admin.departments.title')} sub={t('admin.departments.hint')} />
      <Card>
        {tree.data && <Tree defaultExpandAll selectable={false} treeData={toTree(tree.data)} />}
        {tree.isError && <Typography.Text type="danger">{t('common.loadFailed')}</Typography.Text>}
      </Card>
      <Modal
        open={!!dialog}
        title={dialog ? t(`admin.departments.${dialog.kind}Title`, { name: dialog.node.name }) : ''}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          {dialog?.kind === 'move' ? (
            <Form.Item name="parentId" label={t('admin.departments.newParent')} rules={[{ required: true, message: t('validation.required') }]}>
              <DepartmentSelect />
            </Form.Item>
          ) : (
            <Form.Item name="name" label={t('admin.departments.name')} rules={[{ required: true, message: t('validation.required') }]}>
              <Input maxLength={100} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
