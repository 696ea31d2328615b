import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSupplies } from '../../src/server/demo/seed-supplies';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/** Office supplies through the API on a real database: catalogue, receipts, request → approval → issue, stock, cost, ledger. */
let t: TestApp;
let assistant: Session;
let manager: Session;
let rep: Session;
let repB: Session;
let otherAssistant: Session;
let departmentId: string;

beforeAll(async () => {
  t = await createTestApp();
  departmentId = await makeDepartment(t, 'Sales (supplies)');
  const otherDepartment = await makeDepartment(t, 'Service (supplies)');
  const m = await makeUser(t, ['manager'], { departmentId, name: 'Manager Wang' });
  const a = await makeUser(t, ['assistant'], { departmentId, managerId: m.id });
  const r = await makeUser(t, ['rep'], { departmentId, managerId: m.id, name: 'Rep Zhang' });
  const rb = await makeUser(t, ['rep'], { departmentId, managerId: m.id, name: 'Rep Li' });
  const oa = await makeUser(t, ['assistant'], { departmentId: otherDepartment });
  [assistant, manager, rep, repB, otherAssistant] = await Promise.all([a, m, r, rb, oa].map((u) => signIn(t.app, u.email)));
});
afterAll(async () => t?.close());

const expectStatus = (res: { statusCode: number; body: string }, status: number) => {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
};
const get = async (s: Session, url: string, status = 200) => {
  const res = await s.request({ method: 'GET', url });
  expectStatus(res, status);
  return res.json();
};
const send = async (s: Session, method: 'POST' | 'PATCH', url: string, payload: object, status: number) => {
  const res = await s.request({ method, url, payload });
  expectStatus(res, status);
  return res.json();
};
const raw = <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => rawQuery<T>(t.db.handle, text, params);

let pens: { id: string; version: number };
let paper: { id: string };

describe('catalogue and stock', () => {
  it('adds items with one name or two, refuses a duplicate code and bad input naming the field', async () => {
    pens = await send(assistant, 'POST', '/api/v1/supplies/items', { code: 'PEN-01', nameEn: 'Gel pens, box of 12', nameZh: '中性笔（12支装）', unit: 'box', unitCost: 1_250, reorderLevel: 5 }, 201);
    paper = await send(assistant, 'POST', '/api/v1/supplies/items', { code: 'PAPER-1', nameZh: 'A4 复印纸 500 张', unit: 'ream', unitCost: 2_390 }, 201);
    expect(paper).toMatchObject({ nameEn: 'A4 复印纸 500 张', nameZh: 'A4 复印纸 500 张', stockQty: 0, needsReorder: true });
    const dup = await send(assistant, 'POST', '/api/v1/supplies/items', { code: 'pen-01', nameEn: 'Again', unit: 'box', unitCost: 1 }, 409);
    expect(dup.errors[0].field).toBe('code');
    const bad = await send(assistant, 'POST', '/api/v1/supplies/items', { code: 'X-1', nameEn: 'Stapler', unit: 'piece', unitCost: -5 }, 400);
    expect(bad.errors.map((e: { field: string }) => e.field)).toContain('unitCost');
    await send(rep, 'POST', '/api/v1/supplies/items', { code: 'R-1', nameEn: 'Mine', unit: 'piece', unitCost: 1 }, 403);
    const stale = await send(assistant, 'PATCH', `/api/v1/supplies/items/${pens.id}`, { reorderLevel: 3, version: pens.version + 5 }, 409);
    expect(stale.code).toBe('version_conflict');
  });

  it('receives purchases: stock and its value grow, posted Dr 1411 / Cr 2202', async () => {
    await send(assistant, 'POST', `/api/v1/supplies/items/${pens.id}/receipts`, { quantity: 10, unitCost: 333 }, 201);
    const second = await send(assistant, 'POST', `/api/v1/supplies/items/${pens.id}/receipts`, { quantity: 5, unitCost: 400, note: 'second supplier' }, 201);
    await send(assistant, 'POST', `/api/v1/supplies/items/${paper.id}/receipts`, { quantity: 3, unitCost: 2_390 }, 201);
    const item = await get(assistant, `/api/v1/supplies/items/${pens.id}`);
    expect(item).toMatchObject({ stockQty: 15, stockValue: 10 * 333 + 5 * 400, unitCost: 400, needsReorder: false });
    const entry = await get(assistant, `/api/v1/ledger/entries/${second.ledgerEntryId}`);
    expect(entry).toMatchObject({ status: 'posted', sourceType: 'supply_receipt', totalDebit: 2_000, totalCredit: 2_000 });
    expect(entry.lines.map((l: { accountCode: string }) => l.accountCode).sort()).toEqual(['1411', '2202']);
    const moves = await get(assistant, `/api/v1/supplies/movements?itemId=${pens.id}`);
    expect(moves.items).toHaveLength(2);
    await get(rep, '/api/v1/supplies/movements', 403);
    // Anyone who may request reads the catalogue.
    expect((await get(rep, '/api/v1/supplies/items')).items.map((i: { code: string }) => i.code)).toEqual(['PAPER-1', 'PEN-01']);
  });
});

describe('requests', () => {
  let request: { id: string; number: string; version: number; approvalRequestId: string };

  it('a rep requests supplies: numbered SUP-year-00001, waiting for the manager', async () => {
    const bad = await send(rep, 'POST', '/api/v1/supplies/requests', { lines: [{ itemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }, 400);
    expect(bad.errors[0].field).toBe('lines.0.itemId');
    request = await send(rep, 'POST', '/api/v1/supplies/requests', { purpose: 'Customer visits next week', lines: [{ itemId: pens.id, quantity: 4, purpose: 'notes' }, { itemId: paper.id, quantity: 1 }] }, 201);
    expect(request.number).toMatch(/^SUP-\d{4}-00001$/);
    expect(request).toMatchObject({ status: 'pending', estimatedTotal: 4 * 400 + 2_390, issuedTotal: null });
    const inbox = await get(manager, '/api/v1/approvals/inbox');
    expect(inbox.items.some((i: { docType: string; docId: string }) => i.docType === 'supply_request' && i.docId === request.id)).toBe(true);
  });

  it('the requester and the department see it; another rep and another department get 404', async () => {
    await get(rep, `/api/v1/supplies/requests/${request.id}`);
    await get(assistant, `/api/v1/supplies/requests/${request.id}`);
    await get(repB, `/api/v1/supplies/requests/${request.id}`, 404);
    await get(otherAssistant, `/api/v1/supplies/requests/${request.id}`, 404);
    expect((await get(repB, '/api/v1/supplies/requests')).items).toHaveLength(0);
    expect((await get(otherAssistant, '/api/v1/supplies/requests')).items).toHaveLength(0);
    expect((await get(assistant, '/api/v1/supplies/requests')).items.map((i: { id: string }) => i.id)).toContain(request.id);
    const denied = await raw<{ n: number }>(`select count(*)::int as n from audit_log where action = 'access.denied' and entity_id = $1`, [request.id]);
    expect(denied[0].n).toBeGreaterThanOrEqual(2);
  });

  it('cannot be issued before approval; the manager approves through the approval engine', async () => {
    const early = await send(assistant, 'POST', `/api/v1/supplies/requests/${request.id}/issue`, { version: request.version }, 409);
    expect(early.meta).toMatchObject({ status: 'pending' });
    await send(manager, 'POST', `/api/v1/approvals/requests/${request.approvalRequestId}/approve`, {}, 200);
    const approved = await get(rep, `/api/v1/supplies/requests/${request.id}`);
    expect(approved.status).toBe('approved');
    expect(approved.canIssue).toBe(false);
    request = await get(assistant, `/api/v1/supplies/requests/${request.id}`);
    expect(request).toMatchObject({ canIssue: true });
    // The requester may not issue to themselves; another department's assistant does not see it.
    await send(rep, 'POST', `/api/v1/supplies/requests/${request.id}/issue`, { version: request.version }, 403);
    await send(otherAssistant, 'POST', `/api/v1/supplies/requests/${request.id}/issue`, { version: request.version }, 404);
  });

  it('the assistant issues it: stock down, average cost to the cent, booked to the rep and posted balanced', async () => {
    const issued = await send(assistant, 'POST', `/api/v1/supplies/requests/${request.id}/issue`, { version: request.version }, 200);
    // 15 pens worth 53.30: four cost 53.30 × 4 / 15 = 14.2133… → 14.21; the single ream the whole 3 × 23.90 / 3.
    expect(issued.lines.map((l: { issuedCost: number }) => l.issuedCost)).toEqual([1_421, 2_390]);
    expect(issued).toMatchObject({ status: 'issued', issuedTotal: 3_811 });
    const item = await get(assistant, `/api/v1/supplies/items/${pens.id}`);
    expect(item).toMatchObject({ stockQty: 11, stockValue: 5_330 - 1_421, needsReorder: false });
    const entry = await get(assistant, `/api/v1/ledger/entries/${issued.ledgerEntryId}`);
    expect(entry).toMatchObject({ status: 'posted', sourceType: 'supply_issue', sourceId: request.id, totalDebit: 3_811, totalCredit: 3_811 });
    const debitLines = entry.lines.filter((l: { debit: number }) => l.debit > 0);
    expect(debitLines.every((l: { accountCode: string; employeeId: string; expenseType: string }) => l.accountCode === '660106' && l.employeeId === rep.userId && l.expenseType === 'office_supplies')).toBe(true);
    // The rep's own subsidiary ledger shows the office supplies.
    const year = issued.issuedOn.slice(0, 4);
    const ledger = await get(rep, `/api/v1/ledger/reports/employees/${rep.userId}?from=${year}-01-01&to=${year}-12-31`);
    expect(ledger.accounts.find((a: { code: string }) => a.code === '660106')).toMatchObject({ debit: 3_811 });
    const again = await send(assistant, 'POST', `/api/v1/supplies/requests/${request.id}/issue`, { version: issued.version }, 409);
    expect(again.code).toBe('conflict');
  });

  it('never issues more than is in stock: 409 naming the line, nothing written', async () => {
    const big = await send(repB, 'POST', '/api/v1/supplies/requests', { lines: [{ itemId: pens.id, quantity: 2 }, { itemId: pens.id, quantity: 10 }] }, 201);
    await send(manager, 'POST', `/api/v1/approvals/requests/${big.approvalRequestId}/approve`, {}, 200);
    const fresh = await get(assistant, `/api/v1/supplies/requests/${big.id}`);
    const before = await raw<{ n: number }>('select count(*)::int as n from supply_movements');
    const refused = await send(assistant, 'POST', `/api/v1/supplies/requests/${big.id}/issue`, { version: fresh.version }, 409);
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'lines.1.quantity', code: 'insufficient_stock' })]);
    expect((await get(assistant, `/api/v1/supplies/items/${pens.id}`)).stockQty).toBe(11);
    expect((await raw<{ n: number }>('select count(*)::int as n from supply_movements'))[0].n).toBe(before[0].n);
    expect((await get(assistant, `/api/v1/supplies/requests/${big.id}`)).status).toBe('approved');
    // The database refuses negative stock whoever writes it.
    await expect(raw('update supply_items set stock_qty = -1 where id = $1', [pens.id])).rejects.toThrow();
  });

  it('counts the cost per person and per department; the totals are the issue movements behind them', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = `${today.slice(0, 4)}-01-01`;
    const to = `${today.slice(0, 4)}-12-31`;
    const report = await get(assistant, `/api/v1/supplies/report?from=${from}&to=${to}`);
    expect(report.byPerson).toEqual([expect.objectContaining({ id: rep.userId, name: 'Rep Zhang', amount: 3_811, quantity: 5, issues: 1 })]);
    expect(report.byDepartment).toEqual([expect.objectContaining({ id: departmentId, amount: 3_811 })]);
    const [sum] = await raw<{ s: number }>(`select coalesce(sum(amount), 0)::bigint as s from supply_movements where kind = 'issue'`);
    expect(report.total).toBe(Number(sum.s));
    // Another department's assistant sees none of it; a rep may not read the report.
    expect((await get(otherAssistant, `/api/v1/supplies/report?from=${from}&to=${to}`)).total).toBe(0);
    await get(rep, `/api/v1/supplies/report?from=${from}&to=${to}`, 403);
    const bad = await get(assistant, `/api/v1/supplies/report?from=${to}&to=${from}`, 400);
    expect(bad.errors[0].field).toBe('querystring.from');
  });

  it('a draft is edited and submitted by its requester only', async () => {
    const draft = await send(rep, 'POST', '/api/v1/supplies/requests', { submit: false, lines: [{ itemId: paper.id, quantity: 1 }] }, 201);
    expect(draft.status).toBe('draft');
    await send(repB, 'PATCH', `/api/v1/supplies/requests/${draft.id}`, { purpose: 'x', version: draft.version }, 404);
    await send(assistant, 'PATCH', `/api/v1/supplies/requests/${draft.id}`, { purpose: 'x', version: draft.version }, 403);
    const edited = await send(rep, 'PATCH', `/api/v1/supplies/requests/${draft.id}`, { purpose: 'Printer at the front desk', lines: [{ itemId: paper.id, quantity: 2 }], version: draft.version }, 200);
    expect(edited.estimatedTotal).toBe(2 * 2_390);
    const submitted = await send(rep, 'POST', `/api/v1/supplies/requests/${draft.id}/submit`, { version: edited.version }, 200);
    expect(submitted.status).toBe('pending');
  });
});

describe('demo supplies', () => {
  it('seed a catalogue with stock and requests in every state, issued ones posted and counted', async () => {
    const dep = await makeDepartment(t, 'Demo supplies');
    const boss = await makeUser(t, ['manager'], { departmentId: dep });
    const ids = new Map<string, string>([['manager', boss.id]]);
    for (const [key, role] of [['assistant1', 'assistant'], ['assistant2', 'assistant'], ['rep01', 'rep'], ['rep03', 'rep'], ['rep05', 'rep'], ['rep07', 'rep']] as const) {
      ids.set(key, (await makeUser(t, [role], { departmentId: dep, managerId: boss.id })).id);
    }
    await raw(`update supply_items set is_active = false`);
    await seedSupplies(t.db.handle.db, ids);
    const rows = await raw<{ status: string; n: number }>(`select status, count(*)::int as n from supply_requests where department_id = $1 group by status order by status`, [dep]);
    expect(rows).toEqual([{ status: 'approved', n: 1 }, { status: 'issued', n: 3 }, { status: 'pending', n: 1 }]);
    const [toner] = await raw<{ stock_qty: number }>(`select stock_qty from supply_items where code = 'TONER-HP'`);
    expect(toner.stock_qty).toBe(1);
    const [unposted] = await raw<{ n: number }>(`select count(*)::int as n from supply_requests where status = 'issued' and ledger_entry_id is null and department_id = $1`, [dep]);
    expect(unposted.n).toBe(0);
  });
});
