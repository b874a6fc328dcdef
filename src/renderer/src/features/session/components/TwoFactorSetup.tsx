import { App, Alert, Button, Flex, Form, Input, QRCode, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TwoFactorEnrollment } from '../../../../../shared/domain/two-factor.schema';
import { applyFieldErrors, describeError } from '../../../lib/errors';
import { useTwoFactorActions } from '../hooks/useTwoFactor';

// Setting up an authenticator app: a new secret as QR code and as text, a code to prove the app
// has it, then the recovery codes, shown this once. `onDone` runs when the user has seen them.
export function TwoFactorSetup({ onDone, onStarted }: { onDone: () => void; onStarted?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { start, confirm } = useTwoFactorActions();
  const [form] = Form.useForm<{ code: string }>();
  const [enrollment, setEnrollment] = useState<TwoFactorEnrollment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  const begin = async () => {
    try {
      setEnrollment(await start.mutateAsync());
      onStarted?.();
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  const submit = async ({ code }: { code: string }) => {
    try {
      setRecoveryCodes((await confirm.mutateAsync(code.trim())).recoveryCodes);
      void message.success(t('twoFactor.enabled'));
    } catch (e) {
      if (!applyFieldErrors(form, t, e)) form.setFields([{ name: 'code', errors: [describeError(t, e)] }]);
    }
  };

  if (recoveryCodes) {
    return (
      <Flex vertical gap={12} data-testid="recovery-codes">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('twoFactor.recoveryTitle')}
        </Typography.Title>
        <Alert type="warning" showIcon title={t('twoFactor.recoveryHint')} />
        <Typography.Paragraph copyable={{ text: recoveryCodes.join('\n'), tooltips: [t('twoFactor.copy'), t('twoFactor.copied')] }} style={{ margin: 0 }}>
          <code style={{ display: 'grid', gridTemplateColumns: 'repeat(2, max-content)', gap: '4px 24px', fontSize: 15 }}>
            {recoveryCodes.map((c) => (
              <span key={c} data-testid="recovery-code">
                {c}
              </span>
            ))}
          </code>
        </Typography.Paragraph>
        <Button type="primary" onClick={onDone} style={{ alignSelf: 'flex-start' }} data-testid="recovery-saved">
          {t('twoFactor.recoverySaved')}
        </Button>
      </Flex>
    );
  }

  if (!enrollment) {
    return (
      <Button type="primary" onClick={() => void begin()} loading={start.isPending} style={{ alignSelf: 'flex-start' }} data-testid="two-factor-setup">
        {t('twoFactor.setUp')}
      </Button>
    );
  }

  return (
    <Flex vertical gap={12} data-testid="two-factor-enrol">
      <Typography.Text>{t('twoFactor.scan')}</Typography.Text>
      <Flex gap={24} align="center" wrap>
        <QRCode value={enrollment.uri} size={180} bordered={false} />
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('twoFactor.secret')}</Typography.Text>
          <Typography.Text copyable={{ text: enrollment.secret }} code style={{ fontSize: 15 }} data-testid="totp-secret">
            {enrollment.secret.match(/.{1,4}/g)!.join(' ')}
          </Typography.Text>
        </Flex>
      </Flex>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={confirm.isPending} style={{ maxWidth: 320 }}>
        <Form.Item name="code" label={t('twoFactor.enterCode')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={7} placeholder={t('twoFactor.codePlaceholder')} data-testid="totp-confirm-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={confirm.isPending} data-testid="totp-confirm">
          {t('twoFactor.confirm')}
        </Button>
      </Form>
    </Flex>
  );
}
