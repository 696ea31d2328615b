import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor, AuditActor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { defineQueue, defineSchedule } from '../../platform/jobs/jobs.registry';
import { notify } from '../../platform/notifications/notifications.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { enqueue } from '../../platform/jobs/jobs.service';
import { closeReminders, REMINDERS_QUEUE, scanReminders, upsertReminder } from '../../platform/reminders/reminders.service';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { emptyFigures, mergedReported, reconcile, systemFigures } from './statements.figures';
import { dueDateOf, lastEndedPeriod, periodOf, periodsOfYear, type StatementPeriod } from './statements.periods';
import {
  departmentReps,
  departmentsWithReps,
  findPeriod,
  findStatement,
  lockStatement,
  remindersOf,
  selectStatements,
  userName,
  type Db,
  type PeriodRow,
  type ReminderRow,
  type StatementRow,
  type Trx,
} from './statements.repo';
import {
  DEFAULT_STATEMENT_SETTINGS,
  FIGURES,
  HANDED_IN,
  STATEMENT_KINDS,
  statementSettingsSchema,
  type BoardDto,
  type CalendarDto,
  type FiguresDto,
  type ListStatementsQuery,
  type PeriodDto,
  type PeriodRef,
  type StatementDto,
  type StatementKind,
  type StatementSettings,
  type StatementSummaryDto,
  type SubmitStatementInput,
  type UpdateStatementInput,
} from './statements.schema';
import { subtreeIds } from '../../db/subtree';

/**
 * Reps' periodic statements (issue 5 item 4, docs/statements.md): one statement per rep and
 * period, opened by a daily job when a period ends (or by the assistant), reminded through the
 * shared reminders, reconciled against the statistics, queried or accepted by the back office.
 */
export const STATEMENT = 'statement';
const SETTINGS_KEY = 'statements';
export const OPEN_QUEUE = 'statements.open';

type K = Kysely<Database>;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

// ---------------------------------------------------------------- settings

export async function getStatementSettings(db: Db): Promise<StatementSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  const merged = { ...DEFAULT_STATEMENT_SETTINGS, ...((row?.value as Partial<StatementSettings>) ?? {}) };
  return { ...merged, dueDays: { ...DEFAULT_STATEMENT_SETTINGS.dueDays, ...merged.dueDays } };
}

/** Due days, reminders and the reconciliation tolerance are company settings an admin edits; the change is audited. New statements use them; open ones keep their due date. */
export async function updateStatementSettings(db: K, actor: Actor, input: StatementSettings): Promise<StatementSettings> {
  requirePermission(actor, 'settings:manage');
  const value = statementSettingsSchema.parse(input);
  return db.transaction().execute(async (trx) => {
    const before = await getStatementSettings(trx);
    await trx
      .insertInto('settings')
      .values({ key: SETTINGS_KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, { action: 'statements.settings', entityType: 'settings', entityId: SETTINGS_KEY, before, after: value });
    return value;
  });
}

/** Anyone who writes or reviews statements reads the settings (due days, tolerance). */
export async function readStatementSettings(db: K, actor: Actor): Promise<StatementSettings> {
  if (!can(actor, 'statements:submit') && !can(actor, 'statements:review')) requirePermission(actor, 'settings:manage');
  return getStatementSettings(db);
}

// ---------------------------------------------------------------- access

function requireStatements(actor: Actor): void {
  if (!can(actor, 'statements:submit') && !can(actor, 'statements:review')) requirePermission(actor, 'statements:submit');
}

/** Departments whose statements the actor reviews; 'all' for admins, [] for a rep. */
async function reviewedDepartments(db: Db, actor: Actor): Promise<'all' | string[]> {
  if (actor.roles.includes('admin')) return 'all';
  if (!can(actor, 'statements:review')) return [];
  const scope = await recordScope(db, actor);
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'departments') return scope.departmentIds;
  return actor.departmentId ? await subtreeIds(db, 'departments', actor.departmentId) : [];
}

const reviews = (deps: 'all' | string[], departmentId: string) => deps === 'all' || deps.includes(departmentId);

/** A statement the actor may see: their own, or one of a department they review; anything else is the same 404 as a missing one. */
async function visibleStatement(db: Db, actor: Actor, id: string): Promise<StatementRow> {
  requireStatements(actor);
  const row = await findStatement(db, id);
  if (!row) throw notFound(STATEMENT, id);
  if (row.rep_id !== actor.userId && !reviews(await reviewedDepartments(db, actor), row.department_id)) throw deniedAsNotFound(STATEMENT, id);
  return row;
}

/** The department a period-level action is about: the one named (which the actor must review) or the actor's own. */
export async function reviewedDepartment(db: Db, actor: Actor, departmentId: string | undefined): Promise<string> {
  requirePermission(actor, 'statements:review');
  const id = departmentId ?? actor.departmentId;
  if (!id) throw fieldError('departmentId', 'required', 'Name the department');
  const exists = await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) throw notFound('department', id);
  if (!reviews(await reviewedDepartments(db, actor), id)) throw deniedAsNotFound('department', id);
  return id;
}

// ---------------------------------------------------------------- DTOs

function reminderInfo(r: ReminderRow | undefined) {
  const sent = r ? [r.sent_before_at, r.sent_due_at, r.sent_overdue_at].filter((d): d is Date => !!d) : [];
  const last = sent.map((d) => new Date(d).getTime()).sort((a, b) => b - a)[0];
  return { count: sent.length, lastAt: last ? new Date(last).toISOString() : null, escalatedAt: iso(r?.escalated_at ?? null), escalatedToName: r?.escalated_to_name ?? null };
}

const isHandedIn = (status: string) => (HANDED_IN as readonly string[]).includes(status);
const isLate = (row: { status: string; due_on: string }, today: string) => !isHandedIn(row.status) && today > row.due_on;

function toSummary(row: StatementRow, today: string): StatementSummaryDto {
  return {
    id: row.id,
    number: row.number,
    repId: row.rep_id,
    repName: row.rep_name,
    kind: row.kind,
    periodKey: row.period_key,
    from: row.starts_on,
    to: row.ends_on,
    dueOn: row.due_on,
    status: row.status,
    isLate: isLate(row, today),
    submittedAt: iso(row.submitted_at),
    version: row.version,
  };
}

const repOf = (row: StatementRow) => ({ id: row.rep_id, departmentId: row.department_id });

async function toDto(db: Db, actor: Actor, row: StatementRow): Promise<StatementDto> {
  const [settings, today, reminders] = [await getStatementSettings(db), await businessToday(db), await remindersOf(db, [row.id])];
  const system = await systemFigures(db as K, repOf(row), { from: row.starts_on, to: row.ends_on });
  const reported = (row.reported ?? {}) as Partial<FiguresDto>;
  const canReview = row.rep_id !== actor.userId && reviews(await reviewedDepartments(db, actor), row.department_id);
  return {
    ...toSummary(row, today),
    departmentId: row.department_id,
    currency: row.currency,
    system,
    reported: mergedReported(system, reported),
    flags: reconcile(system, reported, settings),
    market: row.market,
    problems: row.problems,
    nextSteps: row.next_steps,
    queryQuestion: row.query_question,
    queryAnswer: row.query_answer,
    queriedAt: iso(row.queried_at),
    acceptedAt: iso(row.accepted_at),
    reminders: reminderInfo(reminders.get(row.id)),
    canEdit: row.rep_id === actor.userId && can(actor, 'statements:submit') && (row.status === 'open' || row.status === 'queried'),
    canReview: canReview && (row.status === 'submitted' || row.status === 'resubmitted'),
  };
}

// ---------------------------------------------------------------- opening periods

async function periodFor(db: Db, ref: { kind: StatementKind; periodKey: string }): Promise<StatementPeriod> {
  return periodOf(ref.kind, ref.periodKey, (await getCompanySettings(db)).fiscalYearStartMonth);
}

async function ensurePeriod(trx: Trx, departmentId: string, p: StatementPeriod, settings: StatementSettings): Promise<PeriodRow> {
  await trx
    .insertInto('statement_periods')
    .values({ department_id: departmentId, kind: p.kind, period_key: p.key, starts_on: p.from, ends_on: p.to, due_on: dueDateOf(p, settings.dueDays[p.kind]) })
    .onConflict((oc) => oc.columns(['department_id', 'kind', 'period_key']).doNothing())
    .execute();
  return (await findPeriod(trx, departmentId, p.kind, p.key))!;
}

/**
 * Opens a department's statements for a period: one per active rep (a rep who already has
 * one keeps it), each with its reminder (before the due date, on the day, overdue, and to
 * the rep's manager when late). Idempotent: the unique (rep, kind, period) key makes a
 * second run — or a second instance — open nothing new.
 */
export async function openPeriodStatements(trx: Trx, who: AuditActor, departmentId: string, p: StatementPeriod): Promise<number> {
  const settings = await getStatementSettings(trx);
  const period = await ensurePeriod(trx, departmentId, p, settings);
  const { currency } = await getCompanySettings(trx);
  let opened = 0;
  for (const rep of await departmentReps(trx, departmentId)) {
    const number = await nextNumber(trx, STATEMENT, Number(p.to.slice(0, 4)), 'ST');
    const row = await trx
      .insertInto('statements')
      .values({ number, period_id: period.id, rep_id: rep.id, department_id: departmentId, kind: p.kind, period_key: p.key, starts_on: p.from, ends_on: p.to, due_on: period.due_on, currency, reported: '{}' })
      .onConflict((oc) => oc.columns(['rep_id', 'kind', 'period_key']).doNothing())
      .returning(['id', 'number'])
      .executeTakeFirst();
    // A conflict used a number for nothing; statement numbers are references, not a gap-free register.
    if (!row) continue;
    await upsertReminder(trx, {
      entityType: STATEMENT,
      entityId: row.id,
      userId: rep.id,
      title: `${row.number} · ${p.key}`,
      link: `/statements/${row.id}`,
      dueOn: period.due_on,
      remindDaysBefore: settings.remindDaysBefore,
      remindOnDue: true,
      escalateAfterDays: settings.escalateAfterDays,
    });
    await recordAudit(trx, who, { action: 'statement.open', entityType: STATEMENT, entityId: row.id, after: { number: row.number, repId: rep.id, kind: p.kind, periodKey: p.key, dueOn: period.due_on } });
    opened++;
  }
  return opened;
}

/** The assistant opens a period's statements by hand (the daily job does it when a period ends). */
export async function openPeriod(db: K, actor: Actor, ref: PeriodRef): Promise<BoardDto> {
  const departmentId = await reviewedDepartment(db, actor, ref.departmentId);
  const p = await periodFor(db, ref);
  await db.transaction().execute(async (trx) => {
    // A period opened after its due date is late at once: the reminders scan runs now rather than at its next quarter hour.
    if ((await openPeriodStatements(trx, actor, departmentId, p)) > 0) await enqueue(trx, REMINDERS_QUEUE, {});
  });
  return board(db, actor, { ...ref, departmentId });
}

/** The daily job: every department's statements of the month, quarter and year that ended last. */
export async function openEndedPeriods(db: K, today?: string): Promise<number> {
  const day = today ?? (await businessToday(db));
  const { fiscalYearStartMonth } = await getCompanySettings(db);
  let opened = 0;
  for (const departmentId of await departmentsWithReps(db)) {
    for (const kind of STATEMENT_KINDS) {
      const p = lastEndedPeriod(kind, day, fiscalYearStartMonth);
      opened += await db.transaction().execute((trx) => openPeriodStatements(trx, { label: 'statements job' }, departmentId, p));
    }
  }
  if (opened > 0) await scanReminders(db, day);
  return opened;
}

export function registerStatementJobs(): void {
  defineQueue({ queue: OPEN_QUEUE, maxAttempts: 3, handler: async (ctx) => void (await openEndedPeriods(ctx.db)) });
  // Early each morning (business time zone); the shared reminders scan sends the reminders.
  defineSchedule({ name: 'statements-open', cron: '10 0 * * *', queue: OPEN_QUEUE });
  registerEntity(STATEMENT, {
    async canRead(db, actor, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
      const row = await findStatement(db, id);
      return !!row && (row.rep_id === actor.userId || reviews(await reviewedDepartments(db, actor), row.department_id));
    },
    label: async (db, id) => (/^[0-9a-f-]{36}$/i.test(id) ? (await findStatement(db, id))?.number : undefined),
    link: (id) => `/statements/${id}`,
  });
}

// ---------------------------------------------------------------- reading

/** A rep's own statements; a reviewer's also those of the departments they review (newest period first). */
export async function listStatements(db: K, actor: Actor, q: ListStatementsQuery): Promise<{ items: StatementSummaryDto[] }> {
  requireStatements(actor);
  const deps = await reviewedDepartments(db, actor);
  let query = selectStatements(db);
  if (deps !== 'all') query = query.where((eb) => eb.or([eb('s.rep_id', '=', actor.userId), ...(deps.length ? [eb('s.department_id', 'in', deps)] : [])]));
  if (q.kind) query = query.where('s.kind', '=', q.kind);
  if (q.periodKey) query = query.where('s.period_key', '=', q.periodKey);
  if (q.status) query = query.where('s.status', '=', q.status);
  if (q.repId) query = query.where('s.rep_id', '=', q.repId);
  const rows = await query.orderBy('s.ends_on', 'desc').orderBy('s.kind').orderBy('u.display_name').limit(q.limit).execute();
  const today = await businessToday(db);
  return { items: rows.map((r) => toSummary(r, today)) };
}

/** One statement with the system's figures beside the reported ones and every flagged difference. */
export async function getStatement(db: K, actor: Actor, id: string): Promise<StatementDto> {
  return toDto(db, actor, await visibleStatement(db, actor, id));
}

// ---------------------------------------------------------------- the rep's side

function cleanReported(input: UpdateStatementInput['reported']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of FIGURES) if (input?.[f] !== undefined && input[f] !== null) out[f] = input[f]!;
  return out;
}

async function lockOwn(trx: Trx, actor: Actor, id: string, version: number, allowed: string[]): Promise<StatementRow> {
  const row = await visibleStatement(trx, actor, id);
  await lockStatement(trx, id);
  const fresh = (await findStatement(trx, id))!;
  if (fresh.rep_id !== actor.userId) throw new AppError('forbidden', 'Only the rep writes their statement');
  requirePermission(actor, 'statements:submit');
  if (fresh.version !== version) throw versionConflict(STATEMENT);
  if (!allowed.includes(fresh.status)) throw new AppError('conflict', `This statement is ${fresh.status}`);
  void row;
  return fresh;
}

function edits(row: StatementRow, input: UpdateStatementInput) {
  return {
    reported: input.reported !== undefined ? JSON.stringify(cleanReported(input.reported)) : JSON.stringify(row.reported ?? {}),
    market: input.market ?? row.market,
    problems: input.problems ?? row.problems,
    next_steps: input.nextSteps ?? row.next_steps,
  };
}

/** The rep saves their figures and commentary while the statement is open (or queried back to them). */
export async function updateStatement(db: K, actor: Actor, id: string, input: UpdateStatementInput): Promise<StatementDto> {
  await db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, actor, id, input.version, ['open', 'queried']);
    const set = edits(row, input);
    await trx.updateTable('statements').set((eb) => ({ ...set, updated_at: new Date(), version: eb('version', '+', 1) })).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'statement.update', entityType: STATEMENT, entityId: id, before: { reported: row.reported, market: row.market, problems: row.problems, nextSteps: row.next_steps }, after: { ...set, reported: JSON.parse(set.reported) } });
  });
  return getStatement(db, actor, id);
}

/**
 * The rep hands in the statement (open → submitted; queried → resubmitted, with their
 * answer): the system figures are snapshotted beside the reported ones, the reminders stop,
 * the reviewers of the department hear of a resubmission.
 */
export async function submitStatement(db: K, actor: Actor, id: string, input: SubmitStatementInput): Promise<StatementDto> {
  await db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, actor, id, input.version, ['open', 'queried']);
    const resubmit = row.status === 'queried';
    if (resubmit && !input.answer?.trim()) throw fieldError('answer', 'required', 'Answer the question before resubmitting');
    const set = edits(row, input);
    const system = await systemFigures(trx as unknown as K, repOf(row), { from: row.starts_on, to: row.ends_on });
    const status = resubmit ? 'resubmitted' : 'submitted';
    await trx
      .updateTable('statements')
      .set((eb) => ({ ...set, status, system_at_submit: JSON.stringify(system), query_answer: resubmit ? input.answer!.trim() : row.query_answer, submitted_at: new Date(), updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await closeReminders(trx, STATEMENT, id, 'done');
    await recordAudit(trx, actor, { action: `statement.${status === 'submitted' ? 'submit' : 'resubmit'}`, entityType: STATEMENT, entityId: id, before: { status: row.status }, after: { status, reported: JSON.parse(set.reported), system, answer: input.answer ?? null } });
    if (resubmit && row.queried_by) {
      await notify(trx, { recipients: [row.queried_by], kind: 'statement.resubmitted', params: { title: `${row.number} · ${row.period_key}`, person: row.rep_name }, link: `/statements/${id}`, entity: { type: STATEMENT, id } });
    }
  });
  return getStatement(db, actor, id);
}

// ---------------------------------------------------------------- the reviewer's side

async function lockForReview(trx: Trx, actor: Actor, id: string, version: number): Promise<StatementRow> {
  const row = await visibleStatement(trx, actor, id);
  requirePermission(actor, 'statements:review');
  if (row.rep_id === actor.userId || !reviews(await reviewedDepartments(trx, actor), row.department_id)) throw new AppError('forbidden', 'Nobody reviews their own statement');
  await lockStatement(trx, id);
  const fresh = (await findStatement(trx, id))!;
  if (fresh.version !== version) throw versionConflict(STATEMENT);
  if (fresh.status !== 'submitted' && fresh.status !== 'resubmitted') throw new AppError('conflict', `This statement is ${fresh.status}`);
  return fresh;
}

/** The assistant sends a handed-in statement back to the rep with a question; the rep's reminder runs again until they resubmit. */
export async function queryStatement(db: K, actor: Actor, id: string, input: { question: string; version: number }): Promise<StatementDto> {
  await db.transaction().execute(async (trx) => {
    const row = await lockForReview(trx, actor, id, input.version);
    const question = input.question.trim();
    await trx
      .updateTable('statements')
      .set((eb) => ({ status: 'queried', query_question: question, query_answer: null, queried_at: new Date(), queried_by: actor.userId, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await upsertReminder(trx, { entityType: STATEMENT, entityId: id, userId: row.rep_id, title: `${row.number} · ${row.period_key}`, link: `/statements/${id}`, dueOn: row.due_on, escalateAfterDays: (await getStatementSettings(trx)).escalateAfterDays });
    await recordAudit(trx, actor, { action: 'statement.query', entityType: STATEMENT, entityId: id, before: { status: row.status }, after: { status: 'queried', question } });
    await notify(trx, { recipients: [row.rep_id], kind: 'statement.queried', params: { title: `${row.number} · ${row.period_key}`, question, actor: actor.displayName }, link: `/statements/${id}`, entity: { type: STATEMENT, id } });
  });
  return getStatement(db, actor, id);
}

/** The assistant accepts a handed-in statement (flags and all: the report shows both values). */
export async function acceptStatement(db: K, actor: Actor, id: string, version: number): Promise<StatementDto> {
  await db.transaction().execute(async (trx) => {
    const row = await lockForReview(trx, actor, id, version);
    await trx
      .updateTable('statements')
      .set((eb) => ({ status: 'accepted', accepted_at: new Date(), accepted_by: actor.userId, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: 'statement.accept', entityType: STATEMENT, entityId: id, before: { status: row.status }, after: { status: 'accepted' } });
  });
  return getStatement(db, actor, id);
}

// ---------------------------------------------------------------- board, calendar, closing

async function periodDto(db: Db, departmentId: string, p: StatementPeriod, row: PeriodRow | undefined): Promise<PeriodDto> {
  const settings = await getStatementSettings(db);
  const dep = await db.selectFrom('departments').select('name').where('id', '=', departmentId).executeTakeFirstOrThrow();
  return {
    id: row?.id ?? null,
    departmentId,
    departmentName: dep.name,
    kind: p.kind,
    periodKey: p.key,
    from: p.from,
    to: p.to,
    dueOn: row?.due_on ?? dueDateOf(p, settings.dueDays[p.kind]),
    closedAt: iso(row?.closed_at ?? null),
    closedByName: await userName(db, row?.closed_by ?? null),
    closeReason: row?.close_reason ?? null,
    version: row?.version ?? null,
  };
}

/**
 * The assistant's board for one period of a department: every rep with the state of their
 * statement (submitted / late / due), how often and when they were reminded, whether their
 * manager was told, and how many figures are flagged.
 */
export async function board(db: K, actor: Actor, ref: PeriodRef): Promise<BoardDto> {
  const departmentId = await reviewedDepartment(db, actor, ref.departmentId);
  const p = await periodFor(db, ref);
  const periodRow = await findPeriod(db, departmentId, p.kind, p.key);
  const [settings, today] = [await getStatementSettings(db), await businessToday(db)];
  const statements = await selectStatements(db).where('s.department_id', '=', departmentId).where('s.kind', '=', p.kind).where('s.period_key', '=', p.key).execute();
  const reminders = await remindersOf(db, statements.map((s) => s.id));
  const byRep = new Map(statements.map((s) => [s.rep_id, s]));
  const reps = await departmentReps(db, departmentId);
  const people = [...reps.map((r) => ({ id: r.id, name: r.display_name })), ...statements.filter((s) => !reps.some((r) => r.id === s.rep_id)).map((s) => ({ id: s.rep_id, name: s.rep_name }))];
  const dueOn = periodRow?.due_on ?? dueDateOf(p, settings.dueDays[p.kind]);
  const rows: BoardDto['rows'] = [];
  for (const person of people) {
    const s = byRep.get(person.id);
    const reported = (s?.reported ?? {}) as Partial<FiguresDto>;
    const flagCount = s && Object.keys(reported).length ? reconcile(await systemFigures(db, repOf(s), { from: s.starts_on, to: s.ends_on }), reported, settings).length : 0;
    const handedIn = s ? isHandedIn(s.status) : false;
    rows.push({
      repId: person.id,
      repName: person.name,
      statementId: s?.id ?? null,
      status: s?.status ?? null,
      state: handedIn ? ('submitted' as const) : today > (s?.due_on ?? dueOn) ? ('late' as const) : ('due' as const),
      submittedAt: iso(s?.submitted_at ?? null),
      flagCount,
      reminders: reminderInfo(s ? reminders.get(s.id) : undefined),
    });
  }
  const reports = periodRow
    ? await db.selectFrom('department_reports').select(['id', 'number', 'version_no', 'status', 'created_at']).where('period_id', '=', periodRow.id).orderBy('version_no', 'desc').execute()
    : [];
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  return {
    period: await periodDto(db, departmentId, p, periodRow),
    rows,
    counts: { submitted: count('submitted'), late: count('late'), due: count('due') },
    canConsolidate: rows.length > 0 && (rows.every((r) => r.state === 'submitted') || !!periodRow?.closed_at),
    reports: reports.map((r) => ({ id: r.id, number: r.number, versionNo: r.version_no, status: r.status, createdAt: iso(r.created_at)! })),
  };
}

/** Due dates of a year's months, quarters and fiscal year; a rep sees their own statements, a reviewer the department's reps. */
export async function calendar(db: K, actor: Actor, q: { year: number; departmentId?: string }): Promise<CalendarDto> {
  requireStatements(actor);
  const reviewer = can(actor, 'statements:review') && (q.departmentId !== undefined || actor.departmentId !== null);
  const departmentId = reviewer ? await reviewedDepartment(db, actor, q.departmentId) : null;
  const [settings, company, today] = [await getStatementSettings(db), await getCompanySettings(db), await businessToday(db)];
  const periods = periodsOfYear(q.year, company.fiscalYearStartMonth);
  const people = departmentId ? (await departmentReps(db, departmentId)).map((r) => ({ id: r.id, name: r.display_name })) : [{ id: actor.userId, name: actor.displayName }];
  let sq = selectStatements(db).where('s.period_key', 'in', periods.map((p) => p.key));
  sq = departmentId ? sq.where('s.department_id', '=', departmentId) : sq.where('s.rep_id', '=', actor.userId);
  const statements = await sq.execute();
  const key = (rep: string, kind: string, pk: string) => `${rep}|${kind}|${pk}`;
  const byKey = new Map(statements.map((s) => [key(s.rep_id, s.kind, s.period_key), s]));
  const periodRows = departmentId ? await db.selectFrom('statement_periods').selectAll().where('department_id', '=', departmentId).where('period_key', 'in', periods.map((p) => p.key)).execute() : [];
  return {
    year: q.year,
    periods: periods.map((p) => {
      const dueOn = periodRows.find((r) => r.kind === p.kind && r.period_key === p.key)?.due_on ?? dueDateOf(p, settings.dueDays[p.kind]);
      return {
        kind: p.kind,
        periodKey: p.key,
        from: p.from,
        to: p.to,
        dueOn,
        reps: people.map((person) => {
          const s = byKey.get(key(person.id, p.kind, p.key));
          return { repId: person.id, repName: person.name, statementId: s?.id ?? null, status: s?.status ?? null, isLate: s ? isLate(s, today) : today > dueOn };
        }),
      };
    }),
  };
}

/** The assistant closes an ended period with a reason for the statements still missing, so it can be consolidated without them. */
export async function closePeriod(db: K, actor: Actor, input: PeriodRef & { reason: string; version?: number }): Promise<BoardDto> {
  const departmentId = await reviewedDepartment(db, actor, input.departmentId);
  const p = await periodFor(db, input);
  if (p.to >= (await businessToday(db))) throw fieldError('periodKey', 'not_ended', 'The period has not ended yet');
  await db.transaction().execute(async (trx) => {
    const period = await ensurePeriod(trx, departmentId, p, await getStatementSettings(trx));
    const locked = await trx.selectFrom('statement_periods').selectAll().where('id', '=', period.id).forUpdate().executeTakeFirstOrThrow();
    if (input.version !== undefined && locked.version !== input.version) throw versionConflict('statement_period');
    const reason = input.reason.trim();
    await trx
      .updateTable('statement_periods')
      .set((eb) => ({ closed_at: new Date(), closed_by: actor.userId, close_reason: reason, updated_at: new Date(), version: eb('version', '+', 1) }))
      .where('id', '=', period.id)
      .execute();
    await recordAudit(trx, actor, { action: 'statement_period.close', entityType: 'statement_period', entityId: period.id, before: { closedAt: locked.closed_at, reason: locked.close_reason }, after: { reason } });
  });
  return board(db, actor, { ...input, departmentId });
}

export { emptyFigures };
