import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanReminders } from '../../src/server/platform/reminders/reminders.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertCustomer } from '../helpers/sales';
import { rawQuery, rowCounts } from '../helpers/sql';
import { pdfPages, pdfText, txt, uploadDoc } from './archive-fixtures';

/**
 * The paper register through the API: the location tree, registering originals (numbered,
 * linked to their electronic copy, customer and contract), who sees them, lending with
 * reminders and the workbench, check-in, moves, the movement history, QR labels and a
 * stocktake that finds, misses, and moves misplaced items.
 */
const A = '/api/v1/archive';
const year = new Date().getFullYear();

describe('paper register', () => {
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let assistant: Session;
  let repA: Session;
  let repB: Session;
  let customerA: string;
  let customerB: string;
  let contractA: string;
  const loc: Record<string, string> = {};

  const get = (s: Session, url: string) => s.request({ method: 'GET', url });
  const post = (s: Session, url: string, payload: unknown) => s.request({ method: 'POST', url, payload: payload as Record<string, unknown> });
  const patch = (s: Session, url: string, payload: unknown) => s.request({ method: 'PATCH', url, payload: payload as Record<string, unknown> });
  const ok = async <T = any>(res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200): Promise<T> => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json() as T;
  };
  const location = async (kind: string, name: string, code: string, parentId?: string) =>
    (await ok<{ id: string }>(post(assistant, `${A}/locations`, { kind, name, code, parentId }), 201)).id;
  const register = (s: Session, body: Record<string, unknown>) => ok<any>(post(s, `${A}/paper`, { typeCode: 'contract', ...body }), 201);

  beforeAll(async () => {
    t = await createTestApp();
    const sales = await makeDepartment(t, 'Sales East');
    admin = await signIn(t.app, (await makeUser(t, ['admin'], { name: 'Admin' })).email);
    const mgr = await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager Wang' });
    manager = await signIn(t.app, mgr.email);
    assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: sales, name: 'Assistant Li', managerId: mgr.id })).email);
    repA = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, name: '张伟', managerId: mgr.id })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, name: 'Rep Bob', managerId: mgr.id })).email);
    customerA = await insertCustomer(t.db.handle, { ownerId: repA.userId, departmentId: sales, name: '上海华东贸易有限公司' });
    customerB = await insertCustomer(t.db.handle, { ownerId: repB.userId, departmentId: sales, name: 'Beijing North Trading' });
    const [c] = await rawQuery<{ id: string }>(t.db.handle, `insert into contracts (number, customer_id, title, value, currency, status) values ('CT-PAP-1', $1, '年度供货合同', 1000000, 'CNY', 'active') returning id`, [customerA]);
    contractA = c.id;
    loc.room = await location('room', '档案室 Archive room', 'R1');
    loc.cabA = await location('cabinet', 'Cabinet A', 'R1-A', loc.room);
    loc.cabB = await location('cabinet', 'Cabinet B', 'R1-B', loc.room);
    loc.shelfA1 = await location('shelf', 'Shelf 1', 'R1-A-1', loc.cabA);
    loc.box1 = await location('box', 'Box 1', 'R1-A-1-01', loc.shelfA1);
    loc.box2 = await location('box', 'Box 2', 'R1-A-1-02', loc.shelfA1);
    loc.boxB = await location('box', 'Box B', 'R1-B-01', loc.cabB);
  });
  afterAll(async () => t?.close());

  describe('locations', () => {
    it('keeps a tree in order: room → cabinet → shelf → box, unique codes, no cycles; only an empty location is archived', async () => {
      const list = await ok<{ items: { id: string; path: string; kind: string }[] }>(get(repA, `${A}/locations`));
      expect(list.items.find((l) => l.id === loc.box1)?.path).toBe('档案室 Archive room / Cabinet A / Shelf 1 / Box 1');
      const bad = await post(assistant, `${A}/locations`, { kind: 'cabinet', name: 'x', code: 'X1', parentId: loc.box1 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('parentId');
      expect((await post(assistant, `${A}/locations`, { kind: 'box', name: 'dup', code: 'r1-a-1-01', parentId: loc.shelfA1 })).statusCode).toBe(409);
      expect((await post(repA, `${A}/locations`, { kind: 'room', name: 'mine', code: 'REP' })).statusCode).toBe(403);
      const cabVersion = (await rawQuery<{ version: number }>(t.db.handle, 'select version from archive_locations where id = $1', [loc.cabA]))[0].version;
      const cycle = await patch(assistant, `${A}/locations/${loc.cabA}`, { parentId: loc.box1, version: cabVersion });
      expect(cycle.statusCode).toBe(400);
      const spare = await location('box', 'Spare', 'SPARE', loc.shelfA1);
      const archived = await ok<{ isArchived: boolean }>(patch(assistant, `${A}/locations/${spare}`, { isArchived: true, version: 1 }));
      expect(archived.isArchived).toBe(true);
      expect((await ok<{ items: { id: string }[] }>(get(assistant, `${A}/locations`))).items.map((l) => l.id)).not.toContain(spare);
      const refused = await post(assistant, `${A}/paper`, { title: 'x', locationId: spare });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('locationId');
    });
  });

  describe('registering and who sees what', () => {
    it('numbers an item per year, links its electronic copy, customer (through the contract) and place', async () => {
      const doc = await uploadDoc(assistant, txt('contract.txt', '供货合同正文'), { typeCode: 'contract', customerIds: [customerA] });
      const item = await register(assistant, { title: '年度供货合同 原件', documentId: doc, contractId: contractA, locationId: loc.box1 });
      expect(item).toMatchObject({ number: expect.stringMatching(new RegExp(`^PAP-${year}-\\d{5}$`)), documentId: doc, customerId: customerA, customerName: '上海华东贸易有限公司', contractNumber: 'CT-PAP-1', status: 'in_place', effectiveConfidentiality: 'internal' });
      expect(item.locationPath).toContain('Box 1');
      // A document, customer or contract the registrar does not see is refused, naming the field; nothing is stored.
      const before = await rowCounts(t.db.handle, ['archive_paper_items', 'archive_paper_movements']);
      const hidden = await uploadDoc(admin, txt('private.txt', 'board notes'), { confidentiality: 'confidential' });
      const r = await post(assistant, `${A}/paper`, { title: 'x', documentId: hidden, locationId: loc.box1 });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].field).toBe('documentId');
      expect((await post(repA, `${A}/paper`, { title: 'x', locationId: loc.box1 })).statusCode).toBe(403);
      expect((await post(assistant, `${A}/paper`, { title: '', locationId: loc.box1 })).statusCode).toBe(400);
      expect(await rowCounts(t.db.handle, ['archive_paper_items', 'archive_paper_movements'])).toEqual(before);
      const [audit] = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_type = 'archive_paper' and entity_id = $1`, [item.id]);
      expect(audit.action).toBe('archive_paper.register');
      // The contract decides the customer; a stale version is refused.
      const other = await patch(assistant, `${A}/paper/${item.id}`, { customerId: customerB, version: item.version });
      expect(other.statusCode).toBe(400);
      expect(other.json().errors[0].field).toBe('customerId');
      const edited = await ok(patch(assistant, `${A}/paper/${item.id}`, { title: '年度供货合同 原件（盖章）', version: item.version }));
      expect(edited).toMatchObject({ title: '年度供货合同 原件（盖章）', customerId: customerA, version: item.version + 1 });
      expect((await patch(assistant, `${A}/paper/${item.id}`, { notes: 'x', version: item.version })).statusCode).toBe(409);
    });

    it('a rep sees items of their own customers and unlinked internal ones; confidential items exist only for their owner, grantees and admins', async () => {
      const ofA = await register(assistant, { title: 'Customer A original', customerId: customerA, locationId: loc.box2 });
      const ofB = await register(assistant, { title: 'Customer B original', customerId: customerB, locationId: loc.box2 });
      const general = await register(assistant, { title: 'Department rules', locationId: loc.box2 });
      const secret = await register(assistant, { title: 'Board minutes', confidentiality: 'secret', locationId: loc.box2 });
      const confDoc = await uploadDoc(assistant, txt('nda.txt', 'NDA'), { confidentiality: 'confidential' });
      const viaDoc = await register(assistant, { title: 'NDA original', documentId: confDoc, locationId: loc.box2 });
      expect(viaDoc.effectiveConfidentiality).toBe('confidential');
      const seen = async (s: Session) => (await ok<{ items: { id: string }[] }>(get(s, `${A}/paper?locationId=${loc.box2}`))).items.map((i) => i.id);
      expect(await seen(repA)).toEqual(expect.arrayContaining([ofA.id, general.id]));
      expect(await seen(repA)).not.toEqual(expect.arrayContaining([ofB.id]));
      expect((await get(repA, `${A}/paper/${ofB.id}`)).statusCode).toBe(404);
      for (const s of [manager, repA]) {
        expect((await get(s, `${A}/paper/${secret.id}`)).statusCode).toBe(404);
        expect((await get(s, `${A}/paper/${viaDoc.id}`)).statusCode).toBe(404);
        expect(await seen(s)).not.toContain(secret.id);
      }
      expect((await get(admin, `${A}/paper/${secret.id}`)).statusCode).toBe(200);
      // The counts of a location leave out what the caller does not see.
      const count = async (s: Session) => (await ok<{ items: { id: string; itemCount: number }[] }>(get(s, `${A}/locations`))).items.find((l) => l.id === loc.box2)!.itemCount;
      expect(await count(assistant)).toBe(5);
      expect(await count(manager)).toBe(3);
      // Granting the electronic copy grants its paper original too.
      await post(assistant, `${A}/documents/${confDoc}/grants`, { userId: repA.userId });
      expect((await get(repA, `${A}/paper/${viaDoc.id}`)).statusCode).toBe(200);
      // A denied look is written to the audit log.
      const denied = await rawQuery(t.db.handle, `select 1 from audit_log where action = 'access.denied' and entity_type = 'archive_paper' and entity_id = $1`, [ofB.id]);
      expect(denied.length).toBeGreaterThan(0);
    });
  });

  describe('lending', () => {
    it('lends, reminds the borrower and the assistant before and after the due date, shows overdue lending on the workbench, takes it back', async () => {
      const item = await register(assistant, { title: '框架协议 原件', customerId: customerA, locationId: loc.box1 });
      const today = (await rawQuery<{ d: string }>(t.db.handle, `select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as d`))[0].d;
      // Rep B may not see the item: it cannot be lent to them.
      const refused = await post(assistant, `${A}/paper/${item.id}/checkout`, { borrowerId: repB.userId, dueOn: today, version: item.version });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('borrowerId');
      expect((await post(assistant, `${A}/paper/${item.id}/checkout`, { borrowerId: repA.userId, dueOn: '2000-01-01', version: item.version })).statusCode).toBe(400);
      expect((await post(repA, `${A}/paper/${item.id}/checkout`, { borrowerId: repA.userId, dueOn: today, version: item.version })).statusCode).toBe(403);
      const lent = await ok(post(assistant, `${A}/paper/${item.id}/checkout`, { borrowerId: repA.userId, dueOn: today, note: '客户审计', version: item.version }));
      expect(lent).toMatchObject({ status: 'lent', borrowerId: repA.userId, borrowerName: '张伟', dueOn: today, isOverdue: false });
      expect((await post(assistant, `${A}/paper/${item.id}/checkout`, { borrowerId: repA.userId, dueOn: today, version: item.version })).statusCode).toBe(409);
      expect((await post(assistant, `${A}/paper/${item.id}/checkout`, { borrowerId: repA.userId, dueOn: today, version: lent.version })).statusCode).toBe(409);
      expect((await post(assistant, `${A}/paper/${item.id}/move`, { locationId: loc.box2, version: lent.version })).statusCode).toBe(409);
      const reminders = await rawQuery<{ user_id: string; due_on: string; status: string }>(t.db.handle, `select user_id, to_char(due_on, 'YYYY-MM-DD') as due_on, status from reminders where entity_type = 'archive_paper_loan' and entity_id = $1`, [item.id]);
      expect(reminders.map((r) => r.user_id).sort()).toEqual([repA.userId, assistant.userId].sort());
      // The loan runs late (its due date moved into the past): both get the overdue reminder, the borrower's manager a week later.
      await rawQuery(t.db.handle, `update archive_paper_items set due_on = due_on - 10 where id = $1`, [item.id]);
      await rawQuery(t.db.handle, `update reminders set due_on = due_on - 10 where entity_id = $1`, [item.id]);
      await scanReminders(t.db.handle.db);
      const sent = await rawQuery<{ user_id: string; kind: string }>(t.db.handle, `select user_id, kind from notifications where entity_type = 'archive_paper_loan' and entity_id = $1`, [item.id]);
      expect(sent).toEqual(expect.arrayContaining([
        { user_id: repA.userId, kind: 'reminder.overdue' },
        { user_id: assistant.userId, kind: 'reminder.overdue' },
        { user_id: manager.userId, kind: 'reminder.escalated' },
      ]));
      const overdue = await ok<{ items: { id: string; isOverdue: boolean }[] }>(get(assistant, `${A}/paper?overdue=true`));
      expect(overdue.items.map((i) => i.id)).toEqual([item.id]);
      const section = async (s: Session) => (await ok<{ sections: { key: string; count: number; items: { id: string }[] }[] }>(get(s, '/api/v1/workbench'))).sections.find((x) => x.key === 'archive_overdue_lending');
      expect((await section(assistant))?.items.map((i) => i.id)).toEqual([item.id]);
      expect((await section(repA))?.items.map((i) => i.id)).toEqual([item.id]);
      expect(await section(repB)).toBeUndefined();
      // Back in, to another box: reminders stop.
      const current = await ok<{ version: number }>(get(assistant, `${A}/paper/${item.id}`));
      const back = await ok(post(assistant, `${A}/paper/${item.id}/checkin`, { locationId: loc.box2, version: current.version }));
      expect(back).toMatchObject({ status: 'in_place', borrowerId: null, dueOn: null, locationId: loc.box2 });
      const open = await rawQuery(t.db.handle, `select 1 from reminders where entity_id = $1 and status = 'active'`, [item.id]);
      expect(open).toEqual([]);
      expect((await post(assistant, `${A}/paper/${item.id}/checkin`, { version: back.version })).statusCode).toBe(409);
      const moved = await ok(post(assistant, `${A}/paper/${item.id}/move`, { locationId: loc.boxB, note: 'reorganised', version: back.version }));
      expect(moved.locationPath).toContain('Box B');
      const history = await ok<{ items: { kind: string; toLocationId: string | null; borrowerName: string | null; actorName: string | null }[] }>(get(repA, `${A}/paper/${item.id}/history`));
      expect(history.items.map((h) => h.kind)).toEqual(['move', 'checkin', 'checkout', 'register']);
      expect(history.items[2]).toMatchObject({ borrowerName: '张伟', actorName: 'Assistant Li' });
      const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_type = 'archive_paper' and entity_id = $1 order by seq`, [item.id]);
      expect(audit.map((a) => a.action)).toEqual(['archive_paper.register', 'archive_paper.checkout', 'archive_paper.checkin', 'archive_paper.move']);
    });
  });

  describe('labels and stocktake', () => {
    it('prints an A4 sheet of QR labels with number and title, for chosen items or a location', async () => {
      const a = await register(assistant, { title: '销售合同 华东区 2026', locationId: loc.boxB });
      const b = await register(assistant, { title: 'Returns note', locationId: loc.boxB });
      const res = await get(assistant, `${A}/paper/labels.pdf?ids=${a.id},${b.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(await pdfPages(res.rawPayload)).toBe(1);
      const text = await pdfText(res.rawPayload);
      expect(text).toContain(a.number);
      expect(text).toContain('销售合同 华东区 2026');
      expect(text).toContain('Returns note');
      const sheet = await location('box', 'Full sheet', 'SHEET', loc.cabB);
      for (let i = 0; i < 25; i++) await register(assistant, { title: `Label ${i}`, locationId: sheet });
      expect(await pdfPages((await get(assistant, `${A}/paper/labels.pdf?locationId=${sheet}`)).rawPayload)).toBe(2);
      const byLocation = await pdfText((await get(assistant, `${A}/paper/labels.pdf?locationId=${loc.cabB}`)).rawPayload);
      expect(byLocation).toContain(b.number);
      const secret = await register(assistant, { title: 'Secret', confidentiality: 'secret', locationId: loc.boxB });
      expect((await get(manager, `${A}/paper/labels.pdf?ids=${secret.id}`)).statusCode).toBe(404);
      expect((await get(manager, `${A}/paper/labels.pdf`)).statusCode).toBe(400);
      expect((await get(repA, `${A}/paper/labels.pdf?ids=${a.id}`)).statusCode).toBe(403);
    });

    it('lists what a box should hold, marks what was scanned, and reports missing, lent, misplaced and unknown', async () => {
      const box = await location('box', 'Stocktake box', 'ST-01', loc.shelfA1);
      const other = await location('box', 'Other box', 'ST-02', loc.shelfA1);
      const here = await register(assistant, { title: 'Here', locationId: box });
      const gone = await register(assistant, { title: 'Gone', locationId: box });
      const out = await register(assistant, { title: 'Out on loan', customerId: customerA, locationId: box });
      const stray = await register(assistant, { title: 'Stray', locationId: other });
      await ok(post(assistant, `${A}/paper/${out.id}/checkout`, { borrowerId: repA.userId, dueOn: '2999-01-01', version: out.version }));
      const st = await ok<any>(post(assistant, `${A}/stocktakes`, { locationId: box }), 201);
      expect(st).toMatchObject({ status: 'open', expected: 3, found: 0, number: expect.stringMatching(/^STK-/) });
      expect(st.lines.map((l: { code: string }) => l.code).sort()).toEqual([here.number, gone.number, out.number].sort());
      // Scans: the QR text of one, the number typed (lower case) of another, one that does not exist; twice the same is once.
      const s1 = await ok<any>(post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: `${here.number} /archive/paper/${here.id}` }));
      expect(s1.line).toMatchObject({ code: here.number, result: 'found', isExpected: true });
      await ok(post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: here.number }));
      expect((await ok<any>(post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: stray.number.toLowerCase() }))).line).toMatchObject({ result: 'misplaced', itemId: stray.id });
      expect((await ok<any>(post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: 'PAP-1999-99999' }))).line).toMatchObject({ result: 'unknown', itemId: null });
      expect((await post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: here.number, locationId: loc.boxB })).statusCode).toBe(400);
      expect((await post(repA, `${A}/stocktakes/${st.id}/scans`, { code: here.number })).statusCode).toBe(403);
      const open = await ok<any>(get(assistant, `${A}/stocktakes/${st.id}`));
      expect(open).toMatchObject({ expected: 3, found: 1, misplaced: 1, unknown: 1, lent: 1 });
      const done = await ok<any>(post(assistant, `${A}/stocktakes/${st.id}/finish`, { moveMisplaced: true, version: open.version }));
      expect(done).toMatchObject({ status: 'finished', found: 1, missing: 1, misplaced: 1, unknown: 1, lent: 1 });
      const result = (code: string) => done.lines.find((l: { code: string }) => l.code === code).result;
      expect([result(here.number), result(gone.number), result(out.number), result(stray.number)]).toEqual(['found', 'missing', 'lent', 'misplaced']);
      expect((await ok<any>(get(assistant, `${A}/paper/${gone.id}`))).status).toBe('missing');
      expect((await ok<any>(get(assistant, `${A}/paper/${out.id}`))).status).toBe('lent');
      expect((await ok<any>(get(assistant, `${A}/paper/${stray.id}`))).locationId).toBe(box);
      expect((await ok<any>(get(assistant, `${A}/paper/${gone.id}/history`))).items[0]).toMatchObject({ kind: 'missing', stocktakeId: st.id });
      expect((await post(assistant, `${A}/stocktakes/${st.id}/scans`, { code: gone.number })).statusCode).toBe(409);
      // The missing one turns up: moved back, it is in place again.
      const found = await ok<any>(post(assistant, `${A}/paper/${gone.id}/move`, { locationId: box, version: (await ok<any>(get(assistant, `${A}/paper/${gone.id}`))).version }));
      expect(found.status).toBe('in_place');
      expect((await ok<any>(get(assistant, `${A}/paper/${gone.id}/history`))).items[0].kind).toBe('found');
      const list = await ok<any>(get(assistant, `${A}/stocktakes?status=finished`));
      expect(list.items.map((s: { id: string }) => s.id)).toContain(st.id);
      expect((await get(repA, `${A}/stocktakes`)).statusCode).toBe(403);
    });
  });
});
