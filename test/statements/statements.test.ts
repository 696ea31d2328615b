import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { openEndedPeriods } from '../../src/server/modules/statements/statements.service';
import { reconcile } from '../../src/server/modules/statements/statements.figures';
import { periodContaining, periodOf, lastEndedPeriod } from '../../src/server/modules/statements/statements.periods';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { insertCustomer, insertSale, insertStatementProduct } from './fixtures';

/**
 * Statements end to end through the API on a real database: opening a period, the rep's
 * figures equal to the statistics API's, reconciliation with the tolerance, the
 * submit → query → resubmit → accept cycle with versions, the reminders (once per stage,
 * also when two scans race, escalated to the manager), closing and consolidating into
 * versioned department reports whose totals are the sum of their rows, acknowledged
 * through the approval engine and archived as a PDF.
 */
describe('statements', () => {
  let t: TestApp;
  let dep: string;
  let managerId: string;
  let assistant: Session;
  let manager: Session;
  let repA: Session;
  let repB: Session;
  let finance: Session;
  let outsider: Session;
  const ids: Record<string, string> = {};
  const march = { kind: 'month', periodKey: '2026-03' } as const;

  beforeAll(async () => {
    t = await createTestApp();
    dep = await makeDepartment(t, 'Sales East 销售东区');
    const other = await makeDepartment(t, 'Sales West');
    const m = await makeUser(t, ['manager'], { departmentId: dep, name: 'Manager M' });
    managerId = m.id;
    const as = await makeUser(t, ['assistant'], { departmentId: dep, managerId: m.id, name: 'Assistant S' });
    const a = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep A' });
    const b = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep B' });
    const f = await makeUser(t, ['finance'], { departmentId: dep, name: 'Finance F' });
    const o = await makeUser(t, ['assistant'], { departmentId: other, name: 'Other assistant' });
    [assistant, manager, repA, repB, finance, outsider] = await Promise.all([signIn(t.app, as.email), signIn(t.app, m.email), signIn(t.app, a.email), signIn(t.app, b.email), signIn(t.app, f.email), signIn(t.app, o.email)]);
    ids.repA = a.id;
    ids.repB = b.id;
    const product = await insertStatementProduct(t.db.handle);
    const ca = await insertCustomer(t.db.handle, { ownerId: a.id, departmentId: dep, name: 'Customer of A' });
    const ca2 = await insertCustomer(t.db.handle, { ownerId: a.id, departmentId: dep, name: 'Second of A' });
    const cb = await insertCustomer(t.db.handle, { ownerId: b.id, departmentId: dep, name: 'Customer of B' });
    // A bought before (not new in March); A2 and B are new in March. B's return falls in March too.
    await insertSale(t.db.handle, { customerId: ca, ownerId: a.id, departmentId: dep, productId: product, day: '2026-02-10', net: 50_000 });
    await insertSale(t.db.handle, { customerId: ca, ownerId: a.id, departmentId: dep, productId: product, day: '2026-03-03', net: 123_457 });
    await insertSale(t.db.handle, { customerId: ca2, ownerId: a.id, departmentId: dep, productId: product, day: '2026-03-28', net: 80_001, cost: null });
    await insertSale(t.db.handle, { customerId: cb, ownerId: b.id, departmentId: dep, productId: product, day: '2026-03-15', net: 200_000, returned: { day: '2026-03-20', net: 20_000 } });
    // April: another period, must not leak into March.
    await insertSale(t.db.handle, { customerId: cb, ownerId: b.id, departmentId: dep, productId: product, day: '2026-04-01', net: 999 });
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (s: Session, url: string) => s.request({ method: 'GET', url });
  const post = (s: Session, url: string, payload: unknown) => s.request({ method: 'POST', url, payload: payload as object });
  const patch = (s: Session, url: string, payload: unknown) => s.request({ method: 'PATCH', url, payload: payload as object });

  it('periods follow the calendar and the fiscal year', () => {
    expect(periodOf('month', '2026-02', 1)).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodOf('quarter', '2026-Q1', 4)).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(periodOf('year', '2026', 4)).toMatchObject({ from: '2026-04-01', to: '2027-03-31' });
    expect(periodContaining('quarter', '2027-02-11', 4).key).toBe('2026-Q4');
    expect(lastEndedPeriod('month', '2026-04-02', 1).key).toBe('2026-03');
    expect(lastEndedPeriod('year', '2026-04-02', 1).key).toBe('2025');
    expect(() => periodOf('month', '2026-Q1', 1)).toThrow();
  });

  it('reconciliation flags a difference beyond both tolerances, with both values', () => {
    const system = { netSales: 100_000, grossSales: 110_000, returns: 10_000, orders: 4, newCustomers: 1, activeCustomers: 3, grossMargin: null };
    const abs = { toleranceMinor: 100, tolerancePercent: '0' };
    expect(reconcile(system, { netSales: 100_100 }, abs)).toEqual([]);
    expect(reconcile(system, { netSales: 100_101 }, abs)).toEqual([{ figure: 'netSales', system: 100_000, reported: 100_101, difference: 101 }]);
    expect(reconcile(system, { orders: 5 }, abs)).toEqual([{ figure: 'orders', system: 4, reported: 5, difference: 1 }]);
    // 1 % of 100,000.00 is 1,000: 900 over is within; 1,001 over is not.
    const pct = { toleranceMinor: 0, tolerancePercent: '1' };
    expect(reconcile(system, { netSales: 100_900 }, pct)).toEqual([]);
    expect(reconcile(system, { netSales: 98_999 }, pct)).toHaveLength(1);
    // No cost known: any reported margin is flagged (the system has none to agree with).
    expect(reconcile(system, { grossMargin: 5 }, abs)).toEqual([{ figure: 'grossMargin', system: null, reported: 5, difference: 5 }]);
  });

  it('the assistant opens a period: one statement per rep, numbered, due after the period', async () => {
    const res = await post(assistant, '/api/v1/statements/periods/open', march);
    expect(res.statusCode, res.body).toBe(200);
    const board = res.json();
    expect(board.rows.map((r: { repName: string }) => r.repName).sort()).toEqual(['Rep A', 'Rep B']);
    expect(board.period).toMatchObject({ from: '2026-03-01', to: '2026-03-31', dueOn: '2026-04-05' });
    // Opening again opens nothing new.
    expect((await post(assistant, '/api/v1/statements/periods/open', march)).json().rows).toHaveLength(2);
    const [{ n }] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from statements where period_key = '2026-03'`);
    expect(n).toBe(2);
    for (const r of board.rows) ids[`st_${r.repName}`] = r.statementId;
  });

  it("a rep's system figures are the statistics API's for their own records, to the cent", async () => {
    const st = (await get(repA, `/api/v1/statements/${ids['st_Rep A']}`)).json();
    const stats = (await get(repA, `/api/v1/statistics/sales?from=2026-03-01&to=2026-03-31&ownerId=${ids.repA}`)).json();
    expect(st.system).toEqual({
      netSales: stats.total.current.netSales,
      grossSales: stats.total.current.sales,
      returns: stats.total.current.returns,
      orders: stats.total.current.orders,
      newCustomers: 1,
      activeCustomers: 2,
      grossMargin: stats.total.current.grossMargin,
    });
    expect(st.system.netSales).toBe(203_458);
    const b = (await get(repB, `/api/v1/statements/${ids['st_Rep B']}`)).json();
    expect(b.system).toMatchObject({ netSales: 180_000, grossSales: 200_000, returns: 20_000, orders: 1, newCustomers: 1, activeCustomers: 1 });
  });

  it('a rep sees only their own statements; the back office of another department and finance see none', async () => {
    expect((await get(repA, `/api/v1/statements/${ids['st_Rep B']}`)).statusCode).toBe(404);
    expect((await get(outsider, `/api/v1/statements/${ids['st_Rep B']}`)).statusCode).toBe(404);
    expect((await get(finance, `/api/v1/statements/${ids['st_Rep B']}`)).statusCode).toBe(403);
    expect((await get(repA, '/api/v1/statements')).json().items.map((i: { repName: string }) => i.repName)).toEqual(['Rep A']);
    expect((await get(assistant, '/api/v1/statements?periodKey=2026-03')).json().items).toHaveLength(2);
    expect((await get(repA, '/api/v1/statements/board?kind=month&periodKey=2026-03')).statusCode).toBe(403);
    expect((await get(outsider, `/api/v1/statements/board?kind=month&periodKey=2026-03&departmentId=${dep}`)).statusCode).toBe(404);
    // Another rep cannot write someone else's statement either.
    const v = (await get(assistant, `/api/v1/statements/${ids['st_Rep A']}`)).json().version;
    expect((await patch(repB, `/api/v1/statements/${ids['st_Rep A']}`, { market: 'x', version: v })).statusCode).toBe(404);
  });

  it('the rep reports a figure: within the tolerance no flag, beyond it flagged with both values; stale versions and bad input refused', async () => {
    const url = `/api/v1/statements/${ids['st_Rep A']}`;
    let st = (await get(repA, url)).json();
    const small = await patch(repA, url, { reported: { netSales: st.system.netSales + 50 }, version: st.version });
    expect(small.statusCode, small.body).toBe(200);
    expect(small.json().flags).toEqual([]);
    expect((await patch(repA, url, { market: 'stale', version: st.version })).statusCode).toBe(409);
    const bad = await patch(repA, url, { reported: { netSales: 'lots' }, version: st.version + 1 });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('netSales');
    st = small.json();
    const big = await patch(repA, url, { reported: { netSales: 250_000 }, market: 'Demand is up in the east. 东区需求上升。', problems: 'Late deliveries', nextSteps: 'Visit the top customers', version: st.version });
    expect(big.json().flags).toEqual([{ figure: 'netSales', system: 203_458, reported: 250_000, difference: 46_542 }]);
    expect(big.json().reported.grossSales).toBe(big.json().system.grossSales);
  });

  it('reminders go out once per stage, also when two scans race, and the manager hears when it is late', async () => {
    const count = async (kind: string, userId: string) =>
      (await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from notifications where kind = $1 and user_id = $2 and entity_type = 'statement'`, [kind, userId]))[0].n;
    await Promise.all([scanReminders(t.db.handle.db, '2026-04-03'), scanReminders(t.db.handle.db, '2026-04-03')]);
    await scanReminders(t.db.handle.db, '2026-04-03');
    expect(await count('reminder.before', ids.repA)).toBe(1);
    expect(await count('reminder.before', ids.repB)).toBe(1);
    // Rep A hands in before the day: their reminders stop.
    const st = (await get(repA, `/api/v1/statements/${ids['st_Rep A']}`)).json();
    const sub = await post(repA, `/api/v1/statements/${ids['st_Rep A']}/submit`, { version: st.version });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().status).toBe('submitted');
    for (const day of ['2026-04-05', '2026-04-05', '2026-04-06', '2026-04-07']) await scanReminders(t.db.handle.db, day);
    expect(await count('reminder.due', ids.repA)).toBe(0);
    expect(await count('reminder.due', ids.repB)).toBe(1);
    expect(await count('reminder.overdue', ids.repB)).toBe(1);
    expect(await count('reminder.escalated', managerId)).toBe(1);
    const board = (await get(assistant, '/api/v1/statements/board?kind=month&periodKey=2026-03')).json();
    const b = board.rows.find((r: { repName: string }) => r.repName === 'Rep B');
    expect(b).toMatchObject({ state: 'late', reminders: { count: 3, escalatedToName: 'Manager M' } });
    const a = board.rows.find((r: { repName: string }) => r.repName === 'Rep A');
    expect(a).toMatchObject({ state: 'submitted', flagCount: 1, reminders: { count: 1 } });
    expect(board.counts).toEqual({ submitted: 1, late: 1, due: 0 });
    expect(board.canConsolidate).toBe(false);
  });

  it('the daily job opens the periods that ended, once', async () => {
    const first = await openEndedPeriods(t.db.handle.db, '2026-04-02');
    const again = await openEndedPeriods(t.db.handle.db, '2026-04-02');
    // March was opened by hand; Q1 2026 and the year 2025 are new: two reps each.
    expect(first).toBe(4);
    expect(again).toBe(0);
  });

  it('query, resubmit with an answer, accept; nobody but a reviewer reviews', async () => {
    const url = `/api/v1/statements/${ids['st_Rep A']}`;
    let st = (await get(assistant, url)).json();
    expect(st.canReview).toBe(true);
    expect((await post(repA, `${url}/accept`, { version: st.version })).statusCode).toBe(403);
    expect((await post(assistant, `${url}/query`, { question: '', version: st.version })).statusCode).toBe(400);
    const q = await post(assistant, `${url}/query`, { question: 'Net sales 250,000.00 vs the system 203,458 — which orders are missing?', version: st.version });
    expect(q.json().status).toBe('queried');
    st = (await get(repA, url)).json();
    expect((await post(repA, `${url}/submit`, { version: st.version })).statusCode).toBe(400);
    const re = await post(repA, `${url}/submit`, { answer: 'Two orders are still being entered.', version: st.version });
    expect(re.json()).toMatchObject({ status: 'resubmitted', queryAnswer: 'Two orders are still being entered.' });
    expect((await post(assistant, `${url}/accept`, { version: st.version })).statusCode).toBe(409);
    const ok = await post(assistant, `${url}/accept`, { version: re.json().version });
    expect(ok.json().status).toBe('accepted');
  });

  let firstReport: { id: string; approvalRequestId: string };
  it('consolidation waits for every statement or a closed period; then totals = sum of rows = statistics per rep', async () => {
    const c = await post(assistant, '/api/v1/statements/periods/consolidate', march);
    expect(c.statusCode).toBe(409);
    expect((await post(assistant, '/api/v1/statements/periods/close', { ...march, reason: '' })).statusCode).toBe(400);
    expect((await post(assistant, '/api/v1/statements/periods/close', { kind: 'month', periodKey: '2099-01', reason: 'x' })).statusCode).toBe(400);
    const closed = await post(assistant, '/api/v1/statements/periods/close', { ...march, reason: 'Rep B is on leave 休假' });
    expect(closed.json()).toMatchObject({ canConsolidate: true, period: { closeReason: 'Rep B is on leave 休假' } });
    const res = await post(assistant, '/api/v1/statements/periods/consolidate', march);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ versionNo: 1, status: 'pending', kind: 'month', periodKey: '2026-03' });
    const rows = r.content.rows as { repId: string; isIn: boolean; system: Record<string, number>; flags: unknown[] }[];
    for (const f of ['netSales', 'grossSales', 'returns', 'orders', 'newCustomers', 'activeCustomers']) {
      expect(r.content.totals[f]).toBe(rows.reduce((s, row) => s + row.system[f], 0));
    }
    for (const row of rows) {
      const stats = (await get(assistant, `/api/v1/statistics/sales?from=2026-03-01&to=2026-03-31&ownerId=${row.repId}`)).json();
      expect(row.system.netSales).toBe(stats.total.current.netSales);
      expect(row.system.grossSales).toBe(stats.total.current.sales);
      expect(row.system.returns).toBe(stats.total.current.returns);
    }
    expect(r.content.totals.netSales).toBe(383_458);
    expect(r.content.trend).toEqual([{ month: '2026-03', netSales: 383_458 }]);
    expect(rows.find((x) => x.repId === ids.repA)).toMatchObject({ isIn: true, flags: [{ figure: 'netSales', reported: 250_000 }] });
    expect(rows.find((x) => x.repId === ids.repB)).toMatchObject({ isIn: false, flags: [] });
    expect(r.content.excerpts[0]).toMatchObject({ repName: 'Rep A', market: 'Demand is up in the east. 东区需求上升。' });
    // Archived as PDF: attached through the files service and filed in the archive as a report.
    expect(r.pdfFileId).toBeTruthy();
    expect(r.archiveDocumentId).toBeTruthy();
    const [doc] = await rawQuery<{ type_code: string }>(t.db.handle, `select type_code from archive_documents where id = $1`, [r.archiveDocumentId]);
    expect(doc.type_code).toBe('report');
    const pdf = await get(manager, `/api/v1/files/${r.pdfFileId}/download`);
    expect(pdf.statusCode).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain('Sales East 销售东区');
    expect(text).toContain('Rep B is on leave');
    // Reps never see the report nor its PDF.
    expect((await get(repA, `/api/v1/statements/reports/${r.id}`)).statusCode).toBe(404);
    expect((await get(repA, `/api/v1/files/${r.pdfFileId}/download`)).statusCode).toBe(404);
    firstReport = r;
  });

  it('consolidating again makes version 2 (version 1 superseded, its approval withdrawn); the manager acknowledges it', async () => {
    const res = await post(assistant, '/api/v1/statements/periods/consolidate', { ...march, locale: 'zh-CN' });
    expect(res.statusCode).toBe(201);
    const v2 = res.json();
    expect(v2.versionNo).toBe(2);
    expect(v2.versions.map((v: { versionNo: number; status: string }) => [v.versionNo, v.status])).toEqual([
      [2, 'pending'],
      [1, 'superseded'],
    ]);
    expect((await get(manager, `/api/v1/approvals/requests/${firstReport.approvalRequestId}`)).json().status).toBe('withdrawn');
    const inbox = (await get(manager, '/api/v1/approvals/inbox')).json();
    expect(inbox.items.map((i: { docId: string }) => i.docId)).toContain(v2.id);
    const ack = await post(manager, `/api/v1/approvals/requests/${v2.approvalRequestId}/approve`, { comment: '已阅' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect((await get(assistant, `/api/v1/statements/reports/${v2.id}`)).json().status).toBe('acknowledged');
    const pdf = await get(manager, `/api/v1/files/${v2.pdfFileId}/download`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(text).toContain('部门合计');
    expect((await get(assistant, '/api/v1/statements/reports?periodKey=2026-03')).json().items).toHaveLength(2);
  });

  it('the calendar lists due dates per period and rep; settings are the admin’s', async () => {
    const cal = (await get(assistant, '/api/v1/statements/calendar?year=2026')).json();
    const m = cal.periods.find((p: { periodKey: string }) => p.periodKey === '2026-03');
    expect(m).toMatchObject({ dueOn: '2026-04-05' });
    expect(m.reps.map((r: { repName: string; status: string }) => [r.repName, r.status])).toEqual([
      ['Rep A', 'accepted'],
      ['Rep B', 'open'],
    ]);
    const mine = (await get(repB, '/api/v1/statements/calendar?year=2026')).json();
    expect(mine.periods[0].reps.map((r: { repName: string }) => r.repName)).toEqual(['Rep B']);
    const settings = (await get(repA, '/api/v1/statements/settings')).json();
    expect(settings.dueDays.month).toBe(5);
    expect((await assistant.request({ method: 'PUT', url: '/api/v1/statements/settings', payload: settings })).statusCode).toBe(403);
  });
});
