import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../../lib/useDebounced';
import { useCustomerOptions } from '../hooks/useCustomerQueries';

interface Props {
  value?: string | null;
  onChange?: (v: string | null) => void;
  // The current parent, so its name shows before any search.
  current?: { id: string; name: string } | null;
  excludeId?: string;
}

export function ParentCustomerSelect({ value, onChange, current, excludeId }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 300);
  const found = useCustomerOptions(debounced);
  const options = (found.data?.items ?? []).filter((c) => c.id !== excludeId).map((c) => ({ value: c.id, label: c.name }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      placeholder={t('customers.parentPlaceholder')}
    />
  );
}
