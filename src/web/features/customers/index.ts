export { CustomersPage } from './CustomersPage';
export { CustomerNewPage, CustomerEditPage } from './CustomerFormPage';
export { CustomerPage } from './CustomerPage';
export { ContactsPage } from './ContactsPage';
