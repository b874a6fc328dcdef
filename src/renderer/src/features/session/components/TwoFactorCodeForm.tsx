import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, errorCodeOf } from '../../../lib/errors';
import { useLoginTwoFactor } from '../hooks/useTwoFactor';

// Answers that end the challenge: the password must be entered again.
const CHALLENGE_GONE = new Set(['TWO_FACTOR_CHALLENGE_EXPIRED', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED', 'ADDRESS_LOCKED']);

// The sign-in's second step, after the server accepted the password.
export function TwoFactorCodeForm({ onRestart }: { onRestart: (error: unknown) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  const verify = useLoginTwoFactor();
  const [error, setError] = useState<unknown>(null);

  const submit = async ({ code }: { code: string }) => {
    setError(null);
    try {
      await verify.mutateAsync(code.trim());
    } catch (e) {
      if (CHALLENGE_GONE.has(errorCodeOf(e))) return onRestart(e);
      setError(e);
      form.setFieldValue('code', '');
    }
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('twoFactor.codeTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('twoFactor.codeHint')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(t, error)} data-testid="two-factor-error" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={verify.isPending} data-testid="two-factor-form">
        <Form.Item name="code" label={t('twoFactor.code')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
          <Input
            prefix={<SafetyOutlined />}
            autoComplete="one-time-code"
            inputMode="numeric"
            placeholder={t('twoFactor.codePlaceholder')}
            maxLength={40}
            autoFocus
            data-testid="two-factor-code"
          />
        </Form.Item>
        <Flex vertical gap={8}>
          <Button type="primary" htmlType="submit" size="large" loading={verify.isPending}>
            {t('twoFactor.verify')}
          </Button>
          <Button type="link" onClick={() => onRestart(null)}>
            {t('twoFactor.backToPassword')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
