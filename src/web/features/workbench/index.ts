export { WorkbenchPage } from './WorkbenchPage';
export { workbenchCards, type WorkbenchCard, type WorkbenchContext } from './cards';
