export { JobsPage } from './JobsPage';
export { MailSettingsPage } from './MailSettingsPage';
