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
}
