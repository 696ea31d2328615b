import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { startSmtpServer } from '../helpers/smtp';

/** SMTP configured on the admin page (no SMTP_URL in the environment): masked, tested, used by the queue. */
describe('mail settings from the admin page', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: Session;
  let manager: Session;
  let rep: Session;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: undefined });
    const dep = await makeDepartment(t, 'Sales');
    admin = await signIn(t.app, (await makeUser(t, ['admin'], { departmentId: dep })).email);
    const m = await makeUser(t, ['manager'], { departmentId: dep });
    manager = await signIn(t.app, m.email);
    rep = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id })).email);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('keeps mails pending without SMTP, then sends them once an admin configures it', async () => {
    await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Waiting for SMTP', submit: true } });
    await runDueJobs(t.db.handle);
    const pending = await t.db.handle.db.selectFrom('mail_outbox').select(['id', 'status']).execute();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((p) => p.status === 'pending')).toBe(true);
    expect((await t.db.handle.db.selectFrom('jobs').select('id').where('status', '=', 'failed').execute()).length).toBe(0);

    const bad = await admin.request({ method: 'PUT', url: '/api/v1/settings/mail', payload: { smtpUrl: 'http://nope', from: 'Desk <d@test.example>', publicUrl: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('smtpUrl');

    const withPassword = smtp.url.replace('smtp://', 'smtp://desk:s3cret-pass@');
    const saved = await admin.request({ method: 'PUT', url: '/api/v1/settings/mail', payload: { smtpUrl: withPassword, from: 'Desk <d@test.example>', publicUrl: 'https://salesdesk.test.example' } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().smtpUrl).toContain(':********@');
    expect(saved.json().smtpUrl).not.toContain('s3cret');
    expect(saved.json().isConfigured).toBe(true);
    // Saving the masked URL back keeps the real password.
    await admin.request({ method: 'PUT', url: '/api/v1/settings/mail', payload: { smtpUrl: saved.json().smtpUrl, from: 'Desk <d@test.example>', publicUrl: 'https://salesdesk.test.example' } });
    const stored = await t.db.handle.db.selectFrom('settings').select('value').where('key', '=', 'mail').executeTakeFirstOrThrow();
    expect((stored.value as { smtpUrl: string }).smtpUrl).toBe(withPassword);
    // The audit log never holds the password.
    const audit = await t.db.handle.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'settings.mail_update').execute();
    expect(JSON.stringify(audit)).not.toContain('s3cret');

    const test = await admin.request({ method: 'POST', url: '/api/v1/settings/mail/test', payload: { to: 'admin-check@test.example' } });
    expect(test.statusCode).toBe(200);
    expect(smtp.received.some((m) => m.to.includes('admin-check@test.example'))).toBe(true);

    // The sweep sends what waited (pending for more than the grace period: here, pull it back).
    await t.db.handle.db.updateTable('mail_outbox').set({ created_at: new Date(Date.now() - 3_600_000) }).execute();
    const { sweepOutbox } = await import('../../src/server/platform/notifications/mailer');
    const { effectiveMailSettings } = await import('../../src/server/platform/notifications/mail-settings');
    const sent = await sweepOutbox(t.db.handle.db, await effectiveMailSettings(t.db.handle.db, t.config));
    expect(sent).toBe(pending.length);
    expect(smtp.received.some((m) => m.raw.includes('Waiting for SMTP'))).toBe(true);
    expect(await sweepOutbox(t.db.handle.db, await effectiveMailSettings(t.db.handle.db, t.config))).toBe(0);
  });

  it('is the admin’s alone', async () => {
    expect((await manager.request({ url: '/api/v1/settings/mail' })).statusCode).toBe(403);
    expect((await manager.request({ method: 'PUT', url: '/api/v1/settings/mail', payload: { smtpUrl: '', from: 'x <x@x.example>', publicUrl: '' } })).statusCode).toBe(403);
  });
});
