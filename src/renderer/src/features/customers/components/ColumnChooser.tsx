import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Divider, Flex, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerColumnKey } from './customer-columns';

interface Props {
  available: readonly CustomerColumnKey[];
  value: CustomerColumnKey[];
  defaults: readonly CustomerColumnKey[];
  onChange: (keys: CustomerColumnKey[]) => void;
}

// The name column always stays: it is how a row is recognised and opened.
export function ColumnChooser({ available, value, defaults, onChange }: Props) {
  const { t } = useTranslation();
  const chosen = new Set(value);
  const content = (
    <Flex vertical style={{ width: 200 }} data-testid="column-chooser">
      {available.map((k) => (
        <Checkbox
          key={k}
          checked={k === 'name' || chosen.has(k)}
          disabled={k === 'name'}
          onChange={(e) => onChange(available.filter((x) => (x === k ? e.target.checked : chosen.has(x) || x === 'name')))}
          style={{ padding: '3px 0' }}
        >
          {t(`fields.customer.${k}`)}
        </Checkbox>
      ))}
      <Divider style={{ margin: '8px 0' }} />
      <Button size="small" onClick={() => onChange([...defaults])}>
        {t('common.resetColumns')}
      </Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight" title={t('common.columns')}>
      <Button icon={<SettingOutlined />}>{t('common.columns')}</Button>
    </Popover>
  );
}
