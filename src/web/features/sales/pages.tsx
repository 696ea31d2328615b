import { AuditOutlined, CommentOutlined, RollbackOutlined, ShoppingOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The sales pages: routes, permissions and menu entries (spread into navigation.tsx). One lazy chunk. */
const sales = () => import('./index');
const read = 'sales:read';
const write = 'sales:write';

export const salesPages: PageDef[] = [
  { path: '/sales/orders', permission: read, Component: lazyNamed(sales, 'OrdersPage'), menu: { group: 'sales', label: 'nav.orders', icon: <ShoppingOutlined />, order: 10 } },
  { path: '/sales/orders/new', permission: write, Component: lazyNamed(sales, 'OrderNewPage') },
  { path: '/sales/orders/:id', permission: read, Component: lazyNamed(sales, 'OrderPage') },
  { path: '/sales/orders/:id/edit', permission: write, Component: lazyNamed(sales, 'OrderEditPage') },
  { path: '/sales/returns', permission: read, Component: lazyNamed(sales, 'ReturnsPage'), menu: { group: 'sales', label: 'nav.returns', icon: <RollbackOutlined />, order: 20 } },
  { path: '/sales/returns/new', permission: write, Component: lazyNamed(sales, 'ReturnNewPage') },
  { path: '/sales/returns/:id', permission: read, Component: lazyNamed(sales, 'ReturnPage') },
  { path: '/sales/contracts', permission: read, Component: lazyNamed(sales, 'ContractsPage'), menu: { group: 'sales', label: 'nav.contracts', icon: <AuditOutlined />, order: 30 } },
  { path: '/sales/contracts/new', permission: write, Component: lazyNamed(sales, 'ContractNewPage') },
  { path: '/sales/contracts/:id', permission: read, Component: lazyNamed(sales, 'ContractPage') },
  { path: '/sales/contracts/:id/edit', permission: write, Component: lazyNamed(sales, 'ContractEditPage') },
  { path: '/sales/negotiations', permission: read, Component: lazyNamed(sales, 'NegotiationsPage'), menu: { group: 'sales', label: 'nav.negotiations', icon: <CommentOutlined />, order: 40 } },
  { path: '/sales/negotiations/new', permission: write, Component: lazyNamed(sales, 'NegotiationNewPage') },
  { path: '/sales/negotiations/:id', permission: read, Component: lazyNamed(sales, 'NegotiationPage') },
  { path: '/sales/negotiations/:id/edit', permission: write, Component: lazyNamed(sales, 'NegotiationEditPage') },
];
