import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSales } from '../../src/server/demo/seed-sales';
import { businessToday } from '../../src/server/platform/approvals/approvals.engine';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { insertCustomer, insertProduct, orderTotalsMismatches } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';

/**
 * The demo sales generator on its own (customers and products inserted here): a
 * no-op without them; otherwise three years of orders with growth and seasonality,
 * exact totals, returns within the ordered quantities, gap-free numbers, and the
 * same amounts on every run.
 */
describe('demo sales data', () => {
  let d: TestDatabase;
  let counts: Awaited<ReturnType<typeof seedSales>>;

  beforeAll(async () => {
    d = await createTestDatabase();
    expect(await seedSales(d.handle.db, new Map())).toEqual({ orders: 0, lines: 0, returns: 0, contracts: 0, negotiations: 0 });
    for (let i = 0; i < 60; i++) await insertCustomer(d.handle, { name: `Demo customer ${String(i).padStart(2, '0')}` });
    await rawQuery(d.handle, `update customers set is_key = true where name like 'Demo customer 0%'`);
    for (let i = 0; i < 40; i++) await insertProduct(d.handle, { price: 1_000 + i * 2_345 });
    counts = await seedSales(d.handle.db, new Map());
  }, 120_000);
  afterAll(async () => {
    await d?.drop();
  });

  it('writes three years of orders, with lines, returns, contracts and negotiations', async () => {
    expect(counts.orders).toBeGreaterThan(1200);
    expect(counts.lines).toBeGreaterThan(counts.orders * 2);
    expect(counts.returns).toBeGreaterThan(20);
    expect(counts.contracts).toBeGreaterThan(10);
    expect(counts.negotiations).toBeGreaterThan(5);
    const [span] = await rawQuery<{ first: string; last: string }>(d.handle, 'select min(order_date)::text as first, max(order_date)::text as last from sales_orders');
    const today = await businessToday(d.handle.db);
    expect(span.last <= today).toBe(true);
    expect(Number(today.slice(0, 4)) - Number(span.first.slice(0, 4))).toBe(3);
  });

  it('keeps header totals equal to the lines, and lines in step with their header', async () => {
    expect(await orderTotalsMismatches(d.handle)).toEqual([]);
    const [bad] = await rawQuery<{ n: number }>(
      d.handle,
      `select count(*)::int as n from sales_order_lines l join sales_orders o on o.id = l.order_id
        where l.order_date <> o.order_date or l.customer_id <> o.customer_id or l.owner_id is distinct from o.owner_id
           or l.region_id is distinct from o.region_id or l.department_id is distinct from o.department_id or l.gross_amount <> l.net_amount + l.tax_amount`,
    );
    expect(bad.n).toBe(0);
    const [ret] = await rawQuery<{ n: number }>(
      d.handle,
      `select count(*)::int as n from sales_returns r
         left join (select return_id, sum(net_amount) net, sum(gross_amount) gross from sales_return_lines group by return_id) s on s.return_id = r.id
        where r.net_total <> coalesce(s.net, 0) or r.gross_total <> coalesce(s.gross, 0)`,
    );
    expect(ret.n).toBe(0);
    const [over] = await rawQuery<{ n: number }>(
      d.handle,
      `select count(*)::int as n from sales_order_lines l
        where l.quantity < (select coalesce(sum(rl.quantity), 0) from sales_return_lines rl join sales_returns r on r.id = rl.return_id where rl.order_line_id = l.id and r.status = 'confirmed')`,
    );
    expect(over.n).toBe(0);
  });

  it('grows year on year, with a quiet February and a busy December', async () => {
    const byMonth = await rawQuery<{ m: number; n: number }>(d.handle, `select extract(month from order_date)::int as m, count(*)::int as n from sales_orders group by 1`);
    const n = (m: number) => byMonth.find((x) => x.m === m)?.n ?? 0;
    expect(n(2)).toBeLessThan(n(12));
    const today = await businessToday(d.handle.db);
    const year = (from: number, to: number) =>
      rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from sales_orders where order_date > ($1::date - $2::int) and order_date <= ($1::date - $3::int)`, [today, from, to]);
    const [recent] = await year(365, 0);
    const [early] = await year(3 * 365, 2 * 365);
    expect(recent.n).toBeGreaterThan(early.n);
  });

  it('numbers every document gap-free per year, and the sequences continue after them', async () => {
    const rows = await rawQuery<{ y: string; n: number; max: number }>(
      d.handle,
      `select split_part(number, '-', 2) as y, count(*)::int as n, max(split_part(number, '-', 3)::int) as max from sales_orders group by 1`,
    );
    for (const r of rows) expect(r.max).toBe(r.n);
    const seq = await rawQuery<{ year: number; last_value: number }>(d.handle, `select year, last_value from number_sequences where name = 'sales_order'`);
    for (const r of rows) expect(seq.find((s) => s.year === Number(r.y))?.last_value).toBe(r.n);
  });

  it('does nothing a second time', async () => {
    expect(await seedSales(d.handle.db, new Map())).toEqual({ orders: 0, lines: 0, returns: 0, contracts: 0, negotiations: 0 });
  });
});
