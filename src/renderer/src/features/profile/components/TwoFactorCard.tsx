import { App, Button, Flex, Form, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, errorCodeOf } from '../../../lib/errors';
import { TwoFactorSetup } from '../../session/components/TwoFactorSetup';
import { useTwoFactorActions, useTwoFactorStatus } from '../../session/hooks/useTwoFactor';

// My profile: two-factor sign-in on or off. Once started, setting up stays on screen until the
// recovery codes have been seen, even though the status behind it already says "on".
export function TwoFactorCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useTwoFactorStatus();
  const { disable } = useTwoFactorActions();
  const [settingUp, setSettingUp] = useState(false);
  const [askPassword, setAskPassword] = useState(false);
  const [form] = Form.useForm<{ password: string }>();

  if (status.isPending) return <Spin />;
  if (status.isError) return <Typography.Text type="danger">{describeError(t, status.error)}</Typography.Text>;
  const s = status.data;

  if (settingUp || !s.enabled) {
    return (
      <Flex vertical gap={12} data-testid="two-factor-card">
        {!settingUp && <Typography.Text type="secondary">{t('twoFactor.off')}</Typography.Text>}
        <TwoFactorSetup onStarted={() => setSettingUp(true)} onDone={() => setSettingUp(false)} />
      </Flex>
    );
  }

  const turnOff = async ({ password }: { password: string }) => {
    try {
      await disable.mutateAsync({ password });
      setAskPassword(false);
      form.resetFields();
      void message.success(t('twoFactor.disabled'));
    } catch (e) {
      if (errorCodeOf(e) === 'PASSWORD_WRONG') form.setFields([{ name: 'password', errors: [describeError(t, e)] }]);
      else void message.error(describeError(t, e));
    }
  };

  return (
    <Flex vertical gap={12} data-testid="two-factor-card">
      <Space wrap>
        <Tag color="green" data-testid="two-factor-on">
          {t('twoFactor.on')}
        </Tag>
        <Typography.Text type="secondary">{t('twoFactor.recoveryLeft', { count: s.recoveryCodesLeft })}</Typography.Text>
        {s.required && <Tag color="orange">{t('twoFactor.required')}</Tag>}
      </Space>
      {!s.required && (
        <Button danger onClick={() => setAskPassword(true)} style={{ alignSelf: 'flex-start' }} data-testid="two-factor-disable">
          {t('twoFactor.disable')}
        </Button>
      )}
      <Modal
        open={askPassword}
        title={t('twoFactor.disableTitle')}
        onCancel={() => setAskPassword(false)}
        onOk={() => form.submit()}
        confirmLoading={disable.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('twoFactor.disableHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={turnOff} preserve={false}>
          <Form.Item name="password" label={t('password.current')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
