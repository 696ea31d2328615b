import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { consolidatePeriod } from '../modules/statements/statements.report';
import { acceptStatement, openPeriod, queryStatement, submitStatement } from '../modules/statements/statements.service';
import { systemFigures } from '../modules/statements/statements.figures';
import { lastEndedPeriod, periodContaining, periodOf } from '../modules/statements/statements.periods';
import { businessToday } from '../platform/approvals/approvals.engine';
import { loadActor } from '../platform/auth/actor-loader';
import { addDays } from '../modules/statistics/periods';
import { scanReminders } from '../platform/reminders/reminders.service';
import { getCompanySettings } from '../platform/settings/settings.service';

/**
 * Demo statements (issue 5 item 9), relative to today: three months back every rep handed
 * in, the assistant accepted and consolidated the department report (waiting for the
 * manager's acknowledgement); two months back ten reps handed in — two with planted
 * discrepancies, one queried — and two are late, reminded and escalated to the manager;
 * last month's statements are open. Through the real services, so every figure, flag,
 * reminder and notification is what the app itself makes.
 */
const COMMENTS = [
  { market: '华东区需求回暖，老客户补货积极。Demand in the east is picking up.', problems: '部分型号交期偏长。', nextSteps: '走访前五大客户，推进年度框架协议。' },
  { market: 'Steady orders from the machinery sector; two new distributors.', problems: 'Price pressure from a local competitor.', nextSteps: 'Quote bundled service contracts.' },
  { market: '市场平稳，新客户询价增多。', problems: '回款周期拉长。', nextSteps: '加强应收账款跟进。' },
];

export async function seedStatements(db: Kysely<Database>, ids: Map<string, string>): Promise<void> {
  const assistant = await loadActor(db, ids.get('assistant1')!);
  if (!assistant) return;
  const reps = [...ids.entries()].filter(([k]) => /^rep\d+$/.test(k)).map(([, id]) => id);
  const repActors = (await Promise.all(reps.map((id) => loadActor(db, id)))).filter((a) => a !== undefined);
  const today = await businessToday(db);
  const { fiscalYearStartMonth } = await getCompanySettings(db);
  const m1 = lastEndedPeriod('month', today, fiscalYearStartMonth);
  const m2 = periodContaining('month', addDays(m1.from, -1), fiscalYearStartMonth);
  const m3 = periodContaining('month', addDays(m2.from, -1), fiscalYearStartMonth);
  const statementOf = async (repId: string, key: string) => db.selectFrom('statements').select(['id', 'version']).where('rep_id', '=', repId).where('kind', '=', 'month').where('period_key', '=', key).executeTakeFirstOrThrow();

  /** A rep hands in; `planted` reports net sales off by that many minor units (a discrepancy to find). */
  const handIn = async (i: number, key: string, planted = 0) => {
    const rep = repActors[i];
    const st = await statementOf(rep.userId, key);
    const c = COMMENTS[i % COMMENTS.length];
    const reported = planted ? { netSales: (await systemFigures(db, { id: rep.userId, departmentId: rep.departmentId }, periodOf('month', key, fiscalYearStartMonth))).netSales! + planted } : {};
    return submitStatement(db, rep, st.id, { reported, ...c, version: st.version });
  };

  // Three months back: all in, accepted, consolidated.
  await openPeriod(db, assistant, { kind: 'month', periodKey: m3.key });
  for (let i = 0; i < repActors.length; i++) {
    const st = await handIn(i, m3.key, i === 4 ? 1_250_000 : 0);
    await acceptStatement(db, assistant, st.id, st.version);
  }
  await consolidatePeriod(db, undefined, assistant, { kind: 'month', periodKey: m3.key, locale: 'zh-CN' });

  // Two months back: everyone reminded before the due date, ten hand in, two are late (reminded on the day, overdue, escalated).
  await openPeriod(db, assistant, { kind: 'month', periodKey: m2.key });
  const due = (await db.selectFrom('statement_periods').select('due_on').where('kind', '=', 'month').where('period_key', '=', m2.key).executeTakeFirstOrThrow()).due_on;
  await scanReminders(db, addDays(due, -2));
  for (let i = 0; i < repActors.length - 2; i++) {
    const st = await handIn(i, m2.key, i === 2 ? -3_480_000 : i === 6 ? 215_000 : 0);
    if (i === 6) await queryStatement(db, assistant, st.id, { question: '上报净销售额比系统多 2,150.00 元，请核对是否有未录入的订单。', version: st.version });
    else if (i !== 2 && i % 2 === 0) await acceptStatement(db, assistant, st.id, st.version);
  }
  await scanReminders(db, due);
  await scanReminders(db, addDays(due, 1));

  // Last month: open, three handed in already.
  await openPeriod(db, assistant, { kind: 'month', periodKey: m1.key });
  for (let i = 0; i < 3; i++) await handIn(i, m1.key);

  await backdate(db, [m3.key, m2.key, m1.key], repActors.map((r) => r.userId));
}

/** A business-time-zone wall-clock moment of a day (minutes after midnight), never later than now. */
function moment(day: string, minutes: number, timeZone: string): Date {
  const probe = new Date(`${day}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(probe).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? 'Z' : name.slice(3);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  const at = new Date(`${day}T${hh}:${mm}:00${offset}`);
  return at.getTime() < Date.now() ? at : new Date(Date.now() - 60_000);
}
const later = (a: Date, minutes: number) => (a.getTime() + minutes * 60_000 < Date.now() ? new Date(a.getTime() + minutes * 60_000) : new Date(Date.now() - 60_000));
const dayOf = (d: string | Date) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);

/**
 * The services above stamp everything with the time the seed ran; a board of past periods
 * should read like history. Each period is opened the morning after it ends; reminders carry
 * the morning of the day their stage is for (before: due − remindDaysBefore, on the day,
 * overdue the day after, the manager told after escalateAfterDays more); hand-ins of the
 * oldest period come before any reminder was due, the next period's after the reminder and
 * by the due date; a query or acceptance follows its hand-in; the department report comes
 * after the last acceptance. Notifications move with what they announce.
 */
async function backdate(db: Kysely<Database>, keys: string[], repIds: string[]): Promise<void> {
  const { timeZone } = await getCompanySettings(db);
  const rows = await db
    .selectFrom('statements as s')
    .innerJoin('statement_periods as p', 'p.id', 's.period_id')
    .select(['s.id', 's.rep_id', 's.period_key', 's.ends_on', 's.due_on', 's.status', 's.submitted_at', 's.queried_at', 's.accepted_at', 'p.id as period_id'])
    .where('s.kind', '=', 'month')
    .where('s.period_key', 'in', keys)
    .execute();
  const reminders = await db.selectFrom('reminders').selectAll().where('entity_type', '=', 'statement').where('entity_id', 'in', rows.length ? rows.map((r) => r.id) : ['']).execute();
  const remindersOf = new Map(reminders.map((r) => [r.entity_id, r]));
  const oldest = keys[0];
  let lastAccepted: Date | undefined;
  for (const r of rows) {
    const i = Math.max(0, repIds.indexOf(r.rep_id));
    const ends = dayOf(r.ends_on as unknown as string | Date);
    const due = dayOf(r.due_on as unknown as string | Date);
    const opened = moment(addDays(ends, 1), 8 * 60 + 30, timeZone);
    await db.updateTable('statement_periods').set({ created_at: opened, updated_at: opened }).where('id', '=', r.period_id).execute();
    const rem = remindersOf.get(r.id);
    const stage = {
      sent_before_at: rem?.sent_before_at ? moment(addDays(due, -rem.remind_days_before), 8 * 60, timeZone) : null,
      sent_due_at: rem?.sent_due_at ? moment(due, 8 * 60, timeZone) : null,
      sent_overdue_at: rem?.sent_overdue_at ? moment(addDays(due, 1), 8 * 60, timeZone) : null,
      escalated_at: rem?.escalated_at ? moment(addDays(due, 1 + (rem.escalate_after_days ?? 0)), 8 * 60 + 5, timeZone) : null,
    };
    let submitted: Date | null = null;
    if (r.submitted_at) {
      const remindDays = rem?.remind_days_before ?? 0;
      const window = Math.max(0, new Date(`${due}T00:00:00Z`).getTime() / 86_400_000 - new Date(`${ends}T00:00:00Z`).getTime() / 86_400_000 - 1);
      // The oldest period: in before any reminder; the next: after the reminder, by the due date; the open one: in the first days.
      const offset = r.period_key === oldest ? i % Math.max(1, window - remindDays) : r.period_key === keys[1] ? Math.max(0, window - remindDays) + (i % (remindDays + 1)) : i % 3;
      submitted = moment(addDays(ends, 1 + Math.min(offset, window)), 9 * 60 + ((i * 37) % 480), timeZone);
    }
    const queried = r.queried_at && submitted ? later(submitted, 150) : null;
    const accepted = r.accepted_at && submitted ? moment(addDays(dayOf(submitted), 1), 10 * 60 + ((i * 11) % 120), timeZone) : null;
    if (accepted && r.period_key === oldest && (!lastAccepted || accepted > lastAccepted)) lastAccepted = accepted;
    const updated = [accepted, queried, submitted, opened].find((d) => d) ?? opened;
    await db
      .updateTable('statements')
      .set({ created_at: opened, updated_at: updated, submitted_at: submitted, queried_at: queried, accepted_at: accepted })
      .where('id', '=', r.id)
      .execute();
    if (rem) {
      await db
        .updateTable('reminders')
        .set({ ...stage, created_at: opened, ...(rem.closed_at && { closed_at: submitted ?? rem.closed_at }) })
        .where('id', '=', rem.id)
        .execute();
    }
    const kinds: [string, Date | null][] = [
      ['reminder.before', stage.sent_before_at],
      ['reminder.due', stage.sent_due_at],
      ['reminder.overdue', stage.sent_overdue_at],
      ['reminder.escalated', stage.escalated_at],
      ['statement.queried', queried],
    ];
    for (const [kind, at] of kinds) if (at) await db.updateTable('notifications').set({ created_at: at }).where('entity_type', '=', 'statement').where('entity_id', '=', r.id).where('kind', '=', kind).execute();
  }
  // The consolidated report of the oldest period: the morning after its last acceptance, with its approval request.
  const report = await db.selectFrom('department_reports').select(['id', 'approval_request_id']).where('kind', '=', 'month').where('period_key', '=', oldest).executeTakeFirst();
  if (report && lastAccepted) {
    const made = later(lastAccepted, 60);
    await db.updateTable('department_reports').set({ created_at: made }).where('id', '=', report.id).execute();
    if (report.approval_request_id) await db.updateTable('approval_requests').set({ created_at: made }).where('id', '=', report.approval_request_id).execute();
  }
}
