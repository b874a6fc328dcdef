import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch } from '../hooks/useDuplicateCheck';

// Owner placeholders the server uses for "none" and "not for your eyes".
export function ownerText(t: (k: string) => string, owner: string): string {
  if (owner === '-') return t('customers.noOwner');
  return owner;
}

export function DuplicateWarning({ matches }: { matches: DuplicateMatch[] }) {
  const { t } = useTranslation();
  if (!matches.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicate-warning"
      title={t('customers.duplicateTitle')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {matches.map((m, i) => {
            const text = t('customers.duplicateItem', { field: t(`fields.customer.${m.field}`), name: m.name, owner: ownerText(t, m.owner) });
            return (
              <li key={`${m.id ?? 'x'}-${m.field}-${i}`}>
                {/* No link: leaving the form would lose what was typed. */}
                <Typography.Text>
                  {text} {!m.id && <Typography.Text type="secondary">{t('customers.duplicateHidden')}</Typography.Text>}
                </Typography.Text>
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
