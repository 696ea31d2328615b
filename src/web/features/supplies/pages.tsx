import { BarChartOutlined, InboxOutlined, ShoppingOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The office supplies pages: routes, permissions and menu entries (spread into navigation.tsx). One lazy chunk. */
const supplies = () => import('./index');

export const suppliesPages: PageDef[] = [
  { path: '/supplies/requests', Component: lazyNamed(supplies, 'SupplyRequestsPage'), menu: { group: 'expenses', label: 'nav.supplyRequests', icon: <ShoppingOutlined />, order: 110 } },
  { path: '/supplies/requests/new', permission: 'requests:use', Component: lazyNamed(supplies, 'SupplyRequestFormPage') },
  { path: '/supplies/requests/:id', Component: lazyNamed(supplies, 'SupplyRequestPage') },
  { path: '/supplies', permission: 'requests:use', Component: lazyNamed(supplies, 'CataloguePage'), menu: { group: 'expenses', label: 'nav.supplies', icon: <InboxOutlined />, order: 120 } },
  { path: '/supplies/report', permission: 'supplies:manage', Component: lazyNamed(supplies, 'SupplyReportPage'), menu: { group: 'expenses', label: 'nav.supplyReport', icon: <BarChartOutlined />, order: 130 } },
];
