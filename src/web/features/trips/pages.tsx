import { CarOutlined, ReconciliationOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** Business trips and reimbursement claims: routes and menu entries (spread into navigation.tsx). Everyone plans and claims; the API narrows. */
const trips = () => import('./index');

export const tripsPages: PageDef[] = [
  { path: '/trips', permission: 'expenses:use', Component: lazyNamed(trips, 'TripsPage'), menu: { group: 'expenses', label: 'nav.trips', icon: <CarOutlined />, order: 1 } },
  { path: '/trips/new', permission: 'expenses:use', Component: lazyNamed(trips, 'TripFormPage') },
  { path: '/trips/:id/edit', permission: 'expenses:use', Component: lazyNamed(trips, 'TripFormPage') },
  { path: '/trips/:id', permission: 'expenses:use', Component: lazyNamed(trips, 'TripPage') },
  { path: '/claims', permission: 'expenses:use', Component: lazyNamed(trips, 'ClaimsPage'), menu: { group: 'expenses', label: 'nav.claims', icon: <ReconciliationOutlined />, order: 2 } },
  { path: '/claims/new', permission: 'expenses:use', Component: lazyNamed(trips, 'ClaimFormPage') },
  { path: '/claims/:id/edit', permission: 'expenses:use', Component: lazyNamed(trips, 'ClaimFormPage') },
  { path: '/claims/:id', permission: 'expenses:use', Component: lazyNamed(trips, 'ClaimPage') },
];
