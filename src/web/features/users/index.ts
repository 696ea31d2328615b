export { PeoplePage, UsersAdminPage } from './pages';
export { PersonPage } from './PersonPage';
