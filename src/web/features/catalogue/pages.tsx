import { ApartmentOutlined, DollarOutlined, EnvironmentOutlined, ShoppingOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

const catalogue = () => import('./index');

/**
 * The catalogue pages: routes, permissions and menu entries (spread into navigation.tsx).
 * Reading needs what the server needs for reading (the territory tree is read with
 * customers:read); managing is checked inside the pages and, again, by the server.
 */
export const cataloguePages: PageDef[] = [
  { path: '/products', permission: 'products:read', Component: lazyNamed(catalogue, 'ProductsPage'), menu: { group: 'catalogue', label: 'nav.products', icon: <ShoppingOutlined />, order: 10 } },
  {
    path: '/products/categories',
    permission: 'products:read',
    Component: lazyNamed(catalogue, 'CategoriesPage'),
    menu: { group: 'catalogue', label: 'nav.productCategories', icon: <ApartmentOutlined />, order: 20 },
  },
  { path: '/products/:id', permission: 'products:read', Component: lazyNamed(catalogue, 'ProductPage') },
  { path: '/price-lists', permission: 'products:read', Component: lazyNamed(catalogue, 'PriceListsPage'), menu: { group: 'catalogue', label: 'nav.priceLists', icon: <DollarOutlined />, order: 30 } },
  { path: '/price-lists/:id', permission: 'products:read', Component: lazyNamed(catalogue, 'PriceListPage') },
  { path: '/regions', permission: 'customers:read', Component: lazyNamed(catalogue, 'RegionsPage'), menu: { group: 'catalogue', label: 'nav.regions', icon: <EnvironmentOutlined />, order: 40 } },
];
