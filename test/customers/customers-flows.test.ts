import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessToday } from '../../src/server/platform/approvals/approvals.engine';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';
import { PNG, multipart } from '../access/fixtures';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

/**
 * Customers across modules: duplicates (Chinese suffixes, full-width, spaces, credit
 * code, taxpayer id), merge moving every linked record, hand-over and the record rule
 * between two reps at every door, licence reminders, 360, search, workbench, exports.
 */

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('customer flows', () => {
  let t: TestApp;
  let manager: Session;
  let assistant: Session;
  let repA: Session;
  let repB: Session;
  let viewer: Session;
  let managerId: string;
  let today: string;

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await makeDepartment(t, 'Sales South');
    const m = await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager Zhou' });
    managerId = m.id;
    manager = await signIn(t.app, m.email);
    assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: sales, managerId: m.id, name: 'Assistant Xu' })).email);
    repA = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep A' })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep B' })).email);
    viewer = await signIn(t.app, (await makeUser(t, ['viewer'], { departmentId: sales, name: 'Viewer' })).email);
    today = await businessToday(t.db.handle.db);
  });
  afterAll(async () => t?.close());

  async function create(by: Session, payload: Record<string, unknown>) {
    const res = await by.request({ method: 'POST', url: '/api/v1/customers', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const get = (by: Session, url: string) => by.request({ method: 'GET', url });
  const dupes = async (by: Session, query: string) => {
    const res = await get(by, `/api/v1/customers/duplicates?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string | null; code: string; name: string | null; ownerName: string | null; why: string[]; isVisible: boolean }[];
  };

  describe('duplicates', () => {
    let huadong: { id: string; code: string };
    beforeAll(async () => {
      huadong = await create(repA, { name: '上海华东电子有限公司', creditCode: '91310000MA1FL1234X', taxpayerId: '310000123456789' });
      await create(repA, { name: 'ABC Trading Company Limited' });
    });

    it('finds the same company under suffix, full-width, bracket and space variants', async () => {
      for (const variant of ['上海华东电子', '上海华东电子（有限公司）', '上海 华东 电子 有限公司', '上海华东电子股份有限公司', '上海华东电子 Co., Ltd.']) {
        const items = await dupes(repA, `name=${encodeURIComponent(variant)}`);
        expect(items.map((i) => [i.code, i.why]), variant).toEqual([[huadong.code, ['same_name']]]);
      }
      const abc = await dupes(repA, `name=${encodeURIComponent('ＡＢＣ　Ｔｒａｄｉｎｇ Co., Ltd.')}`);
      expect(abc.map((i) => i.why)).toEqual([['same_name']]);
    });

    it('finds a similar name, the same credit code (any case) and the same taxpayer id; nothing for another company', async () => {
      const similar = await dupes(repA, `name=${encodeURIComponent('上海华东电子科技有限公司')}`);
      expect(similar.map((i) => [i.code, i.why])).toEqual([[huadong.code, ['similar_name']]]);
      const byCode = await dupes(repA, 'creditCode=91310000ma1fl1234x');
      expect(byCode.map((i) => [i.code, i.why])).toEqual([[huadong.code, ['credit_code']]]);
      const byTaxpayer = await dupes(repA, 'taxpayerId=310000123456789');
      expect(byTaxpayer.map((i) => [i.code, i.why])).toEqual([[huadong.code, ['taxpayer_id']]]);
      expect(await dupes(repA, `name=${encodeURIComponent('北京长城机械有限公司')}`)).toEqual([]);
      expect(await dupes(repA, `name=${encodeURIComponent('上海华东电子')}&excludeId=${huadong.id}`)).toEqual([]);
    });

    it('warns on create (the customer is filed), or refuses with the matches when asked to, writing nothing', async () => {
      const before = await rowCounts(t.db.handle, ['customers', 'customer_events']);
      const refused = await repA.request({ method: 'POST', url: '/api/v1/customers', payload: { name: '上海華東電子有限公司'.replace('華東電子', '华东电子'), duplicates: 'refuse' } });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('duplicate');
      expect(refused.json().meta.matches.map((m: { code: string }) => m.code)).toEqual([huadong.code]);
      expect(await rowCounts(t.db.handle, ['customers', 'customer_events'])).toEqual(before);
      const warned = await create(repA, { name: '上海华东电子（有限公司）', taxpayerId: '310000123456789' });
      expect(warned.duplicates).toEqual([expect.objectContaining({ id: huadong.id, code: huadong.code, why: ['taxpayer_id', 'same_name'], isVisible: true })]);
    });

    it("shows another rep's match without its id or name", async () => {
      const items = await dupes(repB, 'creditCode=91310000MA1FL1234X');
      expect(items).toEqual([expect.objectContaining({ id: null, name: null, code: huadong.code, ownerName: 'Rep A', isVisible: false, why: ['credit_code'] })]);
      expect(JSON.stringify(items)).not.toContain('华东');
    });
  });

  describe('merge', () => {
    it('moves every linked record to the survivor, fills its empty fields, keeps the merged one pointing at it', async () => {
      const survivor = await create(repA, { name: '杭州西湖茶业有限公司', tags: ['tea'], invoiceTitle: '杭州西湖茶业有限公司' });
      const merged = await create(repA, {
        name: '杭州西湖茶业',
        taxpayerId: '91330100MA2AAAAA1X',
        bankName: '工商银行杭州分行',
        bankAccount: '1202 0000 0000',
        licenceExpiresOn: addDays(today, 200),
        tags: ['tea', 'export'],
        isKey: true,
      });
      const db = t.db.handle;
      // Records of other modules, written directly.
      await rawQuery(db, `insert into contacts (customer_id, name, is_primary) values ($1, 'Survivor Primary', true), ($2, 'Merged Primary', true), ($2, 'Merged Second', false)`, [survivor.id, merged.id]);
      await rawQuery(db, `insert into customer_addresses (customer_id, kind, address, is_default) values ($1, 'office', 'Survivor office', true), ($2, 'office', 'Merged office', true), ($2, 'shipping', 'Merged warehouse', true)`, [survivor.id, merged.id]);
      const [product] = await rawQuery<{ id: string }>(db, `insert into products (code, name, currency) values ('TEA-1', 'Longjing 250g', 'CNY') returning id`);
      const [order] = await rawQuery<{ id: string }>(db, `insert into sales_orders (number, customer_id, owner_id, order_date, currency, status, net_total, tax_total, gross_total) values ('SO-T-1', $1, $2, $3, 'CNY', 'confirmed', 10000, 1300, 11300) returning id`, [merged.id, repA.userId, today]);
      const [line] = await rawQuery<{ id: number }>(db, `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, net_amount, tax_amount, gross_amount, order_date, customer_id) values ($1, 1, $2, 2, 5000, 10000, 1300, 11300, $3, $4) returning id`, [order.id, product.id, today, merged.id]);
      const [ret] = await rawQuery<{ id: string }>(db, `insert into sales_returns (number, order_id, customer_id, return_date, reason, currency, net_total, tax_total, gross_total) values ('SR-T-1', $1, $2, $3, 'broken', 'CNY', 5000, 650, 5650) returning id`, [order.id, merged.id, today]);
      await rawQuery(db, `insert into sales_return_lines (return_id, order_line_id, quantity, net_amount, tax_amount, gross_amount) values ($1, $2, 1, 5000, 650, 5650)`, [ret.id, line.id]);
      await rawQuery(db, `insert into contracts (number, customer_id, title, value, currency, status) values ('CT-T-1', $1, 'Annual supply', 1000000, 'CNY', 'active')`, [merged.id]);
      await rawQuery(db, `insert into negotiations (number, customer_id, subject, currency, owner_id) values ('NG-T-1', $1, 'Autumn tender', 'CNY', $2)`, [merged.id, repA.userId]);
      await rawQuery(db, `insert into customer_events (customer_id, kind, title) values ($1, 'call.logged', 'Called the buyer')`, [merged.id]);
      await rawQuery(db, `insert into reminders (entity_type, entity_id, user_id, title, due_on) values ('customer', $1, $2, 'Visit', $3)`, [merged.id, repA.userId, addDays(today, 5)]);
      const { payload, headers } = multipart('contract-scan.png', PNG);
      const file = await repA.request({ method: 'POST', url: `/api/v1/files?entityType=customer&entityId=${merged.id}`, payload, headers });
      expect(file.statusCode, file.body).toBe(201);
      const task = await repA.request({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'Send samples', assigneeIds: [repA.userId], related: { type: 'customer', id: merged.id } } });
      expect(task.statusCode, task.body).toBe(201);
      const tables = ['customers', 'contacts', 'customer_addresses', 'sales_orders', 'sales_order_lines', 'sales_returns', 'sales_return_lines', 'contracts', 'negotiations', 'file_links', 'tasks', 'reminders'];
      const before = await rowCounts(db, tables);

      // A rep may not merge; a stale version is refused.
      expect((await repA.request({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, payload: { mergeId: merged.id, version: survivor.version, mergeVersion: merged.version } })).statusCode).toBe(403);
      expect((await assistant.request({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, payload: { mergeId: merged.id, version: survivor.version + 5, mergeVersion: merged.version } })).statusCode).toBe(409);
      expect((await assistant.request({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, payload: { mergeId: survivor.id, version: survivor.version, mergeVersion: survivor.version } })).json().errors[0].field).toBe('mergeId');

      const res = await assistant.request({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, payload: { mergeId: merged.id, version: survivor.version, mergeVersion: merged.version } });
      expect(res.statusCode, res.body).toBe(200);
      const out = res.json();
      expect(out.moved).toMatchObject({ contacts: 2, addresses: 2, orders: 1, orderLines: 1, returns: 1, contracts: 1, negotiations: 1, files: 1, tasks: 1, reminders: 1 });
      expect(out.survivor).toMatchObject({ taxpayerId: '91330100MA2AAAAA1X', bankName: '工商银行杭州分行', invoiceTitle: '杭州西湖茶业有限公司', isKey: true, licenceExpiresOn: addDays(today, 200) });
      expect(out.survivor.tags.sort()).toEqual(['export', 'tea']);

      // Nothing was deleted; everything points at the survivor now (which got a licence reminder of its own).
      expect(await rowCounts(db, tables)).toEqual({ ...before, reminders: before.reminders + 1 });
      for (const table of ['contacts', 'customer_addresses', 'sales_orders', 'sales_order_lines', 'sales_returns', 'contracts', 'negotiations']) {
        const [r] = await rawQuery<{ n: number }>(db, `select count(*)::int as n from ${table} where customer_id = $1`, [merged.id]);
        expect(r.n, table).toBe(0);
      }
      const primaries = await rawQuery<{ name: string }>(db, `select name from contacts where customer_id = $1 and is_primary`, [survivor.id]);
      expect(primaries.map((p) => p.name)).toEqual(['Survivor Primary']);
      const defaults = await rawQuery<{ address: string }>(db, `select address from customer_addresses where customer_id = $1 and is_default order by kind`, [survivor.id]);
      expect(defaults.map((d) => d.address)).toEqual(['Survivor office', 'Merged warehouse']);
      const [gone] = await rawQuery<{ merged_into_id: string; is_archived: boolean }>(db, 'select merged_into_id, is_archived from customers where id = $1', [merged.id]);
      expect(gone).toEqual({ merged_into_id: survivor.id, is_archived: true });
      const files = await get(repA, `/api/v1/files?entityType=customer&entityId=${survivor.id}`);
      expect(files.json().items.map((f: { id: string }) => f.id)).toEqual([file.json().id]);
      const licence = await rawQuery<{ entity_id: string; status: string }>(db, `select entity_id, status from reminders where entity_type = 'customer_licence' and entity_id in ($1, $2) order by status`, [survivor.id, merged.id]);
      expect(licence).toEqual([
        { entity_id: survivor.id, status: 'active' },
        { entity_id: merged.id, status: 'cancelled' },
      ]);

      // The history moved too, and both timelines and the audit log tell of the merge.
      const timeline = await get(repA, `/api/v1/customers/${survivor.id}/timeline`);
      const kinds = timeline.json().items.map((e: { kind: string }) => e.kind);
      expect(kinds[0]).toBe('customer.merged');
      expect(kinds).toEqual(expect.arrayContaining(['call.logged', 'customer.created']));
      expect(kinds.filter((k: string) => k === 'customer.created')).toHaveLength(2);
      const [mergedEvent] = await rawQuery<{ kind: string }>(db, 'select kind from customer_events where customer_id = $1', [merged.id]);
      expect(mergedEvent.kind).toBe('customer.merged_into');
      const audit = await rawQuery<{ action: string; entity_id: string }>(db, `select action, entity_id from audit_log where action in ('customer.merge', 'customer.merged_into') order by seq`);
      expect(audit).toEqual([
        { action: 'customer.merge', entity_id: survivor.id },
        { action: 'customer.merged_into', entity_id: merged.id },
      ]);

      // Reading the merged customer points at the survivor; it is in no list; it cannot be merged again.
      const read = await get(repA, `/api/v1/customers/${merged.id}`);
      expect(read.statusCode).toBe(409);
      expect(read.json().meta).toMatchObject({ reason: 'merged', mergedIntoId: survivor.id });
      expect((await get(repB, `/api/v1/customers/${merged.id}`)).statusCode).toBe(404);
      const list = await get(repA, `/api/v1/customers?q=${encodeURIComponent('西湖茶业')}&archived=all`);
      expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([survivor.id]);
      const again = await assistant.request({ method: 'POST', url: `/api/v1/customers/${survivor.id}/merge`, payload: { mergeId: merged.id, version: out.survivor.version, mergeVersion: merged.version + 1 } });
      expect(again.statusCode).toBe(409);

      // The 360 page sees it all under the survivor.
      const overview = (await get(repA, `/api/v1/customers/${survivor.id}/overview`)).json();
      expect(overview.orders).toMatchObject({ count: 1, netTotal: 10000 });
      expect(overview.orders.recent[0]).toMatchObject({ number: 'SO-T-1', grossTotal: 11300 });
      expect(overview.returns.count).toBe(1);
      expect(overview.contracts.recent[0]).toMatchObject({ number: 'CT-T-1', value: 1000000 });
      expect(overview.negotiations).toMatchObject({ count: 1, open: 1 });
      expect(overview.contacts.map((c: { name: string }) => c.name)).toEqual(['Survivor Primary', 'Merged Primary', 'Merged Second']);
      expect(overview.files).toHaveLength(1);
      expect(overview.tasks.map((x: { title: string }) => x.title)).toEqual(['Send samples']);
      expect(overview.timeline.items[0].kind).toBe('customer.merged');
    });
  });

  describe('hand-over and the record rule between two reps', () => {
    it('moves the customer (and its open negotiations) to rep B; rep A finds it behind no door', async () => {
      const c = await create(repA, { name: 'Pearl River Logistics Co., Ltd.', creditCode: '91440101MA5CXXXX1Y', licenceExpiresOn: addDays(today, 20) });
      const contact = await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/contacts`, payload: { name: 'Mr. Huang', title: 'Purchasing', mobile: '13900001111', isPrimary: true } });
      expect(contact.statusCode, contact.body).toBe(201);
      await rawQuery(t.db.handle, `insert into negotiations (number, customer_id, subject, currency, owner_id) values ('NG-H-1', $1, 'Fleet deal', 'CNY', $2), ('NG-H-2', $1, 'Old deal', 'CNY', $2)`, [c.id, repA.userId]);
      await rawQuery(t.db.handle, `update negotiations set outcome = 'lost' where number = 'NG-H-2'`);

      // A rep may not hand over; the back office may.
      expect((await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/handover`, payload: { ownerId: repB.userId, version: c.version } })).statusCode).toBe(403);
      const stale = await manager.request({ method: 'POST', url: `/api/v1/customers/${c.id}/handover`, payload: { ownerId: repB.userId, version: c.version + 1 } });
      expect(stale.statusCode).toBe(409);
      const res = await manager.request({ method: 'POST', url: `/api/v1/customers/${c.id}/handover`, payload: { ownerId: repB.userId, version: c.version, moveOpenNegotiations: true, note: 'Rep A moves to the north' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ ownerId: repB.userId, ownerName: 'Rep B' });
      const negotiations = await rawQuery<{ number: string; owner_id: string }>(t.db.handle, `select number, owner_id from negotiations where customer_id = $1 order by number`, [c.id]);
      expect(negotiations).toEqual([
        { number: 'NG-H-1', owner_id: repB.userId },
        { number: 'NG-H-2', owner_id: repA.userId },
      ]);
      const reminders = await rawQuery<{ user_id: string; status: string }>(t.db.handle, `select user_id, status from reminders where entity_type = 'customer_licence' and entity_id = $1 order by status`, [c.id]);
      expect(reminders).toEqual([
        { user_id: repB.userId, status: 'active' },
        { user_id: repA.userId, status: 'cancelled' },
      ]);

      // Every door is closed to rep A (and each closed door is an audited denial).
      const [{ n: deniedBefore }] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = $1`, [repA.userId]);
      const doors: [string, string, unknown?][] = [
        ['GET', `/api/v1/customers/${c.id}`],
        ['PATCH', `/api/v1/customers/${c.id}`, { notes: 'x', version: 2 }],
        ['GET', `/api/v1/customers/${c.id}/overview`],
        ['GET', `/api/v1/customers/${c.id}/timeline`],
        ['GET', `/api/v1/customers/${c.id}/contacts`],
        ['GET', `/api/v1/customers/${c.id}/addresses`],
        ['GET', `/api/v1/customers/${c.id}/billing-check?invoiceType=ordinary_vat`],
        ['POST', `/api/v1/customers/${c.id}/contacts`, { name: 'Sneaky' }],
        ['PATCH', `/api/v1/contacts/${contact.json().id}`, { notes: 'x', version: 1 }],
        ['POST', `/api/v1/customers/${c.id}/archive`, { version: 2 }],
        ['GET', `/api/v1/files?entityType=customer&entityId=${c.id}`],
        ['GET', `/api/v1/tasks?view=all&relatedType=customer&relatedId=${c.id}`],
      ];
      for (const [method, url, payload] of doors) {
        const r = await repA.request({ method: method as 'GET', url, ...(payload !== undefined && { payload: payload as object }) });
        expect(r.statusCode, `${method} ${url} ${r.body}`).toBe(404);
      }
      const [{ n: deniedAfter }] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = $1`, [repA.userId]);
      expect(deniedAfter - deniedBefore).toBe(doors.length);
      const lists = [
        `/api/v1/customers?q=${encodeURIComponent('Pearl River')}`,
        `/api/v1/contacts?q=${encodeURIComponent('Mr. Huang')}`,
        `/api/v1/search?q=${encodeURIComponent('Pearl River')}`,
        `/api/v1/search?q=${encodeURIComponent('Mr. Huang')}`,
      ];
      for (const url of lists) expect((await get(repA, url)).json().items, url).toEqual([]);
      const csv = await get(repA, '/api/v1/customers/export?format=csv');
      expect(csv.body).not.toContain('Pearl River');
      const contactsCsv = await get(repA, '/api/v1/contacts/export?format=csv');
      expect(contactsCsv.body).not.toContain('Mr. Huang');
      const dup = await dupes(repA, 'creditCode=91440101MA5CXXXX1Y');
      expect(dup[0]).toMatchObject({ id: null, name: null, isVisible: false });

      // Rep B and the department see it, with the hand-over in its history.
      expect((await get(repB, `/api/v1/customers/${c.id}`)).statusCode).toBe(200);
      expect((await get(viewer, `/api/v1/customers/${c.id}`)).statusCode).toBe(200);
      const search = await get(repB, `/api/v1/search?q=${encodeURIComponent('Pearl River')}`);
      expect(search.json().items).toEqual([expect.objectContaining({ kind: 'customer', id: c.id })]);
      const contactSearch = await get(repB, `/api/v1/search?q=${encodeURIComponent('Mr. Huang')}`);
      expect(contactSearch.json().items).toEqual([expect.objectContaining({ kind: 'contact', id: contact.json().id })]);
      const timeline = (await get(repB, `/api/v1/customers/${c.id}/timeline`)).json().items;
      expect(timeline[0]).toMatchObject({ kind: 'customer.handover', data: { fromId: repA.userId, toId: repB.userId, negotiationsMoved: 1, note: 'Rep A moves to the north' } });
      expect(timeline.map((e: { kind: string }) => e.kind)).toContain('contact.added');
      const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_type = 'customer' and entity_id = $1 and action = 'customer.handover'`, [c.id]);
      expect(audit).toHaveLength(1);
    });

    it('lets a rep hand nothing to someone outside the department and refuses a hand-over to the current owner', async () => {
      const c = await create(repB, { name: 'Harbour Tools Ltd' });
      const same = await manager.request({ method: 'POST', url: `/api/v1/customers/${c.id}/handover`, payload: { ownerId: repB.userId, version: c.version } });
      expect(same.statusCode).toBe(400);
      expect(same.json().errors[0].field).toBe('ownerId');
      const otherDept = await makeDepartment(t, 'Sales North');
      const outsider = await makeUser(t, ['rep'], { departmentId: otherDept, name: 'Outsider' });
      const out = await manager.request({ method: 'POST', url: `/api/v1/customers/${c.id}/handover`, payload: { ownerId: outsider.id, version: c.version } });
      expect(out.statusCode).toBe(400);
      expect(out.json().errors[0]).toMatchObject({ field: 'ownerId', code: 'out_of_scope' });
    });
  });

  describe('licence reminders', () => {
    const notes = (id: string) =>
      rawQuery<{ kind: string; user_id: string }>(t.db.handle, `select kind, user_id from notifications where entity_type = 'customer_licence' and entity_id = $1 order by created_at, kind`, [id]);

    it('reminds the owner 30 days before and on the day, escalates to the manager when it lapses; a moved date starts again; clearing it stops', async () => {
      const due = addDays(today, 45);
      const c = await create(repA, { name: 'Licence Watch Ltd', licenceExpiresOn: due });
      await scanReminders(t.db.handle.db, addDays(due, -31));
      expect(await notes(c.id)).toEqual([]);
      await scanReminders(t.db.handle.db, addDays(due, -30));
      await scanReminders(t.db.handle.db, addDays(due, -29));
      expect(await notes(c.id)).toEqual([{ kind: 'reminder.before', user_id: repA.userId }]);
      await scanReminders(t.db.handle.db, due);
      await scanReminders(t.db.handle.db, addDays(due, 1));
      await scanReminders(t.db.handle.db, addDays(due, 2));
      const sent = await notes(c.id);
      expect(sent.map((n) => [n.kind, n.user_id]).sort()).toEqual(
        [
          ['reminder.before', repA.userId],
          ['reminder.due', repA.userId],
          ['reminder.overdue', repA.userId],
          ['reminder.escalated', managerId],
        ].sort(),
      );
      // The licence was renewed: the stages start again for the new date.
      const moved = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { licenceExpiresOn: addDays(due, 365), version: c.version } });
      expect(moved.statusCode, moved.body).toBe(200);
      const [r] = await rawQuery<{ due_on: string; status: string; sent_before_at: Date | null }>(t.db.handle, `select due_on, status, sent_before_at from reminders where entity_type = 'customer_licence' and entity_id = $1`, [c.id]);
      expect(r).toEqual({ due_on: addDays(due, 365), status: 'active', sent_before_at: null });
      await scanReminders(t.db.handle.db, addDays(due, 365 - 30));
      expect((await notes(c.id)).filter((n) => n.kind === 'reminder.before')).toHaveLength(2);
      const cleared = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { licenceExpiresOn: null, version: moved.json().version } });
      expect(cleared.statusCode).toBe(200);
      const [after] = await rawQuery<{ status: string }>(t.db.handle, `select status from reminders where entity_type = 'customer_licence' and entity_id = $1`, [c.id]);
      expect(after.status).toBe('cancelled');
    });

    it('lists licences expiring within 30 days on the workbench of people who keep customers', async () => {
      const c = await create(repA, { name: 'Soon Expiring Ltd', licenceExpiresOn: addDays(today, 10) });
      const wb = (await get(repA, '/api/v1/workbench')).json();
      const section = wb.sections.find((s: { key: string }) => s.key === 'licences_expiring');
      expect(section.items.map((i: { id: string }) => i.id)).toContain(c.id);
      const none = (await get(viewer, '/api/v1/workbench')).json();
      expect(none.sections.find((s: { key: string }) => s.key === 'licences_expiring')).toBeUndefined();
    });
  });

  describe('contacts and addresses', () => {
    it('keeps one primary contact and one default address per kind; archives instead of deleting; stale versions are 409', async () => {
      const c = await create(repA, { name: 'Contact Keeper Ltd' });
      const add = async (payload: object) => {
        const r = await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/contacts`, payload });
        expect(r.statusCode, r.body).toBe(201);
        return r.json();
      };
      const first = await add({ name: '王经理', title: '采购经理', mobile: '13800138000', email: 'Wang@Example.CN', wechat: 'wang_wx', qq: '123456', birthday: '1980-05-04', isPrimary: true });
      expect(first.email).toBe('wang@example.cn');
      const second = await add({ name: '李会计', isPrimary: true });
      const list = (await get(repA, `/api/v1/customers/${c.id}/contacts`)).json().items;
      expect(list.map((x: { name: string; isPrimary: boolean }) => [x.name, x.isPrimary])).toEqual([
        ['李会计', true],
        ['王经理', false],
      ]);
      const stale = await repA.request({ method: 'PATCH', url: `/api/v1/contacts/${first.id}`, payload: { title: '总经理', version: first.version + 1 } });
      expect(stale.statusCode).toBe(409);
      const bad = await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/contacts`, payload: { name: 'X', email: 'not-an-email' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('email');
      const archived = await repA.request({ method: 'POST', url: `/api/v1/contacts/${second.id}/archive`, payload: { version: second.version } });
      expect(archived.json()).toMatchObject({ isArchived: true, isPrimary: false });
      expect((await get(repA, `/api/v1/customers/${c.id}/contacts`)).json().items).toHaveLength(1);
      expect((await get(repA, `/api/v1/customers/${c.id}/contacts?archived=all`)).json().items).toHaveLength(2);

      const a1 = (await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/addresses`, payload: { kind: 'shipping', address: '深圳市南山区1号', city: '深圳', province: '广东', postalCode: '518000', isDefault: true } })).json();
      const a2 = (await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/addresses`, payload: { kind: 'shipping', address: '深圳市宝安区2号', isDefault: true } })).json();
      const addresses = (await get(repA, `/api/v1/customers/${c.id}/addresses`)).json().items;
      expect(addresses.map((x: { id: string; isDefault: boolean }) => [x.id, x.isDefault])).toEqual([
        [a2.id, true],
        [a1.id, false],
      ]);
      const changed = await repA.request({ method: 'PATCH', url: `/api/v1/customer-addresses/${a1.id}`, payload: { city: '深圳市', version: a1.version } });
      expect(changed.json()).toMatchObject({ city: '深圳市', version: 2 });
      expect((await repB.request({ method: 'PATCH', url: `/api/v1/customer-addresses/${a1.id}`, payload: { city: 'x', version: 2 } })).statusCode).toBe(404);
      expect((await viewer.request({ method: 'PATCH', url: `/api/v1/customer-addresses/${a1.id}`, payload: { city: 'x', version: 2 } })).statusCode).toBe(403);
    });
  });

  describe('export', () => {
    it('exports the filtered list as CSV and XLSX with headers in the caller’s language', async () => {
      await create(repB, { name: '成都天府软件有限公司', level: 'A', status: 'active', tags: ['software', 'cd-2026'], taxpayerId: '=cmd|calc' });
      await create(repB, { name: 'Chengdu Other Ltd', level: 'C', tags: ['cd-2026'] });
      const en = await get(repB, '/api/v1/customers/export?format=csv&level=A&tag=cd-2026');
      expect(en.statusCode).toBe(200);
      expect(en.headers['content-type']).toContain('text/csv');
      expect(en.headers['content-disposition']).toMatch(/^attachment; filename="?customers-\d{4}-\d{2}-\d{2}\.csv"?$/);
      expect(en.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = en.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0].startsWith('Code,Name,Short name,Credit code,Owner')).toBe(true);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('成都天府软件有限公司');
      expect(lines[1]).toContain(',Active,');
      expect(lines[1]).toContain("'=CMD|CALC");

      await rawQuery(t.db.handle, `update users set locale = 'zh-CN' where id = $1`, [repB.userId]);
      try {
        const zh = await get(repB, '/api/v1/customers/export?format=xlsx&tag=cd-2026&sort=name');
        expect(zh.statusCode).toBe(200);
        expect(zh.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(zh.rawPayload as unknown as ArrayBuffer);
        const ws = wb.worksheets[0];
        expect(ws.name).toBe('客户');
        expect(ws.getRow(1).getCell(1).value).toBe('客户编号');
        expect(ws.getRow(1).getCell(2).value).toBe('客户名称');
        const names = [ws.getRow(2).getCell(2).value, ws.getRow(3).getCell(2).value];
        expect(names).toEqual(['Chengdu Other Ltd', '成都天府软件有限公司']);
        expect(ws.rowCount).toBe(3);
        expect(ws.getRow(3).getCell(11).value).toBe('活跃');
        const zhCsv = await get(repB, '/api/v1/contacts/export?format=csv');
        expect(zhCsv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('客户编号,客户名称,姓名,职务,手机,电话,邮箱,微信,QQ,生日,主要联系人,备注');
      } finally {
        await rawQuery(t.db.handle, `update users set locale = 'en' where id = $1`, [repB.userId]);
      }
    });
  });
});
