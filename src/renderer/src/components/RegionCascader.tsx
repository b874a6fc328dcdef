import { Cascader, type CascaderProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { REGION_TREE, type RegionNode } from '../../../shared/domain/regions';

type Props = Omit<CascaderProps<RegionNode>, 'options' | 'fieldNames' | 'multiple' | 'value' | 'onChange'> & {
  value?: string[];
  onChange?: (codes: string[]) => void;
};

// Province / city / district from the national code list; any level may be chosen.
export function RegionCascader({ value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <Cascader<RegionNode>
      options={REGION_TREE}
      fieldNames={{ label: 'name', value: 'code', children: 'children' }}
      changeOnSelect
      showSearch
      placeholder={t('customers.regionPlaceholder')}
      value={value}
      onChange={(codes) => onChange?.(((codes ?? []) as string[]).filter(Boolean))}
      {...rest}
    />
  );
}
