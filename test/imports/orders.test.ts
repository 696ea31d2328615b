import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repEmail } from '../../bench/generate-order-lines';
import { verifySummaries } from '../../src/server/modules/statistics/summary';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { flatCsv, monthlyTotalsFromCsv, upload } from './helpers';

let t: TestApp;
let admin: Session;
let assistant: Session;
let rep: Session;

beforeAll(async () => {
  t = await createTestApp();
  const dep = await makeDepartment(t, 'Sales');
  admin = await signIn(t.app, (await makeUser(t, ['admin'])).email);
  assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: dep })).email);
  rep = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep })).email);
  for (let i = 0; i < 5; i++) await makeUser(t, ['rep'], { departmentId: dep, email: repEmail(i) });
});
afterAll(async () => t?.close());

const counts = async () => {
  const [r] = await rawQuery<Record<string, number>>(
    t.db.handle,
    `select (select count(*)::int from customers) customers, (select count(*)::int from products) products, (select count(*)::int from regions) regions,
            (select count(*)::int from sales_orders) orders, (select count(*)::int from sales_order_lines) lines`,
  );
  return r;
};

describe('flat order-line import', () => {
  const csv = flatCsv(400);
  let batchId: string;

  it('imports in one pass, creating customers, products and regions; monthly totals agree with the file to the cent', async () => {
    const res = await upload(assistant, 'orders', 'orders.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const { batch, preview } = res.json();
    expect(preview.format).toBe('csv');
    expect(preview.encoding).toBe('utf-8');
    expect(preview.delimiter).toBe(',');
    expect(preview.suggestedMapping).toMatchObject({ 'order.externalId': 'Order no', 'order.lineNo': 'Line', 'order.date': 'Date', 'customer.name': 'Customer name', quantity: 'Qty', unitPrice: 'Unit price', amount: 'Amount', rep: 'Sales rep', region: 'Region' });
    batchId = batch.id;
    const dry = await assistant.request({ method: 'POST', url: `/api/v1/imports/${batchId}/dry-run`, payload: {} });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().batch).toMatchObject({ status: 'validated', totalRows: 400, errorRows: 0 });
    expect(await counts()).toMatchObject({ customers: 0, orders: 0, lines: 0 });

    const run = await assistant.request({ method: 'POST', url: `/api/v1/imports/${batchId}/run`, payload: {} });
    expect(run.statusCode, run.body).toBe(200);
    const b = run.json().batch;
    expect(b.status).toBe('imported');
    expect(b.progress).toBe(100);
    expect(b.created.lines).toBe(400);
    const c = await counts();
    expect(c.lines).toBe(400);
    expect(c.customers).toBe(b.created.customers);
    expect(c.products).toBe(b.created.products);
    expect(c.regions).toBe(b.created.regions);
    expect(b.created.regions).toBeGreaterThan(0);

    const months = await rawQuery<{ m: string; net: number }>(t.db.handle, `select to_char(order_date, 'YYYY-MM') m, sum(net_amount)::bigint net from sales_order_lines group by 1 order by 1`);
    const expected = monthlyTotalsFromCsv(csv);
    expect(Object.fromEntries(months.map((r) => [r.m, Number(r.net)]))).toEqual(Object.fromEntries([...expected].sort()));
    const mismatched = await rawQuery(t.db.handle, `select o.id from sales_orders o where o.net_total <> (select sum(net_amount) from sales_order_lines l where l.order_id = o.id) or o.gross_total <> o.net_total + o.tax_total`);
    expect(mismatched).toEqual([]);
    const owners = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int n from sales_orders where owner_id is null or department_id is null or region_id is null`);
    expect(owners[0].n).toBe(0);
    // The statistics' summary tables took the import in the same transaction, to the cent.
    const summarised = await rawQuery<{ m: string; net: number }>(t.db.handle, `select to_char(day, 'YYYY-MM') m, sum(net)::bigint net from stats_sales_day group by 1 having sum(net) <> 0 order by 1`);
    expect(Object.fromEntries(summarised.map((r) => [r.m, Number(r.net)]))).toEqual(Object.fromEntries([...expected].sort()));
    expect((await verifySummaries(t.db.handle)).differences).toEqual([]);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await counts();
    const res = await upload(assistant, 'orders', 'orders-again.csv', csv);
    expect(res.statusCode).toBe(201);
    const run = await assistant.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/run`, payload: {} });
    expect(run.statusCode, run.body).toBe(200);
    const b = run.json().batch;
    expect(b.created).toEqual({ customers: 0, products: 0, regions: 0, orders: 0, lines: 0 });
    expect(b.unchanged.orders).toBeGreaterThan(0);
    expect(b.unchanged.lines).toBe(400);
    expect(await counts()).toEqual(before);
    // Undo the no-op batch: it removes nothing.
    const undo = await assistant.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('lists the history with counts; a rep may not import (403)', async () => {
    const list = await admin.request({ method: 'GET', url: '/api/v1/imports' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(2);
    expect((await rep.request({ method: 'GET', url: '/api/v1/imports' })).statusCode).toBe(403);
    expect((await upload(rep, 'orders', 'x.csv', csv)).statusCode).toBe(403);
  });

  it('undo refuses while a later record depends on the batch, then removes exactly what it created', async () => {
    const [order] = await rawQuery<{ id: string; customer_id: string }>(t.db.handle, `select id, customer_id from sales_orders where import_batch_id = $1 limit 1`, [batchId]);
    await rawQuery(t.db.handle, `insert into sales_returns (number, order_id, customer_id, return_date, reason, currency, status) values ('SR-T-1', $1, $2, '2024-01-01', 'broken', 'CNY', 'confirmed')`, [order.id, order.customer_id]);
    const refused = await assistant.request({ method: 'POST', url: `/api/v1/imports/${batchId}/undo` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail ?? refused.body).toMatch(/return SR-T-1/);
    await rawQuery(t.db.handle, `delete from sales_returns where number = 'SR-T-1'`);
    const undo = await assistant.request({ method: 'POST', url: `/api/v1/imports/${batchId}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().status).toBe('undone');
    expect(await counts()).toEqual({ customers: 0, products: 0, regions: 0, orders: 0, lines: 0 });
    const left = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int n from stats_sales_day where net <> 0 or orders <> 0 or lines <> 0`);
    expect(left[0].n).toBe(0);
    expect((await verifySummaries(t.db.handle)).ok).toBe(true);
    const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_id = $1 order by seq`, [batchId]);
    expect(audit.map((a) => a.action)).toEqual(['import.create', 'import.run', 'import.undo']);
  });
});

describe('an order file that names no rep', () => {
  it('files its new customers and orders in the importing clerk’s department, so the clerk sees them', async () => {
    const csv = flatCsv(30, 99).replace(/SO0/g, 'NR0');
    const res = await upload(assistant, 'orders', 'no-rep.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const { rep: _rep, ...mapping } = res.json().preview.suggestedMapping as Record<string, string>;
    const run = await assistant.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/run`, payload: { mapping } });
    expect(run.statusCode, run.body).toBe(200);
    const created = run.json().batch.created;
    expect(created.orders).toBeGreaterThan(0);
    // The earlier batches were undone: the orders of this one are all there are.
    const orders = await assistant.request({ method: 'GET', url: `/api/v1/sales/orders?limit=100` });
    expect(orders.statusCode).toBe(200);
    const seen = (await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int n from sales_orders where import_batch_id = $1 and department_id is not null and owner_id is null`, [res.json().batch.id]))[0].n;
    expect(seen).toBe(created.orders);
    expect(orders.json().items.length).toBe(created.orders);
    // The rep of the department, who owns none of them, still sees none.
    expect((await rep.request({ method: 'GET', url: `/api/v1/sales/orders?limit=100` })).json().items).toEqual([]);
  });
});
