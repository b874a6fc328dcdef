import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgUsers } from '../hooks/useOrgUsers';

type Props = Omit<SelectProps<string | string[]>, 'options' | 'loading'>;

// Colleagues by name with their department, searchable by either.
export function UserSelect(props: Props) {
  const { t } = useTranslation();
  const users = useOrgUsers();
  const options = (users.data ?? []).map((u) => ({
    value: u.id,
    label: u.displayName,
    search: `${u.displayName} ${u.username} ${u.departmentName ?? ''}`.toLowerCase(),
    hint: u.departmentName,
  }));
  return (
    <Select
      showSearch={{ optionFilterProp: 'search' }}
      loading={users.isPending}
      notFoundContent={users.isError ? t('common.loadFailed') : undefined}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label}
          {o.data.hint && <span style={{ color: 'rgba(0,0,0,0.45)', marginInlineStart: 8 }}>{o.data.hint}</span>}
        </span>
      )}
      {...props}
    />
  );
}
