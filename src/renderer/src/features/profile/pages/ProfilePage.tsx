import { Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSegmented } from '../../../i18n/LanguageSwitch';
import { PageHeader } from '../../../components/PageHeader';
import { useUser } from '../../../lib/session-context';
import { ChangePasswordForm } from '../../session/components/ChangePasswordForm';
import { MySessions } from '../components/MySessions';
import { TwoFactorCard } from '../components/TwoFactorCard';

export function ProfilePage() {
  const { t } = useTranslation();
  const user = useUser();
  const scope = user.dataScopes.customers;
  return (
    <div style={{ maxWidth: 880, width: '100%', margin: '0 auto' }}>
      <PageHeader title={t('profile.title')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('profile.info')} size="small">
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            data-testid="profile-info"
            items={[
              { key: 'displayName', label: t('profile.displayName'), children: user.displayName },
              { key: 'username', label: t('profile.username'), children: user.username },
              { key: 'department', label: t('profile.department'), children: user.departmentName ?? t('common.none') },
              { key: 'scope', label: t('profile.scope'), children: scope ? t(`enums.dataScope.${scope}`) : t('common.none') },
              {
                key: 'roles',
                label: t('profile.roles'),
                span: 'filled',
                children: user.roles.map((r) => (
                  <Tag key={r.code} color="blue">
                    {t(`enums.role.${r.code}`, { defaultValue: r.name })}
                  </Tag>
                )),
              },
            ]}
          />
        </Card>
        <Card title={t('profile.language')} size="small">
          <LanguageSegmented />
        </Card>
        <Card title={t('profile.changePassword')} size="small">
          <ChangePasswordForm username={user.username} />
        </Card>
        <Card title={t('twoFactor.title')} size="small">
          <TwoFactorCard />
        </Card>
        <Card title={t('profile.sessions')} size="small">
          <MySessions />
        </Card>
      </Space>
    </div>
  );
}
