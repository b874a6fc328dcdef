import { ClearOutlined } from '@ant-design/icons';
import { Button, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES, INDUSTRIES } from '../../../../../shared/domain/customer.schema';
import { RegionCascader } from '../../../components/RegionCascader';
import { SearchBox } from '../../../components/SearchBox';
import { useEnumOptions } from '../../../lib/useEnumOptions';
import { UserSelect } from '../../org/components/UserSelect';
import { hasActiveFilters, type CustomerFilters } from '../hooks/useCustomerFilters';
import { useCustomerTags } from '../hooks/useCustomerQueries';

interface Props {
  filters: CustomerFilters;
  onChange: (patch: Partial<CustomerFilters>) => void;
  showOwner?: boolean;
}

const selectStyle = { minWidth: 120, maxWidth: 260 };

export function CustomerFilterBar({ filters, onChange, showOwner = true }: Props) {
  const { t } = useTranslation();
  const statuses = useEnumOptions('status', CUSTOMER_STATUSES);
  const levels = useEnumOptions('level', CUSTOMER_LEVELS);
  const industries = useEnumOptions('industry', INDUSTRIES);
  const tags = useCustomerTags();
  const multi = { mode: 'multiple' as const, allowClear: true, maxTagCount: 'responsive' as const, style: selectStyle };
  return (
    <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="customer-filters">
      <SearchBox value={filters.search} onSearch={(search) => onChange({ search })} placeholder={t('customers.searchPlaceholder')} width={300} />
      <Select {...multi} placeholder={t('fields.customer.status')} options={statuses} value={filters.status} onChange={(status) => onChange({ status })} />
      <Select {...multi} placeholder={t('fields.customer.level')} options={levels} value={filters.level} onChange={(level) => onChange({ level })} />
      <Select
        {...multi}
        placeholder={t('fields.customer.industry')}
        options={industries}
        value={filters.industry}
        onChange={(industry) => onChange({ industry })}
        showSearch={{ optionFilterProp: 'label' }}
      />
      <RegionCascader value={filters.region} onChange={(region) => onChange({ region })} style={{ width: 180 }} placeholder={t('customers.filterRegion')} />
      {showOwner && (
        <UserSelect
          {...multi}
          placeholder={t('fields.customer.owner')}
          value={filters.ownerIds}
          onChange={(ids) => onChange({ ownerIds: ids as string[] })}
        />
      )}
      <Select
        {...multi}
        placeholder={t('fields.customer.tags')}
        options={(tags.data ?? []).map((tag) => ({ value: tag, label: tag }))}
        value={filters.tags}
        onChange={(list) => onChange({ tags: list })}
        loading={tags.isPending}
      />
      {hasActiveFilters(filters) && (
        <Button
          type="link"
          icon={<ClearOutlined />}
          onClick={() => onChange({ search: '', status: [], level: [], industry: [], region: [], ownerIds: [], tags: [] })}
        >
          {t('customers.clearFilters')}
        </Button>
      )}
    </Flex>
  );
}
