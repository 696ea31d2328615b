import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertContact, insertCustomer, insertProduct, insertRegion, orderTotalsMismatches } from '../helpers/sales';
import { databaseState, rawQuery } from '../helpers/sql';
import { expireContracts } from '../../src/server/modules/sales/sales.service';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';

/**
 * Sales records through the API: orders (lines, totals, status machine, numbers,
 * list, export), returns (never more than ordered, exact amounts), contracts (expiry
 * reminders, the daily job), negotiations (meetings, outcome, won → contract), and
 * the record rule between two reps from every door.
 */
describe('sales records', () => {
  let t: TestApp;
  let dep: string;
  let managerId: string;
  let repA: Session;
  let repB: Session;
  let manager: Session;
  let viewer: Session;
  let repAId: string;
  let repBId: string;
  let custA: string;
  let custB: string;
  let product: string;
  let product2: string;
  let region: string;

  beforeAll(async () => {
    t = await createTestApp();
    dep = await makeDepartment(t, 'Sales');
    const m = await makeUser(t, ['manager'], { departmentId: dep, name: 'Manager Wang' });
    managerId = m.id;
    const a = await makeUser(t, ['rep'], { departmentId: dep, managerId, name: 'Rep A' });
    const b = await makeUser(t, ['rep'], { departmentId: dep, managerId, name: 'Rep B' });
    const v = await makeUser(t, ['viewer'], { departmentId: dep, name: 'Viewer' });
    repAId = a.id;
    repBId = b.id;
    repA = await signIn(t.app, a.email);
    repB = await signIn(t.app, b.email);
    manager = await signIn(t.app, m.email);
    viewer = await signIn(t.app, v.email);
    region = await insertRegion(t.db.handle, 'East');
    custA = await insertCustomer(t.db.handle, { ownerId: repAId, departmentId: dep, regionId: region, name: 'Acme 上海' });
    custB = await insertCustomer(t.db.handle, { ownerId: repBId, departmentId: dep, name: 'Beta Ltd' });
    product = await insertProduct(t.db.handle, { price: 12_345 });
    product2 = await insertProduct(t.db.handle, { price: 999, cost: null });
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (s: Session, url: string, payload: unknown) => s.request({ method: 'POST', url, payload: payload as object });
  const patch = (s: Session, url: string, payload: unknown) => s.request({ method: 'PATCH', url, payload: payload as object });
  const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field);

  async function newOrder(s: Session, customerId: string, lines: object[] = [{ productId: product, quantity: '2' }], extra: object = {}) {
    const res = await post(s, '/api/v1/sales/orders', { customerId, orderDate: '2026-03-15', lines, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  async function move(s: Session, id: string, to: string) {
    const v = (await s.request({ url: `/api/v1/sales/orders/${id}` })).json().version;
    return post(s, `/api/v1/sales/orders/${id}/transition`, { to, version: v });
  }

  it('writes an order with defaults from the customer and product, totals equal to the lines', async () => {
    const o = await newOrder(repA, custA, [
      { productId: product, quantity: '3' },
      { productId: product2, quantity: '1.5', unitPrice: 101, discountRate: '0.1', taxRate: '0' },
    ]);
    expect(o.number).toMatch(/^SO-2026-\d{5}$/);
    expect(o.ownerId).toBe(repAId);
    expect(o.departmentId).toBe(dep);
    expect(o.regionId).toBe(region);
    expect(o.currency).toBe('CNY');
    expect(o.status).toBe('draft');
    expect(o.lines).toHaveLength(2);
    expect(o.lines[0]).toMatchObject({ unitPrice: 12_345, taxRate: '0.130000', netAmount: 37_035, taxAmount: 4_815, grossAmount: 41_850 });
    expect(o.lines[1]).toMatchObject({ netAmount: 136, taxAmount: 0, grossAmount: 136 });
    expect(o).toMatchObject({ netTotal: 37_171, taxTotal: 4_815, grossTotal: 41_986 });
    expect(await orderTotalsMismatches(t.db.handle, o.id)).toEqual([]);
    const [line] = await rawQuery<{ order_date: string; customer_id: string; owner_id: string; region_id: string; department_id: string; cost_amount: number }>(
      t.db.handle,
      'select order_date::text, customer_id, owner_id, region_id, department_id, cost_amount from sales_order_lines where order_id = $1 and line_no = 1',
      [o.id],
    );
    expect(line).toEqual({ order_date: '2026-03-15', customer_id: custA, owner_id: repAId, region_id: region, department_id: dep, cost_amount: 18_000 });
  });

  it('takes the default price from the price list in force on the order date (quantity breaks)', async () => {
    const p = await insertProduct(t.db.handle, { price: 10_000 });
    const [list] = await rawQuery<{ id: string }>(t.db.handle, `insert into price_lists (name, currency, valid_from, valid_to, is_default) values ('2026 list', 'CNY', '2026-01-01', '2026-12-31', true) returning id`);
    await rawQuery(t.db.handle, `insert into price_list_items (price_list_id, product_id, min_quantity, price) values ($1, $2, 1, 9000), ($1, $2, 100, 8000)`, [list.id, p]);
    const o = await newOrder(repA, custA, [{ productId: p, quantity: '10' }, { productId: p, quantity: '150' }, { productId: p, quantity: '1', unitPrice: 7777 }]);
    expect(o.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([9000, 8000, 7777]);
    const old = await post(repA, '/api/v1/sales/orders', { customerId: custA, orderDate: '2025-06-01', lines: [{ productId: p, quantity: '10' }] });
    expect(old.json().lines[0].unitPrice).toBe(10_000);
  });

  it('keeps lines in step with the header and totals with the lines on every edit', async () => {
    const o = await newOrder(repA, custA);
    const r1 = await patch(repA, `/api/v1/sales/orders/${o.id}`, { orderDate: '2026-04-01', version: o.version });
    expect(r1.statusCode, r1.body).toBe(200);
    const [l] = await rawQuery<{ d: string }>(t.db.handle, 'select order_date::text as d from sales_order_lines where order_id = $1', [o.id]);
    expect(l.d).toBe('2026-04-01');
    const r2 = await patch(repA, `/api/v1/sales/orders/${o.id}`, { lines: [{ productId: product2, quantity: '7', unitPrice: 333 }], version: r1.json().version });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json()).toMatchObject({ netTotal: 2331, taxTotal: 303, grossTotal: 2634 });
    expect(await orderTotalsMismatches(t.db.handle)).toEqual([]);
    // Stale version: 409, nothing changed.
    const stale = await patch(repA, `/api/v1/sales/orders/${o.id}`, { notes: 'late', version: r1.json().version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
  });

  it('runs the status machine and refuses what it does not allow, naming the field', async () => {
    const empty = await newOrder(repA, custA, []);
    const noLines = await move(repA, empty.id, 'confirmed');
    expect(noLines.statusCode).toBe(400);
    expect(fields(noLines)).toContain('lines');

    const o = await newOrder(repA, custA);
    const skip = await move(repA, o.id, 'delivered');
    expect(skip.statusCode).toBe(409);
    expect(fields(skip)).toContain('to');
    expect((await move(repA, o.id, 'confirmed')).statusCode).toBe(200);
    const edit = await patch(repA, `/api/v1/sales/orders/${o.id}`, { lines: [{ productId: product, quantity: '1' }], version: (await repA.request({ url: `/api/v1/sales/orders/${o.id}` })).json().version });
    expect(edit.statusCode).toBe(409);
    expect(fields(edit)).toContain('lines');
    const notes = await patch(repA, `/api/v1/sales/orders/${o.id}`, { notes: 'Deliver to gate 3', version: (await repA.request({ url: `/api/v1/sales/orders/${o.id}` })).json().version });
    expect(notes.statusCode).toBe(200);
    expect((await move(repA, o.id, 'delivered')).statusCode).toBe(200);
    expect((await move(repA, o.id, 'cancelled')).statusCode).toBe(409);
    expect((await move(repA, o.id, 'closed')).statusCode).toBe(200);
    expect((await move(repA, o.id, 'cancelled')).statusCode).toBe(409);

    const events = await rawQuery<{ kind: string }>(t.db.handle, `select kind from customer_events where entity_id = $1 order by id`, [o.id]);
    expect(events.map((e) => e.kind)).toEqual(['order.confirmed', 'order.delivered', 'order.closed']);
    const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_id = $1 order by seq`, [o.id]);
    expect(audit.map((a) => a.action)).toEqual(['sales_order.create', 'sales_order.confirmed', 'sales_order.update', 'sales_order.delivered', 'sales_order.closed']);

    const c = await newOrder(repA, custA);
    expect((await move(repA, c.id, 'cancelled')).statusCode).toBe(200);
    const kinds = await rawQuery<{ kind: string }>(t.db.handle, `select kind from customer_events where entity_id = $1`, [c.id]);
    expect(kinds.map((e) => e.kind)).toEqual(['order.cancelled']);
  });

  it('refuses bad input with a 4xx naming the field, writing nothing', async () => {
    const before = await databaseState(t.db.handle);
    const cases: [object, string][] = [
      [{ customerId: custA, orderDate: '2026-02-30', lines: [] }, 'orderDate'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: '0' }] }, 'lines.0.quantity'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: '-1' }] }, 'lines.0.quantity'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: '1.23456' }] }, 'lines.0.quantity'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: 2 }] }, 'lines.0.quantity'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: '1', discountRate: '1' }] }, 'lines.0.discountRate'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: product, quantity: '1', unitPrice: 1.5 }] }, 'lines.0.unitPrice'],
      [{ customerId: custA, orderDate: '2026-02-01', lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }] }, 'lines.0.productId'],
      [{ customerId: custB, orderDate: '2026-02-01', lines: [] }, 'customerId'],
      [{ customerId: custA, orderDate: '2026-02-01', regionId: '00000000-0000-4000-8000-000000000000' }, 'regionId'],
      [{ customerId: custA, orderDate: '2026-02-01', ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
      [{ customerId: custA, orderDate: '2026-02-01', currency: 'USD', lines: [{ productId: product, quantity: '1' }] }, 'lines.0.unitPrice'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(repA, '/api/v1/sales/orders', payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(fields(res), JSON.stringify(payload)).toContain(field);
    }
    // A viewer reads but writes nothing.
    const v = await post(viewer, '/api/v1/sales/orders', { customerId: custA, orderDate: '2026-02-01' });
    expect(v.statusCode).toBe(403);
    const after = await databaseState(t.db.handle);
    // Denials are audited (the viewer's 403); everything else stays as it was.
    expect({ ...after, audit_log: '' }).toEqual({ ...before, audit_log: '' });
  });

  it('numbers orders gap-free per year, also when many are written at once', async () => {
    const year = 2031;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? repA : manager, '/api/v1/sales/orders', { customerId: custA, orderDate: `${year}-05-0${1 + (i % 9)}` })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => r.json().number).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `SO-${year}-${String(i + 1).padStart(5, '0')}`));
    // A refused creation gives its number back.
    const bad = await post(repA, '/api/v1/sales/orders', { customerId: custA, orderDate: `${year}-06-01`, lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }] });
    expect(bad.statusCode).toBe(400);
    expect((await newOrderOn(`${year}-06-02`)).number).toBe(`SO-${year}-00013`);
  });
  async function newOrderOn(date: string) {
    const res = await post(repA, '/api/v1/sales/orders', { customerId: custA, orderDate: date });
    return res.json();
  }

  it('returns at most what was ordered, with amounts that add up to the line', async () => {
    const o = await newOrder(repA, custA, [{ productId: product2, quantity: '3', unitPrice: 333, taxRate: '0.13' }]);
    const early = await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'Damaged', lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] });
    expect(early.statusCode).toBe(409);
    expect(fields(early)).toContain('orderId');
    await move(repA, o.id, 'confirmed');
    const lineId = o.lines[0].id;
    const parts: { id: string; version: number; grossTotal: number; netTotal: number; taxTotal: number }[] = [];
    for (const q of ['1', '1', '1']) {
      const r = await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'Damaged in transport', lines: [{ orderLineId: lineId, quantity: q }] });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().number).toMatch(/^SR-2026-\d{5}$/);
      const c = await post(repA, `/api/v1/sales/returns/${r.json().id}/transition`, { to: 'confirmed', version: r.json().version });
      expect(c.statusCode, c.body).toBe(200);
      parts.push(c.json());
    }
    // 999 net, 130 tax: thirds of 333/43.33 rounded, the last one takes the rest.
    expect(parts.reduce((s, p) => s + p.netTotal, 0)).toBe(999);
    expect(parts.reduce((s, p) => s + p.taxTotal, 0)).toBe(130);
    expect(parts.reduce((s, p) => s + p.grossTotal, 0)).toBe(1129);
    const over = await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-21', reason: 'More', lines: [{ orderLineId: lineId, quantity: '0.0001' }] });
    expect(over.statusCode).toBe(400);
    expect(fields(over)).toContain('lines.0.quantity');
    const detail = (await repA.request({ url: `/api/v1/sales/orders/${o.id}` })).json();
    expect(detail.lines[0].returnedQuantity).toBe('3');
    // An order with returns cannot be cancelled.
    expect((await move(repA, o.id, 'cancelled')).statusCode).toBe(409);
    const events = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from customer_events where kind = 'return.confirmed' and customer_id = $1`, [custA]);
    expect(events[0].n).toBeGreaterThanOrEqual(3);
  });

  it('checks the returned quantity again at confirmation, with the lines locked', async () => {
    const o = await newOrder(repA, custA, [{ productId: product, quantity: '5' }]);
    await move(repA, o.id, 'confirmed');
    const lineId = o.lines[0].id;
    const drafts = [];
    for (let i = 0; i < 4; i++) {
      const r = await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'Wrong size', lines: [{ orderLineId: lineId, quantity: '2' }] });
      expect(r.statusCode).toBe(201);
      drafts.push(r.json());
    }
    const results = await Promise.all(drafts.map((d) => post(i2s(d), `/api/v1/sales/returns/${d.id}/transition`, { to: 'confirmed', version: d.version })));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(2);
    expect(results.filter((r) => r.statusCode === 400)).toHaveLength(2);
    const [sum] = await rawQuery<{ q: string }>(t.db.handle, `select sum(rl.quantity)::text as q from sales_return_lines rl join sales_returns r on r.id = rl.return_id where r.status = 'confirmed' and rl.order_line_id = $1`, [lineId]);
    expect(Number(sum.q)).toBe(4);
  });
  const i2s = (_d: unknown) => repA;

  it('keeps contracts: activation needs the signing date, the end is reminded and expires', async () => {
    const res = await post(repA, '/api/v1/sales/contracts', { customerId: custA, title: 'Annual supply 2026', value: 50_000_000, startsOn: '2026-01-01', endsOn: '2026-12-31', customerSignatory: 'Mr. Li' });
    expect(res.statusCode, res.body).toBe(201);
    const k = res.json();
    expect(k.number).toMatch(/^CT-\d{4}-\d{5}$/);
    expect(k.ownerId).toBe(repAId);
    const bad = await post(repA, `/api/v1/sales/contracts/${k.id}/transition`, { to: 'active', version: k.version });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain('signedOn');
    const backwards = await patch(repA, `/api/v1/sales/contracts/${k.id}`, { endsOn: '2025-01-01', version: k.version });
    expect(backwards.statusCode).toBe(400);
    expect(fields(backwards)).toContain('endsOn');
    const signed = await patch(repA, `/api/v1/sales/contracts/${k.id}`, { signedOn: '2025-12-20', signedBy: repAId, version: k.version });
    expect(signed.statusCode, signed.body).toBe(200);
    const active = await post(repA, `/api/v1/sales/contracts/${k.id}/transition`, { to: 'active', version: signed.json().version });
    expect(active.statusCode, active.body).toBe(200);
    const [reminder] = await rawQuery<{ user_id: string; due_on: string; remind_days_before: number; escalate_after_days: number }>(
      t.db.handle,
      `select user_id, due_on::text, remind_days_before, escalate_after_days from reminders where entity_type = 'contract' and entity_id = $1`,
      [k.id],
    );
    expect(reminder).toEqual({ user_id: repAId, due_on: '2026-12-31', remind_days_before: 30, escalate_after_days: 0 });

    // An order linked to it shows on the contract.
    const o = await newOrder(repA, custA, [{ productId: product, quantity: '1' }], { contractId: k.id });
    const d = (await repA.request({ url: `/api/v1/sales/contracts/${k.id}` })).json();
    expect(d.orders.map((x: { id: string }) => x.id)).toContain(o.id);

    // 30 days before: the owner; after the end: expired by the daily job, and the manager hears of it.
    await scanReminders(t.db.handle.db, '2026-12-01');
    expect(await expireContracts(t.db.handle.db, { label: 'test' }, '2026-12-31')).toBe(0);
    expect(await expireContracts(t.db.handle.db, { label: 'test' }, '2027-01-01')).toBe(1);
    await scanReminders(t.db.handle.db, '2027-01-02');
    const notes = await rawQuery<{ user_id: string; kind: string }>(t.db.handle, `select user_id, kind from notifications where entity_type = 'contract' and entity_id = $1 order by created_at`, [k.id]);
    expect(notes).toEqual(expect.arrayContaining([{ user_id: repAId, kind: 'reminder.before' }, { user_id: managerId, kind: 'reminder.escalated' }]));
    const after = (await repA.request({ url: `/api/v1/sales/contracts/${k.id}` })).json();
    expect(after.status).toBe('expired');
    const kinds = (await rawQuery<{ kind: string }>(t.db.handle, `select kind from customer_events where entity_id = $1 order by id`, [k.id])).map((e) => e.kind);
    expect(kinds).toEqual(['contract.signed', 'contract.expired']);
    const term = await post(repA, `/api/v1/sales/contracts/${k.id}/transition`, { to: 'terminated', version: after.version });
    expect(term.statusCode).toBe(409);
  });

  it('runs a negotiation: participants, meetings, next step reminder, lost needs a reason, won leads to a contract', async () => {
    const contact = await insertContact(t.db.handle, custA, 'Ms. Zhao');
    const otherContact = await insertContact(t.db.handle, custB, 'Mr. Qian');
    const bad = await post(repA, '/api/v1/sales/negotiations', { customerId: custA, subject: 'Plant expansion', participants: { contactIds: [otherContact] } });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain('participants.contactIds');
    const res = await post(repA, '/api/v1/sales/negotiations', {
      customerId: custA,
      subject: 'Plant expansion',
      expectedValue: 120_000_000,
      nextStep: 'Send the proposal',
      nextStepOn: '2026-04-10',
      participants: { userIds: [repAId, managerId], contactIds: [contact] },
    });
    expect(res.statusCode, res.body).toBe(201);
    let n = res.json();
    expect(n.participants).toHaveLength(3);
    const [rem] = await rawQuery<{ due_on: string; user_id: string }>(t.db.handle, `select due_on::text, user_id from reminders where entity_type = 'negotiation' and entity_id = $1`, [n.id]);
    expect(rem).toEqual({ due_on: '2026-04-10', user_id: repAId });
    n = (await patch(repA, `/api/v1/sales/negotiations/${n.id}`, { stage: 'proposal', version: n.version })).json();
    expect(n.stage).toBe('proposal');
    const m = await post(repA, `/api/v1/sales/negotiations/${n.id}/meetings`, { heldOn: '2026-04-11', notes: 'They want a 5 % discount.' });
    expect(m.statusCode).toBe(201);
    expect(m.json().meetings[0]).toMatchObject({ heldOn: '2026-04-11', authorId: repAId });
    const early = await post(repA, `/api/v1/sales/negotiations/${n.id}/contract`, { version: n.version });
    expect(early.statusCode).toBe(409);
    const lost = await post(repA, `/api/v1/sales/negotiations/${n.id}/outcome`, { outcome: 'lost', version: n.version });
    expect(lost.statusCode).toBe(400);
    expect(fields(lost)).toContain('lostReason');
    const won = await post(repA, `/api/v1/sales/negotiations/${n.id}/outcome`, { outcome: 'won', version: n.version });
    expect(won.statusCode, won.body).toBe(200);
    const again = await post(repA, `/api/v1/sales/negotiations/${n.id}/outcome`, { outcome: 'lost', lostReason: 'x', version: won.json().version });
    expect(again.statusCode).toBe(409);
    const k = await post(repA, `/api/v1/sales/negotiations/${n.id}/contract`, { version: won.json().version });
    expect(k.statusCode, k.body).toBe(201);
    expect(k.json()).toMatchObject({ customerId: custA, title: 'Plant expansion', value: 120_000_000, status: 'draft', negotiationId: n.id, ownerId: repAId });
    const twice = await post(repA, `/api/v1/sales/negotiations/${n.id}/contract`, { version: won.json().version + 1 });
    expect(twice.statusCode).toBe(409);
    expect((await repA.request({ url: `/api/v1/sales/negotiations/${n.id}` })).json().contractId).toBe(k.json().id);
    const [closed] = await rawQuery<{ status: string }>(t.db.handle, `select status from reminders where entity_type = 'negotiation' and entity_id = $1`, [n.id]);
    expect(closed.status).toBe('done');
    const kinds = (await rawQuery<{ kind: string }>(t.db.handle, `select kind from customer_events where entity_id = $1 order by id`, [n.id])).map((e) => e.kind);
    expect(kinds).toEqual(['negotiation.stage', 'negotiation.meeting', 'negotiation.won']);
  });

  it('feeds the workbench of those who keep sales records: next steps due, contracts ending within 30 days', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const due = (await post(repA, '/api/v1/sales/negotiations', { customerId: custA, subject: 'Due deal', nextStep: 'Call the buyer', nextStepOn: today })).json();
    const later = (await post(repA, '/api/v1/sales/negotiations', { customerId: custA, subject: 'Later deal', nextStep: 'Visit', nextStepOn: inDays(20) })).json();
    const mk = async (endsOn: string) => {
      const k = (await post(repA, '/api/v1/sales/contracts', { customerId: custA, title: `Ends ${endsOn}`, value: 1, signedOn: inDays(-300), endsOn })).json();
      return (await post(repA, `/api/v1/sales/contracts/${k.id}/transition`, { to: 'active', version: k.version })).json();
    };
    const soon = await mk(inDays(10));
    const far = await mk(inDays(90));
    const sections = async (s: Session) => (await s.request({ url: '/api/v1/workbench' })).json().sections as { key: string; items: { id: string }[] }[];
    const ids = (secs: { key: string; items: { id: string }[] }[], key: string) => secs.find((x) => x.key === key)?.items.map((i) => i.id);
    const a = await sections(repA);
    expect(ids(a, 'negotiations_due')).toContain(due.id);
    expect(ids(a, 'negotiations_due')).not.toContain(later.id);
    expect(ids(a, 'contracts_ending')).toContain(soon.id);
    expect(ids(a, 'contracts_ending')).not.toContain(far.id);
    const b = await sections(repB);
    expect(ids(b, 'negotiations_due') ?? []).not.toContain(due.id);
    expect(ids(b, 'contracts_ending') ?? []).not.toContain(soon.id);
    expect(ids(await sections(manager), 'contracts_ending')).toContain(soon.id);
    // A viewer keeps no sales records: no such sections.
    expect((await sections(viewer)).map((x) => x.key)).not.toContain('contracts_ending');
  });

  it('refuses stale versions on returns, contracts and negotiations (409)', async () => {
    const o = await newOrder(repA, custA);
    await move(repA, o.id, 'confirmed');
    const r = (await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'Stale', lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })).json();
    expect((await patch(repA, `/api/v1/sales/returns/${r.id}`, { reason: 'Fresh', version: r.version })).statusCode).toBe(200);
    const staleR = await post(repA, `/api/v1/sales/returns/${r.id}/transition`, { to: 'confirmed', version: r.version });
    expect(staleR.statusCode).toBe(409);
    expect(staleR.json().code).toBe('version_conflict');
    const k = (await post(repA, '/api/v1/sales/contracts', { customerId: custA, title: 'Stale', value: 5 })).json();
    expect((await patch(repA, `/api/v1/sales/contracts/${k.id}`, { notes: 'a', version: k.version })).statusCode).toBe(200);
    expect((await patch(repA, `/api/v1/sales/contracts/${k.id}`, { notes: 'b', version: k.version })).json().code).toBe('version_conflict');
    const n = (await post(repA, '/api/v1/sales/negotiations', { customerId: custA, subject: 'Stale' })).json();
    expect((await patch(repA, `/api/v1/sales/negotiations/${n.id}`, { stage: 'closing', version: n.version })).statusCode).toBe(200);
    const staleN = await post(repA, `/api/v1/sales/negotiations/${n.id}/outcome`, { outcome: 'won', version: n.version });
    expect(staleN.statusCode).toBe(409);
    expect(staleN.json().code).toBe('version_conflict');
  });

  it("hides rep B's records from rep A at every door, and shows them to the manager", async () => {
    const o = await newOrder(repB, custB);
    await move(repB, o.id, 'confirmed');
    const ret = (await post(repB, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'Broken', lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] })).json();
    const k = (await post(repB, '/api/v1/sales/contracts', { customerId: custB, title: 'Beta frame contract', value: 1_000 })).json();
    const n = (await post(repB, '/api/v1/sales/negotiations', { customerId: custB, subject: 'Beta big deal' })).json();
    const upload = await uploadPng(repB, 'contract', k.id);
    const docs: [string, string, string][] = [
      ['orders', o.id, o.number],
      ['returns', ret.id, ret.number],
      ['contracts', k.id, k.number],
      ['negotiations', n.id, n.number],
    ];
    for (const [kind, id, number] of docs) {
      const denied = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = $1`, [repAId]);
      const res = await repA.request({ url: `/api/v1/sales/${kind}/${id}` });
      expect(res.statusCode, kind).toBe(404);
      const deniedAfter = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = $1`, [repAId]);
      expect(deniedAfter[0].n).toBe(denied[0].n + 1);
      expect((await repA.request({ method: 'PATCH', url: `/api/v1/sales/${kind}/${id}`, payload: { version: 1 } })).statusCode, kind).toBe(404);
      const list = (await repA.request({ url: `/api/v1/sales/${kind}?limit=200` })).json().items.map((i: { id: string }) => i.id);
      expect(list, kind).not.toContain(id);
      expect((await manager.request({ url: `/api/v1/sales/${kind}?limit=200` })).json().items.map((i: { id: string }) => i.id), kind).toContain(id);
      const csv = (await repA.request({ url: `/api/v1/sales/${kind}/export?format=csv` })).body;
      expect(csv, kind).not.toContain(number);
      expect((await manager.request({ url: `/api/v1/sales/${kind}/export?format=csv` })).body, kind).toContain(number);
      const ref = `entityType=${{ orders: 'sales_order', returns: 'sales_return', contracts: 'contract', negotiations: 'negotiation' }[kind]}&entityId=${id}`;
      expect((await repA.request({ url: `/api/v1/files?${ref}` })).statusCode, kind).toBe(404);
      expect((await manager.request({ url: `/api/v1/files?${ref}` })).statusCode, kind).toBe(200);
      const type = ref.split('&')[0].split('=')[1];
      expect((await repA.request({ url: `/api/v1/tasks?view=all&relatedType=${type}&relatedId=${id}` })).statusCode, kind).toBe(404);
      expect((await manager.request({ url: `/api/v1/tasks?view=all&relatedType=${type}&relatedId=${id}` })).statusCode, kind).toBe(200);
      const task = await post(repA, '/api/v1/tasks', { title: 'Follow up', assigneeIds: [repAId], related: { type, id } });
      expect(task.statusCode, kind).toBe(400);
    }
    expect((await repA.request({ url: `/api/v1/files/${upload}` })).statusCode).toBe(404);
    expect((await manager.request({ url: `/api/v1/files/${upload}` })).statusCode).toBe(200);
    for (const number of [o.number, k.number]) {
      const hits = async (s: Session) => (await s.request({ url: `/api/v1/search?q=${encodeURIComponent(number)}` })).json().items.map((i: { id: string }) => i.id);
      expect(await hits(repA)).not.toContain(number === o.number ? o.id : k.id);
      expect(await hits(manager)).toContain(number === o.number ? o.id : k.id);
    }
    // Naming rep B's order in a return is "no such order".
    const sneaky = await post(repA, '/api/v1/sales/returns', { orderId: o.id, returnDate: '2026-03-20', reason: 'x', lines: [{ orderLineId: o.lines[0].id, quantity: '1' }] });
    expect(sneaky.statusCode).toBe(400);
    expect(fields(sneaky)).toContain('orderId');
  });

  async function uploadPng(s: Session, entityType: string, entityId: string): Promise<string> {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const boundary = '----salestest';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await s.request({ method: 'POST', url: `/api/v1/files?entityType=${entityType}&entityId=${entityId}`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  it('exports the filtered list as CSV and XLSX with headers in the reader’s language', async () => {
    await rawQuery(t.db.handle, `update users set locale = 'zh-CN' where id = $1`, [repAId]);
    const zh = await signIn(t.app, (await rawQuery<{ email: string }>(t.db.handle, 'select email from users where id = $1', [repAId]))[0].email);
    const csv = await zh.request({ url: `/api/v1/sales/orders/export?format=csv&status=draft&customerId=${custA}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    expect(csv.body).toContain('订单号');
    const rows = csv.body.trim().split('\r\n');
    const listed = (await zh.request({ url: `/api/v1/sales/orders?status=draft&customerId=${custA}&limit=200` })).json().items;
    expect(rows.length - 1).toBe(listed.length);
    const xlsx = await repB.request({ url: '/api/v1/sales/orders/export?format=xlsx' });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('Number');
    expect(ws.rowCount - 1).toBe((await repB.request({ url: '/api/v1/sales/orders?limit=200' })).json().items.length);
  });
});
