import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/server/http/app-error';
import { closePeriod, createEntry, generalLedger, reopenPeriod, reverseEntry, trialBalance } from '../../src/server/modules/ledger/ledger.service';
import type { Actor } from '../../src/server/platform/access/actor';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { actOnRequest } from '../../src/server/platform/approvals/approvals.service';
import { businessToday } from '../../src/server/platform/approvals/approvals.engine';
import { createClaim } from '../../src/server/modules/claims/claims.service';
import { payClaim } from '../../src/server/modules/claims/payments.service';
import { payAdvance } from '../../src/server/modules/trips/bookings.service';
import { createTrip } from '../../src/server/modules/trips/trips.service';
import { createTestApp, makeDepartment, makeUser, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/**
 * Model-based property test: random sequences of postings, refused postings, reversals, period
 * closes and reopens, raw-SQL tampering, and the expense documents' postings (travel advances, claims
 * approved through the approval engine, claims paid net of the advance), played against the real service on a real database and
 * against a small in-memory model. After every stretch of commands the books must agree with the
 * model: every entry and the whole ledger balance, every account balance equals the sum of its
 * movements (and the model's), numbers run without gaps per year, and no posted row ever changed.
 *
 * LEDGER_PROPERTY_COMMANDS (default 200) commands per run, LEDGER_PROPERTY_RUNS (default 1) runs,
 * each on a fresh database. docs/ledger.md shows the 100,000-posting run.
 */
const COMMANDS = Number(process.env.LEDGER_PROPERTY_COMMANDS ?? 200);
const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 1);
const SEED = process.env.LEDGER_PROPERTY_SEED ? Number(process.env.LEDGER_PROPERTY_SEED) : undefined;
/** How often the full comparison with the database runs (it reads every posted row). */
const CHECK_EVERY = Math.max(50, Math.floor(COMMANDS / 20));

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2027-01', '2027-02'];
const LEAF_CODES = ['1001', '1002', '1221', '2241', '660101', '660102', '660103', '660104', '660105', '660106', '660107', '660108'];

type Command =
  | { kind: 'post'; month: number; day: number; debits: { account: number; amount: number }[]; credits: number[]; employee: boolean }
  | { kind: 'unbalanced'; month: number; account: number; amount: number }
  | { kind: 'reverse'; pick: number; month: number; day: number }
  | { kind: 'close'; month: number }
  | { kind: 'reopen'; month: number }
  | { kind: 'tamper'; pick: number; how: 'update_line' | 'delete_entry' | 'update_entry' }
  | { kind: 'advance'; month: number; day: number; amount: number }
  | { kind: 'claim'; category: number; amount: number }
  | { kind: 'pay'; pick: number; month: number; day: number };

/** Claim categories and the expense accounts their approval debits. */
const CLAIM_CATEGORIES = [
  ['travel_transport', '660101'],
  ['lodging', '660102'],
  ['meals', '660103'],
  ['local_transport', '660104'],
] as const;

const month = fc.nat({ max: MONTHS.length - 1 });
const day = fc.integer({ min: 1, max: 28 });
const account = fc.nat({ max: LEAF_CODES.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      month,
      day,
      debits: fc.array(fc.record({ account, amount: fc.integer({ min: 3, max: 50_000_000 }) }), { minLength: 1, maxLength: 3 }),
      credits: fc.array(account, { minLength: 1, maxLength: 3 }),
      employee: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unbalanced' as const), month, account, amount: fc.integer({ min: 1, max: 1_000_000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), month, day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), month }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), month }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tamper' as const), pick: fc.nat(), how: fc.constantFrom('update_line' as const, 'delete_entry' as const, 'update_entry' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), month, day, amount: fc.integer({ min: 1, max: 500_000 }) }) },
  // Claims stay under the finance step's 5,000.00 or go over it: both flows run.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), category: fc.nat({ max: CLAIM_CATEGORIES.length - 1 }), amount: fc.integer({ min: 1, max: 800_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(), month, day }) },
);

interface ModelEntry {
  id: string;
  number: string;
  lines: { account: string; debit: number; credit: number }[];
  isReversal: boolean;
  reversed: boolean;
}

class Model {
  /** The trip's advance not yet cleared by payments, and approved claims waiting for payment. */
  openAdvance = 0;
  approvedClaims: { id: string; total: number }[] = [];
  entries: ModelEntry[] = [];
  balances = new Map<string, number>();
  closed = new Set<string>();
  lastSeq = new Map<number, number>();

  post(id: string, number: string, year: number, lines: ModelEntry['lines'], isReversal = false) {
    const seq = (this.lastSeq.get(year) ?? 0) + 1;
    expect(number).toBe(`JE-${year}-${String(seq).padStart(6, '0')}`);
    this.lastSeq.set(year, seq);
    this.entries.push({ id, number, lines, isReversal, reversed: false });
    for (const l of lines) this.balances.set(l.account, (this.balances.get(l.account) ?? 0) + l.debit - l.credit);
  }
}

async function expectRefused(p: Promise<unknown>, check: (e: AppError) => void) {
  let error: unknown;
  try {
    await p;
  } catch (err) {
    error = err;
  }
  expect(error, 'the operation should have been refused').toBeInstanceOf(AppError);
  check(error as AppError);
}

async function expectDbRefused(t: TestApp, text: string, params: unknown[]) {
  await expect(rawQuery(t.db.handle, text, params)).rejects.toThrow(/posted/);
}

/** The model and the database agree, and the books are sound. */
async function compare(t: TestApp, actor: Actor, model: Model, accounts: Record<string, string>, hashes: Map<string, string>) {
  const db = t.db.handle.db;
  // Every posted entry balances and has two lines or more; the whole ledger balances.
  const bad = await rawQuery<{ n: number }>(
    t.db.handle,
    `select count(*)::int as n from (select e.id from ledger_entries e join ledger_lines l on l.entry_id = e.id where e.status = 'posted'
       group by e.id having sum(l.debit) <> sum(l.credit) or count(*) < 2) x`,
  );
  expect(bad[0].n).toBe(0);
  const [total] = await rawQuery<{ d: number; c: number; n: number }>(
    t.db.handle,
    `select coalesce(sum(l.debit), 0)::bigint as d, coalesce(sum(l.credit), 0)::bigint as c, count(distinct e.id)::int as n
     from ledger_entries e join ledger_lines l on l.entry_id = e.id where e.status = 'posted'`,
  );
  expect(Number(total.d)).toBe(Number(total.c));
  expect(total.n).toBe(model.entries.length);

  // Numbers: 1..n per year, no gap, no duplicate.
  const seqs = await rawQuery<{ year: number; n: number; max: number; min: number }>(
    t.db.handle,
    `select year, count(*)::int as n, max(seq)::int as max, min(seq)::int as min from ledger_entries where status = 'posted' group by year order by year`,
  );
  for (const s of seqs) {
    expect([s.min, s.max]).toEqual([1, s.n]);
    expect(model.lastSeq.get(s.year)).toBe(s.n);
  }

  // Balances: the trial balance and each account's general ledger agree with the model, and a
  // ledger's closing is its opening plus its movements.
  const tb = await trialBalance(db, actor, { from: '2026-01-01', to: '2027-12-31' });
  expect(tb.isBalanced).toBe(true);
  for (const code of LEAF_CODES) {
    const id = accounts[code];
    const want = model.balances.get(id) ?? 0;
    const row = tb.rows.find((r) => r.accountId === id);
    expect((row?.closingDebit ?? 0) - (row?.closingCredit ?? 0), `trial balance of ${code}`).toBe(want);
  }
  for (const code of ['1221', '2241', '660102']) {
    const gl = await generalLedger(db, actor, { accountId: accounts[code], from: '2026-02-01', to: '2026-12-31', limit: 100_000 });
    const side = code === '2241' ? -1 : 1;
    const moved = gl.movements.reduce((s, m) => s + side * (m.debit - m.credit), 0);
    expect(gl.closing).toBe(gl.opening + moved);
    if (gl.movements.length) expect(gl.movements.at(-1)!.balance).toBe(gl.closing);
    const all = await generalLedger(db, actor, { accountId: accounts[code], from: '2026-01-01', to: '2027-12-31', limit: 1 });
    expect(all.opening).toBe(0);
    const net = model.balances.get(accounts[code]) ?? 0;
    expect(all.closing).toBe(side === 1 ? net : 0 - net);
  }

  // Posted rows never change: each posted entry's rows hash the same as when first seen.
  const rows = await rawQuery<{ id: string; h: string }>(
    t.db.handle,
    `select e.id, md5(e::text || coalesce((select string_agg(l::text, '|' order by l.line_no) from ledger_lines l where l.entry_id = e.id), '')) as h
     from ledger_entries e where e.status = 'posted'`,
  );
  for (const r of rows) {
    const seen = hashes.get(r.id);
    if (seen) expect(r.h, `posted entry ${r.id} changed`).toBe(seen);
    else hashes.set(r.id, r.h);
  }
  expect(rows.length).toBe(hashes.size);
}

async function play(commands: Command[]) {
  const t = await createTestApp();
  try {
    const db = t.db.handle.db;
    // One department: finance sees the rep's trip and claims.
    const departmentId = await makeDepartment(t, 'Sales (property)');
    const financeUser = await makeUser(t, ['finance'], { departmentId });
    const managerUser = await makeUser(t, ['manager'], { departmentId });
    const employee = await makeUser(t, ['rep'], { departmentId, managerId: managerUser.id });
    const actor = (await loadActor(db, financeUser.id))!;
    const manager = (await loadActor(db, managerUser.id))!;
    const rep = (await loadActor(db, employee.id))!;
    // One approved trip carries the advances and claims.
    const trip = await createTrip(db, rep, {
      purpose: 'property',
      startDate: '2026-03-10',
      endDate: '2026-03-12',
      customerIds: [],
      legs: [{ fromCity: '上海', toCity: '北京', departOn: '2026-03-10', arriveOn: '2026-03-10', mode: 'train', cityTier: 1 }],
      budget: [],
      advanceRequested: 0,
      submit: true,
    });
    await actOnRequest(db, manager, trip.approvalRequestId!, 'approve', {});
    const today = await businessToday(db);
    const accountRows = await rawQuery<{ id: string; code: string }>(t.db.handle, 'select id, code from ledger_accounts');
    const accounts = Object.fromEntries(accountRows.map((r) => [r.code, r.id]));
    const model = new Model();
    const hashes = new Map<string, string>();
    const date = (m: number, d: number) => `${MONTHS[m]}-${String(d).padStart(2, '0')}`;

    for (let i = 0; i < commands.length; i++) {
      const c = commands[i];
      switch (c.kind) {
        case 'post': {
          const total = c.debits.reduce((s, d) => s + d.amount, 0);
          const share = Math.floor(total / c.credits.length);
          const lines = [
            ...c.debits.map((d) => ({ accountId: accounts[LEAF_CODES[d.account]], debit: d.amount, credit: 0, employeeId: c.employee ? employee.id : null })),
            ...c.credits.map((a, k) => ({ accountId: accounts[LEAF_CODES[a]], debit: 0, credit: k === 0 ? total - share * (c.credits.length - 1) : share })),
          ];
          const input = { entryDate: date(c.month, c.day), reason: `property ${i}`, post: true, lines };
          if (model.closed.has(MONTHS[c.month])) {
            await expectRefused(createEntry(db, actor, input), (e) => expect(e.fields?.[0].field).toBe('entryDate'));
          } else {
            const e = await createEntry(db, actor, input);
            model.post(e.id, e.number!, Number(MONTHS[c.month].slice(0, 4)), lines.map((l) => ({ account: l.accountId, debit: l.debit, credit: l.credit })));
          }
          break;
        }
        case 'unbalanced': {
          const lines = [
            { accountId: accounts[LEAF_CODES[c.account]], debit: c.amount + 1, credit: 0 },
            { accountId: accounts['1002'], debit: 0, credit: c.amount },
          ];
          await expectRefused(createEntry(db, actor, { entryDate: date(c.month, 1), reason: 'unbalanced', post: true, lines }), (e) => expect(e.fields?.[0]).toMatchObject({ field: 'lines', code: 'unbalanced' }));
          break;
        }
        case 'reverse': {
          const candidates = model.entries.filter((e) => !e.isReversal && !e.reversed);
          if (!candidates.length) break;
          const target = candidates[c.pick % candidates.length];
          const input = { reason: `undo ${target.number}`, entryDate: date(c.month, c.day) };
          if (model.closed.has(MONTHS[c.month])) {
            await expectRefused(reverseEntry(db, actor, target.id, input), (e) => expect(e.fields?.[0].field).toBe('entryDate'));
          } else {
            const r = await reverseEntry(db, actor, target.id, input);
            target.reversed = true;
            model.post(r.id, r.number!, Number(MONTHS[c.month].slice(0, 4)), target.lines.map((l) => ({ account: l.account, debit: l.credit, credit: l.debit })), true);
          }
          break;
        }
        case 'close': {
          const m = MONTHS[c.month];
          if (model.closed.has(m)) await expectRefused(closePeriod(db, actor, m), (e) => expect(e.code).toBe('conflict'));
          else {
            await closePeriod(db, actor, m);
            model.closed.add(m);
          }
          break;
        }
        case 'reopen': {
          const m = MONTHS[c.month];
          if (!model.closed.has(m)) await expectRefused(reopenPeriod(db, actor, m, 'property'), (e) => expect(e.code).toBe('conflict'));
          else {
            await reopenPeriod(db, actor, m, 'property');
            model.closed.delete(m);
          }
          break;
        }
        case 'tamper': {
          if (!model.entries.length) break;
          const target = model.entries[c.pick % model.entries.length];
          if (c.how === 'update_line') await expectDbRefused(t, 'update ledger_lines set debit = debit + credit, credit = 0 where entry_id = $1', [target.id]);
          if (c.how === 'delete_entry') await expectDbRefused(t, 'delete from ledger_entries where id = $1', [target.id]);
          if (c.how === 'update_entry') await expectDbRefused(t, "update ledger_entries set entry_date = entry_date + 1, description = 'tampered' where id = $1", [target.id]);
          break;
        }
        case 'advance': {
          const input = { amount: c.amount, paidOn: date(c.month, c.day), method: 'bank' as const };
          if (model.closed.has(MONTHS[c.month])) {
            await expectRefused(payAdvance(db, actor, trip.id, input), (e) => expect(e.fields?.[0].field).toBe('entryDate'));
          } else {
            const { advance } = await payAdvance(db, actor, trip.id, input);
            model.openAdvance += c.amount;
            model.post(advance.ledgerEntryId, advance.ledgerEntryNumber!, Number(MONTHS[c.month].slice(0, 4)), [
              { account: accounts['1221'], debit: c.amount, credit: 0 },
              { account: accounts['1002'], debit: 0, credit: c.amount },
            ]);
          }
          break;
        }
        case 'claim': {
          const [category, code] = CLAIM_CATEGORIES[c.category];
          const { claim } = await createClaim(db, rep, { title: `property ${i}`, tripId: trip.id, submit: true, items: [{ date: '2026-03-11', category, amount: c.amount, receipts: [] }] });
          const approveAll = async () => {
            await actOnRequest(db, manager, claim.approvalRequestId!, 'approve', {});
            // Over the finance threshold a second step waits for finance.
            const r = await db.selectFrom('approval_requests').select('status').where('id', '=', claim.approvalRequestId!).executeTakeFirstOrThrow();
            if (r.status === 'pending') await actOnRequest(db, actor, claim.approvalRequestId!, 'approve', {});
          };
          if (model.closed.has(today.slice(0, 7))) {
            await expectRefused(approveAll(), (e) => expect(e.fields?.[0].field).toBe('entryDate'));
            break;
          }
          await approveAll();
          const [entry] = await rawQuery<{ id: string; number: string }>(t.db.handle, `select id, number from ledger_entries where source_type = 'expense_claim' and source_id = $1`, [claim.id]);
          model.post(entry.id, entry.number, Number(today.slice(0, 4)), [
            { account: accounts[code], debit: c.amount, credit: 0 },
            { account: accounts['2241'], debit: 0, credit: c.amount },
          ]);
          model.approvedClaims.push({ id: claim.id, total: c.amount });
          break;
        }
        case 'pay': {
          if (!model.approvedClaims.length) break;
          const k = c.pick % model.approvedClaims.length;
          const target = model.approvedClaims[k];
          const version = (await db.selectFrom('expense_claims').select('version').where('id', '=', target.id).executeTakeFirstOrThrow()).version;
          const input = { version, paidOn: date(c.month, c.day), method: 'bank' as const };
          if (model.closed.has(MONTHS[c.month])) {
            await expectRefused(payClaim(db, actor, target.id, input), (e) => expect(e.fields?.[0].field).toBe('entryDate'));
            break;
          }
          const paid = await payClaim(db, actor, target.id, input);
          const cleared = Math.min(model.openAdvance, target.total);
          expect(paid.payment).toMatchObject({ claimTotal: target.total, advanceCleared: cleared, amountPaid: target.total - cleared });
          model.openAdvance -= cleared;
          model.approvedClaims.splice(k, 1);
          model.post(paid.payment!.ledgerEntryId, paid.payment!.ledgerEntryNumber!, Number(MONTHS[c.month].slice(0, 4)), [
            { account: accounts['2241'], debit: target.total, credit: 0 },
            ...(cleared ? [{ account: accounts['1221'], debit: 0, credit: cleared }] : []),
            ...(target.total - cleared ? [{ account: accounts['1002'], debit: 0, credit: target.total - cleared }] : []),
          ]);
          // A second payment of the same claim is refused.
          await expectRefused(payClaim(db, actor, target.id, { ...input, version: paid.version }), (e) => expect(e.code).toBe('conflict'));
          break;
        }
      }
      if ((i + 1) % CHECK_EVERY === 0) await compare(t, actor, model, accounts, hashes);
    }
    await compare(t, actor, model, accounts, hashes);
  } finally {
    await t.close();
  }
}

describe('the ledger against an in-memory model', () => {
  it(
    `keeps every invariant over ${RUNS} run(s) of ${COMMANDS} random commands`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: COMMANDS, maxLength: COMMANDS }), async (commands) => {
          await play(commands);
        }),
        // Each replay rebuilds a database: shrinking a long sequence is not worth it; the seed and path reproduce a failure.
        { numRuns: RUNS, endOnFailure: !process.env.LEDGER_PROPERTY_SHRINK, ...(SEED !== undefined && { seed: SEED }) },
      );
    },
    Math.max(120_000, COMMANDS * RUNS * 200),
  );
});
