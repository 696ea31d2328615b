export { RequestsPage } from './RequestsPage';
export { RequestEditPage, RequestNewPage } from './RequestFormPage';
export { RequestPage } from './RequestPage';
