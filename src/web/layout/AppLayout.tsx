import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ProLayout } from '@ant-design/pro-components';
import { App, Badge, Dropdown, Grid } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useInbox } from '../features/approvals/queries';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { errorMessage } from '../i18n/labels';
import { menuFor, type MenuEntry } from '../navigation';
import { closestMenuPath } from './menu-path';
import { useSignOut } from '../session/actions';
import { useSession } from '../session/SessionContext';
import { LanguageSwitch } from '../ui/LanguageSwitch';

interface ProMenuItem {
  path: string;
  name: string;
  icon: ReactNode;
  children?: ProMenuItem[];
}

/** The signed-in frame: side menu (only what this user may use), header with search, language and the user menu. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const { message } = App.useApp();
  // The menu folds to icons below the lg breakpoint (tablets) unless the user chose otherwise.
  // Controlled here: ProLayout's own guess races the first media-query result and can start folded on a wide screen.
  const screens = Grid.useBreakpoint();
  const [collapsedByUser, setCollapsedByUser] = useState<boolean | null>(null);
  const collapsed = collapsedByUser ?? screens.lg === false;
  // The number of approvals waiting for me, on the menu entry (refreshed each minute and when a notification arrives).
  const inboxCount = useInbox().data?.count ?? 0;

  const route = useMemo(() => {
    const toPro = (e: MenuEntry): ProMenuItem => ({ path: e.path, name: t(e.label), icon: e.icon, children: e.children?.map(toPro) });
    return { path: '/', children: menuFor(can).map(toPro) };
    // i18n.language: rebuild the names when the language changes
  }, [can, t, i18n.language]);

  // ProLayout marks every entry whose path starts the address (/archive and /archive/paper on a paper
  // original's page): give it the one entry that matches most closely, so exactly one is highlighted.
  const menuPathname = useMemo(() => closestMenuPath(route.children, location.pathname), [route, location.pathname]);

  const company = me.company.companyName;
  useEffect(() => {
    document.title = company && company !== t('common.appName') ? `${company} · Salesdesk` : 'Salesdesk';
  }, [company, t]);

  const onUserMenu = async (key: string) => {
    if (key === 'profile') navigate('/profile');
    if (key === 'logout') {
      try {
        await signOut();
        navigate('/login', { replace: true, state: { signedOut: true } });
      } catch (e) {
        message.error(errorMessage(e));
      }
    }
  };

  return (
    <ProLayout
      title={company || 'Salesdesk'}
      logo="/favicon.svg"
      layout="mix"
      fixSiderbar
      fixedHeader
      siderWidth={224}
      collapsed={collapsed}
      onCollapse={setCollapsedByUser}
      breakpoint={false}
      location={{ pathname: menuPathname }}
      route={route}
      menu={{ locale: false }}
      pageTitleRender={false}
      onMenuHeaderClick={() => navigate('/')}
      menuItemRender={(item, dom) =>
        item.path ? (
          <Link to={item.path} data-testid="nav-item" data-path={item.path}>
            {item.path === '/approvals' && inboxCount > 0 ? (
              <Badge count={inboxCount} size="small" offset={[10, 0]} data-testid="approvals-badge">
                {dom}
              </Badge>
            ) : (
              dom
            )}
          </Link>
        ) : (
          dom
        )
      }
      subMenuItemRender={(item, dom) => (
        <span data-testid="nav-group" data-path={item.path}>
          {dom}
        </span>
      )}
      actionsRender={() => [<GlobalSearch key="search" />, <NotificationBell key="bell" />, <LanguageSwitch key="language" compact />]}
      avatarProps={{
        icon: <UserOutlined />,
        size: 'small',
        title: <span data-testid="user-menu-name">{me.user.displayName}</span>,
        render: (_props, dom) => (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'profile', icon: <UserOutlined />, label: t('header.profile') },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t('header.signOut')}</span> },
              ],
              onClick: ({ key }) => void onUserMenu(key),
            }}
          >
            <span data-testid="user-menu" style={{ cursor: 'pointer' }}>
              {dom}
            </span>
          </Dropdown>
        ),
      }}
      token={{
        header: { colorBgHeader: '#ffffff' },
        pageContainer: { paddingBlockPageContainerContent: 16, paddingInlinePageContainerContent: 24 },
      }}
    >
      {children}
    </ProLayout>
  );
}

