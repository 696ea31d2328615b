export { SalesReportPage } from './ReportPage';
export { LeadersDashboardPage } from './DashboardPage';
export { PivotPage } from './PivotPage';
