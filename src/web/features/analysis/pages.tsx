import { PieChartOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

const analysis = () => import('./index');

/** The analysis pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const analysisPages: PageDef[] = [
  {
    path: '/analysis/customers',
    permission: 'analysis:read',
    Component: lazyNamed(analysis, 'CustomerAnalysisPage'),
    menu: { group: 'customers', label: 'nav.customerAnalysis', icon: <PieChartOutlined />, order: 40 },
  },
  { path: '/analysis/customers/members', permission: 'analysis:read', Component: lazyNamed(analysis, 'AnalysisMembersPage') },
];
