import { BookOutlined, CalendarOutlined, ClusterOutlined, FileDoneOutlined, PartitionOutlined, TableOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The ledger pages: routes, permissions and menu entries (spread into navigation.tsx). One lazy chunk. */
const ledger = () => import('./index');
const read = 'ledger:read';

export const ledgerPages: PageDef[] = [
  { path: '/ledger/entries', permission: read, Component: lazyNamed(ledger, 'EntriesPage'), menu: { group: 'expenses', label: 'nav.ledgerEntries', icon: <FileDoneOutlined />, order: 10 } },
  { path: '/ledger/entries/new', permission: 'ledger:post', Component: lazyNamed(ledger, 'EntryFormPage') },
  { path: '/ledger/entries/:id', permission: read, Component: lazyNamed(ledger, 'EntryPage') },
  { path: '/ledger/general', permission: read, Component: lazyNamed(ledger, 'GeneralLedgerPage'), menu: { group: 'expenses', label: 'nav.ledgerGeneral', icon: <BookOutlined />, order: 20 } },
  // Everyone may open their own employee ledger; the API refuses anything else.
  { path: '/ledger/subsidiary', Component: lazyNamed(ledger, 'SubsidiaryLedgerPage'), menu: { group: 'expenses', label: 'nav.ledgerSubsidiary', icon: <PartitionOutlined />, order: 30 } },
  { path: '/ledger/trial-balance', permission: read, Component: lazyNamed(ledger, 'TrialBalancePage'), menu: { group: 'expenses', label: 'nav.ledgerTrialBalance', icon: <TableOutlined />, order: 40 } },
  { path: '/ledger/accounts', permission: read, Component: lazyNamed(ledger, 'AccountsPage'), menu: { group: 'expenses', label: 'nav.ledgerAccounts', icon: <ClusterOutlined />, order: 50 } },
  { path: '/ledger/periods', permission: read, Component: lazyNamed(ledger, 'PeriodsPage'), menu: { group: 'expenses', label: 'nav.ledgerPeriods', icon: <CalendarOutlined />, order: 60 } },
];

