import { statuses, type MatrixModule } from './matrix';

/** Mail (SMTP) settings are the admin's; everyone else is refused the action. */
export const mailSettingsMatrix: MatrixModule = {
  name: 'mail settings',
  rows: [
    { name: 'mail settings', method: 'GET', route: '/api/v1/settings/mail', expect: statuses(403, { admin: 200 }) },
    {
      name: 'save mail settings',
      method: 'PUT',
      route: '/api/v1/settings/mail',
      body: () => ({ smtpUrl: '', from: 'Salesdesk <desk@test.example>', publicUrl: '' }),
      expect: statuses(403, { admin: 200 }),
    },
    {
      // No SMTP server in the matrix world: the admin's call is a clear 400 naming smtpUrl, the others 403.
      name: 'send a test mail',
      method: 'POST',
      route: '/api/v1/settings/mail/test',
      body: () => ({ to: 'someone@test.example' }),
      expect: statuses(403, { admin: 400 }),
    },
  ],
};
