import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { createClaim, overrideChecksOfKind } from '../modules/claims/claims.service';
import type { ItemInput } from '../modules/claims/claims.schema';
import { payClaim } from '../modules/claims/payments.service';
import { recordRepayment } from '../modules/trips/advance-repayment.service';
import { createBooking, payAdvance, updateBooking } from '../modules/trips/bookings.service';
import { createTrip, openAdvanceOf } from '../modules/trips/trips.service';
import type { Actor } from '../platform/access/actor';
import { businessToday } from '../platform/approvals/approvals.engine';
import { actOnRequest } from '../platform/approvals/approvals.service';
import { atBusinessDate } from '../platform/approvals/business-date';
import { loadActor } from '../platform/auth/actor-loader';
import { getCompanySettings } from '../platform/settings/settings.service';

/**
 * A year (2026) of business trips and claims through the real services: every rep travels from
 * Shanghai once (approved, tickets and a hotel booked, half of them with an advance), claims the
 * trip, the assistant takes the paper receipts (overriding 'missing receipt'), the manager
 * approves and finance pays net of the advance — all posted to the ledger; the first traveller whose
 * claim left part of the advance unused pays it back (a repayment, Dr bank / Cr 1221).
 * Each step happens on its own day, never after today: the trip is planned ten days ahead, the claim
 * is submitted three days after the return, approved two days later and paid two days after that
 * (its ledger entries dated so), and the approval history carries those days too. Four claims are left
 * waiting with a planted problem the checks must catch (test/expenses/demo.test.ts):
 * - rep05 claims a team dinner whose invoice number rep03 already claimed (duplicate invoice);
 * - rep02 claims a refunded return ticket at full price;
 * - rep04 claims a ticket Shanghai → Nanjing on a trip to Hangzhou (outside the itinerary);
 * - rep06 claims a Chengdu hotel at 880.00 a night (over the 400.00 cap of a tier-2 city, and so over the trip's lodging budget).
 */
const DESTINATIONS = [
  { city: '北京', tier: 1, mode: 'train' as const, fare: 55_300 },
  { city: '杭州', tier: 2, mode: 'train' as const, fare: 7_300 },
  { city: '南京', tier: 2, mode: 'train' as const, fare: 13_450 },
  { city: '广州', tier: 1, mode: 'flight' as const, fare: 98_000 },
  { city: '成都', tier: 2, mode: 'flight' as const, fare: 126_000 },
  { city: '武汉', tier: 2, mode: 'train' as const, fare: 30_200 },
  { city: '宁波', tier: 3, mode: 'train' as const, fare: 14_400 },
  { city: '深圳', tier: 1, mode: 'flight' as const, fare: 105_000 },
  { city: '苏州', tier: 2, mode: 'train' as const, fare: 4_000 },
  { city: '西安', tier: 2, mode: 'flight' as const, fare: 112_000 },
  { city: '无锡', tier: 3, mode: 'train' as const, fare: 5_400 },
];
const HOTEL_NIGHT: Record<number, number> = { 1: 45_000, 2: 36_000, 3: 26_000 };
const MEALS_DAY: Record<number, number> = { 1: 9_000, 2: 7_000, 3: 5_500 };
const HOME = '上海';
/** The travel month of each rep in turn (the planted ones travel late in the year, see below). */
const MONTHS = [1, 11, 9, 11, 2, 10, 3, 4, 5, 6, 7, 8];

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
/** The first Tuesday on or after the 8th of a month of 2026 (never a holiday that year). */
const tuesdayOf = (month: number) => {
  let day = `2026-${String(month).padStart(2, '0')}-08`;
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 2) day = addDays(day, 1);
  return day;
};

/** A moment of a business day in Shanghai (the demo company's time zone), never later than now. */
const at = (day: string, hour: number) => {
  const t = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  return t.getTime() > Date.now() ? new Date() : t;
};

/**
 * Dates an approval's history: submitted at `submitted`, each decided step at the next of
 * `decisions` (its events in order). The services stamp these rows with the seeding moment.
 */
async function backdateApproval(db: Kysely<Database>, requestId: string, submitted: Date, decisions: Date[]) {
  await db.updateTable('approval_requests').set({ created_at: submitted }).where('id', '=', requestId).execute();
  const tasks = await db.selectFrom('approval_tasks').select(['id', 'step_index']).where('request_id', '=', requestId).where('acted_at', 'is not', null).orderBy('step_index').orderBy('id').execute();
  for (const [i, t] of tasks.entries()) await db.updateTable('approval_tasks').set({ acted_at: decisions[Math.min(i, decisions.length - 1)] }).where('id', '=', t.id).execute();
  const events = await db.selectFrom('approval_events').select(['id', 'action']).where('request_id', '=', requestId).orderBy('id').execute();
  let decided = 0;
  for (const e of events) {
    const when = e.action === 'submit' ? submitted : decisions[Math.min(decided++, decisions.length - 1)];
    if (when) await db.updateTable('approval_events').set({ at: when }).where('id', '=', e.id).execute();
  }
  const last = decisions[Math.min(tasks.length, decisions.length) - 1];
  if (last) await db.updateTable('approval_requests').set({ decided_at: last }).where('id', '=', requestId).where('decided_at', 'is not', null).execute();
}

let seq = 0;
/** A 20-digit fully digital e-invoice number of 2026. */
const invoiceNumber = () => `263100${String(7_000_000_000_000 + ++seq).padStart(14, '0')}`;

interface Planted {
  refundedReturn?: boolean;
  ticketOffRoute?: string;
  hotelPerNight?: number;
  dinnerInvoice?: string;
}

export async function seedExpenses(db: Kysely<Database>, ids: Map<string, string>): Promise<{ trips: number; claims: number }> {
  if (!ids.get('manager') || !ids.get('assistant1') || !ids.get('finance')) return { trips: 0, claims: 0 };
  const actor = async (key: string) => (await loadActor(db, ids.get(key)!))!;
  const manager = await actor('manager');
  const assistant = await actor('assistant1');
  const finance = await actor('finance');
  const { companyName, taxpayerId } = await getCompanySettings(db);
  const buyer = { buyerName: companyName, buyerTaxpayerId: taxpayerId ?? null };
  const reps = [...ids.keys()].filter((k) => /^rep\d+$/.test(k)).sort();
  const sharedDinner = invoiceNumber();
  let trips = 0;
  let claims = 0;
  let repaidOne = false;
  const today = await businessToday(db);
  /** A day `n` days from `day`, but never after today: what happens then is replayed on that day. */
  const dayOf = (day: string, n: number) => {
    const d = addDays(day, n);
    return d > today ? today : d;
  };

  async function tripFor(rep: Actor, index: number, month: number, dest: (typeof DESTINATIONS)[number], planted: Planted = {}, settle = true) {
    const passenger = (rep.displayName.match(/[\u3400-\u9fff]+/g) ?? [rep.displayName]).join('');
    const start = tuesdayOf(month);
    const end = addDays(start, 2);
    const hotelNight = planted.hotelPerNight ?? HOTEL_NIGHT[dest.tier];
    const planned = dayOf(start, -10);
    const tripApproved = dayOf(start, -8);
    const trip = await atBusinessDate(planned, () => createTrip(db, rep, {
      purpose: `拜访${dest.city}客户 Customer visits in ${dest.city}`,
      startDate: start,
      endDate: end,
      customerIds: [],
      legs: [
        { fromCity: HOME, toCity: dest.city, departOn: start, arriveOn: start, mode: dest.mode, cityTier: dest.tier },
        { fromCity: dest.city, toCity: HOME, departOn: end, arriveOn: end, mode: dest.mode, cityTier: dest.tier },
      ],
      budget: [
        { category: 'travel_transport', amount: dest.fare * 2 + 20_000 },
        { category: 'lodging', amount: HOTEL_NIGHT[dest.tier] * 2 },
        { category: 'meals', amount: MEALS_DAY[dest.tier] * 3 },
        { category: 'local_transport', amount: 15_000 },
        { category: 'other', amount: 20_000 },
      ],
      advanceRequested: index % 2 === 0 ? 200_000 : 0,
      submit: true,
    }));
    trips++;
    await atBusinessDate(tripApproved, () => actOnRequest(db, manager, trip.approvalRequestId!, 'approve', {}));
    await backdateApproval(db, trip.approvalRequestId!, at(planned, 9), [at(tripApproved, 10)]);
    const bookedOn = addDays(start, -7);
    const ticket = (from: string, to: string, date: string, time: string) =>
      createBooking(db, assistant, trip.id, { kind: dest.mode, passengerName: passenger, ticketNumber: invoiceNumber(), fromCity: from, toCity: to, travelDate: date, travelTime: time, class: dest.mode === 'train' ? '二等座' : '经济舱', price: dest.fare, bookedOn });
    const go = await ticket(HOME, dest.city, start, '08:30');
    const back = await ticket(dest.city, HOME, end, '17:30');
    const hotel = await createBooking(db, assistant, trip.id, { kind: 'hotel', passengerName: passenger, ticketNumber: null, toCity: dest.city, travelDate: start, nights: 2, price: hotelNight * 2, bookedOn });
    if (planted.refundedReturn) {
      // The customer came to Shanghai instead: the return ticket was refunded (a 5 % fee kept).
      const refund = Math.round(dest.fare * 0.95);
      await updateBooking(db, assistant, trip.id, back.id, { status: 'refunded', refundAmount: refund, version: back.version });
    }
    const advanced = dayOf(start, -3);
    if (index % 2 === 0) await atBusinessDate(advanced, () => payAdvance(db, assistant, trip.id, { amount: 200_000, paidOn: advanced, method: 'bank' }));
    await db.updateTable('trip_bookings').set({ created_at: at(bookedOn, 14), updated_at: at(bookedOn, 14) }).where('trip_id', '=', trip.id).execute();
    await db.updateTable('trip_advances').set({ created_at: at(advanced, 15) }).where('trip_id', '=', trip.id).execute();
    const tripUpdated = at(index % 2 === 0 ? advanced : bookedOn, 15);
    await db.updateTable('trips').set({ created_at: at(planned, 9), submitted_at: at(planned, 9), decided_at: at(tripApproved, 10), updated_at: tripUpdated }).where('id', '=', trip.id).execute();

    const ticketReceipt = (number: string, from: string, to: string, date: string, amount = dest.fare) => ({
      kind: dest.mode === 'train' ? ('rail_e_ticket' as const) : ('flight_itinerary' as const),
      invoiceNumber: number,
      invoiceAmount: amount,
      invoiceDate: date,
      passengerName: passenger,
      fromCity: from,
      toCity: to,
      ...buyer,
    });
    const items: ItemInput[] = [
      { date: start, category: 'travel_transport', amount: dest.fare, bookingId: go.id, receipts: [ticketReceipt(go.ticketNumber!, HOME, dest.city, start)] },
      { date: start, category: 'lodging', amount: hotelNight * 2, nights: 2, bookingId: hotel.id, receipts: [{ kind: 'hotel_invoice', invoiceNumber: invoiceNumber(), invoiceAmount: hotelNight * 2, invoiceDate: end, ...buyer }] },
      { date: addDays(start, 1), category: 'meals', amount: MEALS_DAY[dest.tier] - 500, receipts: [{ kind: 'vat_invoice', invoiceNumber: planted.dinnerInvoice ?? invoiceNumber(), invoiceAmount: MEALS_DAY[dest.tier] - 500, invoiceDate: addDays(start, 1), ...buyer }] },
    ];
    if (planted.ticketOffRoute) {
      items.push({ date: end, category: 'travel_transport', amount: 13_450, receipts: [ticketReceipt(invoiceNumber(), HOME, planted.ticketOffRoute, end, 13_450)] });
    } else {
      items.push({ date: end, category: 'travel_transport', amount: dest.fare, bookingId: back.id, receipts: [ticketReceipt(back.ticketNumber!, dest.city, HOME, end)] });
    }
    const submitted = dayOf(end, 3);
    const { claim } = await atBusinessDate(submitted, () => createClaim(db, rep, { title: `${trip.number} ${dest.city}`, tripId: trip.id, items, submit: true }));
    claims++;
    await db.updateTable('expense_claims').set({ created_at: at(submitted, 9), submitted_at: at(submitted, 9), updated_at: at(submitted, 9) }).where('id', '=', claim.id).execute();
    await db.updateTable('expense_claim_checks').set({ created_at: at(submitted, 9) }).where('claim_id', '=', claim.id).execute();
    if (!settle) {
      await backdateApproval(db, claim.approvalRequestId!, at(submitted, 9), []);
      return;
    }
    const approved = dayOf(end, 5);
    const paidOn = dayOf(end, 7);
    await atBusinessDate(approved, async () => {
      // The assistant has the paper receipts in hand.
      await overrideChecksOfKind(db, assistant, claim.id, 'missing_receipt', '纸质票据已收 Paper receipt received');
      await actOnRequest(db, manager, claim.approvalRequestId!, 'approve', {});
      const pending = await db.selectFrom('approval_requests').select(['id', 'status']).where('id', '=', claim.approvalRequestId!).executeTakeFirstOrThrow();
      if (pending.status === 'pending') await actOnRequest(db, finance, pending.id, 'approve', {});
    });
    await db.updateTable('expense_claim_checks').set({ overridden_at: at(approved, 9) }).where('claim_id', '=', claim.id).where('overridden_at', 'is not', null).execute();
    await backdateApproval(db, claim.approvalRequestId!, at(submitted, 9), [at(approved, 10), at(approved, 11)]);
    const version = (await db.selectFrom('expense_claims').select('version').where('id', '=', claim.id).executeTakeFirstOrThrow()).version;
    await atBusinessDate(paidOn, () => payClaim(db, finance, claim.id, { version, method: 'bank', paidOn }));
    const decidedAt = (await db.selectFrom('approval_requests').select('decided_at').where('id', '=', claim.approvalRequestId!).executeTakeFirstOrThrow()).decided_at;
    await db.updateTable('expense_claims').set({ decided_at: decidedAt, paid_at: at(paidOn, 15), updated_at: at(paidOn, 15) }).where('id', '=', claim.id).execute();
    await db.updateTable('expense_claim_payments').set({ created_at: at(paidOn, 15) }).where('claim_id', '=', claim.id).execute();
    // The first traveller whose claim left part of the advance unused pays it back; the others still owe theirs.
    const unused = await openAdvanceOf(db, trip.id);
    if (unused > 0 && !repaidOne) {
      const repaidOn = dayOf(end, 9);
      await atBusinessDate(repaidOn, () => recordRepayment(db, finance, trip.id, { amount: unused, method: 'bank', repaidOn, note: '借款余额退回 Unused advance returned' }));
      repaidOne = true;
    }
  }

  const planted: Record<string, { month: number; dest: number; planted: Planted }> = {
    rep02: { month: 11, dest: 0, planted: { refundedReturn: true } },
    rep03: { month: 9, dest: 5, planted: { dinnerInvoice: sharedDinner } },
    rep04: { month: 11, dest: 1, planted: { ticketOffRoute: '南京' } },
    rep06: { month: 10, dest: 4, planted: { hotelPerNight: 88_000 } },
  };
  for (const [i, key] of reps.entries()) {
    const rep = await actor(key);
    const p = planted[key];
    const month = p?.month ?? MONTHS[i % MONTHS.length];
    const dest = DESTINATIONS[p?.dest ?? i % DESTINATIONS.length];
    // The planted problems stay waiting for review; rep03's dinner was claimed and paid long ago.
    await tripFor(rep, i, month, dest, p?.planted, !p || key === 'rep03');
  }
  // rep05 claims the same team dinner rep03 already claimed, as a local expense.
  if (ids.get('rep05')) {
    const rep05 = await actor('rep05');
    const dinner = addDays(tuesdayOf(9), 1);
    const submitted = dayOf(dinner, 60);
    const { claim } = await atBusinessDate(submitted, () => createClaim(db, rep05, {
      title: '团队晚餐 Team dinner with a customer',
      submit: true,
      items: [{ date: dinner, category: 'entertainment', amount: 6_500, cityTier: 2, receipts: [{ kind: 'vat_invoice', invoiceNumber: sharedDinner, invoiceAmount: 6_500, invoiceDate: dinner, ...buyer }] }],
    }));
    await db.updateTable('expense_claims').set({ created_at: at(submitted, 9), submitted_at: at(submitted, 9), updated_at: at(submitted, 9) }).where('id', '=', claim.id).execute();
    await db.updateTable('expense_claim_checks').set({ created_at: at(submitted, 9) }).where('claim_id', '=', claim.id).execute();
    await backdateApproval(db, claim.approvalRequestId!, at(submitted, 9), []);
    claims++;
  }
  return { trips, claims };
}
