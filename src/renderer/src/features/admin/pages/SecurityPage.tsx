import { App, Button, Card, Flex, Form, InputNumber } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import type { LocalOutputs } from '../../../lib/trpc';
import { useAdminActions, useSecuritySettings } from '../hooks/useAdmin';

type Settings = LocalOutputs['admin']['settings']['get'];
// The settings this screen edits, with their bounds (the server checks them again).
const FIELDS: { key: keyof Settings; min: number; max: number }[] = [
  { key: 'auth.passwordMinLength', min: 8, max: 64 },
  { key: 'auth.maxFailedLogins', min: 3, max: 100 },
  { key: 'auth.lockMinutes', min: 1, max: 1440 },
  { key: 'auth.maxFailedLoginsPerAddress', min: 5, max: 1000 },
  { key: 'auth.sessionIdleMinutes', min: 5, max: 43200 },
  { key: 'auth.sessionAbsoluteHours', min: 1, max: 2160 },
  { key: 'pool.claimLimit', min: 1, max: 100000 },
  { key: 'pool.returnAfterDays', min: 0, max: 3650 },
  { key: 'audit.retentionDays', min: 0, max: 36500 },
  { key: 'sync.offlineLockDays', min: 1, max: 3650 },
  { key: 'sync.offlineWipeDays', min: 1, max: 3650 },
];

export function SecurityPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useSecuritySettings();
  const { setSettings } = useAdminActions();
  const [form] = Form.useForm<Settings>();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const save = async (v: Settings) => {
    try {
      await setSettings.mutateAsync({ patch: v });
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader title={t('admin.security.title')} sub={t('admin.security.hint')} />
      <Card style={{ maxWidth: 640 }}>
        <Form form={form} layout="horizontal" labelCol={{ span: 12 }} onFinish={(v) => void save(v)} data-testid="security-form">
          {FIELDS.map((f) => (
            <Form.Item key={f.key} name={f.key} label={t(`admin.security.${f.key.replace('.', '_')}`)} rules={[{ required: true, message: t('validation.required') }]}>
              <InputNumber min={f.min} max={f.max} precision={0} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={setSettings.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
