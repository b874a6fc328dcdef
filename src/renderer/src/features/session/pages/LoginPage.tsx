import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../../../i18n/LanguageSwitch';
import { applyFieldErrors, describeError, errorCodeOf } from '../../../lib/errors';
import { ServerField, type ProfileOption } from '../components/ServerField';
import { useForgetProfile, useLogin } from '../hooks/useSession';
import { AuthShell } from '../components/AuthShell';
import { TwoFactorCodeForm } from '../components/TwoFactorCodeForm';

interface Values {
  serverUrl: string;
  username: string;
  password: string;
}

interface Props {
  profiles: ProfileOption[];
  lastServer: string | null;
  // The app ended the last session itself (an error code, e.g. CACHE_LOCKED): say why.
  endedBecause?: string | null;
}

export function LoginPage({ profiles, lastServer, endedBecause }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const login = useLogin();
  const forget = useForgetProfile();
  const [error, setError] = useState<unknown>(null);
  const [triedServer, setTriedServer] = useState('');
  // The password was accepted and the server asks for the second factor.
  const [needsCode, setNeedsCode] = useState(false);
  const lastUsername = profiles.find((p) => p.url === lastServer)?.lastUsername ?? null;

  const submit = async (values: Values) => {
    setError(null);
    setTriedServer(values.serverUrl);
    try {
      await login.mutateAsync({ ...values, serverUrl: values.serverUrl.trim(), username: values.username.trim() });
    } catch (e) {
      if (errorCodeOf(e) === 'TWO_FACTOR_CHALLENGE') {
        form.setFieldValue('password', '');
        setNeedsCode(true);
        return;
      }
      applyFieldErrors(form, t, e);
      setError(e);
      // Everything typed stays, except a password the server called wrong: that one is retyped.
      if (errorCodeOf(e) === 'INVALID_CREDENTIALS') form.setFieldValue('password', '');
    }
  };

  return (
    <AuthShell extra={<LanguageMenu />}>
      <Card variant="borderless" style={{ width: 400, boxShadow: '0 8px 32px rgba(0,0,0,0.08)' }}>
        {needsCode ? (
          <TwoFactorCodeForm
            onRestart={(e) => {
              setNeedsCode(false);
              setError(e);
            }}
          />
        ) : (
          <>
            <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
            {error === null && endedBecause && (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(`errors.${endedBecause}`)} data-testid="login-ended-because" />
            )}
            {error !== null && (
              <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(t, error, { server: triedServer })} data-testid="login-error" />
            )}
            <Form<Values>
              form={form}
              layout="vertical"
              requiredMark={false}
              initialValues={{ serverUrl: lastServer ?? profiles[0]?.url ?? '', username: lastUsername ?? '' }}
              onFinish={submit}
              disabled={login.isPending}
              data-testid="login-form"
            >
              <Form.Item name="serverUrl" label={t('login.server')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <ServerField
                  profiles={profiles}
                  onPick={(p) => form.setFieldValue('username', p.lastUsername ?? '')}
                  onForget={(p) => forget.mutate(p.id)}
                />
              </Form.Item>
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus={!lastUsername} />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus={!!lastUsername} />
              </Form.Item>
              <Flex vertical>
                <Button type="primary" htmlType="submit" size="large" loading={login.isPending}>
                  {t('login.submit')}
                </Button>
              </Flex>
            </Form>
          </>
        )}
      </Card>
    </AuthShell>
  );
}
