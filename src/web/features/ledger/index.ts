export { AccountsPage } from './AccountsPage';
export { EntriesPage } from './EntriesPage';
export { EntryPage } from './EntryPage';
export { EntryFormPage } from './EntryFormPage';
export { GeneralLedgerPage, SubsidiaryLedgerPage, TrialBalancePage } from './ReportsPages';
export { PeriodsPage } from './PeriodsPage';
