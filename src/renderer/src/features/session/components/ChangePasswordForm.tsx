import { App, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, checkPassword } from '../../../../../shared/domain/auth.schema';
import { applyFieldErrors, describeError, errorCodeOf } from '../../../lib/errors';
import { useChangePassword } from '../hooks/useSession';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

// Used on the forced first-login screen and in My profile. The policy is checked here for
// instant feedback with the shared rule; the server checks again with its configured minimum.
export function ChangePasswordForm({ username, onDone }: { username: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const submit = async (v: Values) => {
    try {
      await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      void message.success(t('password.changed'));
      onDone?.();
    } catch (e) {
      const code = errorCodeOf(e);
      if (code === 'PASSWORD_WRONG') form.setFields([{ name: 'currentPassword', errors: [describeError(t, e)] }]);
      else if (code === 'PASSWORD_POLICY') form.setFields([{ name: 'newPassword', errors: [describeError(t, e)] }]);
      else if (!applyFieldErrors(form, t, e)) void message.error(describeError(t, e));
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={change.isPending} style={{ maxWidth: 420 }}>
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={<Typography.Text type="secondary">{t('password.policyHint', { min: PASSWORD_MIN_LENGTH })}</Typography.Text>}
        rules={[
          { required: true, message: t('validation.required') },
          {
            validator: async (_r, value: string | undefined) => {
              const problem = value ? checkPassword(value, username, { minLength: PASSWORD_MIN_LENGTH }) : null;
              if (problem) throw new Error(t('errors.PASSWORD_POLICY', { reason: t(`passwordProblems.${problem}`, { min: PASSWORD_MIN_LENGTH }) }));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({
            validator: async (_r, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}
