export { ApprovalsPage } from './ApprovalsPage';
export { ApprovalRequestPage } from './ApprovalRequestPage';
export { FlowsPage } from './FlowsPage';
