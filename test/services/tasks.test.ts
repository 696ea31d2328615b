import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessToday } from '../../src/server/platform/approvals/approvals.engine';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

/**
 * Tasks given by leaders, and the reminders behind them: who may give whom a
 * task, completion by several people, every reminder stage exactly once (with an
 * explicit "today"), a moved due date starting the stages again, cancelling
 * stopping them, stale versions, the leader's board and comment notifications.
 */

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('tasks and reminders', () => {
  let t: TestApp;
  let manager: Session;
  let repA: Session;
  let repB: Session;
  let repC: Session;
  let otherRep: Session;
  let otherManager: Session;

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await makeDepartment(t, 'Sales East');
    const other = await makeDepartment(t, 'Sales West');
    const m = await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager Wang' });
    const om = await makeUser(t, ['manager'], { departmentId: other, name: 'Manager Zhao' });
    manager = await signIn(t.app, m.email);
    otherManager = await signIn(t.app, om.email);
    repA = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep A' })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep B' })).email);
    repC = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep C' })).email);
    otherRep = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: other, managerId: om.id, name: 'Rep West' })).email);
  });
  afterAll(async () => t?.close());

  async function createTask(by: Session, payload: Record<string, unknown>) {
    const res = await by.request({ method: 'POST', url: '/api/v1/tasks', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  /** Notifications about one task, as (kind, recipient) pairs. */
  async function notesAbout(taskId: string) {
    return rawQuery<{ kind: string; user_id: string }>(t.db.handle, `select kind, user_id from notifications where entity_type = 'task' and entity_id = $1 order by created_at, kind`, [taskId]);
  }
  const count = (notes: { kind: string; user_id: string }[], kind: string, userId: string) => notes.filter((n) => n.kind === kind && n.user_id === userId).length;
  const countTables = () => rowCounts(t.db.handle, ['tasks', 'task_assignees', 'reminders', 'notifications']);

  describe('who may give whom a task', () => {
    it('lets a rep give a task only to themselves (403 for anyone else), writing nothing when refused', async () => {
      const own = await createTask(repA, { title: 'Prepare the Suzhou visit', assigneeIds: [repA.userId], dueOn: '2099-01-10' });
      expect(own.assignees.map((a: { userId: string }) => a.userId)).toEqual([repA.userId]);
      const before = await countTables();
      for (const assigneeIds of [[repB.userId], [repA.userId, repB.userId], [otherRep.userId]]) {
        const res = await repA.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'Not yours to give', assigneeIds } });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
      expect(await countTables()).toEqual(before);
    });

    it('lets a manager assign people of their department, not someone outside it (400 naming assigneeIds)', async () => {
      const task = await createTask(manager, { title: 'Quarterly customer review', assigneeIds: [repA.userId, repB.userId], dueOn: '2099-02-01', priority: 'high' });
      expect(task.assignees.map((a: { userId: string }) => a.userId).sort()).toEqual([repA.userId, repB.userId].sort());
      const before = await countTables();
      for (const assigneeIds of [[otherRep.userId], [repA.userId, otherRep.userId], [otherManager.userId], ['00000000-0000-4000-8000-000000000000']]) {
        const res = await manager.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'Across the fence', assigneeIds } });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['assigneeIds']);
      }
      // Re-assigning an existing task is held to the same rule.
      const patch = await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { assigneeIds: [otherRep.userId], version: task.version } });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().errors[0].field).toBe('assigneeIds');
      expect(await countTables()).toEqual(before);
      // The other department's people do not see it.
      expect((await otherRep.request({ url: `/api/v1/tasks/${task.id}` })).statusCode).toBe(404);
      expect((await otherManager.request({ url: `/api/v1/tasks/${task.id}` })).statusCode).toBe(404);
    });
  });

  it('is done only when every assignee is done', async () => {
    const task = await createTask(manager, { title: 'Collect the trade-show leads', assigneeIds: [repA.userId, repB.userId] });
    expect(task.status).toBe('open');
    const a = await repA.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done', result: 'Twelve leads entered' } });
    expect(a.statusCode).toBe(200);
    expect(a.json().status).toBe('in_progress');
    expect(a.json().completedAt).toBeNull();
    expect(a.json().assignees.find((x: { userId: string }) => x.userId === repA.userId)).toMatchObject({ status: 'done', result: 'Twelve leads entered' });
    // Only assignees report progress; the manager may read but not report (403); outsiders get 404.
    expect((await manager.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done', result: 'x' } })).statusCode).toBe(403);
    expect((await otherRep.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done', result: 'x' } })).statusCode).toBe(404);
    // Done needs a result.
    const noResult = await repB.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done' } });
    expect(noResult.statusCode).toBe(400);
    expect(noResult.json().errors[0].field).toBe('result');
    const b = await repB.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'done', result: 'Eight more' } });
    expect(b.json().status).toBe('done');
    expect(b.json().completedAt).not.toBeNull();
    // The manager heard of each part; a finished task takes no more progress.
    expect(count(await notesAbout(task.id), 'task.completed', manager.userId)).toBe(2);
    const again = await repA.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/progress`, payload: { status: 'in_progress' } });
    expect(again.statusCode).toBe(409);
  });

  describe('reminders', () => {
    it('reminds before, on the day, when overdue, and escalates to the manager — each exactly once', async () => {
      const due = '2040-05-10';
      const task = await createTask(manager, { title: 'Monthly statement to Ningbo Valves', assigneeIds: [repA.userId], dueOn: due });
      const scan = async (day: string) => {
        await scanReminders(t.db.handle.db, day);
        return notesAbout(task.id);
      };
      const assigned = (await notesAbout(task.id)).length;
      expect(await scan(addDays(due, -5))).toHaveLength(assigned);
      let notes = await scan(addDays(due, -1));
      expect(count(notes, 'reminder.before', repA.userId)).toBe(1);
      for (let i = 0; i < 3; i++) notes = await scan(addDays(due, -1));
      expect(count(notes, 'reminder.before', repA.userId)).toBe(1);
      notes = await scan(due);
      expect(count(notes, 'reminder.due', repA.userId)).toBe(1);
      notes = await scan(due);
      expect(count(notes, 'reminder.due', repA.userId)).toBe(1);
      // Overdue: the assignee is told once and the manager once, even when two scans run at the same moment.
      await Promise.all([scanReminders(t.db.handle.db, addDays(due, 1)), scanReminders(t.db.handle.db, addDays(due, 1)), scanReminders(t.db.handle.db, addDays(due, 2))]);
      notes = await scan(addDays(due, 7));
      expect(count(notes, 'reminder.overdue', repA.userId)).toBe(1);
      expect(count(notes, 'reminder.escalated', manager.userId)).toBe(1);
      expect(count(notes, 'reminder.escalated', repA.userId)).toBe(0);
      expect(notes.filter((n) => n.kind.startsWith('reminder.'))).toHaveLength(4);
      const [rem] = await rawQuery<{ escalated_to: string; status: string }>(t.db.handle, `select escalated_to, status from reminders where entity_id = $1`, [task.id]);
      expect(rem).toEqual({ escalated_to: manager.userId, status: 'active' });
      // The manager reads the escalation in their inbox, naming the person.
      const managerNote = (await manager.request({ url: '/api/v1/notifications' })).json().items.find((n: { kind: string; entityId: string }) => n.kind === 'reminder.escalated' && n.entityId === task.id);
      expect(managerNote.title).toBe(`Overdue for Rep A: ${task.number} Monthly statement to Ningbo Valves`);
    });

    it('skips the stages whose day has passed when scanning starts late, and does not escalate without a manager', async () => {
      const due = '2040-08-10';
      // The manager gives themselves a task: nobody above them to escalate to.
      const own = await createTask(manager, { title: 'Plan the regional meeting', assigneeIds: [manager.userId], dueOn: due });
      const late = await createTask(manager, { title: 'Update the price list', assigneeIds: [repB.userId], dueOn: due });
      await scanReminders(t.db.handle.db, addDays(due, 3));
      await scanReminders(t.db.handle.db, addDays(due, 4));
      const ownNotes = await notesAbout(own.id);
      expect(ownNotes.map((n) => n.kind)).toEqual(['reminder.overdue']);
      const lateNotes = await notesAbout(late.id);
      expect(lateNotes.filter((n) => n.kind.startsWith('reminder.')).map((n) => `${n.kind}:${n.user_id === repB.userId ? 'rep' : 'manager'}`).sort()).toEqual(['reminder.escalated:manager', 'reminder.overdue:rep']);
    });

    it('starts the stages again when the due date moves, but not for an edit that keeps it', async () => {
      const due = '2040-09-10';
      let task = await createTask(manager, { title: 'Sample return from Foshan', assigneeIds: [repA.userId], dueOn: due });
      for (const day of [addDays(due, -1), due, addDays(due, 1)]) await scanReminders(t.db.handle.db, day);
      const stages = (notes: { kind: string }[]) => notes.filter((n) => n.kind.startsWith('reminder.')).map((n) => n.kind);
      expect(stages(await notesAbout(task.id))).toHaveLength(4);
      // An edit that keeps the due date sends nothing again.
      let res = await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { description: 'From the Foshan showroom', version: task.version } });
      expect(res.statusCode).toBe(200);
      task = res.json();
      await scanReminders(t.db.handle.db, addDays(due, 2));
      expect(stages(await notesAbout(task.id))).toHaveLength(4);
      // A new due date: before, due, overdue and escalation each once more.
      const moved = '2040-10-10';
      res = await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { dueOn: moved, version: task.version } });
      expect(res.statusCode).toBe(200);
      expect(res.json().dueOn).toBe(moved);
      for (const day of [addDays(moved, -1), addDays(moved, -1), moved, addDays(moved, 1), addDays(moved, 1)]) await scanReminders(t.db.handle.db, day);
      const notes = await notesAbout(task.id);
      expect(count(notes, 'reminder.before', repA.userId)).toBe(2);
      expect(count(notes, 'reminder.due', repA.userId)).toBe(2);
      expect(count(notes, 'reminder.overdue', repA.userId)).toBe(2);
      expect(count(notes, 'reminder.escalated', manager.userId)).toBe(2);
    });

    it('stops reminding when the task is cancelled, and stops for each assignee who is done', async () => {
      const due = '2040-11-10';
      const cancelled = await createTask(manager, { title: 'Exhibition booth booking', assigneeIds: [repA.userId, repB.userId], dueOn: due });
      const res = await manager.request({ method: 'POST', url: `/api/v1/tasks/${cancelled.id}/cancel`, payload: { version: cancelled.version } });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('cancelled');
      const shared = await createTask(manager, { title: 'Customer satisfaction calls', assigneeIds: [repA.userId, repB.userId], dueOn: due });
      await repA.request({ method: 'POST', url: `/api/v1/tasks/${shared.id}/progress`, payload: { status: 'done', result: 'Called all twenty' } });
      for (const day of [addDays(due, -1), due, addDays(due, 1)]) await scanReminders(t.db.handle.db, day);
      expect((await notesAbout(cancelled.id)).filter((n) => n.kind.startsWith('reminder.'))).toEqual([]);
      const notes = (await notesAbout(shared.id)).filter((n) => n.kind.startsWith('reminder.'));
      expect(notes.filter((n) => n.user_id === repA.userId)).toEqual([]);
      expect(notes.filter((n) => n.user_id === repB.userId).map((n) => n.kind).sort()).toEqual(['reminder.before', 'reminder.due', 'reminder.overdue']);
      expect(count(notes, 'reminder.escalated', manager.userId)).toBe(1);
      const rems = await rawQuery<{ user_id: string; status: string }>(t.db.handle, `select user_id, status from reminders where entity_id = $1`, [cancelled.id]);
      expect(rems.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
      // A cancelled task cannot be changed or completed any more.
      expect((await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${cancelled.id}`, payload: { title: 'Revived', version: res.json().version } })).statusCode).toBe(409);
      expect((await repB.request({ method: 'POST', url: `/api/v1/tasks/${cancelled.id}/progress`, payload: { status: 'in_progress' } })).statusCode).toBe(409);
    });
  });

  it('refuses a stale version (409) on edit and cancel, and changes nothing', async () => {
    const task = await createTask(manager, { title: 'Renew the forwarding contract', assigneeIds: [repA.userId], dueOn: '2099-03-01' });
    const first = await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { title: 'Renew the forwarding contract (2027)', version: task.version } });
    expect(first.statusCode).toBe(200);
    const stale = await manager.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { title: 'Lost update', version: task.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const staleCancel = await manager.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/cancel`, payload: { version: task.version } });
    expect(staleCancel.statusCode).toBe(409);
    const now = (await manager.request({ url: `/api/v1/tasks/${task.id}` })).json();
    expect(now).toMatchObject({ title: 'Renew the forwarding contract (2027)', status: 'open', version: task.version + 1 });
    // Only the creator edits; an assignee who may read it gets 403, an outsider 404.
    expect((await repA.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { title: 'Mine now', version: now.version } })).statusCode).toBe(403);
    expect((await otherRep.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { title: 'Mine now', version: now.version } })).statusCode).toBe(404);
  });

  it("counts open, due-soon, overdue and recently done tasks per person on the leader's board", async () => {
    const today = await businessToday(t.db.handle.db);
    const make = (title: string, dueOn: string | null) => createTask(manager, { title, assigneeIds: [repC.userId], dueOn });
    await make('Overdue follow-up', addDays(today, -1));
    await make('Due today', today);
    await make('Due in three days', addDays(today, 3));
    await make('Due in ten days', addDays(today, 10));
    await make('Whenever', null);
    const done = await make('Already done', addDays(today, -2));
    await repC.request({ method: 'POST', url: `/api/v1/tasks/${done.id}/progress`, payload: { status: 'done', result: 'Done early' } });
    const gone = await make('Called off', addDays(today, -3));
    await manager.request({ method: 'POST', url: `/api/v1/tasks/${gone.id}/cancel`, payload: { version: gone.version } });

    const board = await manager.request({ url: '/api/v1/tasks/board' });
    expect(board.statusCode).toBe(200);
    const row = board.json().items.find((b: { userId: string }) => b.userId === repC.userId);
    expect(row).toEqual({ userId: repC.userId, name: 'Rep C', open: 5, dueSoon: 2, overdue: 1, doneLast30Days: 1 });
    // The board covers the manager's department only.
    const people = board.json().items.map((b: { userId: string }) => b.userId);
    expect(people).toEqual(expect.arrayContaining([repA.userId, repB.userId, repC.userId, manager.userId]));
    expect(people).not.toContain(otherRep.userId);
    // Reps have no board.
    expect((await repC.request({ url: '/api/v1/tasks/board' })).statusCode).toBe(403);
    // The task list agrees: overdue flagged, only the rep's own and the manager's view.
    const mine = (await repC.request({ url: '/api/v1/tasks?view=assigned&status=active' })).json().items;
    expect(mine).toHaveLength(5);
    expect(mine.filter((x: { isOverdue: boolean }) => x.isOverdue).map((x: { title: string }) => x.title)).toEqual(['Overdue follow-up']);
    expect((await repA.request({ url: `/api/v1/tasks?view=all&assigneeId=${repC.userId}` })).json().items).toEqual([]);
    // The workbench shows the rep's open tasks, overdue first.
    const wb = (await repC.request({ url: '/api/v1/workbench' })).json();
    const section = wb.sections.find((s: { key: string }) => s.key === 'tasks');
    expect(section.count).toBe(5);
    expect(section.items[0]).toMatchObject({ severity: 'danger', date: addDays(today, -1) });
  });

  it('notifies the creator and the other assignees of a comment, never its author', async () => {
    const task = await createTask(manager, { title: 'Draft the Q3 promotion', assigneeIds: [repA.userId, repB.userId] });
    const res = await repA.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/comments`, payload: { body: 'First draft attached tomorrow' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().items.map((c: { body: string; authorName: string }) => [c.authorName, c.body])).toEqual([['Rep A', 'First draft attached tomorrow']]);
    let notes = await notesAbout(task.id);
    expect(count(notes, 'task.commented', manager.userId)).toBe(1);
    expect(count(notes, 'task.commented', repB.userId)).toBe(1);
    expect(count(notes, 'task.commented', repA.userId)).toBe(0);
    await manager.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/comments`, payload: { body: 'Keep it under one page' } });
    notes = await notesAbout(task.id);
    expect(count(notes, 'task.commented', repA.userId)).toBe(1);
    expect(count(notes, 'task.commented', repB.userId)).toBe(2);
    expect(count(notes, 'task.commented', manager.userId)).toBe(1);
    const note = (await repB.request({ url: '/api/v1/notifications' })).json().items.find((n: { kind: string; entityId: string }) => n.kind === 'task.commented' && n.entityId === task.id);
    expect(note.body).toContain('Keep it under one page');
    // Someone who may not read the task can neither read nor write its comments; an empty comment is refused.
    expect((await otherRep.request({ url: `/api/v1/tasks/${task.id}/comments` })).statusCode).toBe(404);
    expect((await otherRep.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/comments`, payload: { body: 'Hello?' } })).statusCode).toBe(404);
    const empty = await repA.request({ method: 'POST', url: `/api/v1/tasks/${task.id}/comments`, payload: { body: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect((await repB.request({ url: `/api/v1/tasks/${task.id}/comments` })).json().items).toHaveLength(2);
  });
});
