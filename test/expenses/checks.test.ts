import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { COMPANY, approvedTrip, book, call, codes, expenseWorld, invoiceNo, receiptFile, vatReceipt, type ExpenseWorld } from './helpers';

/**
 * Every automatic check of a claim, each with a case that trips it and one that does not, on a
 * real database through the API. The clean claim (a train ticket on the itinerary, two hotel
 * nights under the cap, a meal) gets no finding at all.
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

const ticketReceipt = (fileId: string, over: Record<string, unknown> = {}) => ({
  kind: 'rail_e_ticket',
  fileId,
  invoiceNumber: invoiceNo(),
  invoiceAmount: 55_300,
  invoiceDate: '2026-03-10',
  buyerName: COMPANY.name,
  buyerTaxpayerId: COMPANY.taxpayerId,
  passengerName: '张伟',
  fromCity: '上海',
  toCity: '北京',
  ...over,
});

async function cleanItems(trip: Json) {
  const ticket = await book(w, trip.id, { kind: 'train', ticketNumber: 'E123456789', fromCity: '上海', toCity: '北京', travelDate: '2026-03-10', travelTime: '08:00', class: '二等座', price: 55_300 });
  return [
    { date: '2026-03-10', category: 'travel_transport', amount: 55_300, bookingId: ticket.id, receipts: [ticketReceipt(await receiptFile(w.rep))] },
    { date: '2026-03-10', category: 'lodging', amount: 80_000, nights: 2, receipts: [vatReceipt(await receiptFile(w.rep), 80_000, { kind: 'hotel_invoice' })] },
    { date: '2026-03-11', category: 'meals', amount: 8_000, receipts: [vatReceipt(await receiptFile(w.rep), 8_000)] },
  ];
}

async function claim(items: unknown[], tripId: string | null, who = w.rep) {
  return call(who, 'POST', '/api/v1/claims', { title: 'Beijing trip', tripId, items }, 201);
}

describe('claim checks', () => {
  let trip: Json;
  beforeAll(async () => {
    trip = await approvedTrip(w);
  }, 60_000);

  it('a clean claim has no finding', async () => {
    const c = await claim(await cleanItems(trip), trip.id);
    expect(c.checks).toEqual([]);
    expect(c.total).toBe(55_300 + 80_000 + 8_000);
    expect(c.items[0].receipts[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('duplicate invoice number: across claims and reps, ever; distinct numbers pass', async () => {
    const number = invoiceNo();
    const first = await claim([{ date: '2026-03-11', category: 'meals', amount: 5_000, receipts: [vatReceipt(await receiptFile(w.rep), 5_000, { invoiceNumber: number })] }], trip.id);
    expect(codes(first)).toEqual([]);
    const tripB = await approvedTrip(w, {}, w.repB);
    const second = await claim([{ date: '2026-03-11', category: 'meals', amount: 5_000, receipts: [vatReceipt(await receiptFile(w.repB), 5_000, { invoiceNumber: number })] }], tripB.id, w.repB);
    const dup = second.checks.find((c: Json) => c.code === 'duplicate_invoice');
    expect(dup).toMatchObject({ severity: 'high', lineNo: 1, params: { number } });
    expect(dup.matches).toEqual([expect.objectContaining({ type: 'claim', id: first.id, claimNumber: first.number, claimantName: '张伟 Zhang Wei', lineNo: 1 })]);
    expect(dup.explanation).toContain(number);
    // The first claim sees it too once its checks run again; the registry recorded both uses.
    const again = await call(w.rep, 'POST', `/api/v1/claims/${first.id}/recheck`, undefined, 200);
    expect(codes(again)).toEqual(['duplicate_invoice@1']);
    const [reg] = await rawQuery<{ use_count: number }>(t.db.handle, 'select use_count from invoice_numbers where number = $1', [number]);
    expect(reg.use_count).toBe(2);
    // Chinese explanation for a Chinese reader.
    await call(w.repB, 'PATCH', '/api/v1/me', { locale: 'zh-CN' }, 200);
    const zh = await call(w.repB, 'GET', `/api/v1/claims/${second.id}`, undefined, 200);
    expect(zh.checks.find((c: Json) => c.code === 'duplicate_invoice').explanation).toContain('已在其他报销中使用');
  });

  it('two claims using one number at the same moment: the registry row serialises them and the later one is flagged', async () => {
    const number = invoiceNo();
    const body = async (who = w.rep) => ({ title: 'race', tripId: null, items: [{ date: '2026-03-11', category: 'meals', amount: 1_000, cityTier: 2, receipts: [vatReceipt(await receiptFile(who), 1_000, { invoiceNumber: number })] }] });
    const [a, b] = [await body(), await body()];
    const res = await Promise.all([w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: a }), w.rep.request({ method: 'POST', url: '/api/v1/claims', payload: b })]);
    expect(res.map((r) => r.statusCode)).toEqual([201, 201]);
    const flagged = res.filter((r) => r.json().checks.some((k: Json) => k.code === 'duplicate_invoice'));
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    const [reg] = await rawQuery<{ use_count: number }>(t.db.handle, 'select use_count from invoice_numbers where number = $1', [number]);
    expect(reg.use_count).toBe(2);
  });

  it('number format: a 5-digit rail ticket, a 20-digit number of the wrong year, a missing VAT number; 8-digit VAT and 13-digit e-ticket pass', async () => {
    const c = await claim(
      [
        { date: '2026-03-10', category: 'travel_transport', amount: 1_000, receipts: [ticketReceipt(await receiptFile(w.rep), { invoiceNumber: '12345', invoiceAmount: 1_000 })] },
        { date: '2026-03-11', category: 'meals', amount: 1_000, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { invoiceNumber: '18310000000000000001' })] },
        { date: '2026-03-11', category: 'meals', amount: 1_000, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { invoiceNumber: null })] },
        { date: '2026-03-11', category: 'meals', amount: 1_000, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { invoiceNumber: '0' + String(Date.now()).slice(-7) })] },
        { date: '2026-03-10', category: 'travel_transport', amount: 1_000, receipts: [{ kind: 'flight_itinerary', fileId: await receiptFile(w.rep), invoiceNumber: `781-${String(Date.now()).slice(-10)}`, passengerName: 'Zhang Wei', fromCity: '上海', toCity: '北京' }] },
      ],
      trip.id,
    );
    const format = c.checks.filter((k: Json) => k.code === 'invoice_number_format');
    expect(format.map((k: Json) => [k.lineNo, k.params.problem]).sort()).toEqual([
      [1, 'pattern'],
      [2, 'year'],
      [3, 'missing'],
    ]);
  });

  it("buyer: another company's name or taxpayer id, or a VAT invoice without it; ours passes", async () => {
    const c = await claim(
      [
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { buyerName: '个人' })] },
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { buyerTaxpayerId: '91110000600000000X' })] },
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { buyerTaxpayerId: null })] },
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { buyerName: ` ${COMPANY.name} `, buyerTaxpayerId: COMPANY.taxpayerId.toLowerCase() })] },
      ],
      trip.id,
    );
    const buyer = c.checks.filter((k: Json) => k.code === 'buyer_not_company');
    expect(buyer.map((k: Json) => [k.lineNo, k.params.field]).sort()).toEqual([
      [1, 'name'],
      [2, 'taxpayerId'],
      [3, 'taxpayerId'],
    ]);
  });

  it('the same receipt file (content) used twice; a different file passes', async () => {
    const text = `same receipt ${Math.random()}`;
    const a = await receiptFile(w.rep, text);
    const b = await receiptFile(w.rep, text);
    const first = await claim([{ date: '2026-03-11', category: 'meals', amount: 3_000, receipts: [vatReceipt(a, 3_000)] }], trip.id);
    expect(codes(first)).toEqual([]);
    const second = await claim([{ date: '2026-03-11', category: 'meals', amount: 3_000, receipts: [vatReceipt(b, 3_000)] }], trip.id);
    const dup = second.checks.find((k: Json) => k.code === 'duplicate_receipt_file');
    expect(dup.matches[0]).toMatchObject({ id: first.id, claimNumber: first.number });
  });

  it("a ticket for someone else; the traveller's Chinese or Latin name passes", async () => {
    const c = await claim(
      [
        { date: '2026-03-10', category: 'travel_transport', amount: 55_300, receipts: [ticketReceipt(await receiptFile(w.rep), { passengerName: '李四' })] },
        { date: '2026-03-10', category: 'travel_transport', amount: 55_300, receipts: [ticketReceipt(await receiptFile(w.rep), { passengerName: 'zhang wei' })] },
      ],
      trip.id,
    );
    expect(codes(c).filter((x) => x.startsWith('passenger'))).toEqual(['passenger_mismatch@1']);
    expect(c.checks.find((k: Json) => k.code === 'passenger_mismatch').params).toMatchObject({ passenger: '李四', traveller: '张伟 Zhang Wei' });
  });

  it('a ticket off the itinerary (route, date); one on it passes', async () => {
    const c = await claim(
      [
        { date: '2026-03-10', category: 'travel_transport', amount: 60_000, receipts: [ticketReceipt(await receiptFile(w.rep), { toCity: '广州', invoiceAmount: 60_000 })] },
        { date: '2026-03-11', category: 'travel_transport', amount: 55_300, receipts: [ticketReceipt(await receiptFile(w.rep), { invoiceDate: '2026-03-11' })] },
        { date: '2026-03-12', category: 'travel_transport', amount: 55_300, receipts: [ticketReceipt(await receiptFile(w.rep), { fromCity: '北京南站', toCity: '上海虹桥', invoiceDate: '2026-03-12' })] },
        { date: '2026-03-12', category: 'travel_transport', amount: 55_300, receipts: [ticketReceipt(await receiptFile(w.rep), { fromCity: '北京', toCity: '上海', invoiceDate: '2026-03-12' })] },
      ],
      trip.id,
    );
    const off = c.checks.filter((k: Json) => k.code === 'outside_itinerary');
    expect(off.map((k: Json) => [k.lineNo, k.params.reason]).sort()).toEqual([
      [1, 'route'],
      [2, 'date'],
      // 北京南站 → 上海虹桥 are stations, not the itinerary's cities: the assistant sees it and overrides.
      [3, 'route'],
    ]);
    expect(off[0].matches.map((m: Json) => m.type)).toEqual(['leg', 'leg']);
  });

  it('a refunded ticket claimed at full price; its fee alone passes', async () => {
    const b = await book(w, trip.id, { kind: 'train', ticketNumber: `R${Date.now()}`, fromCity: '上海', toCity: '北京', travelDate: '2026-03-10', price: 55_300 });
    await call(w.assistant, 'PATCH', `/api/v1/trips/${trip.id}/bookings/${b.id}`, { status: 'refunded', refundAmount: 50_000, version: b.version }, 200);
    const full = await claim([{ date: '2026-03-10', category: 'travel_transport', amount: 55_300, bookingId: b.id, receipts: [ticketReceipt(await receiptFile(w.rep))] }], trip.id);
    expect(full.checks.find((k: Json) => k.code === 'refunded_ticket').params).toMatchObject({ status: 'refunded', price: 55_300, refund: 50_000, allowed: 5_300, claimed: 55_300 });
    const fee = await claim([{ date: '2026-03-10', category: 'travel_transport', amount: 5_300, bookingId: b.id, receipts: [ticketReceipt(await receiptFile(w.rep), { invoiceAmount: 5_300 })] }], trip.id);
    expect(codes(fee).filter((x) => x.startsWith('refunded'))).toEqual([]);
  });

  it('a reissued ticket whose original was claimed as well (the changed original is flagged too); the reissue alone passes', async () => {
    const original = await book(w, trip.id, { kind: 'train', ticketNumber: `O${Date.now()}`, fromCity: '北京', toCity: '上海', travelDate: '2026-03-12', price: 55_300 });
    const reissue = await book(w, trip.id, { kind: 'train', ticketNumber: `N${Date.now()}`, fromCity: '北京', toCity: '上海', travelDate: '2026-03-12', travelTime: '18:00', price: 55_300, originalBookingId: original.id });
    expect(reissue.status).toBe('reissued');
    const after = await call(w.rep, 'GET', `/api/v1/trips/${trip.id}`, undefined, 200);
    expect(after.bookings.find((b: Json) => b.id === original.id).status).toBe('changed');
    const alone = await claim([{ date: '2026-03-12', category: 'travel_transport', amount: 55_300, bookingId: reissue.id, receipts: [ticketReceipt(await receiptFile(w.rep), { fromCity: '北京', toCity: '上海', invoiceDate: '2026-03-12' })] }], trip.id);
    expect(codes(alone)).toEqual([]);
    await call(w.rep, 'POST', `/api/v1/claims/${alone.id}/cancel`, { version: alone.version }, 200);
    const both = await claim(
      [
        { date: '2026-03-12', category: 'travel_transport', amount: 55_300, bookingId: original.id, receipts: [ticketReceipt(await receiptFile(w.rep), { fromCity: '北京', toCity: '上海', invoiceDate: '2026-03-12' })] },
        { date: '2026-03-12', category: 'travel_transport', amount: 55_300, bookingId: reissue.id, receipts: [ticketReceipt(await receiptFile(w.rep), { fromCity: '北京', toCity: '上海', invoiceDate: '2026-03-12' })] },
      ],
      trip.id,
    );
    expect(codes(both)).toEqual(['refunded_ticket@1', 'reissued_original_claimed@2']);
    expect(both.checks.find((k: Json) => k.code === 'reissued_original_claimed').matches[0]).toMatchObject({ id: both.id, lineNo: 1 });
  });

  it('over the cap for the grade and city tier (per night, per day); a higher grade passes', async () => {
    const c = await claim(
      [
        { date: '2026-03-10', category: 'lodging', amount: 60_000, nights: 1, receipts: [vatReceipt(await receiptFile(w.rep), 60_000, { kind: 'hotel_invoice' })] },
        { date: '2026-03-11', category: 'meals', amount: 7_000, receipts: [vatReceipt(await receiptFile(w.rep), 7_000)] },
        { date: '2026-03-11', category: 'meals', amount: 4_000, receipts: [vatReceipt(await receiptFile(w.rep), 4_000)] },
      ],
      trip.id,
    );
    expect(codes(c)).toEqual(['over_cap@1', 'over_cap@2']);
    const night = c.checks.find((k: Json) => k.lineNo === 1);
    expect(night.params).toMatchObject({ unit: 'night', grade: 'staff', tier: 1, cap: 50_000, claimed: 60_000 });
    expect(c.checks.find((k: Json) => k.lineNo === 2).params).toMatchObject({ unit: 'day', cap: 10_000, claimed: 11_000, lines: [2, 3] });
    // The explanation and the cap it matched name the grade, city tier and category in words, in the reader's language.
    expect(night.explanation).toBe('Lodging at 600.00 a night (600.00 for 1) is over the cap of 500.00 a night (Staff grade, tier-1 city, lodging).');
    expect(night.matches).toEqual([expect.objectContaining({ type: 'cap', label: 'Staff grade, tier-1 city, lodging' })]);
    expect(c.checks.find((k: Json) => k.lineNo === 2).explanation).toBe('Meals on 2026-03-11 come to 110.00, over the daily cap of 100.00 (Staff grade, tier-1 city, meals).');
    await call(w.rep, 'PATCH', '/api/v1/me', { locale: 'zh-CN' }, 200);
    const zh = await call(w.rep, 'GET', `/api/v1/claims/${c.id}`, undefined, 200);
    await call(w.rep, 'PATCH', '/api/v1/me', { locale: 'en' }, 200);
    const zhNight = zh.checks.find((k: Json) => k.lineNo === 1);
    expect(zhNight.explanation).toBe('住宿费每晚 600.00（1 晚共 600.00）超过标准 500.00/晚（普通员工，一线城市，住宿费）。');
    expect(zhNight.matches).toEqual([expect.objectContaining({ type: 'cap', label: '普通员工，一线城市，住宿费' })]);
    expect(zh.checks.find((k: Json) => k.lineNo === 2).explanation).toBe('2026-03-11 的伙食补助 110.00 超过每日标准 100.00（普通员工，一线城市，伙食补助）。');
    // Finance makes the rep a manager-grade traveller: the same claim passes.
    await call(w.finance, 'PUT', `/api/v1/expense-policy/grades/${w.rep.userId}`, { grade: 'manager' }, 200);
    const again = await call(w.rep, 'POST', `/api/v1/claims/${c.id}/recheck`, undefined, 200);
    expect(codes(again)).toEqual([]);
    await call(w.finance, 'PUT', `/api/v1/expense-policy/grades/${w.rep.userId}`, { grade: 'staff' }, 200);
  });

  it('over the approved budget (per category and in total, with the trip\'s other claims); within it passes', async () => {
    const small = await approvedTrip(w, { budget: [{ category: 'other', amount: 10_000 }, { category: 'meals', amount: 10_000 }] });
    const within = await claim([{ date: '2026-03-11', category: 'meals', amount: 9_000, receipts: [vatReceipt(await receiptFile(w.rep), 9_000)] }], small.id);
    expect(codes(within)).toEqual([]);
    await call(w.rep, 'POST', `/api/v1/claims/${within.id}/submit`, { version: within.version }, 200);
    const over = await claim([{ date: '2026-03-11', category: 'samples', amount: 12_000, receipts: [vatReceipt(await receiptFile(w.rep), 12_000)] }], small.id);
    const budget = over.checks.filter((k: Json) => k.code === 'over_budget');
    expect(budget.map((k: Json) => [k.params.category, k.params.claimed, k.params.budget]).sort()).toEqual([
      ['other', 12_000, 10_000],
      [null, 21_000, 20_000],
    ].sort());
  });

  it('weekends and public holidays; an adjusted working Saturday passes', async () => {
    const c = await claim(
      [
        { date: '2026-03-14', category: 'local_transport', amount: 1_000, cityTier: 2, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { kind: 'taxi' })] },
        { date: '2026-05-01', category: 'local_transport', amount: 1_000, cityTier: 2, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { kind: 'taxi' })] },
        { date: '2026-02-28', category: 'local_transport', amount: 1_000, cityTier: 2, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { kind: 'taxi' })] },
        { date: '2026-03-16', category: 'local_transport', amount: 1_000, cityTier: 2, receipts: [vatReceipt(await receiptFile(w.rep), 1_000, { kind: 'taxi' })] },
      ],
      null,
    );
    const days = c.checks.filter((k: Json) => k.code === 'weekend_or_holiday');
    expect(days.map((k: Json) => [k.lineNo, k.params.kind]).sort()).toEqual([
      [1, 'weekend'],
      [2, 'holiday'],
    ]);
    expect(days.find((k: Json) => k.lineNo === 2).params.nameZh).toBe('劳动节');
  });

  it('a missing receipt file, an amount over the receipts, an item outside the trip dates; complete items pass', async () => {
    const c = await claim(
      [
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [] },
        { date: '2026-03-11', category: 'meals', amount: 3_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_500)] },
        { date: '2026-03-13', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000, { invoiceDate: '2026-03-13' })] },
        { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000)] },
      ],
      trip.id,
    );
    expect(codes(c)).toEqual(['amount_over_invoice@2', 'missing_receipt@1', 'outside_trip_dates@3']);
  });

  it('checks run again when items change; an override survives a re-run of the same finding and is audited; claimants and other reps cannot override', async () => {
    const c = await claim([{ date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [] }, { date: '2026-03-14', category: 'meals', amount: 2_000, receipts: [] }], trip.id);
    expect(codes(c)).toEqual(['missing_receipt@1', 'missing_receipt@2', 'outside_trip_dates@2', 'weekend_or_holiday@2']);
    const missing = c.checks.find((k: Json) => k.code === 'missing_receipt' && k.lineNo === 1);
    const rep403 = await w.rep.request({ method: 'POST', url: `/api/v1/claims/${c.id}/checks/${missing.id}/override`, payload: { reason: 'mine' } });
    expect(rep403.statusCode).toBe(403);
    const other = await w.repB.request({ method: 'POST', url: `/api/v1/claims/${c.id}/checks/${missing.id}/override`, payload: { reason: 'x' } });
    expect(other.statusCode).toBe(404);
    const noReason = await w.assistant.request({ method: 'POST', url: `/api/v1/claims/${c.id}/checks/${missing.id}/override`, payload: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    const overridden = await call(w.assistant, 'POST', `/api/v1/claims/${c.id}/checks/${missing.id}/override`, { reason: 'Paper receipt in the finance box' }, 200);
    const o = overridden.checks.find((k: Json) => k.id === missing.id);
    expect(o).toMatchObject({ overridden: true, overrideReason: 'Paper receipt in the finance box', overriddenByName: 'Assistant Li' });
    expect(overridden.openChecks).toBe(3);
    // The rep fixes line 2 only: line 1's finding comes back with its override; line 2's are gone.
    const edited = await call(
      w.rep,
      'PATCH',
      `/api/v1/claims/${c.id}`,
      { version: overridden.version, items: [{ date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [] }, { date: '2026-03-11', category: 'meals', amount: 2_000, receipts: [vatReceipt(await receiptFile(w.rep), 2_000)] }] },
      200,
    );
    expect(codes(edited)).toEqual(['missing_receipt@1']);
    expect(edited.checks[0]).toMatchObject({ overridden: true, overrideReason: 'Paper receipt in the finance box' });
    const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_id = $1 and action like 'expense_claim.%' order by seq`, [c.id]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['expense_claim.create', 'expense_claim.checks', 'expense_claim.override', 'expense_claim.update']));
  });
});
