import crypto from 'node:crypto';
import { createGeneralRequest } from '../../src/server/modules/requests/requests.service';
import { createTask } from '../../src/server/modules/tasks/tasks.service';
import { rawQuery } from '../helpers/sql';
import type { MatrixContext, SignedIn } from './matrix';

/** Records made for matrix rows through the real services (or, for plain rows no service makes on demand, SQL). */

type Person = SignedIn | 'repB';

/** A 1×1 PNG: an image every purpose accepts and the preview can show. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A multipart/form-data body with one file field. */
export function multipart(filename: string, content: Buffer, mime = 'image/png', field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----salesdesk${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a small PNG as this person (through the API: the file store is the app's). */
export async function uploadAs(ctx: MatrixContext, who: Person, link?: { entityType: string; entityId: string }): Promise<string> {
  const query = link ? `?entityType=${encodeURIComponent(link.entityType)}&entityId=${encodeURIComponent(link.entityId)}` : '';
  const { payload, headers } = multipart(`${ctx.unique('scan')}.png`, PNG);
  const res = await ctx.sessions[who].request({ method: 'POST', url: `/api/v1/files${query}`, payload, headers });
  if (res.statusCode !== 201) throw new Error(`upload as ${who}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A draft general request of this person. */
export async function draftOf(ctx: MatrixContext, who: Person): Promise<string> {
  const r = await createGeneralRequest(ctx.t.db.handle.db, ctx.actors[who], { title: ctx.unique('Toner for the printer') });
  return r.id;
}

/** A general request of this person, submitted and waiting for approval: its id and its approval request's. */
export async function pendingOf(ctx: MatrixContext, who: Person, amount = 10_000): Promise<{ id: string; approvalId: string }> {
  const r = await createGeneralRequest(ctx.t.db.handle.db, ctx.actors[who], { title: ctx.unique('Courier to Shenzhen'), amount, submit: true });
  if (r.status !== 'pending' || !r.approvalRequestId) throw new Error(`request of ${who} is ${r.status}, not pending`);
  return { id: r.id, approvalId: r.approvalRequestId };
}

/** A task given by `creator` to `assignees`. */
export async function taskOf(ctx: MatrixContext, creator: Person, assignees: Person[]): Promise<string> {
  const t = await createTask(ctx.t.db.handle.db, ctx.actors[creator], { title: ctx.unique('Call the customer back'), assigneeIds: assignees.map((a) => ctx.users[a].id) });
  return t.id;
}

/** A notification for this person (notifications are made by other modules' events; a plain row is enough here). */
export async function notificationOf(ctx: MatrixContext, who: Person): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(
    ctx.t.db.handle,
    `insert into notifications (user_id, kind, params, link) values ($1, 'task.commented', '{"title":"T-1","actor":"x","comment":"y"}', '/tasks') returning id`,
    [ctx.users[who].id],
  );
  return row.id;
}

/** A job that failed for good, for the admin's retry and cancel. */
export async function failedJob(ctx: MatrixContext): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(
    ctx.t.db.handle,
    `insert into jobs (queue, payload, status, attempts, max_attempts, last_error, finished_at) values ('matrix.noop', '{}', 'failed', 5, 5, 'boom', now()) returning id`,
  );
  return row.id;
}

export const today = () => new Date().toISOString().slice(0, 10);
export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
