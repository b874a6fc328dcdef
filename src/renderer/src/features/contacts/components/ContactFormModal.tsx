import { Alert, App, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { DECISION_ROLES, contactFieldsSchema, type ContactDto, type ContactFields } from '../../../../../shared/domain/contact.schema';
import { applyFieldErrors, describeError } from '../../../lib/errors';
import { useEnumOptions } from '../../../lib/useEnumOptions';
import { zodRule } from '../../../lib/zod-rule';
import { useSaveContact } from '../hooks/useContacts';

type Values = Omit<ContactFields, 'birthday'> & { birthday?: Dayjs | null };

const SENSITIVE = ['mobile', 'phone', 'email', 'wechat'] as const;
const shape = contactFieldsSchema.shape;

interface Props {
  customerId: string;
  // Undefined for a new contact.
  contact?: ContactDto;
  // Values to start from on top of the contact's (a refused offline edit reopened).
  draft?: Partial<ContactFields>;
  onSaved?: () => void;
  onClose: () => void;
}

export function ContactFormModal({ customerId, contact, draft, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const save = useSaveContact(customerId);
  const [error, setError] = useState<unknown>(null);
  const [createId] = useState(() => uuidv7());
  const roles = useEnumOptions('decisionRole', DECISION_ROLES);
  const label = (k: string) => t(`fields.contact.${k}`);
  const restricted = (f: string) => !!contact && (contact.maskedFields.includes(f) || contact.hiddenFields.includes(f));
  const start = { isPrimary: false, ...contact, ...draft };
  const initial: Partial<Values> = { ...start, birthday: start.birthday ? dayjs(start.birthday) : null };

  const submit = async (v: Values) => {
    setError(null);
    const fields: Record<string, unknown> = { ...v, birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null };
    for (const k of Object.keys(fields)) if (fields[k] === undefined || fields[k] === '') fields[k] = null;
    fields.isPrimary = !!v.isPrimary;
    // Masked or hidden values were never shown in clear: they are not the user's to send back.
    if (contact) for (const f of SENSITIVE) if (restricted(f)) delete fields[f];
    try {
      await save.mutateAsync({ id: contact?.id, version: contact?.version, fields: fields as ContactFields, createId });
      void message.success(t('contacts.saved'));
      onSaved?.();
      onClose();
    } catch (e) {
      applyFieldErrors(form, t, e);
      setError(e);
    }
  };

  const text = (name: keyof ContactFields, max: number) => (
    <Form.Item name={name} label={label(name)} rules={[zodRule(t, shape[name])]} validateDebounce={500} tooltip={restricted(name) ? t('common.masked') : undefined}>
      <Input maxLength={max} disabled={restricted(name)} />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={680}
      title={contact ? t('contacts.editTitle') : t('contacts.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {error !== null && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={describeError(t, error)} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={submit} data-testid="contact-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={label('name')} required rules={[zodRule(t, shape.name)]}>
              <Input maxLength={50} autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>{text('title', 50)}</Col>
          <Col span={12}>{text('mobile', 20)}</Col>
          <Col span={12}>{text('phone', 30)}</Col>
          <Col span={12}>{text('email', 100)}</Col>
          <Col span={12}>{text('wechat', 50)}</Col>
          <Col span={12}>{text('department', 50)}</Col>
          <Col span={12}>
            <Form.Item name="decisionRole" label={label('decisionRole')}>
              <Select options={roles} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthday" label={label('birthday')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isPrimary" valuePropName="checked" label=" ">
              <Checkbox>{label('isPrimary')}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="remarks" label={label('remarks')} rules={[zodRule(t, shape.remarks)]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
