import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, multipart } from '../access/fixtures';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

/**
 * Customers: CRUD with warnings (credit code, duplicates), billing completeness,
 * contacts and addresses, merge (nothing lost), hand-over and the record rule
 * between two reps from every door, licence reminders, exports in both languages.
 */

// 91350100M000100Y43 is a valid GB 32100 code; changing its check character breaks it.
const VALID_CODE = '91350100M000100Y43';
const BAD_CHECKSUM = '91350100M000100Y44';

describe('customers', () => {
  let t: TestApp;
  let manager: Session;
  let assistant: Session;
  let repA: Session;
  let repB: Session;
  let viewer: Session;
  let finance: Session;
  let salesDept: string;

  beforeAll(async () => {
    t = await createTestApp();
    salesDept = await makeDepartment(t, 'Sales East');
    const m = await makeUser(t, ['manager'], { departmentId: salesDept, name: 'Manager Wang' });
    manager = await signIn(t.app, m.email);
    assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: salesDept, managerId: m.id, name: 'Assistant Li' })).email);
    repA = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: salesDept, managerId: m.id, name: 'Rep A' })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: salesDept, managerId: m.id, name: 'Rep B' })).email);
    viewer = await signIn(t.app, (await makeUser(t, ['viewer'], { departmentId: salesDept, name: 'Viewer' })).email);
    finance = await signIn(t.app, (await makeUser(t, ['finance'], { departmentId: salesDept, name: 'Finance' })).email);
  });
  afterAll(async () => t?.close());

  let seq = 0;
  async function create(by: Session, payload: Record<string, unknown>) {
    const res = await by.request({ method: 'POST', url: '/api/v1/customers', payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const uniqueName = (base: string) => `${base} ${++seq}号`;

  describe('filing and changing a customer', () => {
    it('creates a customer with every field, numbered, owned by the rep, with complete billing flags', async () => {
      const c = await create(repA, {
        name: '厦门海岸贸易有限公司',
        shortName: '海岸贸易',
        creditCode: VALID_CODE.toLowerCase(),
        licenceRegNo: '350200100012345',
        licenceIssuedOn: '2015-06-01',
        legalRepresentative: '林海',
        registeredCapital: 500_000_000,
        registeredCapitalCurrency: 'CNY',
        licenceAddress: '厦门市思明区海岸路1号',
        businessScope: '货物进出口',
        licenceExpiresOn: '2035-05-31',
        invoiceTitle: '厦门海岸贸易有限公司',
        taxpayerId: VALID_CODE,
        billingAddress: '厦门市思明区海岸路1号',
        billingPhone: '0592-1234567',
        bankName: '中国银行厦门分行',
        bankAccount: '4100 1234 5678',
        industry: 'Trading',
        source: 'Exhibition',
        level: 'A',
        status: 'active',
        isKey: true,
        tags: ['export', 'vip', 'export'],
        notes: 'Met at the Canton Fair',
        phone: '0592-7654321',
        website: 'https://coast.example.cn',
      });
      expect(c.code).toMatch(/^C-\d{6}$/);
      expect(c.ownerId).toBe(repA.userId);
      expect(c.departmentId).toBe(salesDept);
      expect(c.creditCode).toBe(VALID_CODE);
      expect(c.creditCodeValid).toBe(true);
      expect(c.warnings).toEqual([]);
      expect(c.tags).toEqual(['export', 'vip']);
      expect(c.registeredCapital).toBe(500_000_000);
      expect(c.billing.ordinary_vat).toEqual({ invoiceType: 'ordinary_vat', complete: true, missing: [] });
      expect(c.billing.special_vat.complete).toBe(true);
      const [row] = await rawQuery<{ name_key: string }>(t.db.handle, 'select name_key from customers where id = $1', [c.id]);
      expect(row.name_key).toBe('厦门海岸贸易');
      const second = await create(repA, { name: uniqueName('Second Ltd') });
      expect(Number(second.code.slice(2))).toBe(Number(c.code.slice(2)) + 1);
      const events = await rawQuery<{ kind: string }>(t.db.handle, 'select kind from customer_events where customer_id = $1', [c.id]);
      expect(events.map((e) => e.kind)).toEqual(['customer.created']);
    });

    it('keeps a failing credit code but warns about it, on create and on update', async () => {
      const c = await create(repA, { name: uniqueName('Old Licence Co'), creditCode: BAD_CHECKSUM });
      expect(c.creditCodeValid).toBe(false);
      expect(c.creditCodeCheck).toBe('checksum');
      expect(c.warnings).toEqual([expect.objectContaining({ field: 'creditCode', code: 'credit_code_checksum' })]);
      const bad = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { creditCode: 'ABC', version: c.version } });
      expect(bad.statusCode).toBe(200);
      expect(bad.json().warnings[0].code).toBe('credit_code_format');
      const good = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { creditCode: VALID_CODE.replace('100Y43', '100Y43'), version: bad.json().version } });
      expect(good.json().creditCodeValid).toBe(true);
      expect(good.json().warnings).toEqual([]);
    });

    it('changes at the version read (stale: 409), records the change on the timeline and in the audit log', async () => {
      const c = await create(repA, { name: uniqueName('Versioned GmbH') });
      const ok = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { status: 'active', level: 'B', version: c.version } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'active', level: 'B', version: c.version + 1 });
      const stale = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { level: 'C', version: c.version } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('version_conflict');
      const events = await rawQuery<{ kind: string; data: { from?: string; to?: string } }>(t.db.handle, 'select kind, data from customer_events where customer_id = $1 order by id', [c.id]);
      expect(events.map((e) => e.kind)).toEqual(['customer.created', 'customer.status_changed', 'customer.updated']);
      expect(events[1].data).toMatchObject({ from: 'prospect', to: 'active' });
      const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_type = 'customer' and entity_id = $1 order by seq`, [c.id]);
      expect(audit.map((a) => a.action)).toEqual(['customer.create', 'customer.update']);
    });

    it('archives instead of deleting: gone from the list, back on restore; an archived customer is not edited', async () => {
      const c = await create(repA, { name: uniqueName('Archivable Inc') });
      const arch = await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/archive`, payload: { version: c.version } });
      expect(arch.statusCode, arch.body).toBe(200);
      expect(arch.json().isArchived).toBe(true);
      const list = await repA.request({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(c.name)}` });
      expect(list.json().items).toEqual([]);
      const archived = await repA.request({ method: 'GET', url: `/api/v1/customers?archived=true&q=${encodeURIComponent(c.name)}` });
      expect(archived.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      const edit = await repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { level: 'A', version: arch.json().version } });
      expect(edit.statusCode).toBe(409);
      const restore = await repA.request({ method: 'POST', url: `/api/v1/customers/${c.id}/restore`, payload: { version: arch.json().version } });
      expect(restore.json().isArchived).toBe(false);
      expect(await rowCounts(t.db.handle, ['customers'])).toMatchObject({ customers: expect.any(Number) });
    });

    it('refuses bad input with a 4xx naming the field, writing nothing', async () => {
      const before = await rowCounts(t.db.handle, ['customers', 'customer_events', 'audit_log']);
      const ghost = '00000000-0000-4000-8000-000000000000';
      const cases: [Session, Record<string, unknown>, string, number][] = [
        [repA, { shortName: 'no name' }, 'name', 400],
        [repA, { name: '   ' }, 'name', 400],
        [repA, { name: 'X', level: 'E' }, 'level', 400],
        [repA, { name: 'X', status: 'happy' }, 'status', 400],
        [repA, { name: 'X', registeredCapital: -1 }, 'registeredCapital', 400],
        [repA, { name: 'X', registeredCapital: 12.5 }, 'registeredCapital', 400],
        [repA, { name: 'X', licenceExpiresOn: '2026-02-30' }, 'licenceExpiresOn', 400],
        [repA, { name: 'X', regionId: ghost }, 'regionId', 400],
        [repA, { name: 'X', departmentId: ghost }, 'departmentId', 400],
        [repA, { name: 'X', licenceFileId: ghost }, 'licenceFileId', 400],
        [repA, { name: 'X', ownerId: repB.userId }, 'ownerId', 400],
        [repA, { name: 'X', tags: [''] }, 'tags.0', 400],
        [repA, { name: 'X', colour: 'red' }, 'colour', 400],
      ];
      for (const [who, payload, field, status] of cases) {
        const res = await who.request({ method: 'POST', url: '/api/v1/customers', payload });
        expect(res.statusCode, `${JSON.stringify(payload)} ${res.body}`).toBe(status);
        expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(payload)).toContain(field);
      }
      const forbidden = await viewer.request({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Viewer Co' } });
      expect(forbidden.statusCode).toBe(403);
      const counts = await rowCounts(t.db.handle, ['customers', 'customer_events']);
      expect(counts).toMatchObject({ customers: before.customers, customer_events: before.customer_events });
    });

    it('links an uploaded licence scan to the customer', async () => {
      const { payload, headers } = multipart('licence.png', PNG);
      const up = await repA.request({ method: 'POST', url: '/api/v1/files', payload, headers });
      expect(up.statusCode, up.body).toBe(201);
      const c = await create(repA, { name: uniqueName('Scanned Licence Ltd'), licenceFileId: up.json().id });
      expect(c.licenceFileId).toBe(up.json().id);
      const files = await repA.request({ method: 'GET', url: `/api/v1/files?entityType=customer&entityId=${c.id}` });
      expect(files.json().items.map((f: { id: string }) => f.id)).toEqual([up.json().id]);
      expect((await repB.request({ method: 'GET', url: `/api/v1/files/${up.json().id}` })).statusCode).toBe(404);
    });
  });

  describe('billing completeness', () => {
    it('names what an ordinary and a special VAT invoice still lack', async () => {
      const c = await create(repA, { name: uniqueName('Billing Half Co'), invoiceTitle: 'Billing Half Co', taxpayerId: '91110000100000000X' });
      expect(c.billing.ordinary_vat).toEqual({ invoiceType: 'ordinary_vat', complete: true, missing: [] });
      expect(c.billing.special_vat).toEqual({ invoiceType: 'special_vat', complete: false, missing: ['billingAddress', 'billingPhone', 'bankName', 'bankAccount'] });
      const special = await repA.request({ method: 'GET', url: `/api/v1/customers/${c.id}/billing-check?invoiceType=special_vat` });
      expect(special.json().missing).toEqual(['billingAddress', 'billingPhone', 'bankName', 'bankAccount']);
      const none = await create(repA, { name: uniqueName('No Billing Co') });
      const ordinary = await repA.request({ method: 'GET', url: `/api/v1/customers/${none.id}/billing-check?invoiceType=ordinary_vat` });
      expect(ordinary.json()).toEqual({ invoiceType: 'ordinary_vat', complete: false, missing: ['invoiceTitle', 'taxpayerId'] });
      const bad = await repA.request({ method: 'GET', url: `/api/v1/customers/${none.id}/billing-check?invoiceType=receipt` });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toContain('invoiceType');
      expect((await repB.request({ method: 'GET', url: `/api/v1/customers/${none.id}/billing-check?invoiceType=ordinary_vat` })).statusCode).toBe(404);
    });
  });

  describe('list', () => {
    it('pages by keyset without gaps or repeats, in every sort, with filters combined', async () => {
      const tag = `page-${Date.now()}`;
      const made: string[] = [];
      for (let i = 0; i < 7; i++) {
        const c = await create(assistant, { name: `Paging Customer ${String.fromCharCode(71 - i)} ${i}`, tags: [tag], level: i % 2 ? 'A' : 'B', ownerId: i < 4 ? repA.userId : repB.userId });
        made.push(c.id);
      }
      for (const sort of ['name', 'code', 'createdAt', 'updatedAt']) {
        for (const direction of ['asc', 'desc']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const res = await manager.request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&sort=${sort}&direction=${direction}&limit=3${cursor ? `&cursor=${cursor}` : ''}` });
            expect(res.statusCode, res.body).toBe(200);
            seen.push(...res.json().items.map((c: { id: string }) => c.id));
            cursor = res.json().nextCursor;
          } while (cursor);
          expect(seen.length, `${sort} ${direction}`).toBe(7);
          expect(new Set(seen).size).toBe(7);
        }
      }
      const byName = (await manager.request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&sort=name` })).json().items.map((c: { name: string }) => c.name);
      expect(byName).toEqual([...byName].sort());
      const mineA = (await repA.request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&level=A` })).json().items;
      expect(mineA.every((c: { ownerId: string; level: string }) => c.ownerId === repA.userId && c.level === 'A')).toBe(true);
      expect(mineA).toHaveLength(2);
      const byOwner = (await manager.request({ method: 'GET', url: `/api/v1/customers?tag=${tag}&ownerId=${repB.userId}` })).json().items;
      expect(byOwner).toHaveLength(3);
      const search = await finance.request({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('Paging Customer A')}` });
      expect(search.json().items.map((h: { kind: string }) => h.kind)).toEqual(['customer']);
    });

    it('finds a customer by its credit code in the list and in the header search', async () => {
      const c = await create(repA, { name: 'Credit Search Ltd', creditCode: '91110108MA01XYZ12K' });
      const list = await repA.request({ method: 'GET', url: '/api/v1/customers?q=ma01xyz' });
      expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      const search = await repA.request({ method: 'GET', url: '/api/v1/search?q=91110108MA01XYZ' });
      expect(search.json().items).toEqual([expect.objectContaining({ kind: 'customer', id: c.id, title: `${c.code} Credit Search Ltd` })]);
    });
  });

  describe('at the same moment', () => {
    it('lets one of two edits at the same version win (the other 409) and numbers concurrent creates without gaps or twins', async () => {
      const c = await create(repA, { name: 'Race Condition Ltd' });
      const edits = await Promise.all(
        ['A', 'B'].map((level) => repA.request({ method: 'PATCH', url: `/api/v1/customers/${c.id}`, payload: { level, version: c.version } })),
      );
      expect(edits.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const made = await Promise.all(Array.from({ length: 6 }, (_, i) => create(assistant, { name: `Parallel Co ${i}` })));
      const numbers = made.map((m) => Number(m.code.slice(2))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => numbers[0] + i));
    });
  });
});
