import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../lib/errors';
import { UserSelect } from '../../org/components/UserSelect';

interface Props {
  open: boolean;
  title: string;
  targetLabel: string;
  count: number;
  onClose: () => void;
  // Resolves with how many were moved; throws the API error.
  onSubmit: (v: { toUserId: string; reason: string | null }) => Promise<{ count: number }>;
  doneMessage: (count: number) => string;
}

// Picking a colleague for a transfer (customers) or an assignment (pool).
export function TransferModal({ open, title, targetLabel, count, onClose, onSubmit, doneMessage }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ toUserId: string; reason?: string }>();
  return (
    <Modal
      open={open}
      title={`${title} · ${t('common.selected', { count })}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      okText={t('common.confirm')}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={async (v) => {
          try {
            const res = await onSubmit({ toUserId: v.toUserId, reason: v.reason?.trim() || null });
            void message.success(doneMessage(res.count));
            onClose();
          } catch (e) {
            void message.error(describeError(t, e));
          }
        }}
      >
        <Form.Item name="toUserId" label={targetLabel} rules={[{ required: true, message: t('validation.required') }]}>
          <UserSelect placeholder={targetLabel} />
        </Form.Item>
        <Form.Item name="reason" label={t('customers.reason')}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
