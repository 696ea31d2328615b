import crypto from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/database';
import { businessToday } from '../platform/approvals/approvals.engine';
import { lineAmounts, partOfLine } from '../platform/money/money';
import { upsertReminder } from '../platform/reminders/reminders.service';
import { getCompanySettings } from '../platform/settings/settings.service';
import { createRng, type Rng } from './rng';

/**
 * Three years of sales for the demo customers and products: orders with seasonality
 * (quiet around the Spring Festival, busy before mid-year and year end) and ~18 %
 * yearly growth, concentrated on the bigger customers (Pareto); some returns,
 * yearly contracts for the key customers, and negotiations in every stage. Written
 * in bulk (multi-row INSERTs in batches) in one transaction; header totals are the
 * sums of the lines; numbers are gap-free per year and the sequences continue from
 * them. Deterministic (seeded), and a no-op when there are no customers or products.
 */
const BATCH = 1000;
/** Relative order volume per calendar month (index 0 = January). */
const SEASON = [0.9, 0.55, 1.0, 1.05, 1.1, 1.25, 0.95, 0.9, 1.1, 1.05, 1.2, 1.4];
const GROWTH_PER_YEAR = 0.18;
const ORDERS_PER_MONTH_NOW = 60;

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

type Trx = Transaction<Database>;
interface Customer {
  id: string;
  owner_id: string | null;
  department_id: string | null;
  region_id: string | null;
  status: string;
  is_key: boolean;
  weight: number;
}
interface Product {
  id: string;
  list_price: number;
  cost: number | null;
}

async function insertBatches<T extends keyof Database & string>(trx: Trx, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

class Numbers {
  private last = new Map<string, number>();
  next(name: string, prefix: string, day: string): string {
    const year = Number(day.slice(0, 4));
    const key = `${name}:${year}`;
    const n = (this.last.get(key) ?? 0) + 1;
    this.last.set(key, n);
    return `${prefix}-${year}-${String(n).padStart(5, '0')}`;
  }
  /** The sequences continue after the demo's numbers. */
  async save(trx: Trx): Promise<void> {
    for (const [key, value] of this.last) {
      const [name, year] = key.split(':');
      await sql`insert into number_sequences (name, year, last_value) values (${name}, ${Number(year)}, ${value})
                on conflict (name, year) do update set last_value = greatest(number_sequences.last_value, excluded.last_value)`.execute(trx);
    }
  }
}

function pickWeighted(rng: Rng, items: Customer[], total: number): Customer {
  let r = rng.next() * total;
  for (const c of items) {
    r -= c.weight;
    if (r <= 0) return c;
  }
  return items[items.length - 1];
}

export async function seedSales(db: Kysely<Database>, ids: Map<string, string>): Promise<{ orders: number; lines: number; returns: number; contracts: number; negotiations: number }> {
  const empty = { orders: 0, lines: 0, returns: 0, contracts: 0, negotiations: 0 };
  const settings = await getCompanySettings(db);
  const customers = (await db
    .selectFrom('customers')
    .select(['id', 'owner_id', 'department_id', 'region_id', 'status', 'is_key'])
    .where('merged_into_id', 'is', null)
    .where('is_archived', '=', false)
    .where('status', '!=', 'prospect')
    .orderBy('code')
    .execute()) as Omit<Customer, 'weight'>[];
  const products = (await db.selectFrom('products').select(['id', 'list_price', 'cost']).where('status', '=', 'active').where('currency', '=', settings.currency).where('list_price', '>', 0).orderBy('code').execute()) as Product[];
  if (!customers.length || !products.length) return empty;
  if (await db.selectFrom('sales_orders').select('id').limit(1).executeTakeFirst()) return empty;

  const rng = createRng(20_260_404);
  const today = await businessToday(db);
  const start = `${Number(today.slice(0, 4)) - 3}-${today.slice(5, 7)}-01`;
  const manager = ids.get('manager') ?? null;
  const weighted: Customer[] = customers.map((c, i) => ({ ...c, weight: 1 / Math.pow(1 + ((i * 7919) % customers.length), 0.9) }));
  const totalWeight = weighted.reduce((s, c) => s + c.weight, 0);
  const numbers = new Numbers();

  return db.transaction().execute(async (trx) => {
    // ---------------------------------------------------------------- contracts (key and big customers, yearly)
    const contractRows: Insertable<Database['contracts']>[] = [];
    const contractsOf = new Map<string, { id: string; starts: string; ends: string }[]>();
    const contractCustomers = weighted.filter((c) => c.is_key || c.weight > 0.08).slice(0, 90);
    for (const c of contractCustomers) {
      let starts = addDays(start, rng.int(0, 200));
      while (starts < today) {
        const ends = addDays(starts, 364);
        const id = crypto.randomUUID();
        const signed = addDays(starts, -rng.int(3, 25));
        const status = ends < today ? 'expired' : rng.next() < 0.06 ? 'terminated' : 'active';
        contractRows.push({
          id,
          number: numbers.next('contract', 'CT', signed),
          customer_id: c.id,
          title: `${starts.slice(0, 4)} 年度供货合同 Annual supply agreement`,
          value: rng.int(20, 400) * 1_000_000,
          currency: settings.currency,
          signed_on: signed,
          starts_on: starts,
          ends_on: ends,
          status,
          signed_by: c.owner_id,
          customer_signatory: rng.pick(['张经理', '李总', '王主任', 'Mr. Chen', 'Ms. Liu']),
          owner_id: c.owner_id,
          department_id: c.department_id,
          notes: '',
        });
        contractsOf.set(c.id, [...(contractsOf.get(c.id) ?? []), { id, starts, ends }]);
        starts = addDays(ends, 1);
      }
    }
    // A few drafts waiting for signature.
    for (const c of contractCustomers.slice(0, 5)) {
      contractRows.push({
        id: crypto.randomUUID(),
        number: numbers.next('contract', 'CT', today),
        customer_id: c.id,
        title: '框架协议（待签） Frame agreement (to be signed)',
        value: rng.int(50, 300) * 1_000_000,
        currency: settings.currency,
        owner_id: c.owner_id,
        department_id: c.department_id,
        notes: '',
      });
    }
    await insertBatches(trx, 'contracts', contractRows);

    // ---------------------------------------------------------------- orders and lines, month by month
    const orderRows: Insertable<Database['sales_orders']>[] = [];
    const lineRows: Insertable<Database['sales_order_lines']>[] = [];
    const yearsBack = (day: string) => daysBetween(day, today) / 365;
    // A few regular buyers (frequent, not the very largest) have gone quiet for the last 100 days:
    // not dormant yet (180 days), but overdue against their own rhythm — the churn-risk list has them.
    const slipping = new Set(
      [...weighted]
        .filter((c) => c.status === 'active')
        .sort((a, b) => b.weight - a.weight)
        .slice(6, 14)
        .map((c) => c.id),
    );
    for (let month = start; month <= today; month = addDays(`${month.slice(0, 7)}-28`, 5).slice(0, 7) + '-01') {
      const m = Number(month.slice(5, 7)) - 1;
      const count = Math.round(ORDERS_PER_MONTH_NOW * SEASON[m] * Math.pow(1 + GROWTH_PER_YEAR, -yearsBack(month)) * (0.9 + rng.next() * 0.2));
      const monthEnd = addDays(addDays(`${month.slice(0, 7)}-28`, 5).slice(0, 7) + '-01', -1);
      const days = daysBetween(month, monthEnd < today ? monthEnd : today) + 1;
      for (let k = 0; k < count; k++) {
        const date = addDays(month, rng.int(0, days - 1));
        const c = pickWeighted(rng, weighted, totalWeight);
        // Dormant and lost customers stopped ordering a while ago.
        if ((c.status === 'dormant' && daysBetween(date, today) < 240) || (c.status === 'lost' && daysBetween(date, today) < 420)) continue;
        if (slipping.has(c.id) && daysBetween(date, today) < 100) continue;
        const age = daysBetween(date, today);
        const status = age > 60 ? (rng.next() < 0.04 ? 'cancelled' : 'closed') : age > 14 ? 'delivered' : age > 3 ? 'confirmed' : 'draft';
        const contract = (contractsOf.get(c.id) ?? []).find((x) => x.starts <= date && date <= x.ends);
        const id = crypto.randomUUID();
        const n = rng.int(1, 5);
        const used = new Set<number>();
        let net = 0;
        let tax = 0;
        for (let i = 0; i < n; i++) {
          let pi = rng.int(0, products.length - 1);
          while (used.has(pi)) pi = (pi + 1) % products.length;
          used.add(pi);
          const p = products[pi];
          const quantity = String(rng.next() < 0.85 ? rng.int(1, 60) * (rng.next() < 0.2 ? 10 : 1) : rng.int(1, 2000) / 10);
          const discountRate = rng.pick(['0', '0', '0', '0.05', '0.08', '0.1']);
          const taxRate = '0.13';
          const a = lineAmounts({ quantity, unitPrice: p.list_price, discountRate, taxRate });
          net += a.net;
          tax += a.tax;
          lineRows.push({
            order_id: id,
            line_no: i + 1,
            product_id: p.id,
            quantity,
            unit_price: p.list_price,
            discount_rate: discountRate,
            tax_rate: taxRate,
            net_amount: a.net,
            tax_amount: a.tax,
            gross_amount: a.gross,
            cost_amount: p.cost === null ? null : lineAmounts({ quantity, unitPrice: p.cost }).net,
            order_date: date,
            customer_id: c.id,
            owner_id: c.owner_id,
            region_id: c.region_id,
            department_id: c.department_id,
          });
        }
        orderRows.push({
          id,
          number: '',
          customer_id: c.id,
          owner_id: c.owner_id,
          department_id: c.department_id,
          region_id: c.region_id,
          contract_id: contract?.id ?? null,
          order_date: date,
          currency: settings.currency,
          status,
          net_total: net,
          tax_total: tax,
          gross_total: net + tax,
          notes: '',
          created_by: c.owner_id,
          created_at: new Date(`${date}T02:00:00Z`),
          updated_at: new Date(`${date}T02:00:00Z`),
          confirmed_at: status === 'draft' ? null : new Date(`${date}T03:00:00Z`),
        });
      }
    }
    // Numbers in date order, gap-free per year.
    orderRows.sort((a, b) => (a.order_date as string).localeCompare(b.order_date as string));
    for (const o of orderRows) o.number = numbers.next('sales_order', 'SO', o.order_date as string);
    await insertBatches(trx, 'sales_orders', orderRows);
    await insertBatches(trx, 'sales_order_lines', lineRows);

    // ---------------------------------------------------------------- returns: ~3 % of delivered and closed orders, part of one line
    const returnable = orderRows.filter((o) => o.status === 'delivered' || o.status === 'closed');
    const returnRows: Insertable<Database['sales_returns']>[] = [];
    const returnLineRows: Insertable<Database['sales_return_lines']>[] = [];
    const picked = returnable.filter(() => rng.next() < 0.03);
    const lineIds = picked.length
      ? await trx.selectFrom('sales_order_lines').select(['id', 'order_id', 'line_no']).where('order_id', 'in', picked.map((o) => o.id as string)).where('line_no', '=', 1).execute()
      : [];
    for (const o of picked) {
      const line = lineRows.find((l) => l.order_id === o.id && l.line_no === 1)!;
      const lineId = lineIds.find((l) => l.order_id === o.id)?.id;
      if (lineId === undefined) continue;
      const full = Number(line.quantity);
      const q = rng.next() < 0.3 ? String(line.quantity) : String(Math.max(0.1, Math.floor(full * rng.int(10, 60)) / 100));
      const share = partOfLine({ net: line.net_amount, tax: line.tax_amount, gross: line.gross_amount }, q, String(line.quantity));
      const id = crypto.randomUUID();
      const date = addDays(o.order_date as string, rng.int(5, 40));
      if (date > today) continue;
      returnRows.push({
        id,
        number: '',
        order_id: o.id as string,
        customer_id: o.customer_id,
        owner_id: o.owner_id ?? null,
        department_id: o.department_id ?? null,
        region_id: o.region_id ?? null,
        return_date: date,
        reason: rng.pick(['运输破损 Damaged in transport', '规格不符 Wrong specification', '质量问题 Quality issue', '客户多订 Ordered too many']),
        status: 'confirmed',
        net_total: share.net,
        tax_total: share.tax,
        gross_total: share.gross,
        currency: o.currency,
        created_by: o.owner_id ?? null,
        created_at: new Date(`${date}T04:00:00Z`),
        updated_at: new Date(`${date}T04:00:00Z`),
      });
      returnLineRows.push({ return_id: id, order_line_id: Number(lineId), quantity: q, net_amount: share.net, tax_amount: share.tax, gross_amount: share.gross });
    }
    returnRows.sort((a, b) => (a.return_date as string).localeCompare(b.return_date as string));
    for (const r of returnRows) r.number = numbers.next('sales_return', 'SR', r.return_date as string);
    await insertBatches(trx, 'sales_returns', returnRows);
    await insertBatches(trx, 'sales_return_lines', returnLineRows);

    // ---------------------------------------------------------------- negotiations with key customers
    const keyCustomers = weighted.filter((c) => c.is_key).concat(weighted.slice(0, 20)).slice(0, 36);
    const negotiationRows: Insertable<Database['negotiations']>[] = [];
    const meetingRows: Insertable<Database['negotiation_meetings']>[] = [];
    const participantRows: Insertable<Database['negotiation_participants']>[] = [];
    const stages = ['qualifying', 'proposal', 'negotiating', 'closing'] as const;
    const contacts = await trx.selectFrom('contacts').select(['id', 'customer_id']).where('customer_id', 'in', keyCustomers.map((c) => c.id)).orderBy('customer_id').orderBy('name').execute();
    const wonContracts: Insertable<Database['contracts']>[] = [];
    for (const [i, c] of keyCustomers.entries()) {
      const id = crypto.randomUUID();
      const created = addDays(today, -rng.int(10, 300));
      const outcome = i % 3 === 0 ? 'won' : i % 5 === 1 ? 'lost' : 'open';
      const nextOn = outcome === 'open' ? addDays(today, rng.int(-4, 21)) : null;
      negotiationRows.push({
        id,
        number: numbers.next('negotiation', 'NG', created),
        customer_id: c.id,
        subject: rng.pick(['新产线设备采购 New production line', '年度框架协议续签 Frame agreement renewal', '华东区独家代理 Exclusive distribution, East China', '数字化改造项目 Digitalisation project', '海外项目配套 Overseas project supply']),
        expected_value: rng.int(50, 1200) * 1_000_000,
        currency: settings.currency,
        stage: outcome === 'open' ? rng.pick(stages) : 'closing',
        outcome,
        next_step: nextOn ? rng.pick(['发送报价 Send the quotation', '技术交流 Technical meeting', '拜访采购总监 Visit the purchasing director', '提交样品 Deliver samples']) : null,
        next_step_on: nextOn,
        lost_reason: outcome === 'lost' ? rng.pick(['价格偏高 Price too high', '竞争对手交期更短 Competitor delivers sooner', '项目取消 Project cancelled']) : null,
        owner_id: c.owner_id,
        department_id: c.department_id,
        created_at: new Date(`${created}T02:00:00Z`),
        updated_at: new Date(`${created}T02:00:00Z`),
        closed_at: outcome === 'open' ? null : new Date(`${addDays(created, 30)}T02:00:00Z`),
      });
      if (c.owner_id) participantRows.push({ negotiation_id: id, user_id: c.owner_id, contact_id: null });
      if (manager && i % 2 === 0 && manager !== c.owner_id) participantRows.push({ negotiation_id: id, user_id: manager, contact_id: null });
      const contact = contacts.find((x) => x.customer_id === c.id);
      if (contact) participantRows.push({ negotiation_id: id, user_id: null, contact_id: contact.id });
      for (let k = 0; k < rng.int(1, 3); k++) {
        meetingRows.push({ negotiation_id: id, held_on: addDays(created, 3 + k * 9), notes: rng.pick(['客户关注交期和付款条件。The customer cares about lead time and payment terms.', '技术方案基本认可，需补充能耗数据。Technical proposal accepted; energy data to follow.', '价格仍有差距，约定下周再谈。Still apart on price; meet again next week.']), author_id: c.owner_id });
      }
      if (outcome === 'won') {
        const signed = addDays(created, 35) < today ? addDays(created, 35) : today;
        wonContracts.push({
          number: numbers.next('contract', 'CT', signed),
          customer_id: c.id,
          title: '项目合同 Project contract',
          value: rng.int(50, 1200) * 1_000_000,
          currency: settings.currency,
          signed_on: signed,
          starts_on: signed,
          ends_on: addDays(signed, 365),
          status: 'active',
          signed_by: c.owner_id,
          customer_signatory: '采购总监 Purchasing director',
          owner_id: c.owner_id,
          department_id: c.department_id,
          negotiation_id: id,
          notes: '',
        });
      }
    }
    await insertBatches(trx, 'negotiations', negotiationRows);
    await insertBatches(trx, 'negotiation_participants', participantRows);
    await insertBatches(trx, 'negotiation_meetings', meetingRows);
    await insertBatches(trx, 'contracts', wonContracts);
    await numbers.save(trx);

    // ---------------------------------------------------------------- reminders and the customer timeline (recent things)
    const recentSince = addDays(today, -120);
    for (const k of [...contractRows, ...wonContracts].filter((x) => x.status === 'active' && x.ends_on && x.owner_id && daysBetween(today, x.ends_on as string) <= 60)) {
      const id = k.id ?? (await trx.selectFrom('contracts').select('id').where('number', '=', k.number).executeTakeFirstOrThrow()).id;
      await upsertReminder(trx, { entityType: 'contract', entityId: id, userId: k.owner_id as string, title: `${k.number} ${k.title}`, link: `/sales/contracts/${id}`, dueOn: k.ends_on as string, remindDaysBefore: 30, remindOnDue: true, escalateAfterDays: 0 });
    }
    for (const n of negotiationRows.filter((x) => x.next_step_on && x.owner_id)) {
      await upsertReminder(trx, { entityType: 'negotiation', entityId: n.id as string, userId: n.owner_id as string, title: `${n.number} ${n.next_step}`, link: `/sales/negotiations/${n.id}`, dueOn: n.next_step_on as string, remindDaysBefore: 0, remindOnDue: true, escalateAfterDays: null });
    }
    const events: Insertable<Database['customer_events']>[] = [];
    for (const o of orderRows.filter((x) => (x.order_date as string) >= recentSince && x.status !== 'draft')) {
      events.push({ customer_id: o.customer_id, at: new Date(`${o.order_date}T03:00:00Z`), kind: `order.${o.status === 'cancelled' ? 'cancelled' : 'confirmed'}`, entity_type: 'sales_order', entity_id: o.id as string, title: o.number, actor_id: o.owner_id ?? null, data: JSON.stringify({ number: o.number, grossTotal: o.gross_total, currency: o.currency }) });
    }
    for (const r of returnRows.filter((x) => (x.return_date as string) >= recentSince)) {
      events.push({ customer_id: r.customer_id, at: new Date(`${r.return_date}T04:00:00Z`), kind: 'return.confirmed', entity_type: 'sales_return', entity_id: r.id as string, title: r.number, actor_id: r.owner_id ?? null, data: JSON.stringify({ number: r.number, grossTotal: r.gross_total, currency: r.currency, reason: r.reason }) });
    }
    for (const k of contractRows.filter((x) => x.signed_on && (x.signed_on as string) >= recentSince)) {
      events.push({ customer_id: k.customer_id, at: new Date(`${k.signed_on}T05:00:00Z`), kind: 'contract.signed', entity_type: 'contract', entity_id: k.id as string, title: k.number, actor_id: k.owner_id ?? null, data: JSON.stringify({ number: k.number, title: k.title, value: k.value, currency: k.currency }) });
    }
    for (const n of negotiationRows.filter((x) => x.outcome !== 'open')) {
      events.push({ customer_id: n.customer_id, at: n.closed_at as Date, kind: `negotiation.${n.outcome}`, entity_type: 'negotiation', entity_id: n.id as string, title: n.subject, actor_id: n.owner_id ?? null, data: JSON.stringify({ number: n.number }) });
    }
    events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    await insertBatches(trx, 'customer_events', events);
    return { orders: orderRows.length, lines: lineRows.length, returns: returnRows.length, contracts: contractRows.length + wonContracts.length, negotiations: negotiationRows.length };
  });
}
