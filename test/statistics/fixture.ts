import { makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertCustomer, insertProduct, insertRegion } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';

/**
 * A small sales department for the drill-down, pivot and export tests: a manager, two reps,
 * two regions, four customers (levels A, B, none), three products (one without a cost), orders
 * in 2025 and 2026 (some not counted: draft, cancelled) and confirmed returns dated later.
 */
export interface StatsFixture {
  manager: Session;
  repA: Session;
  repB: Session;
  repIds: string[];
  regions: string[];
  customers: string[];
  products: string[];
  dep: string;
}

export async function seedStats(t: TestApp): Promise<StatsFixture> {
  const dep = await makeDepartment(t, `Stats ${Math.random().toString(36).slice(2, 6)}`);
  const m = await makeUser(t, ['manager'], { departmentId: dep });
  const a = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep A' });
  const b = await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id, name: 'Rep B' });
  const regions = [await insertRegion(t.db.handle, '华东 East'), await insertRegion(t.db.handle, '华北 North')];
  const owners = [a.id, b.id, a.id, b.id];
  const customers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const id = await insertCustomer(t.db.handle, { ownerId: owners[i], departmentId: dep, regionId: regions[i % 2], name: `客户 ${i}` });
    await rawQuery(t.db.handle, `update customers set level = $2 where id = $1`, [id, ['A', 'B', 'A', null][i]]);
    customers.push(id);
  }
  const products = [await insertProduct(t.db.handle, { name: '电缆 Cable' }), await insertProduct(t.db.handle, { name: '开关 Switch' }), await insertProduct(t.db.handle, { name: 'Service', cost: null })];
  let no = 0;
  const order = async (day: string, customer: number, status: string, lines: [number, number, number][], returned?: { day: string; line: number; qty: number }) => {
    no++;
    const c = customers[customer];
    const owner = owners[customer];
    const region = regions[customer % 2];
    const net = lines.reduce((s, [, q, p]) => s + q * p, 0);
    const [o] = await rawQuery<{ id: string }>(
      t.db.handle,
      `insert into sales_orders (number, customer_id, owner_id, department_id, region_id, order_date, currency, status, net_total, tax_total, gross_total)
       values ($1, $2, $3, $4, $5, $6, 'CNY', $7, $8, 0, $8) returning id`,
      [`SO-T-${no}`, c, owner, dep, region, day, status, net],
    );
    const ids: number[] = [];
    for (const [i, [p, q, price]] of lines.entries()) {
      const [l] = await rawQuery<{ id: number }>(
        t.db.handle,
        `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, net_amount, tax_amount, gross_amount, cost_amount, order_date, customer_id, owner_id, region_id, department_id)
         values ($1, $2, $3, $4, $5, $6, 0, $6, $7, $8, $9, $10, $11, $12) returning id`,
        [o.id, i + 1, products[p], q, price, q * price, p === 2 ? null : Math.round(q * price * 0.6), day, c, owner, region, dep],
      );
      ids.push(Number(l.id));
    }
    if (returned) {
      const [, q, price] = lines[returned.line];
      const rnet = returned.qty * price;
      const [r] = await rawQuery<{ id: string }>(
        t.db.handle,
        `insert into sales_returns (number, order_id, customer_id, owner_id, department_id, region_id, return_date, reason, status, net_total, tax_total, gross_total, currency)
         values ($1, $2, $3, $4, $5, $6, $7, 'test', 'confirmed', $8, 0, $8, 'CNY') returning id`,
        [`SR-T-${no}`, o.id, c, owner, dep, region, returned.day, rnet],
      );
      await rawQuery(t.db.handle, `insert into sales_return_lines (return_id, order_line_id, quantity, net_amount, tax_amount, gross_amount) values ($1, $2, $3, $4, 0, $4)`, [r.id, ids[returned.line], Math.min(q, returned.qty), rnet]);
    }
  };
  const days2026 = ['2026-01-05', '2026-01-20', '2026-02-11', '2026-02-27', '2026-03-03', '2026-03-30', '2026-04-02', '2026-05-15', '2026-06-30'];
  for (const [i, day] of days2026.entries()) {
    await order(day, i % 4, 'confirmed', [[i % 3, 1 + (i % 4), 12_345 + i * 1001], [(i + 1) % 3, 2, 9_999]], i % 3 === 0 ? { day: `2026-0${Math.min(9, Number(day.slice(6, 7)) + 1)}-10`, line: 0, qty: 1 } : undefined);
    await order(day.replace('2026', '2025'), (i + 1) % 4, i % 2 ? 'delivered' : 'closed', [[(i + 2) % 3, 3, 7_777 + i]]);
  }
  await order('2026-02-14', 0, 'draft', [[0, 5, 100_000]]);
  await order('2026-02-15', 1, 'cancelled', [[1, 5, 100_000]]);
  return {
    manager: await signIn(t.app, m.email),
    repA: await signIn(t.app, a.email),
    repB: await signIn(t.app, b.email),
    repIds: [a.id, b.id],
    regions,
    customers,
    products,
    dep,
  };
}
