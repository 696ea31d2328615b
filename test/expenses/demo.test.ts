import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExpenses } from '../../src/server/demo/seed-expenses';
import { DEMO_PEOPLE } from '../../src/server/demo/seed';
import { registerClaims } from '../../src/server/modules/claims/claims.service';
import { registerTrips } from '../../src/server/modules/trips/trips.service';
import { createDepartment } from '../../src/server/modules/departments/departments.service';
import { createUser } from '../../src/server/modules/users/users.service';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/**
 * The demo trips and claims on their own (the demo people made here as seed.ts makes them): a
 * year of trips, paid claims whose postings balance, and the four planted problems each caught
 * by its check on the claim it was planted in.
 */
describe('demo trips and claims', () => {
  let d: TestDatabase;
  let counts: Awaited<ReturnType<typeof seedExpenses>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    d = await createTestDatabase();
    // What buildApp does for the modules: their approval document types.
    registerTrips();
    registerClaims();
    const ctx = { label: 'demo test' };
    const dep = await createDepartment(d.handle.db, ctx, { name: '销售部 Sales', parentId: null });
    for (const p of DEMO_PEOPLE) {
      const isChinese = /[\u4e00-\u9fff]/.test(p.zh);
      const u = await createUser(d.handle.db, ctx, {
        email: `${p.key}@demo.test`,
        displayName: isChinese ? `${p.zh} ${p.en}` : p.en,
        password: 'demo-password-long',
        roles: p.roles,
        departmentId: dep.id,
        managerId: p.key === 'manager' ? null : (ids.get('manager') ?? null),
        locale: isChinese ? 'zh-CN' : 'en',
      });
      ids.set(p.key, u.id);
    }
    const started = Date.now();
    counts = await seedExpenses(d.handle.db, ids);
    // About 10 s on an idle machine; the ceiling allows for a loaded one.
    expect(Date.now() - started).toBeLessThan(150_000);
  }, 180_000);
  afterAll(async () => {
    await d?.drop();
  });

  const findingsOf = (userKey: string) =>
    rawQuery<{ number: string; status: string; code: string; params: Record<string, unknown> }>(
      d.handle,
      `select c.number, c.status, k.code, k.params from expense_claims c join expense_claim_checks k on k.claim_id = c.id
       where c.claimant_id = $1 and k.overridden_by is null order by c.number, k.code`,
      [ids.get(userKey)],
    );

  it('writes a trip per rep across the year, and pays the unproblematic claims', async () => {
    expect(counts).toEqual({ trips: 12, claims: 13 });
    const [span] = await rawQuery<{ first: string; last: string; months: number }>(d.handle, 'select min(start_date)::text as first, max(start_date)::text as last, count(distinct extract(month from start_date))::int as months from trips');
    expect(span.first.startsWith('2026-01')).toBe(true);
    expect(span.months).toBeGreaterThanOrEqual(10);
    const byStatus = await rawQuery<{ status: string; n: number }>(d.handle, 'select status, count(*)::int as n from expense_claims group by status order by status');
    expect(byStatus).toEqual([
      { status: 'paid', n: 9 },
      { status: 'submitted', n: 4 },
    ]);
    // Paid claims have no open finding: the assistant took the paper receipts.
    const open = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from expense_claim_checks k join expense_claims c on c.id = k.claim_id where c.status = 'paid' and k.overridden_by is null`);
    expect(open[0].n).toBe(0);
  });

  it('catches the duplicate invoice number across two reps', async () => {
    const f = (await findingsOf('rep05')).filter((x) => x.code === 'duplicate_invoice');
    expect(f).toHaveLength(1);
    expect(f[0].status).toBe('submitted');
  });

  it('catches the refunded ticket claimed at full price', async () => {
    const f = (await findingsOf('rep02')).filter((x) => x.code === 'refunded_ticket');
    expect(f).toHaveLength(1);
    expect(f[0].params).toMatchObject({ status: 'refunded', price: 55_300, claimed: 55_300 });
  });

  it('catches the ticket outside the itinerary', async () => {
    const f = (await findingsOf('rep04')).filter((x) => x.code === 'outside_itinerary');
    expect(f).toHaveLength(1);
    expect(f[0].params).toMatchObject({ reason: 'route', to: '南京' });
  });

  it('catches the hotel over the cap', async () => {
    const f = (await findingsOf('rep06')).filter((x) => x.code === 'over_cap');
    expect(f).toHaveLength(1);
    expect(f[0].params).toMatchObject({ category: 'lodging', unit: 'night', tier: 2, cap: 40_000, perNight: 88_000 });
  });

  it('finds nothing else but missing receipt files (the demo has paper receipts), and the books balance', async () => {
    const open = await rawQuery<{ who: string; code: string }>(
      d.handle,
      `select u.email as who, k.code from expense_claim_checks k join expense_claims c on c.id = k.claim_id join users u on u.id = c.claimant_id
       where k.overridden_by is null and k.code <> 'missing_receipt' order by 1, 2`,
    );
    expect(open.map((o) => `${o.who.split('@')[0]}:${o.code}`)).toEqual([
      'rep02:refunded_ticket',
      'rep04:outside_itinerary',
      'rep05:duplicate_invoice',
      // The hotel over the cap also takes the trip over its lodging budget and its total.
      'rep06:over_budget',
      'rep06:over_budget',
      'rep06:over_cap',
    ]);
    // Every claim's total is the sum of its items; every payment is the total (cleared advance + paid, checked by the database too).
    const [totals] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from expense_claims c where c.total <> (select coalesce(sum(i.amount), 0) from expense_claim_items i where i.claim_id = c.id)`);
    expect(totals.n).toBe(0);
    const [pays] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from expense_claim_payments p join expense_claims c on c.id = p.claim_id where p.claim_total <> c.total`);
    expect(pays.n).toBe(0);
    const [tb] = await rawQuery<{ d: string; c: string }>(d.handle, `select sum(l.debit)::text as d, sum(l.credit)::text as c from ledger_lines l join ledger_entries e on e.id = l.entry_id where e.status = 'posted'`);
    expect(tb.d).toBe(tb.c);
    const [adv] = await rawQuery<{ paid: string; cleared: string }>(
      d.handle,
      `select (select sum(amount) from trip_advances)::text as paid, (select sum(advance_cleared) from expense_claim_payments)::text as cleared`,
    );
    expect(Number(adv.paid)).toBeGreaterThan(0);
    expect(Number(adv.cleared)).toBeGreaterThan(0);
  });

  it('reads like history: each paid claim was approved after its trip and paid after that, none of it after today', async () => {
    const [today] = await rawQuery<{ d: string }>(d.handle, `select (now() at time zone 'Asia/Shanghai')::date::text as d`);
    const paid = await rawQuery<{ number: string; trip_end: string; submitted: string; approved_on: string; paid_on: string; pay_entry: string; last_decision: string; decisions: number }>(
      d.handle,
      `select c.number, t.end_date::text as trip_end,
              (c.submitted_at at time zone 'Asia/Shanghai')::date::text as submitted,
              ae.entry_date::text as approved_on, p.paid_on::text as paid_on, pe.entry_date::text as pay_entry,
              (select (max(greatest(k.acted_at, r.decided_at)) at time zone 'Asia/Shanghai')::date::text
                 from approval_requests r join approval_tasks k on k.request_id = r.id where r.doc_id = c.id::text and k.acted_at is not null) as last_decision,
              (select count(*)::int from approval_tasks k join approval_requests r on r.id = k.request_id where r.doc_id = c.id::text and k.acted_at is not null) as decisions
         from expense_claims c join trips t on t.id = c.trip_id join expense_claim_payments p on p.claim_id = c.id
         join ledger_entries pe on pe.id = p.ledger_entry_id join ledger_entries ae on ae.id = c.approval_entry_id
        where c.status = 'paid' order by c.number`,
    );
    expect(paid).toHaveLength(9);
    for (const c of paid) {
      const where = `${c.number}: ${JSON.stringify(c)}`;
      expect(c.decisions, where).toBeGreaterThan(0);
      expect(c.submitted > c.trip_end, where).toBe(true);
      // The expense entry is dated the day the last approver decided, the payment entry some days later.
      expect(c.approved_on, where).toBe(c.last_decision);
      expect(c.approved_on >= c.submitted, where).toBe(true);
      expect(c.pay_entry, where).toBe(c.paid_on);
      expect(c.pay_entry > c.trip_end, where).toBe(true);
      expect(c.pay_entry <= today.d, where).toBe(true);
      expect(c.last_decision < c.pay_entry, where).toBe(true);
    }
    // Nothing the demo replayed lands after today, and the entry numbers still run 1..n per year.
    const [late] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from ledger_entries where entry_date > $1::date`, [today.d]);
    expect(late.n).toBe(0);
    const years = await rawQuery<{ year: number; n: number; top: number }>(d.handle, `select year, count(*)::int as n, max(seq)::int as top from ledger_entries where status = 'posted' group by year`);
    for (const y of years) expect(y.top).toBe(y.n);
  });

  it('has one repaid advance: the trip owes nothing and its 1221 balance is zero', async () => {
    const repaid = await rawQuery<{ trip_id: string; amount: number; owed: number }>(
      d.handle,
      `select r.trip_id, r.amount::int as amount,
              ((select sum(amount) from trip_advances a where a.trip_id = r.trip_id)
               - (select coalesce(sum(p.advance_cleared), 0) from expense_claim_payments p join expense_claims c on c.id = p.claim_id where c.trip_id = r.trip_id)
               - r.amount)::int as owed
         from trip_advance_repayments r`,
    );
    expect(repaid).toHaveLength(1);
    expect(repaid[0].amount).toBeGreaterThan(0);
    expect(repaid[0].owed).toBe(0);
    const [balance] = await rawQuery<{ b: number }>(
      d.handle,
      `select coalesce(sum(l.debit - l.credit), 0)::int as b from ledger_lines l join ledger_accounts a on a.id = l.account_id where a.code = '1221' and l.trip_id = $1`,
      [repaid[0].trip_id],
    );
    expect(balance.b).toBe(0);
  });
});
