import { FundOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The expense pages: routes and menu entries (spread into navigation.tsx). Everyone sees their own expenses. */
const expenses = () => import('./index');

export const expensesPages: PageDef[] = [{ path: '/expenses/statistics', Component: lazyNamed(expenses, 'ExpenseStatsPage'), menu: { group: 'expenses', label: 'nav.expenseStats', icon: <FundOutlined />, order: 5 } }];
