import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { insertCustomer } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';
import { expectStatus, ledgerWorld, manualEntry, post, type LedgerWorld } from '../ledger/helpers';

/** Expense statistics read from the ledger: every figure recomputed from the posted lines behind it; a rep sees only their own. */
let t: TestApp;
let w: LedgerWorld;
let A: LedgerWorld['account'];
let tripId: string;
let customerId: string;
const range = 'from=2026-01-01&to=2026-12-31';

const get = async (s: Session, url: string, status = 200) => {
  const res = await s.request({ method: 'GET', url });
  expectStatus(res, status);
  return res;
};
const json = async (s: Session, url: string, status = 200) => (await get(s, url, status)).json();

beforeAll(async () => {
  t = await createTestApp();
  w = await ledgerWorld(t);
  A = w.account;
  customerId = await insertCustomer(t.db.handle, { name: 'Hangzhou Lighting Co.' });
  const [trip] = await rawQuery<{ id: string }>(
    t.db.handle,
    `insert into trips (number, traveller_id, department_id, purpose, start_date, end_date, status) values ('TRIP-2026-00001', $1, $2, 'Visit Hangzhou', '2026-01-08', '2026-01-11', 'approved') returning id`,
    [w.rep.userId, w.departmentId],
  );
  tripId = trip.id;
  await rawQuery(t.db.handle, `insert into trip_budgets (trip_id, category, amount) values ($1, 'lodging', 100000), ($1, 'travel_transport', 50000)`, [tripId]);

  const rep = w.rep.userId;
  const repB = w.repB.userId;
  const dep = w.departmentId;
  const entries = [
    manualEntry('2026-01-12', [
      { accountId: A['660102'], debit: 45_678, employeeId: rep, departmentId: dep, tripId, customerId },
      { accountId: A['2241'], credit: 45_678, employeeId: rep },
    ]),
    manualEntry('2026-01-20', [
      { accountId: A['660101'], debit: 12_345, employeeId: rep, departmentId: dep, tripId },
      { accountId: A['660103'], debit: 999, employeeId: repB, departmentId: dep },
      { accountId: A['2241'], credit: 13_344 },
    ]),
    manualEntry('2026-02-03', [
      { accountId: A['660104'], debit: 1_001, employeeId: repB },
      { accountId: A['1001'], credit: 1_001 },
    ]),
    // Out of range: not counted.
    manualEntry('2025-12-31', [
      { accountId: A['660104'], debit: 7_000, employeeId: rep },
      { accountId: A['1001'], credit: 7_000 },
    ]),
    // A draft: not counted.
    manualEntry('2026-03-01', [
      { accountId: A['660105'], debit: 9_000, employeeId: rep },
      { accountId: A['1001'], credit: 9_000 },
    ], { post: false }),
  ];
  for (const e of entries) expectStatus(await post(w.finance, e), 201);
  // A mistake and its reversal net to nothing.
  const wrong = await post(w.finance, manualEntry('2026-03-05', [{ accountId: A['660105'], debit: 50_000, employeeId: rep }, { accountId: A['1001'], credit: 50_000 }]));
  expectStatus(wrong, 201);
  expectStatus(await w.finance.request({ method: 'POST', url: `/api/v1/ledger/entries/${wrong.json().id}/reverse`, payload: { reason: 'wrong account', entryDate: '2026-03-06' } }), 201);
});
afterAll(async () => t?.close());

/** The expense total recomputed from the posted lines themselves. */
async function fromLines(filter = '', params: unknown[] = []): Promise<number> {
  const [row] = await rawQuery<{ s: number }>(
    t.db.handle,
    `select coalesce(sum(l.debit - l.credit), 0)::bigint as s from ledger_lines l
       join ledger_entries e on e.id = l.entry_id join ledger_accounts a on a.id = l.account_id
      where e.status = 'posted' and a.type = 'expense' and e.entry_date between '2026-01-01' and '2026-12-31' ${filter}`,
    params,
  );
  return Number(row.s);
}
const sum = (rows: { amount: number }[]) => rows.reduce((s, r) => s + r.amount, 0);

describe('expense overview', () => {
  it('groups the ledger by category, person, department, trip, customer and month; every grouping adds up to the lines', async () => {
    const o = await json(w.finance, `/api/v1/expense-stats/overview?${range}`);
    expect(o.total).toBe(await fromLines());
    expect(o.total).toBe(45_678 + 12_345 + 999 + 1_001);
    for (const k of ['byCategory', 'byPerson', 'byDepartment', 'byTrip', 'byCustomer', 'byPeriod']) expect(sum(o[k])).toBe(o.total);
    expect(o.byPerson.find((p: { key: string }) => p.key === w.rep.userId).amount).toBe(await fromLines('and l.employee_id = $1', [w.rep.userId]));
    expect(o.byCategory.find((c: { key: string }) => c.key === A['660102'])).toMatchObject({ amount: 45_678, label: '660102 Travel — lodging', labelZh: '660102 差旅费—住宿费' });
    // The reversed entertainment posting nets to zero.
    expect(o.byCategory.find((c: { key: string }) => c.key === A['660105'])?.amount ?? 0).toBe(0);
    expect(o.byTrip.find((r: { key: string }) => r.key === tripId)).toMatchObject({ amount: 58_023, label: 'TRIP-2026-00001 Visit Hangzhou' });
    expect(o.byCustomer.find((r: { key: string }) => r.key === customerId)).toMatchObject({ amount: 45_678, label: 'Hangzhou Lighting Co.' });
    expect(o.byPeriod.map((p: { key: string; amount: number }) => [p.key, p.amount])).toEqual([
      ['2026-01', 59_022],
      ['2026-02', 1_001],
      ['2026-03', 0],
    ]);
    const q = await json(w.finance, `/api/v1/expense-stats/overview?${range}&grain=quarter`);
    expect(q.byPeriod.map((p: { key: string }) => p.key)).toEqual(['2026-Q1']);
    const dep = await json(w.manager, `/api/v1/expense-stats/overview?${range}&departmentId=${w.departmentId}`);
    expect(dep.total).toBe(await fromLines('and l.department_id = $1', [w.departmentId]));
  });

  it('a rep sees their own expenses only; naming someone else or a department is a 404', async () => {
    const own = await json(w.rep, `/api/v1/expense-stats/overview?${range}`);
    expect(own.total).toBe(await fromLines('and l.employee_id = $1', [w.rep.userId]));
    expect(own.byPerson.map((p: { key: string }) => p.key)).toEqual([w.rep.userId]);
    await get(w.rep, `/api/v1/expense-stats/overview?${range}&employeeId=${w.repB.userId}`, 404);
    await get(w.rep, `/api/v1/expense-stats/overview?${range}&departmentId=${w.departmentId}`, 404);
    await get(w.rep, `/api/v1/expense-stats/budget?${range}&employeeId=${w.repB.userId}`, 404);
    await get(w.rep, `/api/v1/expense-stats/export?${range}&employeeId=${w.repB.userId}`, 404);
    expect((await json(w.repB, `/api/v1/expense-stats/overview?${range}`)).total).toBe(999 + 1_001);
    const bad = await json(w.finance, '/api/v1/expense-stats/overview?from=2026-02-01&to=2026-01-01', 400);
    expect(bad.errors[0].field).toBe('querystring.from');
  });

  it('budget versus actual per trip and per traveller', async () => {
    const b = await json(w.finance, `/api/v1/expense-stats/budget?${range}`);
    expect(b.byTrip).toEqual([{ key: tripId, label: 'TRIP-2026-00001 Visit Hangzhou', budget: 150_000, actual: 58_023, remaining: 91_977 }]);
    expect(b.byPerson).toEqual([{ key: w.rep.userId, label: 'Rep A', budget: 150_000, actual: 58_023, remaining: 91_977 }]);
    expect((await json(w.repB, `/api/v1/expense-stats/budget?${range}`)).byTrip).toEqual([]);
  });

  it('exports a formatted workbook in the reader’s language whose totals are the overview’s', async () => {
    await w.finance.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
    const res = await get(w.finance, `/api/v1/expense-stats/export?${range}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['按费用科目', '按人员', '按部门', '按期间', '按出差', '按客户', '预算与实际']);
    const ws = wb.getWorksheet('按费用科目')!;
    expect(ws.getRow(3).values).toEqual([undefined, '费用科目', '金额', '分录行数']);
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    expect(Math.round(Number(last.getCell(2).value) * 100)).toBe(await fromLines());
    expect(last.getCell(2).numFmt).toContain('0.00');
    expect(ws.getColumn(1).values).toContain('660102 差旅费—住宿费');
  });
});
