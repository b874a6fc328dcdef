import { SettingOutlined } from '@ant-design/icons';
import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCan } from '../../lib/session-context';
import { NAV_ITEMS } from './nav-items';

export function SideNav() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((i) => can(i.needs));
  const admin = items.filter((i) => i.group === 'admin');
  const entry = (i: (typeof items)[number]) => ({ key: i.path, icon: i.icon, label: t(i.labelKey) });
  const selected = items.find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))?.path;
  return (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={pathname.startsWith('/admin/') ? ['admin'] : []}
      items={[
        ...items.filter((i) => !i.group).map(entry),
        ...(admin.length ? [{ key: 'admin', icon: <SettingOutlined />, label: t('admin.nav.section'), children: admin.map(entry) }] : []),
      ]}
      onClick={({ key }) => navigate(key)}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-nav"
    />
  );
}
