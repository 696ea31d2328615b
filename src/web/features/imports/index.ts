export { ImportsPage } from './ImportsPage';
export { ImportWizardPage } from './ImportWizardPage';
export { ImportBatchPage } from './ImportBatchPage';
