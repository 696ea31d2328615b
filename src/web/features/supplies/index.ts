export { CataloguePage } from './CataloguePage';
export { SupplyRequestsPage } from './RequestsPage';
export { SupplyRequestFormPage } from './RequestFormPage';
export { SupplyRequestPage } from './RequestPage';
export { SupplyReportPage } from './ReportPage';
