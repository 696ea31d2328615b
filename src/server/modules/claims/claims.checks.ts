import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { tripForClaim, type TripForClaim } from '../trips/trips.service';
import {
  calendarBetween,
  capsOfGrade,
  claimItems,
  claimReceipts,
  gradeOf,
  itemsForBookings,
  normaliseNumber,
  numberUses,
  otherClaimsOfTrip,
  receiptsWithHashes,
  type ItemRow,
  type ReceiptRow,
} from './claims.repo';
import type { CheckMatch } from './claims.schema';
import { capLabel } from './claims.texts';
import { BUDGET_CATEGORIES } from '../trips/trips.schema';

/**
 * The automatic checks of a claim. Each finding names its rule (code), how serious it is, the
 * claim line, the values behind the message (params) and the records it matched. They warn and
 * never block: a reviewer overrides a finding with a reason. docs/expenses.md states each rule.
 */
type Trx = Transaction<Database>;

export interface Finding {
  key: string;
  code: string;
  severity: 'info' | 'warning' | 'high';
  lineNo: number | null;
  params: Record<string, unknown>;
  matches: CheckMatch[];
}

const TICKET_KINDS = new Set(['rail_e_ticket', 'flight_itinerary']);
const BUYER_KINDS = new Set(['vat_invoice', 'hotel_invoice', 'rail_e_ticket', 'flight_itinerary']);

/**
 * Invoice / ticket number formats (normalised: no spaces or dashes):
 * - fully digital e-invoices (数电发票, incl. rail e-tickets and the digital flight itinerary since 2024): 20 digits,
 *   the first two the year of issue;
 * - older VAT invoices: the 8-digit invoice number, optionally after its 10- or 12-digit invoice code;
 * - flight e-ticket numbers on the paper itinerary (行程单): a 3-digit airline code and 10 digits.
 */
const FORMATS: Record<string, RegExp[]> = {
  vat_invoice: [/^\d{20}$/, /^\d{8}$/, /^\d{10}\d{8}$/, /^\d{12}\d{8}$/],
  hotel_invoice: [/^\d{20}$/, /^\d{8}$/, /^\d{10}\d{8}$/, /^\d{12}\d{8}$/],
  taxi: [/^\d{20}$/, /^\d{8}$/, /^\d{10}\d{8}$/, /^\d{12}\d{8}$/],
  rail_e_ticket: [/^\d{20}$/],
  flight_itinerary: [/^\d{20}$/, /^\d{13}$/],
};

export function numberFormatProblem(kind: string, raw: string | null, invoiceDate: string | null): string | null {
  const rules = FORMATS[kind];
  if (!rules) return null;
  if (!raw) return 'missing';
  const n = normaliseNumber(raw);
  if (!rules.some((r) => r.test(n))) return 'pattern';
  if (n.length === 20) {
    const yy = Number(n.slice(0, 2));
    if (yy < 19) return 'year';
    if (invoiceDate && invoiceDate.slice(2, 4) !== n.slice(0, 2)) return 'year';
  }
  return null;
}

/** Names compared without spaces, case or full-width brackets. */
export const normaliseName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** "张伟 Zhang Wei" answers to 张伟, Zhang Wei and the whole. */
export function nameVariants(displayName: string): Set<string> {
  const cjk = (displayName.match(/[\u3400-\u9fff\u00b7·]+/g) ?? []).join('');
  const latin = displayName.replace(/[\u3400-\u9fff\u00b7·]+/g, ' ').trim();
  return new Set([displayName, cjk, latin].filter(Boolean).map(normaliseName));
}

/** Cities compared without spaces, case or a trailing 市 / 站 / "station". */
export const normaliseCity = (s: string) => normaliseName(s).replace(/(station|站|市)$/u, '');

interface Ctx {
  claim: { id: string; claimant_id: string; claimant_name: string; trip_id: string | null; total: number };
  items: ItemRow[];
  receipts: ReceiptRow[];
  trip?: TripForClaim;
}

function findBooking(ctx: Ctx, item: ItemRow) {
  if (!ctx.trip) return undefined;
  if (item.booking_id) return ctx.trip.bookings.find((b) => b.id === item.booking_id);
  return undefined;
}

function tierOn(ctx: Ctx, item: ItemRow): number | null {
  if (item.city_tier) return item.city_tier;
  const legs = ctx.trip?.legs ?? [];
  if (!legs.length) return null;
  let tier = legs[0].city_tier;
  for (const l of legs) if (l.depart_on <= item.item_date) tier = l.city_tier;
  return tier;
}

const claimMatch = (m: { claim_id: string; claim_number: string; claim_status: string; claimant_name: string; line_no: number | null }): CheckMatch => ({
  type: 'claim',
  id: m.claim_id,
  label: `${m.claim_number}${m.line_no ? ` #${m.line_no}` : ''}`,
  claimNumber: m.claim_number,
  claimStatus: m.claim_status,
  claimantName: m.claimant_name,
  ...(m.line_no ? { lineNo: m.line_no } : {}),
});

/** Runs every rule over the claim as saved; returns the findings (not yet stored). */
export async function runChecks(trx: Trx, claim: Ctx['claim']): Promise<Finding[]> {
  const items = await claimItems(trx, claim.id);
  const receipts = await claimReceipts(trx, claim.id);
  const trip = claim.trip_id ? await tripForClaim(trx, claim.trip_id) : undefined;
  const ctx: Ctx = { claim, items, receipts, trip };
  const out: Finding[] = [];
  const add = (f: Omit<Finding, 'key'>, discriminator = '') => out.push({ ...f, key: `${f.code}:${f.lineNo ?? '-'}:${discriminator}` });
  const receiptsOf = (item: ItemRow) => receipts.filter((r) => r.item_id === item.id);
  const settings = await getCompanySettings(trx);

  // Duplicate invoice / ticket numbers: any other live use, in any claim, ever.
  const uses = await numberUses(trx, [...new Set(receipts.filter((r) => r.invoice_number).map((r) => normaliseNumber(r.invoice_number!)))]);
  for (const r of receipts) {
    if (!r.invoice_number) continue;
    const n = normaliseNumber(r.invoice_number);
    const others = uses.filter((u) => u.number === n && u.receipt_id !== r.id);
    if (others.length) add({ code: 'duplicate_invoice', severity: 'high', lineNo: r.line_no, params: { number: r.invoice_number, count: others.length }, matches: others.map(claimMatch) }, n);
    const problem = numberFormatProblem(r.kind, r.invoice_number, r.invoice_date);
    if (problem) add({ code: 'invoice_number_format', severity: 'warning', lineNo: r.line_no, params: { number: r.invoice_number, kind: r.kind, problem }, matches: [] }, r.id);
  }
  // A receipt kind that needs a number but has none.
  for (const r of receipts) {
    if (r.invoice_number) continue;
    const problem = numberFormatProblem(r.kind, null, null);
    if (problem) add({ code: 'invoice_number_format', severity: 'warning', lineNo: r.line_no, params: { number: null, kind: r.kind, problem }, matches: [] }, `${r.kind}:${r.line_no}:${receipts.indexOf(r)}`);
  }

  // Buyer on e-invoices: our company's name and taxpayer id.
  const ourName = normaliseName(settings.companyName);
  const ourId = settings.taxpayerId ? settings.taxpayerId.toUpperCase() : null;
  for (const r of receipts) {
    if (!BUYER_KINDS.has(r.kind)) continue;
    if (r.buyer_name && normaliseName(r.buyer_name) !== ourName) {
      add({ code: 'buyer_not_company', severity: 'high', lineNo: r.line_no, params: { field: 'name', expected: settings.companyName, actual: r.buyer_name, number: r.invoice_number }, matches: [] }, `name:${r.id}`);
    }
    const missingId = r.kind === 'vat_invoice' || r.kind === 'hotel_invoice';
    if (ourId && (r.buyer_taxpayer_id ? r.buyer_taxpayer_id.toUpperCase().replace(/\s/g, '') !== ourId : missingId)) {
      add({ code: 'buyer_not_company', severity: 'high', lineNo: r.line_no, params: { field: 'taxpayerId', expected: ourId, actual: r.buyer_taxpayer_id, number: r.invoice_number }, matches: [] }, `id:${r.id}`);
    }
  }

  // The same receipt file (content hash) used anywhere else.
  const hashes = [...new Set(receipts.filter((r) => r.sha256).map((r) => r.sha256!))];
  const sameFiles = await receiptsWithHashes(trx, hashes);
  for (const r of receipts) {
    if (!r.sha256) continue;
    const others = sameFiles.filter((o) => o.sha256 === r.sha256 && o.id !== r.id);
    if (others.length) add({ code: 'duplicate_receipt_file', severity: 'high', lineNo: r.line_no, params: { fileName: r.file_name, count: others.length }, matches: others.map(claimMatch) }, r.sha256);
  }

  const traveller = nameVariants(claim.claimant_name);
  const bookingIds = [...new Set(items.map((i) => i.booking_id).filter((x): x is string => !!x))];
  const originals = trip ? trip.bookings.filter((b) => bookingIds.includes(b.id) && b.original_booking_id).map((b) => b.original_booking_id!) : [];
  const claimedBookings = await itemsForBookings(trx, originals);

  for (const item of items) {
    const booking = findBooking(ctx, item);
    const tickets = receiptsOf(item).filter((r) => TICKET_KINDS.has(r.kind));
    // Passenger: on the ticket receipt and on the booking.
    const passengers = [...tickets.map((r) => r.passenger_name), booking && booking.kind !== 'hotel' && booking.kind !== 'other' ? booking.passenger_name : null].filter((p): p is string => !!p);
    for (const p of new Set(passengers)) {
      if (!traveller.has(normaliseName(p))) add({ code: 'passenger_mismatch', severity: 'high', lineNo: item.line_no, params: { passenger: p, traveller: claim.claimant_name }, matches: booking ? [{ type: 'booking', id: booking.id, label: booking.ticket_number ?? booking.passenger_name }] : [] }, normaliseName(p));
    }

    // Route and date of a ticket against the approved itinerary.
    const isTicket = booking ? booking.kind === 'flight' || booking.kind === 'train' : tickets.length > 0;
    if (trip && isTicket) {
      const from = booking?.from_city ?? tickets.find((t) => t.from_city)?.from_city ?? null;
      const to = booking?.to_city ?? tickets.find((t) => t.to_city)?.to_city ?? null;
      const date = booking?.travel_date ?? item.item_date;
      if (from && to) {
        const sameRoute = trip.legs.filter((l) => normaliseCity(l.from_city) === normaliseCity(from) && normaliseCity(l.to_city) === normaliseCity(to));
        const onDate = sameRoute.filter((l) => l.depart_on <= date && date <= l.arrive_on);
        if (!onDate.length) {
          add(
            {
              code: 'outside_itinerary',
              severity: 'warning',
              lineNo: item.line_no,
              params: { reason: sameRoute.length ? 'date' : 'route', from, to, date },
              matches: trip.legs.map((l) => ({ type: 'leg' as const, id: l.id, label: `${l.from_city} → ${l.to_city} ${l.depart_on}${l.arrive_on !== l.depart_on ? `…${l.arrive_on}` : ''}` })),
            },
            `${normaliseCity(from)}>${normaliseCity(to)}@${date}`,
          );
        }
      }
    }

    // A refunded or changed ticket: only what was not refunded (the fee) may be claimed.
    if (booking && (booking.status === 'refunded' || booking.status === 'changed')) {
      const refund = booking.refund_amount ?? booking.price;
      const allowed = booking.price - refund;
      if (item.amount > allowed) {
        add({ code: 'refunded_ticket', severity: 'high', lineNo: item.line_no, params: { status: booking.status, price: booking.price, refund: refund, allowed: allowed, claimed: item.amount, ticket: booking.ticket_number }, matches: [{ type: 'booking', id: booking.id, label: booking.ticket_number ?? booking.passenger_name }] }, booking.id);
      }
    }

    // A reissued ticket whose original was claimed too (here or in another claim).
    if (booking?.status === 'reissued' && booking.original_booking_id) {
      const claimedOriginal = claimedBookings.filter((c) => c.booking_id === booking.original_booking_id);
      if (claimedOriginal.length) {
        const original = trip!.bookings.find((b) => b.id === booking.original_booking_id);
        add({ code: 'reissued_original_claimed', severity: 'high', lineNo: item.line_no, params: { ticket: booking.ticket_number, original: original?.ticket_number ?? null }, matches: claimedOriginal.map(claimMatch) }, booking.id);
      }
    }

    // Missing receipt: an item needs at least one receipt with its file.
    if (!receiptsOf(item).some((r) => r.file_id)) add({ code: 'missing_receipt', severity: 'warning', lineNo: item.line_no, params: { category: item.category, amount: item.amount }, matches: [] });

    // Amount over what the receipts show.
    const invoiced = receiptsOf(item).filter((r) => r.invoice_amount != null);
    if (invoiced.length) {
      const sum = invoiced.reduce((s, r) => s + r.invoice_amount!, 0);
      if (item.amount > sum) add({ code: 'amount_over_invoice', severity: 'warning', lineNo: item.line_no, params: { claimed: item.amount, invoiced: sum }, matches: [] });
    }

    // Outside the trip's dates.
    if (trip && (item.item_date < trip.row.start_date || item.item_date > trip.row.end_date)) {
      add({ code: 'outside_trip_dates', severity: 'warning', lineNo: item.line_no, params: { date: item.item_date, start: trip.row.start_date, end: trip.row.end_date }, matches: [] });
    }
  }

  // Weekends and public holidays (adjusted working days count as working days).
  if (items.length) {
    const dates = items.map((i) => i.item_date).sort();
    const calendar = new Map((await calendarBetween(trx, dates[0], dates[dates.length - 1])).map((d) => [d.day, d]));
    for (const item of items) {
      const day = calendar.get(item.item_date);
      const weekday = new Date(`${item.item_date}T00:00:00Z`).getUTCDay();
      if (day?.kind === 'holiday') {
        add({ code: 'weekend_or_holiday', severity: 'info', lineNo: item.line_no, params: { date: item.item_date, kind: 'holiday', nameEn: day.name_en, nameZh: day.name_zh }, matches: [{ type: 'calendar', id: day.day, label: `${day.day} ${day.name_zh} ${day.name_en}` }] });
      } else if ((weekday === 0 || weekday === 6) && day?.kind !== 'workday') {
        add({ code: 'weekend_or_holiday', severity: 'info', lineNo: item.line_no, params: { date: item.item_date, kind: 'weekend' }, matches: [] });
      }
    }
  }

  // Policy caps for the claimant's grade and the city tier: lodging per night, the rest per day.
  const grade = await gradeOf(trx, claim.claimant_id);
  const caps = new Map((await capsOfGrade(trx, grade)).map((c) => [`${c.city_tier}:${c.category}`, c]));
  const perDay = new Map<string, { amount: number; lines: number[]; cap: number; tier: number; category: string; date: string }>();
  for (const item of items) {
    const tier = tierOn(ctx, item);
    if (tier == null) continue;
    const cap = caps.get(`${tier}:${item.category}`);
    if (!cap) continue;
    if (cap.unit === 'night') {
      const nights = item.nights ?? findBooking(ctx, item)?.nights ?? 1;
      if (item.amount > cap.amount * nights) {
        const params = { category: item.category, unit: 'night', grade, tier, cap: cap.amount, nights, perNight: Math.ceil(item.amount / nights), claimed: item.amount, limit: cap.amount * nights };
        // The stored label is English words; the claim's reader gets it in their language (localizeMatch).
        add({ code: 'over_cap', severity: 'warning', lineNo: item.line_no, params, matches: [{ type: 'cap', id: cap.id, label: capLabel(params, 'en') }] });
      }
    } else {
      const k = `${item.item_date}:${item.category}`;
      const acc = perDay.get(k) ?? { amount: 0, lines: [], cap: cap.amount, tier, category: item.category, date: item.item_date };
      acc.amount += item.amount;
      acc.lines.push(item.line_no);
      perDay.set(k, acc);
    }
  }
  for (const [k, d] of perDay) {
    if (d.amount <= d.cap) continue;
    const params = { category: d.category, unit: 'day', grade, tier: d.tier, cap: d.cap, date: d.date, lines: d.lines, claimed: d.amount, limit: d.cap };
    add({ code: 'over_cap', severity: 'warning', lineNo: d.lines[0], params, matches: [{ type: 'cap', id: null, label: capLabel(params, 'en') }] }, k);
  }

  // The trip's approved budget: this claim plus the trip's other live claims, in total and per category.
  if (trip && trip.budget.length) {
    const budgetOf = new Map(trip.budget.map((b) => [b.category, b.amount]));
    const bucket = (c: string) => ((BUDGET_CATEGORIES as readonly string[]).includes(c) ? c : 'other');
    const spent = new Map<string, number>();
    for (const o of await otherClaimsOfTrip(trx, trip.row.id, claim.id)) spent.set(bucket(o.category), (spent.get(bucket(o.category)) ?? 0) + Number(o.amount));
    for (const i of items) spent.set(bucket(i.category), (spent.get(bucket(i.category)) ?? 0) + i.amount);
    const budgetTotal = trip.budget.reduce((s, b) => s + b.amount, 0);
    const spentTotal = [...spent.values()].reduce((s, v) => s + v, 0);
    const match: CheckMatch = { type: 'budget', id: trip.row.id, label: trip.row.number };
    if (spentTotal > budgetTotal) add({ code: 'over_budget', severity: 'warning', lineNo: null, params: { category: null, budget: budgetTotal, claimed: spentTotal, over: spentTotal - budgetTotal, trip: trip.row.number }, matches: [match] }, 'total');
    for (const [category, amount] of spent) {
      const budget = budgetOf.get(category) ?? 0;
      if (amount > budget) add({ code: 'over_budget', severity: 'warning', lineNo: null, params: { category, budget, claimed: amount, over: amount - budget, trip: trip.row.number }, matches: [match] }, category);
    }
  }
  // One finding per key (a rule may see the same thing twice, e.g. two receipts with one number on a line).
  return [...new Map(out.map((f) => [f.key, f])).values()];
}
