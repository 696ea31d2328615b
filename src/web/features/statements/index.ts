export { StatementsPage } from './StatementsPage';
export { StatementPage } from './StatementPage';
export { BoardPage } from './BoardPage';
export { CalendarPage } from './CalendarPage';
export { ReportPage, ReportsPage } from './ReportPage';
