export { ExpenseStatsPage } from './ExpenseStatsPage';
