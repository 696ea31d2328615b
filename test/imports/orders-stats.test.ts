import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repEmail } from '../../bench/generate-order-lines';
import { verifySummaries } from '../../src/server/modules/statistics/summary';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { flatCsv, monthlyTotalsFromCsv, upload } from './helpers';

/**
 * An order import keeps the sales summary tables exact without the statement triggers
 * (migration 0019): it adds the same change itself, in its own transaction. After every
 * step — a first import, a second file on the same days, customers and products (summary
 * rows that already exist), a re-import, an order written by the sales service, an undo —
 * the stored summaries must equal a rebuild from the base rows, on both engines.
 */
let t: TestApp;
let assistant: Session;
let dep: string;
let other: string;

beforeAll(async () => {
  t = await createTestApp();
  dep = await makeDepartment(t, 'Sales East');
  other = await makeDepartment(t, 'Sales West');
  assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: dep })).email);
  // Reps of two departments and one with none: the product summary is kept per department.
  for (let i = 0; i < 5; i++) await makeUser(t, ['rep'], { departmentId: i === 4 ? null : i % 2 ? other : dep, email: repEmail(i) });
});
afterAll(async () => t?.close());

const verify = async () => expect((await verifySummaries(t.db.handle)).differences).toEqual([]);

async function importCsv(name: string, csv: string, opts: { withoutRep?: boolean } = {}) {
  const res = await upload(assistant, 'orders', name, csv);
  expect(res.statusCode, res.body).toBe(201);
  const mapping = { ...(res.json().preview.suggestedMapping as Record<string, string>) };
  if (opts.withoutRep) delete mapping.rep;
  const run = await assistant.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/run`, payload: { mapping } });
  expect(run.statusCode, run.body).toBe(200);
  return run.json().batch as { id: string; created: Record<string, number>; unchanged: Record<string, number> };
}

const summaryNet = async () => {
  const [r] = await rawQuery<{ day: number; month: number; product: number; customer: number }>(
    t.db.handle,
    `select (select coalesce(sum(net), 0)::bigint from stats_sales_day) as day, (select coalesce(sum(net), 0)::bigint from stats_sales_month) as month,
            (select coalesce(sum(net), 0)::bigint from stats_sales_month_product) as product, (select coalesce(sum(net), 0)::bigint from stats_sales_month_customer) as customer`,
  );
  return Object.values(r).map(Number);
};

describe('order import and the summary tables', () => {
  const first = flatCsv(300, 11);
  // Other order numbers, the same customers, products and days: every summary row the second
  // file touches exists already (the upserts' update path).
  const second = flatCsv(300, 11).replace(/SO0/g, 'SB0');
  const third = flatCsv(120, 12).replace(/SO0/g, 'SC0');
  let firstId: string;
  let secondId: string;

  it('a first import is summed exactly, per day, month, product and customer', async () => {
    const b = await importCsv('first.csv', first);
    firstId = b.id;
    expect(b.created.lines).toBe(300);
    await verify();
    const total = [...monthlyTotalsFromCsv(first).values()].reduce((a, x) => a + x, 0);
    expect(await summaryNet()).toEqual([total, total, total, total]);
    const [d] = await rawQuery<{ n: number }>(t.db.handle, `select count(distinct department_id)::int as n from stats_sales_month_product`);
    expect(d.n).toBeGreaterThan(1);
  });

  it('queues the summary tables\' tidy on PGlite (no autovacuum there), which runs and changes no figure', async () => {
    const [queued] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from jobs where queue = 'stats.tidy' and status = 'queued'`);
    expect(queued.n).toBe(t.db.handle.engine === 'pglite' ? 1 : 0);
    const before = await summaryNet();
    await runDueJobs(t.db.handle);
    const [left] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from jobs where queue = 'stats.tidy' and status <> 'done'`);
    expect(left.n).toBe(0);
    if (t.db.handle.engine === 'pglite') {
      // VACUUM (ANALYZE) ran: the planner's statistics of the monthly table count its rows.
      const [stats] = await rawQuery<{ n: number }>(t.db.handle, `select reltuples::int as n from pg_class where relname = 'stats_sales_month'`);
      expect(stats.n).toBeGreaterThan(0);
    }
    expect(await summaryNet()).toEqual(before);
    await verify();
  });

  it('a second file on the same days, customers and products adds to the existing summary rows', async () => {
    const b = await importCsv('second.csv', second);
    secondId = b.id;
    expect(b.created).toMatchObject({ orders: expect.any(Number), lines: 300, customers: 0, products: 0 });
    await verify();
    const total = 2 * [...monthlyTotalsFromCsv(first).values()].reduce((a, x) => a + x, 0);
    expect(await summaryNet()).toEqual([total, total, total, total]);
  });

  it('a file without a rep column (orders filed in the clerk’s department) is summed exactly too', async () => {
    const b = await importCsv('third.csv', third, { withoutRep: true });
    expect(b.created.lines).toBe(120);
    await verify();
  });

  it('re-importing changes no summary; the flag does not outlive the import: a later order is counted by the triggers', async () => {
    const before = await summaryNet();
    const b = await importCsv('first-again.csv', first);
    expect(b.created).toMatchObject({ orders: 0, lines: 0 });
    expect(await summaryNet()).toEqual(before);
    await verify();
    // A confirmed order written by plain SQL after the import: the triggers count it.
    const [o] = await rawQuery<{ id: string; customer_id: string }>(t.db.handle, `select id, customer_id from sales_orders where import_batch_id = $1 limit 1`, [firstId]);
    const [p] = await rawQuery<{ id: string }>(t.db.handle, `select id from products limit 1`);
    const [n] = await rawQuery<{ id: string }>(
      t.db.handle,
      `insert into sales_orders (number, customer_id, order_date, currency, status, net_total, tax_total, gross_total) values ('SO-T-1', $1, '2024-02-03', 'CNY', 'confirmed', 500, 0, 500) returning id`,
      [o.customer_id],
    );
    await rawQuery(
      t.db.handle,
      `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, net_amount, tax_amount, gross_amount, order_date, customer_id) values ($1, 1, $2, 1, 500, 500, 0, 500, '2024-02-03', $3)`,
      [n.id, p.id, o.customer_id],
    );
    expect((await summaryNet()).map((x, i) => x - before[i])).toEqual([500, 500, 500, 500]);
    await verify();
    await rawQuery(t.db.handle, `delete from sales_order_lines where order_id = $1`, [n.id]);
    await rawQuery(t.db.handle, `delete from sales_orders where id = $1`, [n.id]);
    expect(await summaryNet()).toEqual(before);
  });

  it('undo takes exactly the batch out of the summaries', async () => {
    const undo = await assistant.request({ method: 'POST', url: `/api/v1/imports/${secondId}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    await verify();
    const total = [...monthlyTotalsFromCsv(first).values()].reduce((a, x) => a + x, 0) + [...monthlyTotalsFromCsv(third).values()].reduce((a, x) => a + x, 0);
    expect(await summaryNet()).toEqual([total, total, total, total]);
  });
});
