import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runDueJobs, tickSchedules, syncSchedules } from '../../src/server/platform/jobs/jobs.service';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { startSmtpServer } from '../helpers/smtp';

/**
 * The shared services end to end, the way the "done when" reads: a rep
 * submits a general request with an attachment; the manager sees it in the inbox,
 * gets the in-app notification and the email; approves; the rep is notified; the
 * history shows every step. An overdue task is escalated by the scheduler.
 */
describe('general request through approval, with mail and notifications', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let rep: Session;
  let manager: Session;
  let finance: Session;
  let otherRep: Session;
  let managerId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: smtp.url, mailFrom: 'Salesdesk <desk@test.example>' });
    const dep = await makeDepartment(t, 'Sales');
    const m = await makeUser(t, ['manager'], { departmentId: dep, name: 'Manager Wang' });
    managerId = m.id;
    const r = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep Zhang' });
    const r2 = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep Li' });
    const f = await makeUser(t, ['finance'], { departmentId: dep, name: 'Finance Zheng' });
    rep = await signIn(t.app, r.email);
    manager = await signIn(t.app, m.email);
    finance = await signIn(t.app, f.email);
    otherRep = await signIn(t.app, r2.email);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('runs the whole approval with an attachment, notifications, mail and history', async () => {
    // Upload the attachment first, then submit the request naming it.
    const boundary = '----sdtest';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="报价单 quote.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await rep.request({ method: 'POST', url: '/api/v1/files?purpose=attachment', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(up.statusCode).toBe(201);
    const file = up.json();
    expect(file.name).toBe('报价单 quote.pdf');
    expect(file.mime).toBe('application/pdf');

    const created = await rep.request({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { title: 'Printer toner for the Shanghai office', body: 'Two cartridges', amount: 123456, submit: true, fileIds: [file.id] },
    });
    expect(created.statusCode).toBe(201);
    const gr = created.json();
    expect(gr.status).toBe('pending');
    expect(gr.number).toMatch(/^GR-\d{4}-00001$/);

    // The manager's inbox, notification and mail.
    const inbox = (await manager.request({ url: '/api/v1/approvals/inbox' })).json();
    expect(inbox.count).toBe(1);
    expect(inbox.items[0].docId).toBe(gr.id);
    const notes = (await manager.request({ url: '/api/v1/notifications' })).json();
    expect(notes.unreadCount).toBe(1);
    expect(notes.items[0].kind).toBe('approval.pending');
    expect(notes.items[0].title).toContain('Printer toner');
    expect(await runDueJobs(t.db.handle)).toBeGreaterThanOrEqual(1);
    const mailToManager = smtp.received.filter((m) => m.to.includes(manager.email));
    expect(mailToManager).toHaveLength(1);
    expect(mailToManager[0].raw).toContain('Printer toner');
    // Running the queue again sends nothing twice.
    await runDueJobs(t.db.handle);
    expect(smtp.received.filter((m) => m.to.includes(manager.email))).toHaveLength(1);

    // The manager may read the attachment; another rep may not (404 from every door).
    const files = (await manager.request({ url: `/api/v1/files?entityType=general_request&entityId=${gr.id}` })).json();
    expect(files.items.map((f: { id: string }) => f.id)).toEqual([file.id]);
    const dl = await manager.request({ url: `/api/v1/files/${file.id}/download` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95");
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect((await otherRep.request({ url: `/api/v1/files/${file.id}/download` })).statusCode).toBe(404);
    expect((await otherRep.request({ url: `/api/v1/requests/${gr.id}` })).statusCode).toBe(404);
    expect((await otherRep.request({ url: `/api/v1/approvals/requests/${gr.approvalRequestId}` })).statusCode).toBe(404);

    // Approve: amount 1,234.56 is under the finance threshold (5,000.00), so one step.
    const approved = await manager.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/approve`, payload: { comment: 'OK' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect((await rep.request({ url: `/api/v1/requests/${gr.id}` })).json().status).toBe('approved');
    // A second approval of the same request is a conflict, not a second outcome.
    expect((await manager.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/approve`, payload: {} })).statusCode).toBe(409);

    const repNotes = (await rep.request({ url: '/api/v1/notifications' })).json();
    expect(repNotes.items[0].kind).toBe('approval.approved');
    await runDueJobs(t.db.handle);
    expect(smtp.received.some((m) => m.to.includes(rep.email) && m.raw.includes('approved'))).toBe(true);

    const history = (await rep.request({ url: `/api/v1/approvals/history?docType=general_request&docId=${gr.id}` })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'approve']);
    expect(history.items[1].actorName).toBe('Manager Wang');
    expect(history.items[1].comment).toBe('OK');
  });

  it('adds the finance step over the threshold and needs a reason to reject', async () => {
    const gr = (await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Trade show booth', amount: 900_000, submit: true } })).json();
    const req = (await rep.request({ url: `/api/v1/approvals/requests/${gr.approvalRequestId}` })).json();
    expect(req.steps.map((s: { name: string }) => s.name)).toEqual(['Manager', 'Finance']);
    expect((await finance.request({ url: '/api/v1/approvals/inbox' })).json().count).toBe(0);
    await manager.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/approve`, payload: {} });
    expect((await finance.request({ url: '/api/v1/approvals/inbox' })).json().count).toBe(1);
    const noReason = await finance.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/reject`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('comment');
    const rejected = await finance.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/reject`, payload: { comment: 'Over budget' } });
    expect(rejected.json().status).toBe('rejected');
    expect((await rep.request({ url: `/api/v1/requests/${gr.id}` })).json().status).toBe('rejected');
  });

  it('returns for changes, the submitter edits and resubmits, then withdraws', async () => {
    const gr = (await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Taxi receipts', amount: 8800, submit: true } })).json();
    await manager.request({ method: 'POST', url: `/api/v1/approvals/requests/${gr.approvalRequestId}/return`, payload: { comment: 'Add the dates' } });
    const returned = (await rep.request({ url: `/api/v1/requests/${gr.id}` })).json();
    expect(returned.status).toBe('returned');
    expect(returned.canEdit).toBe(true);
    const edited = (await rep.request({ method: 'PATCH', url: `/api/v1/requests/${gr.id}`, payload: { body: '3 and 4 March', version: returned.version } })).json();
    const again = (await rep.request({ method: 'POST', url: `/api/v1/requests/${gr.id}/submit`, payload: { version: edited.version } })).json();
    expect(again.status).toBe('pending');
    const w = await rep.request({ method: 'POST', url: `/api/v1/approvals/requests/${again.approvalRequestId}/withdraw`, payload: {} });
    expect(w.json().status).toBe('withdrawn');
    const history = (await rep.request({ url: `/api/v1/approvals/history?docType=general_request&docId=${gr.id}` })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'return', 'submit', 'withdraw']);
  });

  it('retries a mail the SMTP server refused, and sends it once', async () => {
    await runDueJobs(t.db.handle); // earlier tests' mails go out first
    smtp.failNext(1);
    const retryMails = () => smtp.received.filter((m) => m.raw.includes('Retry me'));
    await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Retry me', submit: true } });
    await runDueJobs(t.db.handle);
    expect(retryMails()).toHaveLength(0);
    // The failed job is due again after its backoff: pull it forward.
    await sql`update jobs set run_at = now() where status = 'queued'`.execute(t.db.handle.db);
    await runDueJobs(t.db.handle);
    expect(retryMails()).toHaveLength(1);
    const outbox = await t.db.handle.db.selectFrom('mail_outbox').select(['status', 'attempts']).where('subject', 'like', '%Retry me%').execute();
    expect(outbox).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('escalates an overdue task to the manager through the scheduler', async () => {
    const task = await manager.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'Send the quarterly statement', assigneeIds: [rep.userId], dueOn: '2020-01-06', priority: 'high' } });
    expect(task.statusCode).toBe(201);
    expect(task.json().isOverdue).toBe(true);
    // The scheduler fires the reminders job (as the worker does every few seconds).
    await syncSchedules(t.db.handle.db);
    await sql`update job_schedules set next_run_at = now() - interval '1 minute' where name = 'reminders'`.execute(t.db.handle.db);
    expect(await tickSchedules(t.db.handle.db)).toBe(1);
    await runDueJobs(t.db.handle);
    const managerNotes = (await manager.request({ url: '/api/v1/notifications' })).json();
    expect(managerNotes.items.some((n: { kind: string; title: string }) => n.kind === 'reminder.escalated' && n.title.includes('Send the quarterly statement'))).toBe(true);
    const repNotes = (await rep.request({ url: '/api/v1/notifications' })).json();
    expect(repNotes.items.some((n: { kind: string }) => n.kind === 'reminder.overdue')).toBe(true);
    // A second scan sends nothing again.
    expect(await scanReminders(t.db.handle.db)).toBe(0);
    const board = (await manager.request({ url: '/api/v1/tasks/board' })).json();
    expect(board.items.find((b: { userId: string }) => b.userId === rep.userId).overdue).toBe(1);
    // Completing needs a result, then stops the reminders and tells the manager.
    const id = task.json().id;
    expect((await rep.request({ method: 'POST', url: `/api/v1/tasks/${id}/progress`, payload: { status: 'done' } })).statusCode).toBe(400);
    const done = (await rep.request({ method: 'POST', url: `/api/v1/tasks/${id}/progress`, payload: { status: 'done', result: 'Sent on Monday' } })).json();
    expect(done.status).toBe('done');
    const rem = await t.db.handle.db.selectFrom('reminders').select('status').where('entity_id', '=', id).execute();
    expect(rem.every((r) => r.status === 'done')).toBe(true);
    expect((await manager.request({ url: '/api/v1/notifications' })).json().items[0].kind).toBe('task.completed');
    expect(managerId).toBeTruthy();
  });

  it('shows what needs me on the workbench', async () => {
    await rep.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Workbench check', submit: true } });
    const wb = (await manager.request({ url: '/api/v1/workbench' })).json();
    const keys = wb.sections.map((s: { key: string }) => s.key);
    expect(keys).toContain('approvals');
    expect(wb.sections.find((s: { key: string }) => s.key === 'approvals').count).toBeGreaterThanOrEqual(1);
    const search = (await manager.request({ url: '/api/v1/search?q=Workbench' })).json();
    expect(search.items.some((h: { kind: string }) => h.kind === 'general_request')).toBe(true);
    const repSearch = (await otherRep.request({ url: '/api/v1/search?q=Workbench' })).json();
    expect(repSearch.items.some((h: { kind: string }) => h.kind === 'general_request')).toBe(false);
  });
});
