import { Alert, Button, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { FOLLOWUP_TYPES, followUpFieldsSchema, type FollowUpType } from '../../../../../shared/domain/followup.schema';
import { applyFieldErrors, describeError } from '../../../lib/errors';
import { useEnumOptions } from '../../../lib/useEnumOptions';
import { zodRule } from '../../../lib/zod-rule';
import { useCreateFollowUp } from '../hooks/useFollowUps';

interface Values {
  type: FollowUpType;
  at: Dayjs;
  contactId?: string | null;
  content: string;
  nextAt?: Dayjs | null;
}

interface Props {
  customerId: string;
  contacts: { id: string; name: string }[];
  onSaved?: () => void;
}

export function FollowUpForm({ customerId, contacts, onSaved }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateFollowUp(customerId);
  const [error, setError] = useState<unknown>(null);
  // A new id after each saved entry; the same one while retrying a failed save.
  const [id, setId] = useState(() => uuidv7());
  const types = useEnumOptions('followUpType', FOLLOWUP_TYPES);
  const label = (k: string) => t(`fields.followUp.${k}`);

  const submit = async (v: Values) => {
    setError(null);
    try {
      await create.mutateAsync({
        id,
        type: v.type,
        at: v.at.toISOString(),
        contactId: v.contactId ?? null,
        content: v.content,
        nextAt: v.nextAt ? v.nextAt.format('YYYY-MM-DD') : null,
      });
      setId(uuidv7());
      form.resetFields(['content', 'nextAt', 'contactId']);
      form.setFieldValue('at', dayjs());
      onSaved?.();
    } catch (e) {
      applyFieldErrors(form, t, e);
      setError(e);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" initialValues={{ type: 'call', at: dayjs() }} onFinish={submit} data-testid="followup-form">
      {error !== null && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={describeError(t, error)} />}
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="type" label={label('type')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select options={types} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="at" label={label('at')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="contactId" label={label('contactId')}>
            <Select allowClear options={contacts.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="nextAt" label={label('nextAt')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="content" label={label('content')} required rules={[zodRule(t, followUpFieldsSchema.shape.content)]}>
            <Input.TextArea rows={3} maxLength={5000} placeholder={t('followUps.contentPlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('followUps.add')}
      </Button>
    </Form>
  );
}
