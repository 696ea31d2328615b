import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';
import { approve, approvedTrip, call, expenseWorld, expectStatus, receiptFile, vatReceipt, type ExpenseWorld } from './helpers';

/**
 * Repaying an unused travel advance: the trip shows what is outstanding (paid − cleared by paid
 * claims − repaid), the assistant or finance records the traveller's repayment, which posts
 * Dr bank/cash / Cr 1221 for the employee and trip, linked to the repayment; bad input is a 400
 * naming the field and writes nothing; one Idempotency-Key makes one repayment and one entry;
 * the books stay balanced and the trip's and the employee's 1221 reach zero.
 */
let t: TestApp;
let w: ExpenseWorld;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

beforeAll(async () => {
  t = await createTestApp();
  w = await expenseWorld(t);
}, 120_000);
afterAll(async () => t?.close());

const TABLES = ['trip_advance_repayments', 'ledger_entries', 'ledger_lines', 'audit_log'] as const;

/** An approved trip of the rep with an advance and one paid claim that used part of it. */
async function tripWithUnusedAdvance(advance: number, claimed: number, rep = w.rep) {
  const trip = await approvedTrip(w, {}, rep);
  await call(w.assistant, 'POST', `/api/v1/trips/${trip.id}/advances`, { amount: advance, paidOn: '2026-03-05', method: 'bank' }, 201);
  if (claimed > 0) {
    const claim = await call(rep, 'POST', '/api/v1/claims', { title: 'meals', tripId: trip.id, submit: true, items: [{ date: '2026-03-11', category: 'meals', amount: claimed, receipts: [vatReceipt(await receiptFile(rep), claimed)] }] }, 201);
    await approve(w, claim.approvalRequestId);
    const approved = await call(w.finance, 'GET', `/api/v1/claims/${claim.id}`, undefined, 200);
    const paid = await call(w.finance, 'POST', `/api/v1/claims/${claim.id}/pay`, { version: approved.version, paidOn: '2026-03-20' }, 200);
    expect(paid.payment).toMatchObject({ advanceCleared: claimed, amountPaid: 0 });
  }
  return trip;
}

const ledgerOfTrip = (tripId: string) => call(w.finance, 'GET', `/api/v1/ledger/reports/subsidiary?dimension=trip&value=${tripId}&from=2026-01-01&to=2026-12-31`, undefined, 200);
const account = (ledger: Json, code: string) => ledger.accounts.find((a: Json) => a.code === code);

describe('repaying an unused travel advance', () => {
  it('shows the outstanding advance; a repayment posts Dr bank / Cr 1221 for the employee and trip until nothing is left', async () => {
    const trip = await tripWithUnusedAdvance(50_000, 8_000);
    const before = await call(w.rep, 'GET', `/api/v1/trips/${trip.id}/repayments`, undefined, 200);
    expect(before).toMatchObject({ advancePaid: 50_000, clearedByClaims: 8_000, repaid: 0, outstanding: 42_000, repayments: [], canRecord: false });
    expect((await call(w.assistant, 'GET', `/api/v1/trips/${trip.id}/repayments`, undefined, 200)).canRecord).toBe(true);

    const first = await call(w.assistant, 'POST', `/api/v1/trips/${trip.id}/repayments`, { amount: 30_000, repaidOn: '2026-03-25', method: 'bank', note: 'Transfer from 张伟' }, 201, { 'idempotency-key': 'repay-form-0001' });
    expect(first.repayment).toMatchObject({ tripId: trip.id, employeeId: w.rep.userId, amount: 30_000, repaidOn: '2026-03-25', method: 'bank', note: 'Transfer from 张伟', ledgerEntryNumber: expect.stringMatching(/^JE-2026-\d{6}$/) });
    expect(first.account).toMatchObject({ repaid: 30_000, outstanding: 12_000 });
    // The trip and the claim settlement read the same outstanding amount.
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).openAdvance).toBe(12_000);

    // The entry is the repayment's: Dr 1002 bank, Cr 1221 with employee, department and trip.
    const lines = await rawQuery<{ source_type: string; source_id: string; code: string; debit: number; credit: number; employee_id: string; department_id: string; trip_id: string }>(
      t.db.handle,
      `select e.source_type, e.source_id, a.code, l.debit, l.credit, l.employee_id, l.department_id, l.trip_id
         from ledger_entries e join ledger_lines l on l.entry_id = e.id join ledger_accounts a on a.id = l.account_id
        where e.id = $1 order by l.line_no`,
      [first.repayment.ledgerEntryId],
    );
    expect(lines.map((l) => [l.source_type, l.source_id, l.code, Number(l.debit), Number(l.credit)])).toEqual([
      ['trip_advance_repayment', first.repayment.id, '1002', 30_000, 0],
      ['trip_advance_repayment', first.repayment.id, '1221', 0, 30_000],
    ]);
    for (const l of lines) expect([l.employee_id, l.department_id, l.trip_id]).toEqual([w.rep.userId, w.departmentId, trip.id]);

    // The rest in cash: the outstanding reaches zero and nothing more can be repaid.
    const last = await call(w.finance, 'POST', `/api/v1/trips/${trip.id}/repayments`, { amount: 12_000, repaidOn: '2026-03-26', method: 'cash' }, 201);
    expect(last.account).toMatchObject({ advancePaid: 50_000, clearedByClaims: 8_000, repaid: 42_000, outstanding: 0, canRecord: false });
    expect(last.account.repayments.map((r: Json) => r.amount)).toEqual([30_000, 12_000]);
    const more = await w.finance.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/repayments`, payload: { amount: 1 } });
    expectStatus(more, 400);
    expect(more.json().errors[0]).toMatchObject({ field: 'amount', code: 'nothing_outstanding' });

    // The trip's 1221 and the employee's are zero; bank and cash got the money back; the books balance.
    const sub = await ledgerOfTrip(trip.id);
    expect(account(sub, '1221')).toMatchObject({ debit: 50_000, credit: 50_000, closing: 0 });
    expect(account(sub, '1002')).toMatchObject({ debit: 30_000, credit: 50_000 });
    expect(account(sub, '1001')).toMatchObject({ debit: 12_000, credit: 0 });
    const employee = await call(w.rep, 'GET', `/api/v1/ledger/reports/employees/${w.rep.userId}?from=2026-01-01&to=2026-12-31`, undefined, 200);
    expect(account(employee, '1221').closing).toBe(0);
    const unbalanced = await rawQuery<{ id: string }>(t.db.handle, 'select entry_id as id from ledger_lines group by entry_id having sum(debit) <> sum(credit)');
    expect(unbalanced).toEqual([]);
    const tb = await call(w.finance, 'GET', '/api/v1/ledger/reports/trial-balance?from=2026-01-01&to=2026-12-31', undefined, 200);
    expect(tb.isBalanced).toBe(true);
    expect(tb.totals.periodDebit).toBe(tb.totals.periodCredit);

    // The audit log names the repayment on the trip.
    const audit = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'trip_advance.repay' and entity_id = $1`, [trip.id]);
    expect(audit[0].n).toBe(2);
  });

  it('a double submit with one Idempotency-Key makes one repayment and one entry', async () => {
    const trip = await tripWithUnusedAdvance(20_000, 0);
    const body = { amount: 5_000, repaidOn: '2026-03-25', method: 'bank' };
    const headers = { 'idempotency-key': 'repay-double-0001' };
    const clicks = await Promise.all([1, 2].map(() => w.assistant.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/repayments`, payload: body, headers })));
    // The second click is answered with the first's result, or told the first is still running.
    expect(clicks.map((r) => r.statusCode).sort()).toEqual(expect.arrayContaining([201]));
    for (const r of clicks) expect([201, 409]).toContain(r.statusCode);
    const replay = await w.assistant.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/repayments`, payload: body, headers });
    expectStatus(replay, 201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const rows = await rawQuery<{ n: number; e: number }>(
      t.db.handle,
      `select count(*)::int as n, (select count(*)::int from ledger_entries where source_type = 'trip_advance_repayment' and source_id in (select id from trip_advance_repayments where trip_id = $1)) as e
         from trip_advance_repayments where trip_id = $1`,
      [trip.id],
    );
    expect(rows[0]).toEqual({ n: 1, e: 1 });
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}/repayments`, undefined, 200)).outstanding).toBe(15_000);
  });

  it('bad input is a 400 naming the field and writes nothing', async () => {
    const trip = await tripWithUnusedAdvance(10_000, 4_000);
    await call(w.finance, 'POST', '/api/v1/ledger/periods/2026-04/close', {}, 200);
    const counts = await rowCounts(t.db.handle, TABLES);
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ amount: 0 }, 'amount'],
      [{ amount: -5 }, 'amount'],
      [{ amount: 1.5 }, 'amount'],
      [{ amount: 6_001, repaidOn: '2026-03-25' }, 'amount', 'over_outstanding'],
      [{ amount: 1_000, repaidOn: '2026-04-10' }, 'repaidOn', 'period_closed'],
      [{ amount: 1_000, repaidOn: '2026-03-01' }, 'repaidOn', 'before_advance'],
      [{ amount: 1_000, repaidOn: '2999-01-01' }, 'repaidOn', 'in_future'],
      [{ amount: 1_000, repaidOn: '2026-02-30' }, 'repaidOn'],
      [{ amount: 1_000, method: 'cheque' }, 'method'],
      [{ amount: 1_000, tripId: trip.id }, 'tripId'],
    ];
    for (const [payload, field, code] of cases) {
      const res = await w.assistant.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/repayments`, payload });
      expectStatus(res, 400);
      const errors = res.json().errors as { field: string; code: string }[];
      expect(errors.map((e) => e.field).join(','), JSON.stringify(payload)).toContain(field);
      if (code) expect(errors[0].code).toBe(code);
    }
    expect(await rowCounts(t.db.handle, TABLES)).toEqual(counts);
    await call(w.finance, 'POST', '/api/v1/ledger/periods/2026-04/reopen', { reason: 'test done' }, 200);
  });

  it('who may: the traveller and reviewers see it, only the assistant and finance record it, never for their own trip', async () => {
    const trip = await tripWithUnusedAdvance(10_000, 0);
    const url = `/api/v1/trips/${trip.id}/repayments`;
    for (const s of [w.rep, w.manager, w.assistant, w.finance, w.admin]) expectStatus(await s.request({ method: 'GET', url }), 200);
    for (const s of [w.repB, w.repOther]) {
      expectStatus(await s.request({ method: 'GET', url }), 404);
    }
    expectStatus(await w.rep.request({ method: 'POST', url, payload: { amount: 1_000 } }), 403);
    expectStatus(await w.manager.request({ method: 'POST', url, payload: { amount: 1_000 } }), 403);
    expectStatus(await w.repB.request({ method: 'POST', url, payload: { amount: 1_000 } }), 403);

    // The assistant's own trip: finance records their repayment, they do not.
    const own = await approvedTrip(w, {}, w.assistant);
    await call(w.finance, 'POST', `/api/v1/trips/${own.id}/advances`, { amount: 3_000, paidOn: '2026-03-05' }, 201);
    expect((await call(w.assistant, 'GET', `/api/v1/trips/${own.id}/repayments`, undefined, 200)).canRecord).toBe(false);
    expectStatus(await w.assistant.request({ method: 'POST', url: `/api/v1/trips/${own.id}/repayments`, payload: { amount: 3_000 } }), 403);
    await call(w.finance, 'POST', `/api/v1/trips/${own.id}/repayments`, { amount: 3_000 }, 201);
  });

  it('a claim paid after a repayment clears only what is still outstanding; the employee is paid the rest', async () => {
    const trip = await tripWithUnusedAdvance(50_000, 0);
    await call(w.assistant, 'POST', `/api/v1/trips/${trip.id}/repayments`, { amount: 20_000, repaidOn: '2026-03-06' }, 201);
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'hotel', tripId: trip.id, submit: true, items: [{ date: '2026-03-11', category: 'meals', amount: 40_000, receipts: [vatReceipt(await receiptFile(w.rep), 40_000)] }] }, 201);
    await approve(w, claim.approvalRequestId);
    const approved = await call(w.finance, 'GET', `/api/v1/claims/${claim.id}`, undefined, 200);
    expect(approved.settlement).toEqual({ total: 40_000, openAdvance: 30_000, advanceToClear: 30_000, toPay: 10_000, employeeOwes: 0 });
    const paid = await call(w.finance, 'POST', `/api/v1/claims/${claim.id}/pay`, { version: approved.version, paidOn: '2026-03-20' }, 200);
    expect(paid.payment).toMatchObject({ advanceCleared: 30_000, amountPaid: 10_000 });
    expect(await call(w.rep, 'GET', `/api/v1/trips/${trip.id}/repayments`, undefined, 200)).toMatchObject({ advancePaid: 50_000, clearedByClaims: 30_000, repaid: 20_000, outstanding: 0 });
    expect(account(await ledgerOfTrip(trip.id), '1221').closing).toBe(0);
  });

  it('the database refuses a repayment above the outstanding amount and any change to a recorded one; a repaid trip can be cancelled', async () => {
    const trip = await tripWithUnusedAdvance(5_000, 0);
    const { repayment } = await call(w.finance, 'POST', `/api/v1/trips/${trip.id}/repayments`, { amount: 5_000, repaidOn: '2026-03-07' }, 201);
    // (The advance's own entry stands in for a posting: only the outstanding rule can refuse this row.)
    const [advance] = await rawQuery<{ ledger_entry_id: string }>(t.db.handle, 'select ledger_entry_id from trip_advances where trip_id = $1', [trip.id]);
    await expect(
      rawQuery(
        t.db.handle,
        `insert into trip_advance_repayments (trip_id, employee_id, amount, repaid_on, method, ledger_entry_id) values ($1, $2, 1, '2026-03-08', 'bank', $3)`,
        [trip.id, w.rep.userId, advance.ledger_entry_id],
      ),
    ).rejects.toThrow(/exceed/);
    await expect(rawQuery(t.db.handle, 'update trip_advance_repayments set amount = 1 where id = $1', [repayment.id])).rejects.toThrow(/never changed/);
    await expect(rawQuery(t.db.handle, 'delete from trip_advance_repayments where id = $1', [repayment.id])).rejects.toThrow(/never changed/);
    // With the advance repaid in full, nothing holds the trip open any more: it can be cancelled.
    const now = await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200);
    expect(now.openAdvance).toBe(0);
    expect((await call(w.rep, 'POST', `/api/v1/trips/${trip.id}/cancel`, { version: now.version, reason: 'Customer cancelled' }, 200)).status).toBe('cancelled');
  });
});
