import { CalendarOutlined, DashboardOutlined, FileDoneOutlined, FormOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The statements pages: routes, permissions and menu entries in the "Statistics" group (spread into navigation.tsx). One lazy chunk. */
const statements = () => import('./index');

export const statementsPages: PageDef[] = [
  { path: '/statements', permission: 'statements:submit', Component: lazyNamed(statements, 'StatementsPage'), menu: { group: 'statistics', label: 'nav.myStatements', icon: <FormOutlined />, order: 50 } },
  { path: '/statements/board', permission: 'statements:review', Component: lazyNamed(statements, 'BoardPage'), menu: { group: 'statistics', label: 'nav.statementsBoard', icon: <DashboardOutlined />, order: 60 } },
  { path: '/statements/calendar', permission: 'statements:review', Component: lazyNamed(statements, 'CalendarPage'), menu: { group: 'statistics', label: 'nav.statementsCalendar', icon: <CalendarOutlined />, order: 70 } },
  { path: '/statements/reports', permission: 'statements:review', Component: lazyNamed(statements, 'ReportsPage'), menu: { group: 'statistics', label: 'nav.departmentReports', icon: <FileDoneOutlined />, order: 80 } },
  { path: '/statements/reports/:id', Component: lazyNamed(statements, 'ReportPage') },
  { path: '/statements/:id', Component: lazyNamed(statements, 'StatementPage') },
];
