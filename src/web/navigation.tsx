import { AppstoreOutlined, BarChartOutlined, FolderOpenOutlined, IdcardOutlined, ShoppingCartOutlined, AuditOutlined, ApartmentOutlined, CheckSquareOutlined, FieldTimeOutlined, BranchesOutlined, CarryOutOutlined, FileTextOutlined, HomeOutlined, MailOutlined, SafetyCertificateOutlined, ScheduleOutlined, SettingOutlined, TeamOutlined, ToolOutlined, UserOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import { lazyNamed, type MenuGroup, type NavLabel, type PageDef } from './page-def';
import { customersPages } from './features/customers/pages';
import { cataloguePages } from './features/catalogue/pages';
import { salesPages } from './features/sales/pages';
import { importsPages } from './features/imports/pages';
import { analysisPages } from './features/analysis/pages';
import { archivePages } from './features/archive/pages';
import { ledgerPages } from './features/ledger/pages';
import { suppliesPages } from './features/supplies/pages';
import { expensesPages } from './features/expenses/pages';
import { tripsPages } from './features/trips/pages';
import { AccountBookOutlined } from '@ant-design/icons';
import { statementsPages } from './features/statements/pages';
import { statisticsPages } from './features/statistics/pages';

export type { MenuGroup, NavLabel, PageDef };

/**
 * The one list of signed-in pages. Routes and the side menu are both derived from it,
 * so a page's permission is written once. A later module adds its entries here
 * (and its folder under features/); each feature folder is one lazily loaded chunk.
 */
const workbench = () => import('./features/workbench');
const users = () => import('./features/users');
const departments = () => import('./features/departments');
const roles = () => import('./features/roles');
const audit = () => import('./features/audit');
const settings = () => import('./features/settings');
const profile = () => import('./features/profile');
const approvals = () => import('./features/approvals');
const requests = () => import('./features/requests');
const tasks = () => import('./features/tasks');
const notifications = () => import('./features/notifications');
const system = () => import('./features/system');

export const menuGroups: MenuGroup[] = [
  { key: 'customers', path: '/group/customers', label: 'nav.customersGroup', icon: <IdcardOutlined />, order: 100 },
  { key: 'sales', path: '/group/sales', label: 'nav.salesGroup', icon: <ShoppingCartOutlined />, order: 200 },
  { key: 'catalogue', path: '/group/catalogue', label: 'nav.catalogueGroup', icon: <AppstoreOutlined />, order: 300 },
  { key: 'statistics', path: '/group/statistics', label: 'nav.statisticsGroup', icon: <BarChartOutlined />, order: 250 },
  { key: 'archive', path: '/group/archive', label: 'nav.archiveGroup', icon: <FolderOpenOutlined />, order: 400 },
  { key: 'expenses', path: '/group/expenses', label: 'nav.expensesGroup', icon: <AccountBookOutlined />, order: 500 },
  { key: 'admin', path: '/admin', label: 'nav.admin', icon: <ToolOutlined />, order: 1000 },
];

export const pages: PageDef[] = [
  { path: '/', Component: lazyNamed(workbench, 'WorkbenchPage'), menu: { label: 'nav.home', icon: <HomeOutlined />, order: 0 } },
  { path: '/people', permission: 'users:read', Component: lazyNamed(users, 'PeoplePage'), menu: { label: 'nav.people', icon: <TeamOutlined />, order: 900 } },
  { path: '/people/:id', permission: 'users:read', Component: lazyNamed(users, 'PersonPage') },
  { path: '/profile', Component: lazyNamed(profile, 'ProfilePage') },
  { path: '/approvals', Component: lazyNamed(approvals, 'ApprovalsPage'), menu: { label: 'nav.approvals', icon: <CheckSquareOutlined />, order: 10 } },
  { path: '/approvals/:id', Component: lazyNamed(approvals, 'ApprovalRequestPage') },
  { path: '/requests', Component: lazyNamed(requests, 'RequestsPage'), menu: { label: 'nav.requests', icon: <FileTextOutlined />, order: 20 } },
  { path: '/requests/new', permission: 'requests:use', Component: lazyNamed(requests, 'RequestNewPage') },
  { path: '/requests/:id', Component: lazyNamed(requests, 'RequestPage') },
  { path: '/requests/:id/edit', permission: 'requests:use', Component: lazyNamed(requests, 'RequestEditPage') },
  { path: '/tasks', permission: 'tasks:use', Component: lazyNamed(tasks, 'TasksPage'), menu: { label: 'nav.tasks', icon: <CarryOutOutlined />, order: 30 } },
  { path: '/tasks/board', permission: 'tasks:assign', Component: lazyNamed(tasks, 'BoardPage'), menu: { label: 'nav.taskBoard', icon: <ScheduleOutlined />, order: 31 } },
  { path: '/tasks/:id', permission: 'tasks:use', Component: lazyNamed(tasks, 'TaskPage') },
  { path: '/notifications', Component: lazyNamed(notifications, 'NotificationsPage') },
  { path: '/admin/users', permission: 'users:manage', Component: lazyNamed(users, 'UsersAdminPage'), menu: { group: 'admin', label: 'nav.users', icon: <UserOutlined />, order: 10 } },
  {
    path: '/admin/departments',
    permission: 'departments:manage',
    Component: lazyNamed(departments, 'DepartmentsPage'),
    menu: { group: 'admin', label: 'nav.departments', icon: <ApartmentOutlined />, order: 20 },
  },
  { path: '/admin/roles', permission: 'roles:read', Component: lazyNamed(roles, 'RolesPage'), menu: { group: 'admin', label: 'nav.roles', icon: <SafetyCertificateOutlined />, order: 30 } },
  { path: '/admin/audit', permission: 'audit:read', Component: lazyNamed(audit, 'AuditPage'), menu: { group: 'admin', label: 'nav.audit', icon: <AuditOutlined />, order: 40 } },
  { path: '/admin/settings', permission: 'settings:manage', Component: lazyNamed(settings, 'SettingsPage'), menu: { group: 'admin', label: 'nav.settings', icon: <SettingOutlined />, order: 50 } },
  {
    path: '/admin/approval-flows',
    permission: 'approvals:configure',
    Component: lazyNamed(approvals, 'FlowsPage'),
    menu: { group: 'admin', label: 'nav.approvalFlows', icon: <BranchesOutlined />, order: 60 },
  },
  { path: '/admin/mail', permission: 'settings:manage', Component: lazyNamed(system, 'MailSettingsPage'), menu: { group: 'admin', label: 'nav.mail', icon: <MailOutlined />, order: 70 } },
  { path: '/admin/jobs', permission: 'jobs:manage', Component: lazyNamed(system, 'JobsPage'), menu: { group: 'admin', label: 'nav.jobs', icon: <FieldTimeOutlined />, order: 80 } },
  // Each business module lists its own pages in features/<module>/pages.tsx.
  ...customersPages,
  ...salesPages,
  ...cataloguePages,
  ...importsPages,
  ...analysisPages,
  ...archivePages,
  ...ledgerPages,
  ...suppliesPages,
  ...expensesPages,
  ...tripsPages,
  ...statementsPages,
  ...statisticsPages,
];

export interface MenuEntry {
  path: string;
  label: NavLabel;
  icon: ReactNode;
  children?: MenuEntry[];
}

/** The menu for one user: only pages they may open, and a group only when it has something in it. */
export function menuFor(can: (permission: string) => boolean): MenuEntry[] {
  const visible = pages.filter((p) => p.menu && (!p.permission || can(p.permission)));
  const top: (MenuEntry & { order: number })[] = visible
    .filter((p) => !p.menu!.group)
    .map((p) => ({ path: p.path, label: p.menu!.label, icon: p.menu!.icon, order: p.menu!.order }));
  for (const g of menuGroups) {
    const children = visible
      .filter((p) => p.menu!.group === g.key)
      .sort((a, b) => a.menu!.order - b.menu!.order)
      .map((p) => ({ path: p.path, label: p.menu!.label, icon: p.menu!.icon }));
    if (children.length) top.push({ path: g.path, label: g.label, icon: g.icon, order: g.order, children });
  }
  return top.sort((a, b) => a.order - b.order).map(({ order: _order, ...e }) => e);
}

/**
 * Whether the web app has a page for a path (a link the server hands out, like
 * /tasks/<id>, may belong to a module whose pages are not built yet: no dead ends).
 */
export function hasPage(link: string): boolean {
  const pathname = link.split(/[?#]/)[0];
  return pages.some((p) => matchPath({ path: p.path, end: true }, pathname) !== null);
}
