import { Alert, Button, Card, Col, Flex, Form, Input, Row, Segmented, Select, theme } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CUSTOMER_KINDS,
  CUSTOMER_LEVELS,
  CUSTOMER_SOURCES,
  CUSTOMER_STATUSES,
  INDUSTRIES,
  customerFieldsSchema,
  type CustomerDto,
} from '../../../../../shared/domain/customer.schema';
import { RegionCascader } from '../../../components/RegionCascader';
import { applyFieldErrors, describeError } from '../../../lib/errors';
import { useEnumOptions } from '../../../lib/useEnumOptions';
import { zodRule } from '../../../lib/zod-rule';
import { UserSelect } from '../../org/components/UserSelect';
import { useCustomerTags } from '../hooks/useCustomerQueries';
import { useDuplicateCheck } from '../hooks/useDuplicateCheck';
import { EMPTY_CUSTOMER, fromDto, type CustomerFormValues } from './customer-form-values';
import { DuplicateWarning } from './DuplicateWarning';
import { ParentCustomerSelect } from './ParentCustomerSelect';

interface Props {
  existing?: CustomerDto;
  // Values to start from instead of the record's (a refused offline edit reopened).
  initial?: CustomerFormValues;
  submitText: string;
  onSubmit: (values: CustomerFormValues) => Promise<void>;
  onCancel: () => void;
}

const shape = customerFieldsSchema.shape;
// Format checks wait for a pause in typing: "invalid" after the first of 18 characters helps nobody.
const FORMAT_DEBOUNCE = 500;

// Create and edit share this form. Each field runs its shared zod schema as the user types;
// server field errors land next to the same fields, and nothing typed is cleared on failure.
export function CustomerForm({ existing, initial, submitText, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CustomerFormValues>();
  const { token } = theme.useToken();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const errorBox = useRef<HTMLDivElement>(null);
  // A refusal from the server is explained at the top of the form: bring it into view.
  useEffect(() => {
    if (error !== null) errorBox.current?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }, [error]);
  const kind = Form.useWatch('kind', form) ?? existing?.kind ?? 'company';
  const name = Form.useWatch('name', form);
  const phone = Form.useWatch('phone', form);
  const creditCode = Form.useWatch('creditCode', form);
  const dupes = useDuplicateCheck({ name, phone, creditCode, excludeId: existing?.id });
  const tags = useCustomerTags();
  const kinds = useEnumOptions('kind', CUSTOMER_KINDS);
  const statuses = useEnumOptions('status', CUSTOMER_STATUSES);
  const levels = useEnumOptions('level', CUSTOMER_LEVELS);
  const industries = useEnumOptions('industry', INDUSTRIES);
  const sources = useEnumOptions('source', CUSTOMER_SOURCES);
  const restricted = (f: 'phone' | 'address') => !!existing && (existing.maskedFields.includes(f) || existing.hiddenFields.includes(f));
  const label = (k: string) => t(`fields.customer.${k}`);

  const submit = async (values: CustomerFormValues) => {
    setError(null);
    setSaving(true);
    try {
      await onSubmit(values);
    } catch (e) {
      applyFieldErrors(form, t, e);
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<CustomerFormValues>
      form={form}
      layout="vertical"
      initialValues={initial ?? (existing ? fromDto(existing) : EMPTY_CUSTOMER)}
      onFinish={submit}
      scrollToFirstError
      data-testid="customer-form"
    >
      <div ref={errorBox}>
        {error !== null && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(t, error)} data-testid="form-error" />}
      </div>
      <DuplicateWarning matches={dupes.data ?? []} />
      <Card title={t('customers.sections.basic')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={label('kind')}>
              <Segmented options={kinds} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} />
          <Col xs={24} md={12}>
            <Form.Item name="name" label={label('name')} required rules={[zodRule(t, shape.name)]}>
              <Input maxLength={100} autoFocus={!existing} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {kind === 'company' && (
              <Form.Item name="creditCode" label={label('creditCode')} validateDebounce={FORMAT_DEBOUNCE} rules={[zodRule(t, shape.creditCode)]}>
                <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            )}
          </Col>
        </Row>
      </Card>
      <Card title={t('customers.sections.classification')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="status" label={label('status')}>
              <Select options={statuses} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="level" label={label('level')}>
              <Select options={levels} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="industry" label={label('industry')}>
              <Select options={industries} allowClear showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="source" label={label('source')}>
              <Select options={sources} allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="tags" label={label('tags')} rules={[zodRule(t, shape.tags)]}>
              <Select mode="tags" options={(tags.data ?? []).map((x) => ({ value: x, label: x }))} placeholder={t('customers.tagsPlaceholder')} tokenSeparators={[',', '，']} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('customers.sections.contact')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="region" label={label('region')}>
              <RegionCascader />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={label('address')} validateDebounce={FORMAT_DEBOUNCE} rules={[zodRule(t, shape.address)]} tooltip={restricted('address') ? t('common.masked') : undefined}>
              <Input maxLength={200} disabled={restricted('address')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={label('phone')} validateDebounce={FORMAT_DEBOUNCE} rules={[zodRule(t, shape.phone)]} tooltip={restricted('phone') ? t('common.masked') : undefined}>
              <Input maxLength={30} disabled={restricted('phone')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="website" label={label('website')} validateDebounce={FORMAT_DEBOUNCE} rules={[zodRule(t, shape.website)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('customers.sections.relations')} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="parentId" label={label('parentId')}>
              <ParentCustomerSelect current={existing?.parent} excludeId={existing?.id} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="collaboratorIds" label={label('collaboratorIds')} rules={[zodRule(t, shape.collaboratorIds)]}>
              <UserSelect mode="multiple" allowClear />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="remarks" label={label('remarks')} rules={[zodRule(t, shape.remarks)]}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Flex
        gap={8}
        justify="flex-end"
        style={{ position: 'sticky', zIndex: 10, bottom: -20, padding: '12px 0 20px', background: token.colorBgLayout, borderTop: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {submitText}
        </Button>
      </Flex>
    </Form>
  );
}
