import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { startSmtpServer } from '../helpers/smtp';
import { parseMail } from './support/mail';

/**
 * Notifications: the live unread count over server-sent events (a real socket,
 * a real fetch), read / read-all, someone else's notification, the channel
 * choice per kind, and mails in the recipient's language through a real SMTP
 * server on loopback.
 */

/** Reads server-sent events from a fetch response, one frame at a time. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const frames: { event?: string; data?: string }[] = [];
  let pending: Promise<void> | undefined;
  const pump = async () => {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended');
    buffer += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      const frame: { event?: string; data?: string } = {};
      for (const line of raw.split('\n')) {
        if (line.startsWith('event:')) frame.event = line.slice(6).trim();
        else if (line.startsWith('data:')) frame.data = (frame.data ?? '') + line.slice(5).trim();
      }
      frames.push(frame);
    }
  };
  return {
    /** The next `event: <name>` frame's data, or an error after `timeoutMs`. */
    async next(name: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const idx = frames.findIndex((f) => f.event === name);
        if (idx >= 0) {
          const [f] = frames.splice(0, idx + 1).slice(-1);
          return JSON.parse(f.data ?? 'null');
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms`);
        pending ??= pump().finally(() => (pending = undefined));
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left));
        if ((await Promise.race([pending, timer])) === 'timeout') throw new Error(`no "${name}" event within ${timeoutMs} ms`);
      }
    },
    /** Whether a `name` frame arrives within `ms` (for "nothing happens" checks). */
    async arrives(name: string, ms: number): Promise<boolean> {
      try {
        await this.next(name, ms);
        return true;
      } catch {
        return false;
      }
    },
  };
}

describe('notifications', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let base: string;
  let manager: Session;
  let rep: Session;
  let repB: Session;
  let zh: Session;
  const streams: AbortController[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: smtp.url, mailFrom: 'Salesdesk <desk@test.example>' });
    const dep = await makeDepartment(t, 'Sales');
    const m = await makeUser(t, ['manager'], { departmentId: dep, name: 'Manager Wang' });
    manager = await signIn(t.app, m.email);
    rep = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep Zhang' })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep Li' })).email);
    zh = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: '陈销售' })).email);
    expect((await zh.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } })).statusCode).toBe(200);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of streams) c.abort();
    await t?.close();
    await smtp?.close();
  });

  async function openStream(s: Session | undefined) {
    const ctrl = new AbortController();
    streams.push(ctrl);
    const res = await fetch(`${base}/api/v1/notifications/stream`, { headers: s ? { cookie: s.cookie, accept: 'text/event-stream' } : {}, signal: ctrl.signal });
    return { res, events: res.status === 200 ? sseReader(res) : undefined };
  }

  async function assign(to: Session, title: string) {
    const res = await manager.request({ method: 'POST', url: '/api/v1/tasks', payload: { title, assigneeIds: [to.userId], dueOn: '2031-06-30' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const unread = async (s: Session) => (await s.request({ url: '/api/v1/notifications' })).json().unreadCount as number;

  it('pushes the unread count live over server-sent events', async () => {
    const anon = await openStream(undefined);
    expect(anon.res.status).toBe(401);

    const { res, events } = await openStream(rep);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    expect(await events!.next('unread')).toEqual({ count: 0 });
    const other = await openStream(repB);
    expect(await other.events!.next('unread')).toEqual({ count: 0 });

    // A manager gives the rep a task: the rep's badge goes up within a few seconds, nobody else's moves.
    const task = await assign(rep, 'Call back Shenzhen Optics');
    expect(await events!.next('unread', 10_000)).toEqual({ count: 1 });
    await assign(rep, 'Send the price list to Ningbo Valves');
    expect(await events!.next('unread', 10_000)).toEqual({ count: 2 });
    expect(await other.events!.arrives('unread', 300)).toBe(false);

    // Reading one, then all, is pushed too.
    const list = (await rep.request({ url: '/api/v1/notifications' })).json();
    const first = list.items.find((n: { entityId: string }) => n.entityId === task.id);
    expect(first).toMatchObject({ kind: 'task.assigned', readAt: null, link: `/tasks/${task.id}` });
    expect(first.title).toContain('Call back Shenzhen Optics');
    expect((await rep.request({ method: 'POST', url: `/api/v1/notifications/${first.id}/read` })).statusCode).toBe(200);
    expect(await events!.next('unread', 10_000)).toEqual({ count: 1 });
    const all = await rep.request({ method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(all.json()).toEqual({ updated: 1 });
    expect(await events!.next('unread', 10_000)).toEqual({ count: 0 });
    expect(await unread(rep)).toBe(0);
  });

  it('marks read only one’s own notifications: someone else’s is 404 and stays unread', async () => {
    await assign(repB, 'Visit the Hangzhou distributor');
    const theirs = (await repB.request({ url: '/api/v1/notifications?unread=true' })).json().items[0];
    const res = await rep.request({ method: 'POST', url: `/api/v1/notifications/${theirs.id}/read` });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const missing = await rep.request({ method: 'POST', url: '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read' });
    expect({ status: missing.statusCode, code: missing.json().code, title: missing.json().title }).toEqual({ status: 404, code: 'not_found', title: res.json().title });
    expect((await repB.request({ url: '/api/v1/notifications?unread=true' })).json().items.map((n: { id: string }) => n.id)).toContain(theirs.id);
    // read-all touches only the caller's.
    const before = await unread(repB);
    await rep.request({ method: 'POST', url: '/api/v1/notifications/read-all' });
    expect(await unread(repB)).toBe(before);
    // Nobody lists another's notifications.
    expect((await rep.request({ url: '/api/v1/notifications' })).json().items.map((n: { id: string }) => n.id)).not.toContain(theirs.id);
  });

  it('honours the channel choice per kind: email off keeps in-app, in-app off keeps the mail', async () => {
    const prefs = (await rep.request({ url: '/api/v1/notifications/preferences' })).json().items;
    expect(prefs.find((p: { kind: string }) => p.kind === 'task.assigned')).toEqual({ kind: 'task.assigned', inApp: true, email: true });
    const mailsTo = async (email: string, like: string) =>
      rawQuery<{ subject: string; notification_id: string | null; status: string }>(t.db.handle, `select subject, notification_id, status from mail_outbox where to_address = $1 and subject like $2`, [email, `%${like}%`]);
    const notesOf = async (userId: string, like: string) => rawQuery<{ id: string }>(t.db.handle, `select id from notifications where user_id = $1 and params->>'title' like $2`, [userId, `%${like}%`]);

    // Email off for task.assigned.
    let put = await rep.request({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { items: [{ kind: 'task.assigned', inApp: true, email: false }] } });
    expect(put.statusCode).toBe(200);
    expect(put.json().items.find((p: { kind: string }) => p.kind === 'task.assigned')).toEqual({ kind: 'task.assigned', inApp: true, email: false });
    await assign(rep, 'No mail please');
    expect(await notesOf(rep.userId, 'No mail please')).toHaveLength(1);
    expect(await mailsTo(rep.email, 'No mail please')).toEqual([]);
    // Another kind still mails: a comment on the task by the manager.
    await runDueJobs(t.db.handle);

    // In-app off, email on.
    put = await rep.request({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { items: [{ kind: 'task.assigned', inApp: false, email: true }] } });
    expect(put.statusCode).toBe(200);
    const countBefore = await unread(rep);
    await assign(rep, 'Mail only please');
    expect(await notesOf(rep.userId, 'Mail only please')).toEqual([]);
    expect(await unread(rep)).toBe(countBefore);
    const queued = await mailsTo(rep.email, 'Mail only please');
    expect(queued).toEqual([{ subject: expect.stringContaining('Mail only please'), notification_id: null, status: 'pending' }]);
    await runDueJobs(t.db.handle);
    expect((await mailsTo(rep.email, 'Mail only please'))[0].status).toBe('sent');
    const got = smtp.received.filter((m) => m.to.includes(rep.email)).map((m) => parseMail(m.raw));
    expect(got.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringContaining('Mail only please')]));
    expect(got.some((m) => m.subject.includes('No mail please'))).toBe(false);

    // Both off: nothing at all; other people are not affected by the rep's choice.
    await rep.request({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { items: [{ kind: 'task.assigned', inApp: false, email: false }] } });
    const task = await manager.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'Nothing at all', assigneeIds: [rep.userId, repB.userId] } });
    expect(task.statusCode).toBe(201);
    expect(await notesOf(rep.userId, 'Nothing at all')).toEqual([]);
    expect(await mailsTo(rep.email, 'Nothing at all')).toEqual([]);
    expect(await notesOf(repB.userId, 'Nothing at all')).toHaveLength(1);
    expect(await mailsTo(repB.email, 'Nothing at all')).toHaveLength(1);
  });

  it('refuses a preference for a kind that does not exist', async () => {
    const res = await rep.request({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { items: [{ kind: 'no.such.kind', inApp: false, email: false }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toMatch(/^items\.0\.kind/);
    expect(await rawQuery(t.db.handle, `select 1 from notification_preferences where kind = 'no.such.kind'`)).toEqual([]);
  });

  it('writes the mail in the recipient’s language (zh-CN subject and body)', async () => {
    const task = await assign(zh, '拜访苏州客户');
    const [outbox] = await rawQuery<{ subject: string; text_body: string }>(t.db.handle, `select subject, text_body from mail_outbox where to_address = $1`, [zh.email]);
    expect(outbox.subject).toBe(`新任务：${task.number} 拜访苏州客户`);
    expect(outbox.text_body).toContain('给您分配了任务');
    await runDueJobs(t.db.handle);
    const [mail] = smtp.received.filter((m) => m.to.includes(zh.email)).map((m) => parseMail(m.raw));
    expect(mail.subject).toBe(`新任务：${task.number} 拜访苏州客户`);
    expect(mail.text).toContain('Manager Wang 给您分配了任务');
    expect(mail.text).toContain('您收到此邮件是因为您在 Salesdesk 中的通知设置');
    expect(mail.headers['content-type']).toMatch(/charset=utf-8/i);
    // In the app too, the Chinese user reads Chinese; the English manager reads English about the same kind.
    const inApp = (await zh.request({ url: '/api/v1/notifications' })).json().items[0];
    expect(inApp.title).toBe(`新任务：${task.number} 拜访苏州客户`);
    await zh.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done', result: '已拜访' } });
    const managerNote = (await manager.request({ url: '/api/v1/notifications' })).json().items[0];
    expect(managerNote.kind).toBe('task.completed');
    expect(managerNote.title).toBe(`Task done: ${task.number} 拜访苏州客户`);
    await runDueJobs(t.db.handle);
    const toManager = smtp.received.filter((m) => m.to.includes(manager.email)).map((m) => parseMail(m.raw));
    expect(toManager.map((m) => m.subject)).toContain(`Task done: ${task.number} 拜访苏州客户`);
    // Every queued mail went out exactly once.
    const ids = smtp.received.map((m) => /Message-ID:\s*(\S+)/i.exec(m.raw)?.[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
