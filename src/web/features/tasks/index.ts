export { TasksPage } from './TasksPage';
export { TaskPage } from './TaskPage';
export { BoardPage } from './BoardPage';
