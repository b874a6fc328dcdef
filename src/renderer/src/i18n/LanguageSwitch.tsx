import { TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown, Segmented } from 'antd';
import { LOCALES, type Locale } from '../../../shared/i18n';
import { useLocale } from './useLocale';

// Each language is named in itself so that someone who cannot read the current one finds theirs.
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LanguageMenu() {
  const [locale, change] = useLocale();
  return (
    <Dropdown
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: LOCALE_NAMES[l] })),
        onClick: ({ key }) => change(key as Locale),
      }}
    >
      <Button type="text" icon={<TranslationOutlined />} data-testid="language-switch">
        {LOCALE_NAMES[locale]}
      </Button>
    </Dropdown>
  );
}

export function LanguageSegmented() {
  const [locale, change] = useLocale();
  return (
    <Segmented<Locale>
      value={locale}
      onChange={change}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
    />
  );
}
