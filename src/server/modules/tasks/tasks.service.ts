import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { inScope, recordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { canReadEntity, entityLabel, registerEntity } from '../../platform/files/entity-access';
import { linkFile } from '../../platform/files/files.service';
import { notify } from '../../platform/notifications/notifications.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { closeReminders, upsertReminder } from '../../platform/reminders/reminders.service';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import type { CreateTaskInput, ListTasksQuery, TaskDto, UpdateTaskInput } from './tasks.schema';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const TASK = 'task';
const taskLink = (id: string) => `/tasks/${id}`;

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['executeTakeFirstOrThrow']>>;

function selectTasks(db: Db | Trx) {
  return db.selectFrom('tasks as t').innerJoin('users as c', 'c.id', 't.created_by').selectAll('t').select('c.display_name as created_by_name');
}

async function toDtos(db: Db | Trx, actor: Actor, rows: TaskRow[]): Promise<TaskDto[]> {
  if (!rows.length) return [];
  const today = await businessToday(db);
  const assignees = await db
    .selectFrom('task_assignees as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.task_id', 'a.user_id', 'u.display_name', 'a.status', 'a.result', 'a.completed_at'])
    .where('a.task_id', 'in', rows.map((r) => r.id))
    .orderBy('u.display_name')
    .execute();
  const out: TaskDto[] = [];
  for (const r of rows) {
    const mine = assignees.filter((a) => a.task_id === r.id);
    const related = r.related_type && r.related_id ? { type: r.related_type, id: r.related_id, ...(await entityLabel(db, r.related_type, r.related_id)) } : null;
    const active = r.status === 'open' || r.status === 'in_progress';
    out.push({
      id: r.id,
      number: r.number,
      title: r.title,
      description: r.description,
      dueOn: r.due_on,
      priority: r.priority,
      status: r.status,
      createdBy: r.created_by,
      createdByName: r.created_by_name,
      departmentId: r.department_id,
      related: related ? { type: related.type, id: related.id, label: related.label ?? null, link: related.link ?? null } : null,
      assignees: mine.map((a) => ({ userId: a.user_id, name: a.display_name, status: a.status, result: a.result, completedAt: a.completed_at?.toISOString() ?? null })),
      isOverdue: active && !!r.due_on && r.due_on < today,
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
      completedAt: r.completed_at?.toISOString() ?? null,
      canEdit: active && (r.created_by === actor.userId || actor.roles.includes('admin')),
      canUpdateOwnPart: active && mine.some((a) => a.user_id === actor.userId),
    });
  }
  return out;
}

/**
 * Who sees a task: its creator, its assignees, whoever's scope covers the task's
 * department or one of its assignees' (a manager sees the department's tasks), admins.
 */
async function canRead(db: Db | Trx, actor: Actor, task: { id: string; created_by: string; department_id: string | null }): Promise<boolean> {
  const scope = await recordScope(db, actor);
  if (inScope(scope, task.created_by, task.department_id)) return true;
  const assignees = await db.selectFrom('task_assignees as a').innerJoin('users as u', 'u.id', 'a.user_id').select(['a.user_id', 'u.department_id']).where('a.task_id', '=', task.id).execute();
  return assignees.some((a) => a.user_id === actor.userId || inScope(scope, a.user_id, a.department_id));
}

async function loadReadable(db: Db | Trx, actor: Actor, id: string): Promise<TaskRow> {
  const row = await selectTasks(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(TASK, id);
  if (!(await canRead(db, actor, row))) throw deniedAsNotFound(TASK, id);
  return row;
}

/** Anyone may give themselves a task; giving one to others needs tasks:assign and the people in one's own scope. */
async function checkAssignees(trx: Trx, actor: Actor, ids: string[]) {
  const others = ids.filter((id) => id !== actor.userId);
  if (others.length && !can(actor, 'tasks:assign')) throw new AppError('forbidden', 'Your role may only assign tasks to yourself');
  const rows = await trx.selectFrom('users').select(['id', 'department_id', 'is_active']).where('id', 'in', ids).execute();
  const scope = await recordScope(trx, actor);
  for (const id of ids) {
    const u = rows.find((r) => r.id === id);
    if (!u || !u.is_active) throw new AppError('validation_failed', 'No such active user', { fields: [{ field: 'assigneeIds', code: 'not_found', message: `No such active user: ${id}` }] });
    if (id !== actor.userId && !inScope(scope, id, u.department_id)) {
      throw new AppError('validation_failed', 'You may assign tasks only to people in your department', { fields: [{ field: 'assigneeIds', code: 'out_of_scope', message: `Not in your department: ${id}` }] });
    }
  }
}

async function remindAssignees(trx: Trx, task: { id: string; number: string; title: string; due_on: string | null }, userIds: string[]) {
  if (!task.due_on) return;
  for (const userId of userIds) {
    await upsertReminder(trx, { entityType: TASK, entityId: task.id, userId, title: `${task.number} ${task.title}`, link: taskLink(task.id), dueOn: task.due_on, remindDaysBefore: 1, remindOnDue: true, escalateAfterDays: 0 });
  }
}

/** A leader (or anyone, for themselves) gives a task to one or more people; they are notified and reminded. */
export async function createTask(db: Db, actor: Actor, input: CreateTaskInput): Promise<TaskDto> {
  requirePermission(actor, 'tasks:use');
  return db.transaction().execute(async (trx) => {
    const assigneeIds = [...new Set(input.assigneeIds)];
    await checkAssignees(trx, actor, assigneeIds);
    if (input.related && !(await canReadEntity(trx, actor, input.related.type, input.related.id))) {
      throw new AppError('validation_failed', 'The related record was not found', { fields: [{ field: 'related', code: 'not_found', message: 'The related record was not found' }] });
    }
    const year = Number((await businessToday(trx)).slice(0, 4));
    const number = await nextNumber(trx, TASK, year, 'TSK', 5);
    const row = await trx
      .insertInto('tasks')
      .values({
        number,
        title: input.title,
        description: input.description ?? '',
        due_on: input.dueOn ?? null,
        priority: input.priority ?? 'normal',
        created_by: actor.userId,
        department_id: actor.departmentId,
        related_type: input.related?.type ?? null,
        related_id: input.related?.id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('task_assignees').values(assigneeIds.map((user_id) => ({ task_id: row.id, user_id }))).execute();
    for (const fileId of input.fileIds ?? []) await linkFile(trx, actor, fileId, TASK, row.id);
    await remindAssignees(trx, row, assigneeIds);
    await notify(trx, {
      recipients: assigneeIds.filter((id) => id !== actor.userId),
      kind: 'task.assigned',
      params: { title: `${number} ${input.title}`, actor: actor.displayName, dueOn: input.dueOn ?? null },
      link: taskLink(row.id),
      entity: { type: TASK, id: row.id },
    });
    await recordAudit(trx, actor, { action: 'task.create', entityType: TASK, entityId: row.id, after: { ...input, number } });
    return (await toDtos(trx, actor, [await selectTasks(trx).where('t.id', '=', row.id).executeTakeFirstOrThrow()]))[0];
  });
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<TaskDto> {
  return (await toDtos(db, actor, [await loadReadable(db, actor, id)]))[0];
}

/** Tasks assigned to me, created by me, or (leaders) all they may see; filters by status, person, related record. */
export async function listTasks(db: Db, actor: Actor, q: ListTasksQuery): Promise<Page<TaskDto>> {
  const scope = await recordScope(db, actor);
  let query = selectTasks(db);
  const assignedTo = (userId: string) => (eb: any) => eb.exists(eb.selectFrom('task_assignees as a').select('a.task_id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId));
  if (q.view === 'assigned') query = query.where(assignedTo(actor.userId));
  else if (q.view === 'created') query = query.where('t.created_by', '=', actor.userId);
  else if (scope.kind === 'own') query = query.where((eb) => eb.or([eb('t.created_by', '=', actor.userId), assignedTo(actor.userId)(eb)]));
  else if (scope.kind === 'departments') {
    query = query.where((eb) =>
      eb.or([
        eb('t.created_by', '=', actor.userId),
        eb('t.department_id', 'in', scope.departmentIds),
        eb.exists(eb.selectFrom('task_assignees as a').innerJoin('users as u', 'u.id', 'a.user_id').select('a.task_id').whereRef('a.task_id', '=', 't.id').where((e2) => e2.or([e2('a.user_id', '=', actor.userId), e2('u.department_id', 'in', scope.departmentIds)]))),
      ]),
    );
  }
  if (q.assigneeId) query = query.where(assignedTo(q.assigneeId));
  if (q.status === 'active') query = query.where('t.status', 'in', ['open', 'in_progress']);
  else if (q.status) query = query.where('t.status', '=', q.status);
  if (q.relatedType && q.relatedId) {
    // A record the caller may not read: the same 404 as a missing one, written to the audit log as a denial.
    if (!(await canReadEntity(db, actor, q.relatedType, q.relatedId))) throw deniedAsNotFound(q.relatedType, q.relatedId);
    query = query.where('t.related_type', '=', q.relatedType).where('t.related_id', '=', q.relatedId);
  }
  const page = await keysetPage(query, { sortRef: 't.created_at', idRef: 't.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: await toDtos(db, actor, page.items), nextCursor: page.nextCursor };
}

/** The creator (or an admin) changes a task at the version read; new assignees are notified, removed ones stop being reminded. */
export async function updateTask(db: Db, actor: Actor, id: string, input: UpdateTaskInput): Promise<TaskDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound(TASK, id);
    if (locked.created_by !== actor.userId && !actor.roles.includes('admin')) {
      if (await canRead(trx, actor, locked)) throw new AppError('forbidden', 'Only the person who gave the task may change it');
      throw deniedAsNotFound(TASK, id);
    }
    if (locked.version !== input.version) throw versionConflict(TASK);
    if (locked.status === 'done' || locked.status === 'cancelled') throw new AppError('conflict', `A ${locked.status} task cannot be changed`);
    const before = (await toDtos(trx, actor, [await selectTasks(trx).where('t.id', '=', id).executeTakeFirstOrThrow()]))[0];
    await trx
      .updateTable('tasks')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.dueOn !== undefined && { due_on: input.dueOn }),
        ...(input.priority !== undefined && { priority: input.priority }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const current = before.assignees.map((a) => a.userId);
    let assignees = current;
    if (input.assigneeIds) {
      assignees = [...new Set(input.assigneeIds)];
      await checkAssignees(trx, actor, assignees);
      const removed = current.filter((u) => !assignees.includes(u));
      const added = assignees.filter((u) => !current.includes(u));
      if (removed.length) {
        await trx.deleteFrom('task_assignees').where('task_id', '=', id).where('user_id', 'in', removed).execute();
        for (const u of removed) await closeReminders(trx, TASK, id, 'cancelled', u);
      }
      if (added.length) {
        await trx.insertInto('task_assignees').values(added.map((user_id) => ({ task_id: id, user_id }))).execute();
        await notify(trx, { recipients: added.filter((u) => u !== actor.userId), kind: 'task.assigned', params: { title: `${locked.number} ${input.title ?? locked.title}`, actor: actor.displayName, dueOn: input.dueOn ?? locked.due_on }, link: taskLink(id), entity: { type: TASK, id } });
      }
    }
    const after = await selectTasks(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
    const open = await trx.selectFrom('task_assignees').select('user_id').where('task_id', '=', id).where('status', '!=', 'done').execute();
    if (after.due_on) await remindAssignees(trx, after, open.map((o) => o.user_id).filter((u) => assignees.includes(u)));
    else await closeReminders(trx, TASK, id, 'cancelled');
    const dto = (await toDtos(trx, actor, [after]))[0];
    await recordAudit(trx, actor, { action: 'task.update', entityType: TASK, entityId: id, before, after: dto });
    return dto;
  });
}

/**
 * An assignee reports progress on their part; "done" needs a result. When every
 * assignee is done, the task is done and its creator is told.
 */
export async function updateProgress(db: Db, actor: Actor, id: string, input: { status: 'open' | 'in_progress' | 'done'; result?: string }): Promise<TaskDto> {
  return db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!task) throw notFound(TASK, id);
    const part = await trx.selectFrom('task_assignees').selectAll().where('task_id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!part) {
      if (await canRead(trx, actor, task)) throw new AppError('forbidden', 'Only an assignee reports progress');
      throw deniedAsNotFound(TASK, id);
    }
    if (task.status === 'done' || task.status === 'cancelled') throw new AppError('conflict', `The task is already ${task.status}`);
    if (input.status === 'done' && !input.result?.trim()) {
      throw new AppError('validation_failed', 'Say what was done', { fields: [{ field: 'result', code: 'required', message: 'A result is required to complete a task' }] });
    }
    await trx
      .updateTable('task_assignees')
      .set({ status: input.status, result: input.result ?? part.result, completed_at: input.status === 'done' ? new Date() : null })
      .where('task_id', '=', id)
      .where('user_id', '=', actor.userId)
      .execute();
    if (input.status === 'done') await closeReminders(trx, TASK, id, 'done', actor.userId);
    const parts = await trx.selectFrom('task_assignees').select('status').where('task_id', '=', id).execute();
    const allDone = parts.every((p) => p.status === 'done');
    const anyStarted = parts.some((p) => p.status !== 'open');
    const status = allDone ? 'done' : anyStarted ? 'in_progress' : 'open';
    await trx.updateTable('tasks').set({ status, completed_at: allDone ? new Date() : null, updated_at: new Date(), version: task.version + 1 }).where('id', '=', id).execute();
    if (input.status === 'done' && task.created_by !== actor.userId) {
      await notify(trx, { recipients: [task.created_by], kind: 'task.completed', params: { title: `${task.number} ${task.title}`, actor: actor.displayName, result: input.result }, link: taskLink(id), entity: { type: TASK, id } });
    }
    await recordAudit(trx, actor, { action: 'task.progress', entityType: TASK, entityId: id, before: { status: part.status }, after: { status: input.status, result: input.result ?? null, taskStatus: status } });
    return (await toDtos(trx, actor, [await selectTasks(trx).where('t.id', '=', id).executeTakeFirstOrThrow()]))[0];
  });
}

/** The creator cancels a task (it is kept, with its history); reminders stop. */
export async function cancelTask(db: Db, actor: Actor, id: string, version: number): Promise<TaskDto> {
  return db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!task) throw notFound(TASK, id);
    if (task.created_by !== actor.userId && !actor.roles.includes('admin')) {
      if (await canRead(trx, actor, task)) throw new AppError('forbidden', 'Only the person who gave the task may cancel it');
      throw deniedAsNotFound(TASK, id);
    }
    if (task.version !== version) throw versionConflict(TASK);
    if (task.status === 'done' || task.status === 'cancelled') throw new AppError('conflict', `The task is already ${task.status}`);
    await trx.updateTable('tasks').set({ status: 'cancelled', updated_at: new Date(), version: task.version + 1 }).where('id', '=', id).execute();
    await closeReminders(trx, TASK, id, 'cancelled');
    await recordAudit(trx, actor, { action: 'task.cancel', entityType: TASK, entityId: id, before: { status: task.status }, after: { status: 'cancelled' } });
    return (await toDtos(trx, actor, [await selectTasks(trx).where('t.id', '=', id).executeTakeFirstOrThrow()]))[0];
  });
}

export async function listComments(db: Db, actor: Actor, id: string) {
  await loadReadable(db, actor, id);
  const rows = await db.selectFrom('task_comments as c').innerJoin('users as u', 'u.id', 'c.author_id').select(['c.id', 'c.author_id', 'u.display_name', 'c.body', 'c.created_at']).where('c.task_id', '=', id).orderBy('c.created_at').execute();
  return rows.map((r) => ({ id: r.id, authorId: r.author_id, authorName: r.display_name, body: r.body, createdAt: new Date(r.created_at).toISOString() }));
}

/** A comment by anyone who may read the task; the creator and assignees hear of it. */
export async function addComment(db: Db, actor: Actor, id: string, body: string) {
  await db.transaction().execute(async (trx) => {
    const task = await loadReadable(trx, actor, id);
    // A viewer reads the task but writes nothing, comments included.
    requirePermission(actor, 'tasks:use');
    await trx.insertInto('task_comments').values({ task_id: id, author_id: actor.userId, body }).execute();
    const assignees = await trx.selectFrom('task_assignees').select('user_id').where('task_id', '=', id).execute();
    await notify(trx, {
      recipients: [task.created_by, ...assignees.map((a) => a.user_id)].filter((u) => u !== actor.userId),
      kind: 'task.commented',
      params: { title: `${task.number} ${task.title}`, actor: actor.displayName, comment: body },
      link: taskLink(id),
      entity: { type: TASK, id },
    });
    await recordAudit(trx, actor, { action: 'task.comment', entityType: TASK, entityId: id, after: { body } });
  });
  return listComments(db, actor, id);
}

export interface BoardRow {
  userId: string;
  name: string;
  open: number;
  dueSoon: number;
  overdue: number;
  doneLast30Days: number;
}

/** The leader's board: per person in the actor's scope, open / due within 3 days / overdue / recently done. */
export async function taskBoard(db: Db, actor: Actor): Promise<BoardRow[]> {
  requirePermission(actor, 'tasks:assign');
  const scope = await recordScope(db, actor);
  const today = await businessToday(db);
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 3);
  const soonDay = soon.toISOString().slice(0, 10);
  let people = db.selectFrom('users').select(['id', 'display_name']).where('is_active', '=', true);
  if (scope.kind === 'departments') people = people.where('department_id', 'in', scope.departmentIds);
  if (scope.kind === 'own') people = people.where('id', '=', actor.userId);
  const users = await people.orderBy('display_name').execute();
  if (!users.length) return [];
  const parts = await db
    .selectFrom('task_assignees as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.user_id', 'a.status', 't.due_on', 't.status as task_status', 'a.completed_at'])
    .where('a.user_id', 'in', users.map((u) => u.id))
    .where('t.status', '!=', 'cancelled')
    .execute();
  const since = Date.now() - 30 * 86_400_000;
  return users.map((u) => {
    const mine = parts.filter((p) => p.user_id === u.id);
    const open = mine.filter((p) => p.status !== 'done');
    return {
      userId: u.id,
      name: u.display_name,
      open: open.length,
      dueSoon: open.filter((p) => p.due_on && p.due_on >= today && p.due_on <= soonDay).length,
      overdue: open.filter((p) => p.due_on && p.due_on < today).length,
      doneLast30Days: mine.filter((p) => p.status === 'done' && p.completed_at && p.completed_at.getTime() >= since).length,
    };
  });
}

export function registerTasks(): void {
  registerEntity(TASK, {
    async canRead(db, actor, id) {
      const row = await db.selectFrom('tasks').select(['id', 'created_by', 'department_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canRead(db, actor, row));
    },
    async label(db, id) {
      const row = await db.selectFrom('tasks').select(['number', 'title']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.number} ${row.title}` : undefined;
    },
    link: taskLink,
  });
}

/** The home page's "tasks" section (open tasks assigned to me, overdue first) and task search. */
export function registerTasksWorkbench(): void {
  registerWorkbenchSection({
    key: 'tasks',
    order: 20,
    async load(db, actor) {
      const today = await businessToday(db);
      const rows = await selectTasks(db)
        .innerJoin('task_assignees as a', 'a.task_id', 't.id')
        .where('a.user_id', '=', actor.userId)
        .where('a.status', '!=', 'done')
        .where('t.status', 'in', ['open', 'in_progress'])
        .orderBy(sql`t.due_on is null`)
        .orderBy('t.due_on')
        .limit(50)
        .execute();
      return {
        count: rows.length,
        link: '/tasks',
        items: rows.slice(0, 10).map((t) => ({
          id: t.id,
          title: `${t.number} ${t.title}`,
          subtitle: t.created_by_name,
          link: taskLink(t.id),
          date: t.due_on,
          severity: t.due_on && t.due_on < today ? ('danger' as const) : t.priority === 'urgent' || t.priority === 'high' ? ('warning' as const) : ('info' as const),
        })),
      };
    },
  });
  registerWorkbenchSection({
    key: 'team_tasks',
    order: 25,
    async load(db, actor) {
      if (!can(actor, 'tasks:assign')) return null;
      const board = (await taskBoard(db, actor)).filter((b) => b.overdue > 0 || b.dueSoon > 0);
      return {
        count: board.reduce((n, b) => n + b.overdue, 0),
        link: '/tasks/board',
        items: board.slice(0, 10).map((b) => ({ id: b.userId, title: b.name, meta: { overdue: b.overdue, dueSoon: b.dueSoon, open: b.open }, link: '/tasks/board', severity: b.overdue ? ('danger' as const) : ('warning' as const) })),
      };
    },
  });
  registerSearchProvider({
    kind: 'task',
    async search(db, actor, q, limit) {
      const like = likePattern(q);
      const page = await selectTasks(db).where((eb) => eb.or([eb('t.number', 'ilike', like), eb('t.title', 'ilike', like)])).orderBy('t.created_at', 'desc').limit(limit * 4).execute();
      const hits = [];
      for (const t of page) {
        if (hits.length >= limit) break;
        if (await canRead(db, actor, t)) hits.push({ kind: 'task', id: t.id, title: `${t.number} ${t.title}`, subtitle: t.created_by_name, link: taskLink(t.id) });
      }
      return hits;
    },
  });
}
