import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLogout } from '../../features/session/hooks/useSession';
import { useUser } from '../../lib/session-context';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const logout = useLogout();
  return (
    <Dropdown
      menu={{
        items: [
          { key: 'profile', icon: <UserOutlined />, label: t('header.profile') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('header.signOut'), danger: true },
        ],
        onClick: ({ key }) => (key === 'profile' ? navigate('/profile') : logout.mutate()),
      }}
    >
      <Button type="text" style={{ height: 40 }} data-testid="user-menu">
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ background: '#1f6feb' }}>
            {[...user.displayName][0] ?? '?'}
          </Avatar>
          <Typography.Text>{user.displayName}</Typography.Text>
        </Flex>
      </Button>
    </Dropdown>
  );
}
