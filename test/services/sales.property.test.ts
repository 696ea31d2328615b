import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/http/app-error';
import { createOrder, createReturn, transitionOrder, transitionReturn, updateOrder } from '../../src/server/modules/sales/sales.service';
import type { Actor } from '../../src/server/platform/access/actor';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { Dec, lineAmounts } from '../../src/server/platform/money/money';
import { createTestApp, makeDepartment, makeUser, type TestApp } from '../helpers/app';
import { insertCustomer, insertProduct, orderTotalsMismatches } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';

/**
 * Money stays exact whatever people do: random lines, edits and returns (some
 * asking for more than is left), and after every step the header totals equal the
 * sums of the lines to the cent, gross = net + tax on every row, no line is returned
 * beyond its quantity, and a line returned in full gives back exactly its amounts.
 */
const quantity = fc.integer({ min: 1, max: 5_000_000 }).chain((n) => fc.constantFrom(0, 1, 2, 4).map((d) => new Dec(n).dividedBy(10 ** d).toString()));
const rate = (max: number) => fc.integer({ min: 0, max }).map((n) => new Dec(n).dividedBy(1_000_000).toString());
const lineArb = fc.record({
  product: fc.integer({ min: 0, max: 2 }),
  quantity,
  unitPrice: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }),
  discountRate: fc.option(rate(999_999), { nil: undefined }),
  taxRate: fc.option(fc.oneof(fc.constantFrom('0', '0.06', '0.09', '0.13'), rate(300_000)), { nil: undefined }),
});
const step = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), lines: fc.array(lineArb, { minLength: 0, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('confirm' as const) }),
  fc.record({ kind: fc.constant('return' as const), picks: fc.array(fc.record({ line: fc.nat(), share: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 3 }), confirm: fc.boolean() }),
  fc.record({ kind: fc.constant('returnRest' as const) }),
);

describe('sales money, property-based', () => {
  let t: TestApp;
  let actor: Actor;
  let customer: string;
  const products: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const dep = await makeDepartment(t, 'Sales');
    const rep = await makeUser(t, ['rep'], { departmentId: dep });
    actor = (await loadActor(t.db.handle.db, rep.id, {}))!;
    customer = await insertCustomer(t.db.handle, { ownerId: rep.id, departmentId: dep });
    products.push(await insertProduct(t.db.handle, { price: 12_345 }), await insertProduct(t.db.handle, { price: 1, cost: 1 }), await insertProduct(t.db.handle, { price: 99_999_99 }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const toInput = (l: { product: number; quantity: string; unitPrice?: number; discountRate?: string; taxRate?: string }) => ({
    productId: products[l.product],
    quantity: l.quantity,
    ...(l.unitPrice !== undefined && { unitPrice: l.unitPrice }),
    ...(l.discountRate !== undefined && { discountRate: l.discountRate }),
    ...(l.taxRate !== undefined && { taxRate: l.taxRate }),
  });

  async function invariants(orderId: string) {
    const db = t.db.handle;
    expect(await orderTotalsMismatches(db, orderId)).toEqual([]);
    const lines = await rawQuery<{ id: number; quantity: string; unit_price: number; discount_rate: string; tax_rate: string; net_amount: number; tax_amount: number; gross_amount: number }>(
      db,
      'select id, quantity::text, unit_price, discount_rate::text, tax_rate::text, net_amount, tax_amount, gross_amount from sales_order_lines where order_id = $1',
      [orderId],
    );
    for (const l of lines) {
      expect(l.gross_amount).toBe(l.net_amount + l.tax_amount);
      expect(lineAmounts({ quantity: l.quantity, unitPrice: Number(l.unit_price), discountRate: l.discount_rate, taxRate: l.tax_rate })).toEqual({ net: l.net_amount, tax: l.tax_amount, gross: l.gross_amount });
    }
    const returns = await rawQuery<{ id: string; status: string; net_total: number; tax_total: number; gross_total: number; net: number | null; tax: number | null; gross: number | null }>(
      db,
      `select r.id, r.status, r.net_total, r.tax_total, r.gross_total, s.net, s.tax, s.gross from sales_returns r
         left join (select return_id, sum(net_amount)::bigint net, sum(tax_amount)::bigint tax, sum(gross_amount)::bigint gross from sales_return_lines group by return_id) s on s.return_id = r.id
        where r.order_id = $1`,
      [orderId],
    );
    for (const r of returns) {
      expect([r.net_total, r.tax_total, r.gross_total]).toEqual([Number(r.net ?? 0), Number(r.tax ?? 0), Number(r.gross ?? 0)]);
      expect(r.gross_total).toBe(r.net_total + r.tax_total);
    }
    const taken = await rawQuery<{ order_line_id: number; q: string; net: number; tax: number; gross: number }>(
      db,
      `select rl.order_line_id, sum(rl.quantity)::text q, sum(rl.net_amount)::bigint net, sum(rl.tax_amount)::bigint tax, sum(rl.gross_amount)::bigint gross
         from sales_return_lines rl join sales_returns r on r.id = rl.return_id
        where r.order_id = $1 and r.status = 'confirmed' group by rl.order_line_id`,
      [orderId],
    );
    for (const x of taken) {
      const line = lines.find((l) => Number(l.id) === Number(x.order_line_id))!;
      expect(new Dec(x.q).lessThanOrEqualTo(line.quantity)).toBe(true);
      if (new Dec(x.q).equals(line.quantity)) expect([Number(x.net), Number(x.tax), Number(x.gross)]).toEqual([line.net_amount, line.tax_amount, line.gross_amount]);
    }
    return lines;
  }

  const refusedAs = async (p: Promise<unknown>, codes: string[]) => {
    try {
      await p;
      return false;
    } catch (e) {
      if (!(e instanceof AppError) || !codes.includes(e.code)) throw e;
      return true;
    }
  };

  it('keeps header totals equal to the lines and returns within the ordered quantity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 4 }), fc.array(step, { minLength: 1, maxLength: 7 }), async (initial, steps) => {
        const db = t.db.handle.db;
        const order = await createOrder(db, actor, { customerId: customer, orderDate: '2026-07-01', lines: initial.map(toInput) });
        await invariants(order.id);
        for (const s of steps) {
          const current = (await rawQuery<{ status: string; version: number }>(t.db.handle, 'select status, version from sales_orders where id = $1', [order.id]))[0];
          if (s.kind === 'edit') {
            const refused = await refusedAs(updateOrder(db, actor, order.id, { lines: s.lines.map(toInput), version: current.version }), ['conflict']);
            expect(refused).toBe(current.status !== 'draft');
          } else if (s.kind === 'confirm') {
            const lines = await rawQuery(t.db.handle, 'select id from sales_order_lines where order_id = $1', [order.id]);
            const refused = await refusedAs(transitionOrder(db, actor, order.id, 'confirmed', current.version), ['conflict', 'validation_failed']);
            expect(refused).toBe(current.status !== 'draft' || lines.length === 0);
          } else if (current.status === 'confirmed') {
            const lines = await invariants(order.id);
            if (!lines.length) continue;
            const left = await rawQuery<{ id: number; left: string }>(
              t.db.handle,
              `select l.id, (l.quantity - coalesce((select sum(rl.quantity) from sales_return_lines rl join sales_returns r on r.id = rl.return_id where rl.order_line_id = l.id and r.status = 'confirmed'), 0))::text as left
                 from sales_order_lines l where l.order_id = $1 order by l.line_no`,
              [order.id],
            );
            const picks =
              s.kind === 'returnRest'
                ? left.filter((l) => new Dec(l.left).greaterThan(0)).map((l) => ({ orderLineId: Number(l.id), quantity: new Dec(l.left).toString() }))
                : s.picks.map((p) => {
                    const l = left[p.line % left.length];
                    // share in percent of what is left (over 100: asks for too much), at least 0.0001
                    const q = Dec.max(new Dec(l.left).times(p.share).dividedBy(100).toDecimalPlaces(4, Dec.ROUND_DOWN), '0.0001');
                    return { orderLineId: Number(l.id), quantity: q.toString() };
                  });
            if (!picks.length) continue;
            const asked = new Map<number, InstanceType<typeof Dec>>();
            for (const p of picks) asked.set(p.orderLineId, (asked.get(p.orderLineId) ?? new Dec(0)).plus(p.quantity));
            const tooMuch = left.some((l) => asked.has(Number(l.id)) && asked.get(Number(l.id))!.greaterThan(l.left));
            let created: Awaited<ReturnType<typeof createReturn>> | undefined;
            const refused = await refusedAs(
              createReturn(db, actor, { orderId: order.id, returnDate: '2026-07-05', reason: 'Property test', lines: picks }).then((r) => (created = r)),
              ['validation_failed'],
            );
            expect(refused).toBe(tooMuch);
            if (created && (s.kind === 'returnRest' || s.confirm)) await transitionReturn(db, actor, created.id, 'confirmed', created.version);
          }
          await invariants(order.id);
        }
      }),
      { numRuns: 25 },
    );
    // The runs did reach returns, and lines returned in full.
    const [seen] = await rawQuery<{ confirmed: number; full: number }>(
      t.db.handle,
      `select (select count(*)::int from sales_returns where status = 'confirmed') as confirmed,
              (select count(*)::int from sales_order_lines l where l.quantity = (select sum(rl.quantity) from sales_return_lines rl join sales_returns r on r.id = rl.return_id where rl.order_line_id = l.id and r.status = 'confirmed')) as full`,
    );
    expect(seen.confirmed).toBeGreaterThan(0);
    expect(seen.full).toBeGreaterThan(0);
  }, 300_000);
});
