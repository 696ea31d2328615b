export { CustomerAnalysisPage } from './CustomerAnalysisPage';
export { AnalysisMembersPage } from './MembersPage';
