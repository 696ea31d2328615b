import { ContactsOutlined, IdcardOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

const customers = () => import('./index');

/** The customers pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const customersPages: PageDef[] = [
  { path: '/customers', permission: 'customers:read', Component: lazyNamed(customers, 'CustomersPage'), menu: { group: 'customers', label: 'nav.customers', icon: <IdcardOutlined />, order: 10 } },
  { path: '/customers/new', permission: 'customers:write', Component: lazyNamed(customers, 'CustomerNewPage') },
  { path: '/customers/:id', permission: 'customers:read', Component: lazyNamed(customers, 'CustomerPage') },
  { path: '/customers/:id/edit', permission: 'customers:write', Component: lazyNamed(customers, 'CustomerEditPage') },
  { path: '/contacts', permission: 'customers:read', Component: lazyNamed(customers, 'ContactsPage'), menu: { group: 'customers', label: 'nav.contacts', icon: <ContactsOutlined />, order: 20 } },
];
