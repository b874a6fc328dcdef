import { useTranslation } from 'react-i18next';

// Select options for one of the shared enums, labelled from enums.<name>.<value>.
export function useEnumOptions(name: string, values: readonly string[]): { value: string; label: string }[] {
  const { t } = useTranslation();
  return values.map((v) => ({ value: v, label: t(`enums.${name}.${v}`) }));
}
