import { Flex, Layout, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';
import { AppLogo } from '../../components/AppLogo';
import { LiveRefresh } from '../../features/live/components/LiveRefresh';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';
import { LanguageMenu } from '../../i18n/LanguageSwitch';
import { SideNav } from './SideNav';
import { SyncIndicator } from './SyncIndicator';
import { UserMenu } from './UserMenu';

export function AppLayout() {
  const { t } = useTranslation();
  const [collapsed, setCollapsed] = useState(false);
  return (
    <Layout style={{ height: '100vh' }}>
      <LiveRefresh />
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={200}
        theme="light"
        style={{ borderInlineEnd: '1px solid rgba(5,5,5,0.06)' }}
      >
        <Flex align="center" gap={10} style={{ height: 56, padding: collapsed ? '0 24px' : '0 20px', overflow: 'hidden' }}>
          <AppLogo size={26} />
          {!collapsed && (
            <Typography.Text strong ellipsis style={{ fontSize: 15 }}>
              {t('app.sideTitle')}
            </Typography.Text>
          )}
        </Flex>
        <SideNav />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
          <Flex justify="flex-end" align="center" gap={4} style={{ height: '100%' }}>
            <SyncIndicator />
            <NotificationBell />
            <LanguageMenu />
            <UserMenu />
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 20, overflow: 'auto', display: 'flex', flexDirection: 'column' }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
