import { BarChartOutlined, DashboardOutlined, TableOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

const statistics = () => import('./index');

/** The statistics pages (menu group `statistics`, shared with the statements pages): routes, permissions and menu entries. */
export const statisticsPages: PageDef[] = [
  { path: '/statistics/sales', permission: 'sales:read', Component: lazyNamed(statistics, 'SalesReportPage'), menu: { group: 'statistics', label: 'nav.salesStatistics', icon: <BarChartOutlined />, order: 10 } },
  { path: '/statistics/dashboard', permission: 'sales:read', Component: lazyNamed(statistics, 'LeadersDashboardPage'), menu: { group: 'statistics', label: 'nav.leadersDashboard', icon: <DashboardOutlined />, order: 5 } },
  { path: '/statistics/pivot', permission: 'sales:read', Component: lazyNamed(statistics, 'PivotPage'), menu: { group: 'statistics', label: 'nav.salesPivot', icon: <TableOutlined />, order: 20 } },
];
