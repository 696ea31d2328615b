import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertCustomer, insertProduct, insertRegion } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';
import { rebuildSummaries, verifySummaries } from '../../src/server/modules/statistics/summary';

/**
 * The sales summary tables stay exact through every kind of write: orders created,
 * edited, confirmed, cancelled; lines changed; returns confirmed and cancelled; a
 * customer merge; and plain SQL updates and deletes. After each random sequence the
 * stored summaries must equal a recomputation from the base rows (verifySummaries),
 * and the day table's totals must equal a straightforward sum over the lines.
 */
describe('sales summary tables', () => {
  let t: TestApp;
  let manager: Session;
  let customers: string[];
  let reps: string[];
  let products: string[];
  const post = (url: string, payload: unknown) => manager.request({ method: 'POST', url, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp();
    const dep = await makeDepartment(t, 'Sales');
    const m = await makeUser(t, ['manager'], { departmentId: dep, name: 'Manager' });
    const repUsers = [await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id }), await makeUser(t, ['rep'], { departmentId: dep, managerId: m.id })];
    reps = repUsers.map((r) => r.id);
    manager = await signIn(t.app, m.email);
    const east = await insertRegion(t.db.handle, 'East');
    customers = [
      await insertCustomer(t.db.handle, { ownerId: reps[0], departmentId: dep, regionId: east, name: 'Alpha 上海' }),
      await insertCustomer(t.db.handle, { ownerId: reps[1], departmentId: dep, name: 'Beta Ltd' }),
      await insertCustomer(t.db.handle, { ownerId: null, departmentId: dep, name: 'Gamma 商贸' }),
    ];
    products = [await insertProduct(t.db.handle, { price: 12_345, cost: 8_000 }), await insertProduct(t.db.handle, { price: 999, cost: null })];
  });
  afterAll(async () => {
    await t?.close();
  });

  const lineTotals = () =>
    rawQuery<{ net: number; lines: number }>(
      t.db.handle,
      `select coalesce(sum(l.net_amount), 0)::bigint as net, count(*)::int as lines from sales_order_lines l join sales_orders o on o.id = l.order_id where o.status in ('confirmed', 'delivered', 'closed')`,
    );
  const dayTotals = () => rawQuery<{ net: number; lines: number }>(t.db.handle, 'select coalesce(sum(net), 0)::bigint as net, coalesce(sum(lines), 0)::int as lines from stats_sales_day');

  it('counts a confirmed order on its day, rep and region, and a confirmed return on the return date', async () => {
    const o = (await post('/api/v1/sales/orders', { customerId: customers[0], orderDate: '2026-02-10', lines: [{ productId: products[0], quantity: '3' }, { productId: products[1], quantity: '2', unitPrice: 1000, discountRate: '0.1' }] })).json();
    let day = await rawQuery(t.db.handle, `select * from stats_sales_day where day = '2026-02-10'`);
    expect(day).toHaveLength(0); // a draft counts nothing
    const c = await post(`/api/v1/sales/orders/${o.id}/transition`, { to: 'confirmed', version: o.version });
    expect(c.statusCode, c.body).toBe(200);
    day = await rawQuery(t.db.handle, `select * from stats_sales_day where day = '2026-02-10'`);
    expect(day).toHaveLength(1);
    expect(Number(day[0].orders)).toBe(1);
    expect(Number(day[0].lines)).toBe(2);
    expect(Number(day[0].net)).toBe(3 * 12_345 + 1800);
    expect(Number(day[0].cost)).toBe(3 * 8_000);
    expect(Number(day[0].costed_net)).toBe(3 * 12_345); // the line without a cost is left out of the margin base
    const r = (await post('/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-02', reason: 'Damaged', lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })).json();
    await post(`/api/v1/sales/returns/${r.id}/transition`, { to: 'confirmed', version: r.version });
    const ret = await rawQuery(t.db.handle, `select * from stats_sales_day where day = '2026-03-02'`);
    expect(Number(ret[0].returns)).toBe(1);
    expect(Number(ret[0].return_net)).toBe(12_345);
    expect(Number(ret[0].return_cost)).toBe(8_000);
    const month = await rawQuery(t.db.handle, `select * from stats_sales_month_product where product_id = $1 order by month`, [products[0]]);
    expect(month.map((m) => [String(m.month), Number(m.net), Number(m.return_net)])).toEqual([
      ['2026-02-01', 3 * 12_345, 0],
      ['2026-03-01', 0, 12_345],
    ]);
    expect((await verifySummaries(t.db.handle)).ok).toBe(true);
  });

  type Command =
    | { op: 'order'; customer: number; day: number; lines: { product: number; qty: number; price: number }[]; confirm: boolean }
    | { op: 'move'; pick: number; to: 'confirmed' | 'delivered' | 'closed' | 'cancelled' }
    | { op: 'return'; pick: number; day: number; confirm: boolean }
    | { op: 'cancelReturn'; pick: number }
    | { op: 'sqlUpdate'; pick: number }
    | { op: 'sqlDelete'; pick: number }
    | { op: 'merge' }
    | { op: 'edit'; pick: number; day: number; rep: number };

  const command: fc.Arbitrary<Command> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('order' as const), customer: fc.nat(2), day: fc.nat(60), lines: fc.array(fc.record({ product: fc.nat(1), qty: fc.integer({ min: 1, max: 20 }), price: fc.integer({ min: 0, max: 500_000 }) }), { minLength: 1, maxLength: 4 }), confirm: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), pick: fc.nat(), to: fc.constantFrom('confirmed' as const, 'delivered' as const, 'closed' as const, 'cancelled' as const) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('return' as const), pick: fc.nat(), day: fc.nat(60), confirm: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('cancelReturn' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('sqlUpdate' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('sqlDelete' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.constant({ op: 'merge' as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), day: fc.nat(60), rep: fc.nat(1) }) },
  );
  const dayOf = (n: number) => new Date(Date.UTC(2026, 3, 1 + n)).toISOString().slice(0, 10);

  async function run(cmd: Command) {
    const orders = await rawQuery<{ id: string; version: number; status: string }>(t.db.handle, 'select id, version, status from sales_orders order by created_at, id');
    const pickOrder = (n: number) => orders[n % Math.max(1, orders.length)];
    if (cmd.op === 'order') {
      const res = await post('/api/v1/sales/orders', { customerId: customers[cmd.customer], orderDate: dayOf(cmd.day), lines: cmd.lines.map((l) => ({ productId: products[l.product], quantity: String(l.qty), unitPrice: l.price })) });
      if (res.statusCode !== 201) return; // e.g. a merged-away customer
      if (cmd.confirm) await post(`/api/v1/sales/orders/${res.json().id}/transition`, { to: 'confirmed', version: res.json().version });
    } else if (cmd.op === 'move' && orders.length) {
      const o = pickOrder(cmd.pick);
      await post(`/api/v1/sales/orders/${o.id}/transition`, { to: cmd.to, version: o.version }); // refused moves are fine
    } else if (cmd.op === 'return' && orders.length) {
      const o = pickOrder(cmd.pick);
      const lines = await rawQuery<{ id: number; quantity: string }>(t.db.handle, 'select id, quantity from sales_order_lines where order_id = $1 order by line_no limit 1', [o.id]);
      if (!lines.length) return;
      const res = await post('/api/v1/sales/returns', { orderId: o.id, returnDate: dayOf(cmd.day), reason: 'Test', lines: [{ orderLineId: lines[0].id, quantity: '1' }] });
      if (res.statusCode === 201 && cmd.confirm) await post(`/api/v1/sales/returns/${res.json().id}/transition`, { to: 'confirmed', version: res.json().version });
    } else if (cmd.op === 'cancelReturn') {
      const rs = await rawQuery<{ id: string; version: number }>(t.db.handle, `select id, version from sales_returns order by created_at, id`);
      if (!rs.length) return;
      const r = rs[cmd.pick % rs.length];
      await post(`/api/v1/sales/returns/${r.id}/transition`, { to: 'cancelled', version: r.version });
    } else if (cmd.op === 'sqlUpdate') {
      // Writes outside the services are counted too: move an order and its lines to the next day (the lines keep their
      // copy of the header, as the services do: verify checks it), give one line another product and amount.
      const [picked] = await rawQuery<{ id: number; order_id: string }>(t.db.handle, `select id, order_id from sales_order_lines order by id offset $1 limit 1`, [cmd.pick % 5]);
      if (!picked) return;
      await rawQuery(t.db.handle, `update sales_orders set order_date = order_date + 1 where id = $1`, [picked.order_id]);
      await rawQuery(
        t.db.handle,
        `update sales_order_lines set order_date = order_date + 1,
                net_amount = net_amount + case when id = $2 then 7 else 0 end, gross_amount = gross_amount + case when id = $2 then 7 else 0 end,
                product_id = case when id = $2 then $3::uuid else product_id end
          where order_id = $1`,
        [picked.order_id, picked.id, products[cmd.pick % 2]],
      );
    } else if (cmd.op === 'sqlDelete') {
      // Deleting an order with its returns and lines, children first, in plain SQL.
      const o = orders.length ? pickOrder(cmd.pick) : undefined;
      if (!o) return;
      await rawQuery(t.db.handle, 'delete from sales_return_lines where return_id in (select id from sales_returns where order_id = $1)', [o.id]);
      await rawQuery(t.db.handle, 'delete from sales_returns where order_id = $1', [o.id]);
      await rawQuery(t.db.handle, 'delete from sales_order_lines where order_id = $1', [o.id]);
      await rawQuery(t.db.handle, 'delete from sales_orders where id = $1', [o.id]);
    } else if (cmd.op === 'edit' && orders.length) {
      // A draft's new date and rep: its lines take them (their copy of the header; refused for orders past draft).
      const o = pickOrder(cmd.pick);
      await manager.request({ method: 'PATCH', url: `/api/v1/sales/orders/${o.id}`, payload: { orderDate: dayOf(cmd.day), ownerId: reps[cmd.rep], version: o.version } });
    } else if (cmd.op === 'merge') {
      const alive = await rawQuery<{ id: string; version: number }>(t.db.handle, 'select id, version from customers where id = any($1) and merged_into_id is null order by created_at', [customers]);
      if (alive.length < 2) return;
      const res = await post(`/api/v1/customers/${alive[0].id}/merge`, { mergeId: alive[1].id, version: alive[0].version, mergeVersion: alive[1].version });
      expect(res.statusCode, res.body).toBe(200);
    }
  }

  it('stays equal to a recomputation from the lines through random writes', async () => {
    const runs = Number(process.env.STATS_PROPERTY_RUNS ?? 12);
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (cmds) => {
        for (const cmd of cmds) await run(cmd);
        const v = await verifySummaries(t.db.handle);
        expect(v.differences).toEqual([]);
        const [lines] = await lineTotals();
        const [days] = await dayTotals();
        expect(Number(days.net)).toBe(Number(lines.net));
        expect(Number(days.lines)).toBe(Number(lines.lines));
      }),
      { numRuns: runs },
    );
    // Whatever the random sequences did, every kind of write is also done once here, in order, and checked.
    const fixed: Command[] = [
      { op: 'order', customer: 0, day: 3, lines: [{ product: 0, qty: 2, price: 1999 }, { product: 1, qty: 1, price: 500 }], confirm: true },
      { op: 'order', customer: 1, day: 4, lines: [{ product: 1, qty: 3, price: 700 }], confirm: true },
    ];
    for (const cmd of fixed) await run(cmd);
    const [last] = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from sales_orders');
    for (const cmd of [
      { op: 'return', pick: last.n - 1, day: 9, confirm: true },
      { op: 'move', pick: last.n - 2, to: 'delivered' },
      { op: 'sqlUpdate', pick: 0 },
      { op: 'merge' },
      { op: 'cancelReturn', pick: 0 },
      { op: 'move', pick: last.n - 1, to: 'cancelled' },
    ] as Command[]) {
      await run(cmd);
      expect((await verifySummaries(t.db.handle)).differences, JSON.stringify(cmd)).toEqual([]);
    }
    // A draft moved to another day and rep through the service, then confirmed: its lines follow (verify checks them).
    const draft = (await post('/api/v1/sales/orders', { customerId: customers[0], orderDate: dayOf(1), lines: [{ productId: products[0], quantity: '1' }] })).json();
    const edited = await manager.request({ method: 'PATCH', url: `/api/v1/sales/orders/${draft.id}`, payload: { orderDate: dayOf(2), ownerId: reps[1], version: draft.version } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await post(`/api/v1/sales/orders/${draft.id}/transition`, { to: 'confirmed', version: edited.json().version })).statusCode).toBe(200);
    expect((await verifySummaries(t.db.handle)).ok).toBe(true);
    const [seen] = await rawQuery<{ returns: number; merged: number; edits: number }>(
      t.db.handle,
      `select (select count(*)::int from sales_returns) as returns, (select count(*)::int from customers where merged_into_id is not null) as merged,
              (select count(*)::int from audit_log where action = 'sales_order.update') as edits`,
    );
    expect(seen.edits).toBeGreaterThan(0);
    expect(seen.returns).toBeGreaterThan(0);
    expect(seen.merged).toBeGreaterThan(0);
  });

  it('verify reports an order line whose copy of its order header drifted', async () => {
    expect((await verifySummaries(t.db.handle)).linesOffTheirOrders).toEqual([]);
    const [line] = await rawQuery<{ id: string; order_id: string; order_date: string }>(t.db.handle, `select id::text, order_id::text, order_date::text from sales_order_lines order by id limit 1`);
    await rawQuery(t.db.handle, `update sales_order_lines set order_date = order_date + 1 where id = $1`, [line.id]);
    const v = await verifySummaries(t.db.handle);
    expect(v.ok).toBe(false);
    expect(v.linesOffTheirOrders).toEqual([{ line_id: line.id, order_id: line.order_id }]);
    await rawQuery(t.db.handle, `update sales_order_lines set order_date = $2 where id = $1`, [line.id, line.order_date]);
    expect((await verifySummaries(t.db.handle)).ok).toBe(true);
  });

  it('verify reports a drifted summary row and rebuild repairs it', async () => {
    await rawQuery(t.db.handle, `update stats_sales_day set net = net + 1 where ctid = (select ctid from stats_sales_day where net <> 0 limit 1)`);
    const v = await verifySummaries(t.db.handle);
    expect(v.ok).toBe(false);
    expect(v.differences.map((d) => d.table)).toContain('stats_sales_day');
    await rebuildSummaries(t.db.handle);
    expect((await verifySummaries(t.db.handle)).ok).toBe(true);
  });
});
