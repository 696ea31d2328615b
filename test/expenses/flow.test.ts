import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { approve, approvedTrip, book, call, COMPANY, expenseWorld, expectStatus, invoiceNo, receiptFile, tripBody, vatReceipt, type ExpenseWorld } from './helpers';

/**
 * The whole way of a trip and its claim: plan, approve, book, pay an advance, claim, override,
 * approve (manager, then finance over the threshold), pay net of the advance — and what the
 * ledger shows for it: balanced entries linked to their documents, the employee's subsidiary
 * ledger, the trial balance. Plus idempotent submission and payment, and who sees what.
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

const ticket = (fileId: string, amount: number, over: Record<string, unknown> = {}) => ({
  kind: 'rail_e_ticket',
  fileId,
  invoiceNumber: invoiceNo(),
  invoiceAmount: amount,
  invoiceDate: '2026-03-10',
  buyerName: COMPANY.name,
  buyerTaxpayerId: COMPANY.taxpayerId,
  passengerName: '张伟',
  fromCity: '上海',
  toCity: '北京',
  ...over,
});

async function employeeLedger(s = w.finance, userId = w.rep.userId) {
  return call(s, 'GET', `/api/v1/ledger/reports/employees/${userId}?from=2026-01-01&to=2026-12-31`, undefined, 200);
}

describe('trip → bookings → advance → claim → approval → payment → ledger', () => {
  it('runs end to end, nets the advance, and the books balance', async () => {
    // The admin sets the claims' flow: manager, then finance above 2,000.00 (the engine's own configuration).
    await call(w.admin, 'PUT', '/api/v1/approvals/flows/expense_claim', {
      steps: [
        { name: 'Manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' },
        { name: 'Finance', approvers: [{ kind: 'role', role: 'finance' }], mode: 'any', minAmount: 200_000 },
      ],
    }, 200);
    // The rep plans and submits; the manager approves.
    const draft = await call(w.rep, 'POST', '/api/v1/trips', tripBody(), 201);
    expect(draft).toMatchObject({ status: 'draft', number: expect.stringMatching(/^TRIP-2026-\d{5}$/), budgetTotal: 600_000, destinations: ['北京', '上海'], canEdit: true });
    // Bookings need an approved trip.
    const early = await w.assistant.request({ method: 'POST', url: `/api/v1/trips/${draft.id}/bookings`, payload: { kind: 'train', passengerName: '张伟', travelDate: '2026-03-10', price: 100, bookedOn: '2026-03-01' } });
    expect(early.statusCode).toBe(409);
    const submitted = await call(w.rep, 'POST', `/api/v1/trips/${draft.id}/submit`, { version: draft.version }, 200);
    expect(submitted.status).toBe('submitted');
    await approve(w, submitted.approvalRequestId);
    const trip = await call(w.rep, 'GET', `/api/v1/trips/${draft.id}`, undefined, 200);
    expect(trip.status).toBe('approved');

    // The assistant books two tickets and pays an advance of 1,000.00; one ticket is refunded.
    const go = await book(w, trip.id, { kind: 'train', ticketNumber: 'E100000001', fromCity: '上海', toCity: '北京', travelDate: '2026-03-10', travelTime: '08:00', class: '二等座', price: 55_300 });
    const back = await book(w, trip.id, { kind: 'train', ticketNumber: 'E100000002', fromCity: '北京', toCity: '上海', travelDate: '2026-03-12', travelTime: '17:00', class: '二等座', price: 55_300 });
    await call(w.assistant, 'PATCH', `/api/v1/trips/${trip.id}/bookings/${back.id}`, { status: 'refunded', refundAmount: 55_300, version: back.version }, 200);
    const advance = await call(w.assistant, 'POST', `/api/v1/trips/${trip.id}/advances`, { amount: 100_000, paidOn: '2026-03-05', method: 'bank' }, 201);
    expect(advance.ledgerEntryNumber).toMatch(/^JE-2026-\d{6}$/);
    const reps403 = await w.rep.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/advances`, payload: { amount: 1 } });
    expect(reps403.statusCode).toBe(403);
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).openAdvance).toBe(100_000);

    // The rep claims both tickets (one refunded) and a hotel over the cap (tier 1 staff: 500.00 a night).
    const items = [
      { date: '2026-03-10', category: 'travel_transport', amount: 55_300, receipts: [ticket(await receiptFile(w.rep), 55_300, { invoiceNumber: 'E100000001' })] },
      { date: '2026-03-12', category: 'travel_transport', amount: 55_300, receipts: [ticket(await receiptFile(w.rep), 55_300, { invoiceNumber: 'E100000002', fromCity: '北京', toCity: '上海', invoiceDate: '2026-03-12' })] },
      { date: '2026-03-10', category: 'lodging', amount: 140_000, nights: 2, receipts: [vatReceipt(await receiptFile(w.rep), 140_000, { kind: 'hotel_invoice' })] },
    ];
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'Beijing trip', tripId: trip.id, items, submit: true, clientRequestId: 'claim-form-0001' }, 201);
    expect(claim).toMatchObject({ status: 'submitted', total: 250_600, number: expect.stringMatching(/^EXP-2026-\d{5}$/) });
    // Ticket numbers linked the items to their bookings.
    expect(claim.items.map((i: Json) => i.bookingId)).toEqual([go.id, back.id, null]);
    const found = claim.checks.map((k: Json) => k.code).sort();
    expect(found).toEqual(expect.arrayContaining(['refunded_ticket', 'over_cap']));
    // The non-20-digit ticket numbers are flagged too (E100000001 is the assistant's booking reference).
    expect(found.filter((c: string) => c !== 'invoice_number_format')).toEqual(['over_cap', 'refunded_ticket']);
    expect(claim.settlement).toEqual({ total: 250_600, openAdvance: 100_000, advanceToClear: 100_000, toPay: 150_600, employeeOwes: 0 });

    // A retried "create" with the same client request id gives the same claim back.
    const retried = await w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: { title: 'Beijing trip', tripId: trip.id, items, submit: true, clientRequestId: 'claim-form-0001' } });
    expectStatus(retried, 200);
    expect(retried.json().id).toBe(claim.id);
    expect((await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from expense_claims where client_request_id = $1', ['claim-form-0001']))[0].n).toBe(1);

    // The assistant's home page lists the claim with its open findings; search finds it by number, rep B's search does not.
    const bench = await call(w.assistant, 'GET', '/api/v1/workbench', undefined, 200);
    const review = bench.sections.find((x: Json) => x.key === 'claims_to_review');
    expect(review.items.map((i: Json) => i.id)).toContain(claim.id);
    expect((await call(w.assistant, 'GET', `/api/v1/search?q=${claim.number}`, undefined, 200)).items.map((i: Json) => i.id)).toContain(claim.id);
    expect((await call(w.repB, 'GET', `/api/v1/search?q=${claim.number}`, undefined, 200)).items.map((i: Json) => i.id)).not.toContain(claim.id);

    // The assistant overrides the cap with a reason; the refunded ticket stays flagged for the approvers.
    const cap = claim.checks.find((k: Json) => k.code === 'over_cap');
    const overridden = await call(w.assistant, 'POST', `/api/v1/claims/${claim.id}/checks/${cap.id}/override`, { reason: 'Trade fair week: no room under the cap' }, 200);
    expect(overridden.checks.find((k: Json) => k.id === cap.id).overridden).toBe(true);

    // Manager, then finance (the total is over 2,000.00).
    await approve(w, claim.approvalRequestId);
    expect((await call(w.rep, 'GET', `/api/v1/claims/${claim.id}`, undefined, 200)).status).toBe('submitted');
    await approve(w, claim.approvalRequestId, w.finance);
    const approved = await call(w.finance, 'GET', `/api/v1/claims/${claim.id}`, undefined, 200);
    expect(approved).toMatchObject({ status: 'approved', canPay: true });
    const toPay = (await call(w.finance, 'GET', '/api/v1/workbench', undefined, 200)).sections.find((x: Json) => x.key === 'claims_to_pay');
    expect(toPay.items.map((i: Json) => i.id)).toContain(claim.id);
    expect(approved.approvalEntryId).toBeTruthy();

    // Finance pays: 1,000.00 of advance cleared, 1,506.00 to the bank. A replay with the same key pays once.
    const headers = { 'idempotency-key': 'pay-claim-000001' };
    const paid = await call(w.finance, 'POST', `/api/v1/claims/${claim.id}/pay`, { version: approved.version, paidOn: '2026-03-20' }, 200, headers);
    expect(paid.status).toBe('paid');
    expect(paid.payment).toMatchObject({ claimTotal: 250_600, advanceCleared: 100_000, amountPaid: 150_600, paidOn: '2026-03-20' });
    const replay = await w.finance.request({ method: 'POST', url: `/api/v1/claims/${claim.id}/pay`, payload: { version: approved.version, paidOn: '2026-03-20' }, headers });
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const again = await w.finance.request({ method: 'POST', url: `/api/v1/claims/${claim.id}/pay`, payload: { version: paid.version, paidOn: '2026-03-20' } });
    expect(again.statusCode).toBe(409);
    expect((await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from expense_claim_payments where claim_id = $1', [claim.id]))[0].n).toBe(1);

    // The ledger: three entries, each linked to its document and balanced.
    const entries = await rawQuery<{ source_type: string; source_id: string; d: number; c: number }>(
      t.db.handle,
      `select e.source_type, e.source_id, sum(l.debit)::bigint as d, sum(l.credit)::bigint as c from ledger_entries e join ledger_lines l on l.entry_id = e.id
       where e.source_type in ('trip_advance', 'expense_claim', 'expense_claim_payment') and l.trip_id = $1 group by e.id order by e.number`,
      [trip.id],
    );
    expect(entries.map((e) => [e.source_type, Number(e.d), Number(e.c)])).toEqual([
      ['trip_advance', 100_000, 100_000],
      ['expense_claim', 250_600, 250_600],
      ['expense_claim_payment', 250_600, 250_600],
    ]);
    expect(entries[0].source_id).toBe(advance.id);
    expect(entries[1].source_id).toBe(claim.id);
    expect(entries[2].source_id).toBe(paid.payment.id);

    // The employee's subsidiary ledger: nothing owed either way, expenses of 2,506.00 by category.
    const ledger = await employeeLedger();
    const byCode = Object.fromEntries(ledger.accounts.map((a: Json) => [a.code, a]));
    expect(byCode['1221']).toMatchObject({ debit: 100_000, credit: 100_000, closing: 0 });
    expect(byCode['2241']).toMatchObject({ debit: 250_600, credit: 250_600, closing: 0 });
    expect(byCode['660101'].closing).toBe(110_600);
    expect(byCode['660102'].closing).toBe(140_000);
    // The rep reads their own ledger; another rep's is hidden.
    expect((await employeeLedger(w.rep)).accounts.length).toBeGreaterThan(0);
    expect((await w.repB.request({ method: 'GET', url: `/api/v1/ledger/reports/employees/${w.rep.userId}?from=2026-01-01&to=2026-12-31` })).statusCode).toBe(404);

    const tb = await call(w.finance, 'GET', '/api/v1/ledger/reports/trial-balance?from=2026-01-01&to=2026-12-31', undefined, 200);
    expect(tb.isBalanced).toBe(true);
    expect(tb.totals.periodDebit).toBe(tb.totals.periodCredit);
  });

  it('an advance above the claim stays owed by the employee; a second claim on the trip pays in full', async () => {
    const trip = await approvedTrip(w);
    await call(w.assistant, 'POST', `/api/v1/trips/${trip.id}/advances`, { amount: 50_000, paidOn: '2026-03-05', method: 'cash', clientRequestId: 'advance-form-01' }, 201);
    // A retried advance with the same client id pays once.
    const replay = await w.assistant.request({ method: 'POST', url: `/api/v1/trips/${trip.id}/advances`, payload: { amount: 50_000, paidOn: '2026-03-05', method: 'cash', clientRequestId: 'advance-form-01' } });
    expect(replay.statusCode).toBe(200);
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).advances).toHaveLength(1);

    const small = await call(w.rep, 'POST', '/api/v1/claims', { title: 'meals', tripId: trip.id, submit: true, items: [{ date: '2026-03-11', category: 'meals', amount: 8_000, receipts: [vatReceipt(await receiptFile(w.rep), 8_000)] }] }, 201);
    await approve(w, small.approvalRequestId);
    const a = await call(w.finance, 'GET', `/api/v1/claims/${small.id}`, undefined, 200);
    expect(a.status).toBe('approved');
    expect(a.settlement).toEqual({ total: 8_000, openAdvance: 50_000, advanceToClear: 8_000, toPay: 0, employeeOwes: 42_000 });
    const paid = await call(w.finance, 'POST', `/api/v1/claims/${small.id}/pay`, { version: a.version, paidOn: '2026-03-20' }, 200);
    expect(paid.payment).toMatchObject({ advanceCleared: 8_000, amountPaid: 0 });
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).openAdvance).toBe(42_000);

    const second = await call(w.rep, 'POST', '/api/v1/claims', { title: 'more meals', tripId: trip.id, submit: true, items: [{ date: '2026-03-12', category: 'meals', amount: 9_000, receipts: [vatReceipt(await receiptFile(w.rep), 9_000)] }] }, 201);
    await approve(w, second.approvalRequestId);
    const b = await call(w.finance, 'GET', `/api/v1/claims/${second.id}`, undefined, 200);
    const paid2 = await call(w.finance, 'POST', `/api/v1/claims/${second.id}/pay`, { version: b.version }, 200);
    expect(paid2.payment).toMatchObject({ advanceCleared: 9_000, amountPaid: 0 });
    const tripAfter = await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200);
    // A double click on "pay" (no Idempotency-Key): one payment, the other request is refused.
    const third = await call(w.rep, 'POST', '/api/v1/claims', { title: 'taxi', tripId: trip.id, submit: true, items: [{ date: '2026-03-12', category: 'local_transport', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { kind: 'taxi' })] }] }, 201);
    await approve(w, third.approvalRequestId);
    const v = (await call(w.finance, 'GET', `/api/v1/claims/${third.id}`, undefined, 200)).version;
    const clicks = await Promise.all([1, 2].map(() => w.finance.request({ method: 'POST', url: `/api/v1/claims/${third.id}/pay`, payload: { version: v } })));
    expect(clicks.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from expense_claim_payments where claim_id = $1', [third.id]))[0].n).toBe(1);
    expect(tripAfter.openAdvance).toBe(33_000);
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).openAdvance).toBe(31_000);

    // The employee ledger's 1221 balance on this trip is what the trip says is still open.
    const sub = await call(w.finance, 'GET', `/api/v1/ledger/reports/subsidiary?dimension=trip&value=${trip.id}&from=2026-01-01&to=2026-12-31`, undefined, 200);
    const adv = sub.accounts.find((x: Json) => x.code === '1221');
    expect(adv.closing).toBe(31_000);
  });

  it('a rejected trip and a returned claim go where they should; edits need the version read', async () => {
    const trip = await call(w.rep, 'POST', '/api/v1/trips', { ...tripBody(), submit: true }, 201);
    await call(w.manager, 'POST', `/api/v1/approvals/requests/${trip.approvalRequestId}/reject`, { comment: 'Not this month' }, 200);
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).status).toBe('rejected');
    const refused = await w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: { title: 'x', tripId: trip.id, items: [] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'tripId', code: 'not_approved' });

    const local = await call(w.rep, 'POST', '/api/v1/claims', { title: 'taxi', submit: true, items: [{ date: '2026-03-11', category: 'local_transport', amount: 3_000, cityTier: 1, receipts: [vatReceipt(await receiptFile(w.rep), 3_000, { kind: 'taxi' })] }] }, 201);
    await call(w.manager, 'POST', `/api/v1/approvals/requests/${local.approvalRequestId}/return`, { comment: 'Add the route' }, 200);
    const returned = await call(w.rep, 'GET', `/api/v1/claims/${local.id}`, undefined, 200);
    expect(returned).toMatchObject({ status: 'draft', canEdit: true });
    const stale = await w.rep.request({ method: 'PATCH', url: `/api/v1/claims/${local.id}`, payload: { title: 'taxi to customer', version: local.version } });
    expect(stale.statusCode).toBe(409);
    const edited = await call(w.rep, 'PATCH', `/api/v1/claims/${local.id}`, { title: 'taxi to customer', version: returned.version }, 200);
    await call(w.rep, 'POST', `/api/v1/claims/${local.id}/submit`, { version: edited.version }, 200);
    const bad = await w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: { title: 'x', items: [{ date: '2026-02-30', category: 'meals', amount: 1 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('items.0.date');
    const noItems = await w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: { title: 'x', items: [], submit: true } });
    expect(noItems.statusCode).toBe(400);
    expect((await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from expense_claims where title = 'x'`))[0].n).toBe(0);
  });

  it('a returned trip and claim are edited by their owner at the version read and submitted again; others cannot edit', async () => {
    const trip = await call(w.rep, 'POST', '/api/v1/trips', { ...tripBody(), submit: true }, 201);
    // Nobody edits a trip under approval, not even the traveller.
    const underway = await w.rep.request({ method: 'PATCH', url: `/api/v1/trips/${trip.id}`, payload: { purpose: 'x', version: trip.version } });
    expect(underway.statusCode).toBe(409);
    await call(w.manager, 'POST', `/api/v1/approvals/requests/${trip.approvalRequestId}/return`, { comment: 'Go by plane, stay one night less' }, 200);
    const returned = await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200);
    expect(returned).toMatchObject({ status: 'draft', canEdit: true });
    expect((await call(w.manager, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).canEdit).toBe(false);
    const edit = {
      endDate: '2026-03-11',
      legs: [
        { fromCity: '上海', toCity: '北京', departOn: '2026-03-10', arriveOn: '2026-03-10', mode: 'flight', cityTier: 1 },
        { fromCity: '北京', toCity: '天津', departOn: '2026-03-11', arriveOn: '2026-03-11', mode: 'train', cityTier: 2 },
        { fromCity: '天津', toCity: '上海', departOn: '2026-03-11', arriveOn: '2026-03-11', mode: 'flight', cityTier: 2 },
      ],
      budget: [
        { category: 'travel_transport', amount: 310_050 },
        { category: 'lodging', amount: 60_000 },
      ],
      advanceRequested: 150_000,
    };
    // The manager sees the trip but may not change it; another rep does not see it at all; a stale version is refused.
    expectStatus(await w.manager.request({ method: 'PATCH', url: `/api/v1/trips/${trip.id}`, payload: { ...edit, version: returned.version } }), 403);
    expectStatus(await w.repB.request({ method: 'PATCH', url: `/api/v1/trips/${trip.id}`, payload: { ...edit, version: returned.version } }), 404);
    expectStatus(await w.rep.request({ method: 'PATCH', url: `/api/v1/trips/${trip.id}`, payload: { ...edit, version: trip.version } }), 409);
    expect((await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200)).legs).toHaveLength(2);
    const edited = await call(w.rep, 'PATCH', `/api/v1/trips/${trip.id}`, { ...edit, version: returned.version }, 200);
    expect(edited).toMatchObject({ endDate: '2026-03-11', budgetTotal: 370_050, advanceRequested: 150_000, version: returned.version + 1 });
    expect(edited.legs.map((l: Json) => [l.seq, l.toCity, l.mode])).toEqual([
      [1, '北京', 'flight'],
      [2, '天津', 'train'],
      [3, '上海', 'flight'],
    ]);
    expect(edited.budget.map((b: Json) => [b.category, b.amount])).toEqual([
      ['lodging', 60_000],
      ['travel_transport', 310_050],
    ]);
    const again = await call(w.rep, 'POST', `/api/v1/trips/${trip.id}/submit`, { version: edited.version }, 200);
    expect(again.status).toBe('submitted');
    expect(again.approvalRequestId).not.toBe(trip.approvalRequestId);
    const request = await call(w.manager, 'GET', `/api/v1/approvals/requests/${again.approvalRequestId}`, undefined, 200);
    expect(request).toMatchObject({ status: 'pending', amount: 370_050 });
    await approve(w, again.approvalRequestId);

    // A claim returned for changes: its items and receipts are replaced, the checks run again, and
    // its own invoice number is not a duplicate of itself.
    const file = await receiptFile(w.rep);
    const number = invoiceNo();
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'Beijing', tripId: trip.id, submit: true, items: [{ date: '2026-03-10', category: 'meals', amount: 30_000, receipts: [vatReceipt(file, 30_000, { invoiceNumber: number })] }] }, 201);
    expectStatus(await w.rep.request({ method: 'PATCH', url: `/api/v1/claims/${claim.id}`, payload: { title: 'x', version: claim.version } }), 409);
    await call(w.manager, 'POST', `/api/v1/approvals/requests/${claim.approvalRequestId}/return`, { comment: 'Split the taxi out' }, 200);
    const back = await call(w.rep, 'GET', `/api/v1/claims/${claim.id}`, undefined, 200);
    expect(back).toMatchObject({ status: 'draft', canEdit: true });
    const taxi = await receiptFile(w.rep);
    const items = [
      { date: '2026-03-10', category: 'meals', amount: 25_000, receipts: [vatReceipt(file, 25_000, { invoiceNumber: number })] },
      { date: '2026-03-10', category: 'local_transport', amount: 5_000, cityTier: 1, receipts: [vatReceipt(taxi, 5_000, { kind: 'taxi' })] },
    ];
    expectStatus(await w.repB.request({ method: 'PATCH', url: `/api/v1/claims/${claim.id}`, payload: { items, version: back.version } }), 404);
    const fixed = await call(w.rep, 'PATCH', `/api/v1/claims/${claim.id}`, { items, version: back.version }, 200);
    expect(fixed.total).toBe(30_000);
    expect(fixed.items.map((i: Json) => [i.lineNo, i.category, i.amount, i.receipts.length])).toEqual([
      [1, 'meals', 25_000, 1],
      [2, 'local_transport', 5_000, 1],
    ]);
    expect(fixed.checks.filter((k: Json) => k.code === 'duplicate_invoice')).toEqual([]);
    const resubmitted = await call(w.rep, 'POST', `/api/v1/claims/${claim.id}/submit`, { version: fixed.version }, 200);
    expect(resubmitted.status).toBe('submitted');
  });

  it('who sees what: own records for reps, the department for reviewers, 404 for others', async () => {
    const trip = await approvedTrip(w);
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'seen by', tripId: trip.id, items: [{ date: '2026-03-11', category: 'meals', amount: 1_000 }] }, 201);
    for (const s of [w.manager, w.assistant, w.finance, w.admin]) {
      expectStatus(await s.request({ method: 'GET', url: `/api/v1/trips/${trip.id}` }), 200);
      expectStatus(await s.request({ method: 'GET', url: `/api/v1/claims/${claim.id}` }), 200);
    }
    for (const s of [w.repB, w.repOther]) {
      expectStatus(await s.request({ method: 'GET', url: `/api/v1/trips/${trip.id}` }), 404);
      expectStatus(await s.request({ method: 'GET', url: `/api/v1/claims/${claim.id}` }), 404);
      const list = await call(s, 'GET', '/api/v1/claims', undefined, 200);
      expect(list.items.map((c: Json) => c.id)).not.toContain(claim.id);
    }
    const mine = await call(w.rep, 'GET', '/api/v1/trips?mine=true', undefined, 200);
    expect(mine.items.map((x: Json) => x.id)).toContain(trip.id);
    const dept = await call(w.finance, 'GET', `/api/v1/claims?claimantId=${w.rep.userId}`, undefined, 200);
    expect(dept.items.map((x: Json) => x.id)).toContain(claim.id);
    // The exports follow the same rules: rep B's file does not have rep A's claim; finance's does, headers in the reader's language.
    const repBFile = await w.repB.request({ method: 'GET', url: '/api/v1/claims/export?format=csv' });
    expectStatus(repBFile, 200);
    expect(repBFile.body).not.toContain(claim.number);
    await call(w.finance, 'PATCH', '/api/v1/me', { locale: 'zh-CN' }, 200);
    const financeFile = await w.finance.request({ method: 'GET', url: `/api/v1/claims/export?format=csv&claimantId=${w.rep.userId}` });
    expect(financeFile.headers['content-type']).toContain('text/csv');
    expect(financeFile.body).toContain('报销单号');
    expect(financeFile.body).toContain(claim.number);
    const trips = await w.rep.request({ method: 'GET', url: '/api/v1/trips/export?format=xlsx&mine=true' });
    expectStatus(trips, 200);
    expect(trips.headers['content-type']).toContain('spreadsheetml');
  });
});
