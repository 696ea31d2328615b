import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postDocumentEntry } from '../../src/server/modules/ledger/ledger.service';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { createTestApp, type TestApp } from '../helpers/app';
import { insertCustomer } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';
import { expectStatus, ledgerWorld, manualEntry, post, postedRowsHash, type LedgerWorld } from './helpers';

/** The ledger through its API on a real database: every rule the issue names, and the database's own guards. */
let t: TestApp;
let w: LedgerWorld;
let A: LedgerWorld['account'];

beforeAll(async () => {
  t = await createTestApp();
  w = await ledgerWorld(t);
  A = w.account;
});
afterAll(async () => t?.close());

const raw = (text: string, params: unknown[] = []) => rawQuery(t.db.handle, text, params);
/** A raw statement that must fail; returns the database's message. */
async function refused(text: string, params: unknown[] = []): Promise<string> {
  try {
    await t.db.handle.withRaw(async (r) => {
      await r.exec('begin');
      try {
        await r.query(text, params);
        await r.exec('commit');
      } catch (err) {
        await r.exec('rollback');
        throw err;
      }
    });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`the database accepted: ${text}`);
}

/** An advance of `amount` paid to the rep from the bank. */
const advance = (date: string, amount: number, employeeId: string, extra: { post?: boolean } = {}) =>
  manualEntry(date, [
    { accountId: A['1221'], debit: amount, employeeId },
    { accountId: A['1002'], credit: amount },
  ], extra);

describe('chart of accounts', () => {
  it('comes preset for a sales department, in English and Chinese, grouped under selling expenses', async () => {
    const res = await w.finance.request({ method: 'GET', url: '/api/v1/ledger/accounts' });
    expectStatus(res, 200);
    const items = res.json().items as { code: string; nameEn: string; nameZh: string; type: string; normalSide: string; expenseType: string | null; parentId: string | null }[];
    const byCode = Object.fromEntries(items.map((a) => [a.code, a]));
    expect(byCode['1221']).toMatchObject({ type: 'asset', normalSide: 'debit', nameZh: '其他应收款—员工备用金' });
    expect(byCode['2241']).toMatchObject({ type: 'liability', normalSide: 'credit' });
    expect(byCode['660102']).toMatchObject({ expenseType: 'lodging', parentId: A['6601'], nameEn: 'Travel — lodging' });
    const expenseTypes = items.filter((a) => a.parentId === A['6601']).map((a) => a.expenseType).sort();
    expect(expenseTypes).toEqual(['communication', 'entertainment', 'local_transport', 'lodging', 'meals', 'office_supplies', 'other', 'samples', 'travel_transport']);
    expect(items.some((a) => a.code === '1001') && items.some((a) => a.code === '1002')).toBe(true);
  });

  it('lets finance add, rename and deactivate accounts; a used account cannot be deleted, an unused one can', async () => {
    const created = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/accounts', payload: { code: '660109', nameEn: 'Trade shows', nameZh: '展会费', type: 'expense', parentId: A['6601'], expenseType: 'other' } });
    expectStatus(created, 201);
    const acc = created.json();
    expect(acc).toMatchObject({ normalSide: 'debit', isActive: true, hasLines: false });
    const dup = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/accounts', payload: { code: '660109', nameEn: 'x', nameZh: 'x', type: 'expense' } });
    expectStatus(dup, 409);
    expect(dup.json().errors[0].field).toBe('code');

    const renamed = await w.finance.request({ method: 'PATCH', url: `/api/v1/ledger/accounts/${acc.id}`, payload: { nameEn: 'Exhibitions', nameZh: '展览费', version: acc.version } });
    expectStatus(renamed, 200);
    expect(renamed.json()).toMatchObject({ nameEn: 'Exhibitions', nameZh: '展览费', version: acc.version + 1 });
    const stale = await w.finance.request({ method: 'PATCH', url: `/api/v1/ledger/accounts/${acc.id}`, payload: { nameEn: 'Again', version: acc.version } });
    expectStatus(stale, 409);
    // A grouping account cannot go under its own sub-account (the subtree walk), nor under itself.
    const selling = ((await w.finance.request({ method: 'GET', url: '/api/v1/ledger/accounts' })).json().items as { id: string; version: number }[]).find((x) => x.id === A['6601'])!;
    for (const parentId of [acc.id, A['6601']]) {
      const loop = await w.finance.request({ method: 'PATCH', url: `/api/v1/ledger/accounts/${A['6601']}`, payload: { parentId, version: selling.version } });
      expectStatus(loop, 400);
      expect(loop.json().errors[0]).toMatchObject({ field: 'parentId', code: 'cycle' });
    }

    // Used in a posting: no delete, no change of type; deactivation is the way out.
    expectStatus(await post(w.finance, manualEntry('2026-02-03', [{ accountId: acc.id, debit: 500 }, { accountId: A['1001'], credit: 500 }])), 201);
    const del = await w.finance.request({ method: 'DELETE', url: `/api/v1/ledger/accounts/${acc.id}`, payload: { version: acc.version + 1 } });
    expectStatus(del, 409);
    const retype = await w.finance.request({ method: 'PATCH', url: `/api/v1/ledger/accounts/${acc.id}`, payload: { type: 'asset', version: acc.version + 1 } });
    expectStatus(retype, 400);
    expect(retype.json().errors[0].field).toBe('type');
    const off = await w.finance.request({ method: 'PATCH', url: `/api/v1/ledger/accounts/${acc.id}`, payload: { isActive: false, version: acc.version + 1 } });
    expectStatus(off, 200);
    const intoInactive = await post(w.finance, manualEntry('2026-02-03', [{ accountId: acc.id, debit: 500 }, { accountId: A['1001'], credit: 500 }]));
    expectStatus(intoInactive, 400);
    expect(intoInactive.json().errors[0]).toMatchObject({ field: 'lines.0.accountId', code: 'inactive' });
    // The database itself keeps a used account: the foreign key restricts.
    expect(await refused('delete from ledger_accounts where id = $1', [acc.id])).toMatch(/foreign key|violates/);

    const unused = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/accounts', payload: { code: 'TMP-1', nameEn: 'Temp', nameZh: '临时', type: 'asset' } });
    expectStatus(unused, 201);
    expectStatus(await w.finance.request({ method: 'DELETE', url: `/api/v1/ledger/accounts/${unused.json().id}`, payload: { version: 1 } }), 200);
    const audit = await raw(`select action from audit_log where entity_type = 'ledger_account' and entity_id = $1 order by at`, [acc.id]);
    expect(audit.map((a) => a.action)).toEqual(['ledger_account.create', 'ledger_account.update', 'ledger_account.deactivate']);
  });

  it('refuses a posting to a grouping account', async () => {
    const res = await post(w.finance, manualEntry('2026-02-03', [{ accountId: A['6601'], debit: 100 }, { accountId: A['1001'], credit: 100 }]));
    expectStatus(res, 400);
    expect(res.json().errors[0]).toMatchObject({ field: 'lines.0.accountId', code: 'group_account' });
  });
});

describe('journal entries', () => {
  it('refuses an unbalanced entry, naming the field, and writes nothing', async () => {
    const before = await raw('select count(*)::int as n from ledger_entries');
    const res = await post(w.finance, manualEntry('2026-02-05', [{ accountId: A['660102'], debit: 10_001 }, { accountId: A['1002'], credit: 10_000 }]));
    expectStatus(res, 400);
    expect(res.json().errors[0]).toMatchObject({ field: 'lines', code: 'unbalanced' });
    expect(res.json().title).toContain('0.01');
    const both = await post(w.finance, manualEntry('2026-02-05', [{ accountId: A['660102'], debit: 100, credit: 100 }, { accountId: A['1002'], credit: 0 }]));
    expectStatus(both, 400);
    expect(both.json().errors[0]).toMatchObject({ field: 'lines.0.debit', code: 'one_side' });
    const noReason = await post(w.finance, { ...manualEntry('2026-02-05', []), reason: ' ' });
    expectStatus(noReason, 400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toContain('reason');
    const oneLine = await post(w.finance, manualEntry('2026-02-05', [{ accountId: A['660102'], debit: 0, credit: 0 }]));
    expectStatus(oneLine, 400);
    expect(await raw('select count(*)::int as n from ledger_entries')).toEqual(before);
  });

  it('keeps drafts editable and numbers them only at posting; a posted entry is frozen (409) and a reversal corrects it', async () => {
    const draft = await post(w.assistant, advance('2026-03-02', 300_000, w.rep.userId, { post: false }));
    expectStatus(draft, 201);
    const d = draft.json();
    expect(d).toMatchObject({ status: 'draft', number: null, sourceType: 'manual', reason: 'test posting', totalDebit: 300_000 });
    expect(d.lines[0]).toMatchObject({ accountCode: '1221', employeeId: w.rep.userId, debit: 300_000 });

    const edited = await w.assistant.request({
      method: 'PATCH',
      url: `/api/v1/ledger/entries/${d.id}`,
      payload: { version: d.version, description: 'Advance for the Shanghai trip', lines: advance('2026-03-02', 250_000, w.rep.userId).lines },
    });
    expectStatus(edited, 200);
    expect(edited.json()).toMatchObject({ totalDebit: 250_000, totalCredit: 250_000, description: 'Advance for the Shanghai trip' });
    const unbalancedEdit = await w.assistant.request({ method: 'PATCH', url: `/api/v1/ledger/entries/${d.id}`, payload: { version: d.version + 1, lines: [{ accountId: A['1221'], debit: 1 }, { accountId: A['1002'], credit: 2 }] } });
    expectStatus(unbalancedEdit, 400);
    expect(unbalancedEdit.json().errors[0].field).toBe('lines');

    const posted = await w.assistant.request({ method: 'POST', url: `/api/v1/ledger/entries/${d.id}/post`, payload: { version: d.version + 1 } });
    expectStatus(posted, 200);
    const p = posted.json();
    expect(p.status).toBe('posted');
    expect(p.number).toMatch(/^JE-2026-\d{6}$/);

    const change = await w.assistant.request({ method: 'PATCH', url: `/api/v1/ledger/entries/${d.id}`, payload: { version: p.version, description: 'changed' } });
    expectStatus(change, 409);
    expectStatus(await w.assistant.request({ method: 'DELETE', url: `/api/v1/ledger/entries/${d.id}`, payload: { version: p.version } }), 409);

    const reversal = await w.assistant.request({ method: 'POST', url: `/api/v1/ledger/entries/${d.id}/reverse`, payload: { reason: 'Trip cancelled', entryDate: '2026-03-20' } });
    expectStatus(reversal, 201);
    const r = reversal.json();
    expect(r).toMatchObject({ status: 'posted', sourceType: 'reversal', sourceId: d.id, reversesId: d.id, reason: 'Trip cancelled', entryDate: '2026-03-20' });
    expect(r.lines.map((l: { accountCode: string; debit: number; credit: number; employeeId: string | null }) => [l.accountCode, l.debit, l.credit, l.employeeId])).toEqual([
      ['1221', 0, 250_000, w.rep.userId],
      ['1002', 250_000, 0, null],
    ]);
    expect((await w.assistant.request({ method: 'GET', url: `/api/v1/ledger/entries/${d.id}` })).json().reversedById).toBe(r.id);
    expectStatus(await w.assistant.request({ method: 'POST', url: `/api/v1/ledger/entries/${d.id}/reverse`, payload: { reason: 'again' } }), 409);
    expectStatus(await w.assistant.request({ method: 'POST', url: `/api/v1/ledger/entries/${r.id}/reverse`, payload: { reason: 'undo the undo' } }), 409);
    const gl = await w.finance.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${w.rep.userId}?from=2026-03-01&to=2026-03-31&accountId=${A['1221']}` });
    expect(gl.json()).toMatchObject({ opening: 0, totalDebit: 250_000, totalCredit: 250_000, closing: 0 });
  });

  it('posts a business document’s entry in the document’s own transaction, linked back to it', async () => {
    const actor = (await loadActor(t.db.handle.db, w.assistant.userId))!;
    const advanceId = crypto.randomUUID();
    const lines = [
      { accountId: A['1221'], debit: 120_000, credit: 0, employeeId: w.rep.userId },
      { accountId: A['1002'], debit: 0, credit: 120_000 },
    ];
    const posted = await t.db.handle.db.transaction().execute((trx) => postDocumentEntry(trx, actor, { sourceType: 'advance', sourceId: advanceId, entryDate: '2026-03-05', description: 'Travel advance', lines }));
    expect(posted.number).toMatch(/^JE-2026-/);
    const list = await w.finance.request({ method: 'GET', url: `/api/v1/ledger/entries?sourceType=advance&sourceId=${advanceId}` });
    expect(list.json().items).toMatchObject([{ id: posted.id, status: 'posted', sourceType: 'advance', sourceId: advanceId, reason: null, totalDebit: 120_000 }]);
    // A rolled-back document takes its entry (and its number) with it.
    const before = await raw(`select last_value from number_sequences where name = 'ledger_entry' and year = 2026`);
    await expect(
      t.db.handle.db.transaction().execute(async (trx) => {
        await postDocumentEntry(trx, actor, { sourceType: 'advance', sourceId: crypto.randomUUID(), entryDate: '2026-03-05', lines });
        throw new Error('the document failed');
      }),
    ).rejects.toThrow('the document failed');
    expect(await raw(`select last_value from number_sequences where name = 'ledger_entry' and year = 2026`)).toEqual(before);
  });

  it('lists entries newest first, keyset paged, filtered by status, date and account', async () => {
    const seen: { id: string; entryDate: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await w.manager.request({ method: 'GET', url: `/api/v1/ledger/entries?limit=2&status=posted&from=2026-01-01&to=2026-12-31${cursor ? `&cursor=${cursor}` : ''}` });
      expectStatus(res, 200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    const [{ n }] = await raw(`select count(*)::int as n from ledger_entries where status = 'posted' and entry_date between '2026-01-01' and '2026-12-31'`);
    expect(seen).toHaveLength(n as number);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.map((e) => e.entryDate)).toEqual([...seen.map((e) => e.entryDate)].sort().reverse());
    const byAccount = (await w.manager.request({ method: 'GET', url: `/api/v1/ledger/entries?accountId=${A['1001']}&q=test` })).json().items;
    expect(byAccount.length).toBeGreaterThan(0);
  });

  it('deletes drafts only', async () => {
    const d = (await post(w.finance, advance('2026-03-03', 100, w.rep.userId, { post: false }))).json();
    expectStatus(await w.finance.request({ method: 'DELETE', url: `/api/v1/ledger/entries/${d.id}`, payload: { version: d.version } }), 200);
    expectStatus(await w.finance.request({ method: 'GET', url: `/api/v1/ledger/entries/${d.id}` }), 404);
  });

  it('creates one entry for a double submit with the same Idempotency-Key', async () => {
    const key = crypto.randomUUID();
    const body = advance('2026-03-04', 777, w.repB.userId);
    const [a, b] = [await post(w.finance, body, { 'idempotency-key': key }), await post(w.finance, body, { 'idempotency-key': key })];
    expectStatus(a, 201);
    expect(b.json().id).toBe(a.json().id);
    expect(await raw(`select count(*)::int as n from ledger_lines where debit = 777`)).toEqual([{ n: 1 }]);
  });
});

describe('the database guards the books (raw SQL, as someone with a SQL prompt)', () => {
  let posted: { id: string; number: string };
  beforeAll(async () => {
    posted = (await post(w.finance, advance('2026-04-01', 5_000, w.rep.userId))).json();
  });

  it('refuses to update or delete a posted entry or its lines', async () => {
    const hash = await postedRowsHash(t.db.handle);
    expect(await refused(`update ledger_entries set description = 'forged' where id = $1`, [posted.id])).toContain('posted');
    expect(await refused(`update ledger_entries set status = 'draft', number = null, year = null, seq = null, posted_at = null where id = $1`, [posted.id])).toContain('posted');
    expect(await refused(`delete from ledger_entries where id = $1`, [posted.id])).toContain('posted');
    expect(await refused(`update ledger_lines set debit = debit + 1 where entry_id = $1`, [posted.id])).toContain('posted');
    expect(await refused(`delete from ledger_lines where entry_id = $1`, [posted.id])).toContain('posted');
    expect(await refused(`insert into ledger_lines (entry_id, line_no, account_id, debit) values ($1, 9, $2, 1)`, [posted.id, A['1001']])).toContain('posted');
    expect(await refused(`truncate ledger_lines`)).toMatch(/truncate|foreign key|cannot/i);
    expect(await postedRowsHash(t.db.handle)).toBe(hash);
  });

  it('refuses at commit an entry whose debits and credits differ, and a posted entry with fewer than two lines', async () => {
    const msg = await refused(`
      with e as (insert into ledger_entries (entry_date, source_type, reason) values ('2026-04-02', 'manual', 'raw') returning id)
      insert into ledger_lines (entry_id, line_no, account_id, debit, credit) select id, 1, $1::uuid, 100, 0 from e`, [A['1001']]);
    expect(msg).toContain('not balanced');
    const single = await refused(`
      with e as (insert into ledger_entries (entry_date, source_type, reason, status, number, year, seq, posted_at)
                 values ('2026-04-02', 'manual', 'raw', 'posted', 'JE-X', 2026, 999999, now()) returning id)
      select 1 from e`);
    expect(single).toContain('at least two');
    const noReason = await refused(`insert into ledger_entries (entry_date, source_type) values ('2026-04-02', 'manual')`);
    expect(noReason).toContain('ledger_entry_source');
    const noSource = await refused(`insert into ledger_entries (entry_date, source_type) values ('2026-04-02', 'claim')`);
    expect(noSource).toContain('ledger_entry_source');
  });
});

describe('gap-free numbers', () => {
  it('numbers 20 concurrent postings without a gap or a duplicate, and a refused posting takes no number', async () => {
    const year = 2027;
    const bodies = Array.from({ length: 20 }, (_, i) => advance(`${year}-01-${String((i % 28) + 1).padStart(2, '0')}`, 1_000 + i, w.rep.userId));
    // One refused in the middle of the batch (unbalanced): it must not consume a number.
    const bad = manualEntry(`${year}-01-15`, [{ accountId: A['1221'], debit: 5 }, { accountId: A['1002'], credit: 4 }]);
    const results = await Promise.all([...bodies.slice(0, 10).map((b) => post(w.finance, b)), post(w.assistant, bad), ...bodies.slice(10).map((b) => post(w.assistant, b))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(20).fill(201), 400].sort());
    const numbers = results.filter((r) => r.statusCode === 201).map((r) => r.json().number as string);
    const seqs = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(numbers.every((n) => n.startsWith(`JE-${year}-`))).toBe(true);
  });
});

describe('periods', () => {
  it('refuses a posting dated in a closed month (API and database); reopening needs a reason and is audited', async () => {
    const draft = (await post(w.finance, advance('2026-05-10', 900, w.rep.userId, { post: false }))).json();
    const close = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-05/close', payload: {} });
    expectStatus(close, 200);
    expect(close.json()).toMatchObject({ month: '2026-05', isClosed: true, draftEntries: 1 });
    expectStatus(await w.finance.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-05/close', payload: {} }), 409);
    expectStatus(await w.assistant.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-05/close', payload: {} }), 403);

    const into = await post(w.finance, advance('2026-05-31', 900, w.rep.userId));
    expectStatus(into, 400);
    expect(into.json().errors[0]).toMatchObject({ field: 'entryDate', code: 'period_closed' });
    const postDraft = await w.finance.request({ method: 'POST', url: `/api/v1/ledger/entries/${draft.id}/post`, payload: { version: draft.version } });
    expectStatus(postDraft, 400);
    expect(postDraft.json().errors[0].field).toBe('entryDate');
    // Straight SQL is refused by the trigger too.
    expect(await refused(`update ledger_entries set status = 'posted', number = 'JE-2026-999999', year = 2026, seq = 999999, posted_at = now() where id = $1`, [draft.id])).toContain('closed');

    expectStatus(await w.finance.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-05/reopen', payload: { reason: '' } }), 400);
    const reopen = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-05/reopen', payload: { reason: 'Late hotel invoice' } });
    expectStatus(reopen, 200);
    expect(reopen.json()).toMatchObject({ isClosed: false, reopenReason: 'Late hotel invoice', reopenedById: w.finance.userId });
    expectStatus(await w.finance.request({ method: 'POST', url: `/api/v1/ledger/entries/${draft.id}/post`, payload: { version: draft.version } }), 200);
    const audit = await raw(`select action, after->>'reason' as reason from audit_log where entity_type = 'ledger_period' order by at`);
    expect(audit).toEqual([
      { action: 'ledger_period.close', reason: null },
      { action: 'ledger_period.reopen', reason: 'Late hotel invoice' },
    ]);
    const year = await w.manager.request({ method: 'GET', url: '/api/v1/ledger/periods?year=2026' });
    expect(year.json().items).toHaveLength(12);
    expect(year.json().items[4]).toMatchObject({ month: '2026-05', isClosed: false, postedEntries: 1 });
  });
});

describe('reports', () => {
  let customerId: string;
  const trip = crypto.randomUUID();
  let repB: string;
  beforeAll(async () => {
    customerId = await insertCustomer(t.db.handle, { name: 'Shanghai Steel' });
    // Rep B's other postings (the idempotency test) are in 2026: 2028 is theirs alone.
    repB = w.repB.userId;
    // 2028: an advance before the range, a claim and a repayment inside it.
    expectStatus(await post(w.finance, advance('2028-01-10', 200_000, repB)), 201);
    const claim = manualEntry('2028-02-12', [
      { accountId: A['660101'], debit: 80_000, employeeId: repB, departmentId: w.departmentId, customerId, tripId: trip },
      { accountId: A['660102'], debit: 60_050, employeeId: repB, departmentId: w.departmentId, customerId, tripId: trip },
      { accountId: A['660103'], debit: 9_950, employeeId: repB, departmentId: w.departmentId, tripId: trip },
      { accountId: A['1221'], credit: 150_000, employeeId: repB },
    ]);
    expectStatus(await post(w.finance, claim), 201);
    expectStatus(await post(w.finance, manualEntry('2028-02-20', [{ accountId: A['1002'], debit: 50_000 }, { accountId: A['1221'], credit: 50_000, employeeId: repB }])), 201);
    // A draft counts nowhere.
    expectStatus(await post(w.finance, advance('2028-02-21', 1, repB, { post: false })), 201);
  });

  it('gives the general ledger of an account with opening, movements with running balance, and closing, paged by keyset', async () => {
    // The advances account also holds the earlier tests' postings: its opening is everything before February 2028.
    const [{ before }] = await raw(`select sum(l.debit - l.credit)::bigint as before from ledger_lines l join ledger_entries e on e.id = l.entry_id
      where e.status = 'posted' and l.account_id = $1 and e.entry_date < '2028-02-01'`, [A['1221']]);
    const opening = Number(before);
    expect(opening).toBeGreaterThanOrEqual(200_000);
    const url = `/api/v1/ledger/reports/general-ledger?accountId=${A['1221']}&from=2028-02-01&to=2028-02-29`;
    const gl = (await w.manager.request({ method: 'GET', url })).json();
    expect(gl).toMatchObject({ balanceSide: 'debit', opening, totalDebit: 0, totalCredit: 200_000, closing: opening - 200_000 });
    expect(gl.movements.map((m: { credit: number; balance: number }) => [m.credit, m.balance])).toEqual([
      [150_000, opening - 150_000],
      [50_000, opening - 200_000],
    ]);
    const first = (await w.manager.request({ method: 'GET', url: `${url}&limit=1` })).json();
    expect(first.movements).toHaveLength(1);
    const second = (await w.manager.request({ method: 'GET', url: `${url}&limit=1&cursor=${first.nextCursor}` })).json();
    expect(second.movements.map((m: { balance: number }) => m.balance)).toEqual([opening - 200_000]);
    expect(second.nextCursor).toBeNull();
    // A grouping account covers its sub-accounts.
    const selling = (await w.manager.request({ method: 'GET', url: `/api/v1/ledger/reports/general-ledger?accountId=${A['6601']}&from=2028-01-01&to=2028-12-31` })).json();
    expect(selling).toMatchObject({ totalDebit: 150_000, closing: selling.opening + 150_000 });
    expect(selling.accounts.filter((a: { debit: number }) => a.debit > 0).map((a: { code: string }) => a.code)).toEqual(['660101', '660102', '660103']);
    const bad = await w.manager.request({ method: 'GET', url: `/api/v1/ledger/reports/general-ledger?accountId=${A['1221']}&from=2028-03-01&to=2028-02-01` });
    expectStatus(bad, 400);
    expect(bad.json().errors[0].field).toBe('to');
  });

  it('gives subsidiary ledgers per employee, department, expense type, customer and trip', async () => {
    const sub = async (q: string) => (await w.finance.request({ method: 'GET', url: `/api/v1/ledger/reports/subsidiary?${q}&from=2028-01-01&to=2028-12-31` })).json();
    expect((await sub(`dimension=trip&value=${trip}`)).totalDebit).toBe(150_000);
    expect((await sub(`dimension=customer&value=${customerId}`)).totalDebit).toBe(140_050);
    expect((await sub(`dimension=expenseType&value=lodging`)).totalDebit).toBe(60_050);
    expect((await sub(`dimension=department&value=${w.departmentId}`)).closing).toBe(150_000);
    const emp = (await w.finance.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${repB}?from=2028-02-01&to=2028-12-31&accountId=${A['1221']}` })).json();
    // 777 is the 2026 advance of the idempotency test.
    expect(emp).toMatchObject({ opening: 200_777, totalCredit: 200_000, closing: 777 });
    const bad = await w.finance.request({ method: 'GET', url: `/api/v1/ledger/reports/subsidiary?dimension=trip&value=nope&from=2028-01-01&to=2028-12-31` });
    expectStatus(bad, 400);
    expect(bad.json().errors[0].field).toBe('value');
  });

  it('gives a trial balance whose debits equal its credits, and exports it and the general ledger in the reader’s language', async () => {
    const tb = (await w.finance.request({ method: 'GET', url: '/api/v1/ledger/reports/trial-balance?from=2028-02-01&to=2028-02-29' })).json();
    expect(tb.isBalanced).toBe(true);
    expect(tb.totals.periodDebit).toBe(tb.totals.periodCredit);
    expect(tb.totals.closingDebit).toBe(tb.totals.closingCredit);
    const adv = tb.rows.find((r: { code: string }) => r.code === '1221');
    expect(adv).toMatchObject({ periodCredit: 200_000 });

    await w.finance.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
    const csv = await w.finance.request({ method: 'GET', url: '/api/v1/ledger/reports/trial-balance/export?from=2028-02-01&to=2028-02-29&format=csv' });
    expectStatus(csv, 200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('期初借方');
    expect(lines.some((l) => l.includes('其他应收款—员工备用金'))).toBe(true);
    expect(lines.at(-1)).toContain('合计');

    const xlsx = await w.manager.request({ method: 'GET', url: `/api/v1/ledger/reports/general-ledger/export?accountId=${A['1221']}&from=2028-02-01&to=2028-02-29&format=xlsx` });
    expectStatus(xlsx, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('Date');
    expect(ws.getRow(2).getCell(4).value).toBe('Opening balance');
    const gl = (await w.manager.request({ method: 'GET', url: `/api/v1/ledger/reports/general-ledger?accountId=${A['1221']}&from=2028-02-01&to=2028-02-29` })).json();
    expect(ws.getRow(2).getCell(8).value).toBe(gl.opening / 100);
    expect(ws.getRow(3).getCell(7).value).toBe(1500);
    expect(ws.getRow(ws.rowCount).getCell(8).value).toBe(gl.closing / 100);
    expect(ws.rowCount).toBe(1 + 1 + 2 + 1);
  });
});

describe('who sees what', () => {
  it('lets a rep read only their own employee ledger; another employee answers 404, every other ledger 403', async () => {
    const own = await w.repB.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${w.repB.userId}?from=2028-01-01&to=2028-12-31` });
    expectStatus(own, 200);
    expect(own.json().totalDebit).toBe(200_000 + 150_000);
    expectStatus(await w.repB.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${w.rep.userId}?from=2028-01-01&to=2028-12-31` }), 404);
    expectStatus(await w.repB.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${crypto.randomUUID()}?from=2028-01-01&to=2028-12-31` }), 404);
    expectStatus(await w.repB.request({ method: 'GET', url: `/api/v1/ledger/reports/trial-balance?from=2028-01-01&to=2028-12-31` }), 403);
    expectStatus(await w.repB.request({ method: 'GET', url: `/api/v1/ledger/entries` }), 403);
    expectStatus(await post(w.repB, advance('2028-03-01', 1, w.repB.userId)), 403);
    expectStatus(await post(w.manager, advance('2028-03-01', 1, w.repB.userId)), 403);
    const denied = await raw(`select count(*)::int as n from audit_log where action = 'access.denied' and entity_id = $1`, [w.rep.userId]);
    expect(denied[0].n).toBeGreaterThan(0);
  });
});
