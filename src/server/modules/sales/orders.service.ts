import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { recordAudit } from '../../platform/audit/audit.service';
import { Dec, formatMinor, lineAmounts } from '../../platform/money/money';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { addCustomerEvent } from '../customers/customers.timeline';
import { priceFor } from '../products/products.service';
import { filteredOrders, findOrderRef, hasLiveReturns, lockOrder, orderLines, replaceLines, selectOrders, syncLineHeaders, syncTotals, type NewLine, type OrderRow } from './orders.repo';
import { assertVisible, assertWritable, badTransition, notEditable, visibleCustomer } from './sales.access';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { departmentExists, findActiveUser, findContractRef, findProducts, regionExists, type Trx } from './sales.repo';
import type { CreateOrderInput, ListOrdersQuery, OrderDto, OrderFilters, OrderLineInput, UpdateOrderInput } from './sales.schema';

type Db = Kysely<Database>;
export const SALES_ORDER = 'sales_order';
export const orderLink = (id: string) => `/sales/orders/${id}`;
export const DEFAULT_TAX_RATE = '0.13';

type LineRow = Awaited<ReturnType<typeof orderLines>>[number];

function toDto(r: OrderRow, lines?: LineRow[]): OrderDto {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ownerId: r.owner_id,
    ownerName: r.owner_name ?? null,
    departmentId: r.department_id,
    regionId: r.region_id,
    contractId: r.contract_id,
    contractNumber: r.contract_number ?? null,
    orderDate: r.order_date,
    currency: r.currency,
    status: r.status,
    netTotal: r.net_total,
    taxTotal: r.tax_total,
    grossTotal: r.gross_total,
    notes: r.notes,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    ...(lines && {
      lines: lines.map((l) => ({
        id: Number(l.id),
        lineNo: l.line_no,
        productId: l.product_id,
        productCode: l.product_code,
        productName: l.product_name,
        unit: l.unit,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        discountRate: l.discount_rate,
        taxRate: l.tax_rate,
        netAmount: l.net_amount,
        taxAmount: l.tax_amount,
        grossAmount: l.gross_amount,
        returnedQuantity: new Dec(l.returned_quantity ?? '0').toString(),
      })),
    }),
  };
}

async function detail(db: Db | Trx, id: string): Promise<OrderDto> {
  const row = await selectOrders(db).where('o.id', '=', id).executeTakeFirstOrThrow();
  return toDto(row, await orderLines(db, [id]));
}

/**
 * Prices and amounts of new lines. The unit price defaults to the product's price
 * (in the order's currency only); amounts are lineAmounts, exact to the minor unit.
 */
async function buildLines(trx: Trx, inputs: OrderLineInput[], currency: string, orderDate: string): Promise<NewLine[]> {
  const products = await findProducts(trx, [...new Set(inputs.map((l) => l.productId))]);
  const out: NewLine[] = [];
  let net = 0;
  let gross = 0;
  for (const [i, l] of inputs.entries()) {
    const p = products.find((x) => x.id === l.productId);
    if (!p) throw fieldError(`lines.${i}.productId`, 'not_found', 'No such product');
    if (p.status === 'discontinued') throw fieldError(`lines.${i}.productId`, 'discontinued', `${p.code} is discontinued`);
    let unitPrice = l.unitPrice;
    if (unitPrice === undefined) {
      // The price list in force on the order date (quantity breaks), else the list price in the same currency.
      const quote = await priceFor(trx, p.id, { quantity: l.quantity, date: orderDate, currency });
      if (!quote) throw fieldError(`lines.${i}.unitPrice`, 'required', `${p.code} has no price in ${currency}; give a unit price`);
      unitPrice = quote.unitPrice;
    }
    const discountRate = l.discountRate ?? '0';
    const taxRate = l.taxRate ?? DEFAULT_TAX_RATE;
    let a;
    let cost: number | null = null;
    try {
      a = lineAmounts({ quantity: l.quantity, unitPrice, discountRate, taxRate });
      if (p.cost !== null) cost = lineAmounts({ quantity: l.quantity, unitPrice: p.cost }).net;
    } catch {
      throw fieldError(`lines.${i}.quantity`, 'too_large', 'The line amount is too large');
    }
    net += a.net;
    gross += a.gross;
    if (!Number.isSafeInteger(gross) || a.gross > 9_000_000_000_000_000) throw fieldError('lines', 'too_large', 'The order total is too large');
    out.push({ product_id: p.id, quantity: l.quantity, unit_price: unitPrice, discount_rate: discountRate, tax_rate: taxRate, net_amount: a.net, tax_amount: a.tax, gross_amount: a.gross, cost_amount: cost });
  }
  return out;
}

/** Owner, department, region and contract of an order header: each given one must exist (400 naming it). */
async function checkHeaderRefs(trx: Trx, customerId: string, input: { ownerId?: string; departmentId?: string; regionId?: string; contractId?: string | null }) {
  if (input.ownerId && !(await findActiveUser(trx, input.ownerId))) throw fieldError('ownerId', 'not_found', 'No such active user');
  if (input.departmentId && !(await departmentExists(trx, input.departmentId))) throw fieldError('departmentId', 'not_found', 'No such department');
  if (input.regionId && !(await regionExists(trx, input.regionId))) throw fieldError('regionId', 'not_found', 'No such region');
  if (input.contractId) {
    const k = await findContractRef(trx, input.contractId);
    if (!k || k.customer_id !== customerId) throw fieldError('contractId', 'not_found', "No such contract of this customer");
    if (k.status === 'terminated') throw fieldError('contractId', 'terminated', 'The contract is terminated');
  }
}

/**
 * A rep (own customers) or the back office writes a draft order. Owner, department
 * and region default from the customer, currency from the company settings; the
 * number (SO-<year of the order date>-nnnnn) is gap-free.
 */
export async function createOrder(db: Db, actor: Actor, input: CreateOrderInput): Promise<OrderDto> {
  requirePermission(actor, 'sales:write');
  return db.transaction().execute(async (trx) => {
    const customer = await visibleCustomer(trx, actor, input.customerId);
    await checkHeaderRefs(trx, customer.id, input);
    const ownerId = input.ownerId ?? customer.owner_id;
    const owner = ownerId ? await findActiveUser(trx, ownerId) : undefined;
    const currency = input.currency ?? (await getCompanySettings(trx)).currency;
    const lines = await buildLines(trx, input.lines ?? [], currency, input.orderDate);
    const number = await nextNumber(trx, SALES_ORDER, Number(input.orderDate.slice(0, 4)), 'SO', 5);
    const row = await trx
      .insertInto('sales_orders')
      .values({
        number,
        customer_id: customer.id,
        owner_id: ownerId ?? null,
        department_id: input.departmentId ?? customer.department_id ?? owner?.department_id ?? null,
        region_id: input.regionId ?? customer.region_id ?? null,
        contract_id: input.contractId ?? null,
        order_date: input.orderDate,
        currency,
        notes: input.notes ?? '',
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceLines(trx, row, lines);
    const dto = await detail(trx, row.id);
    await recordAudit(trx, actor, { action: 'sales_order.create', entityType: SALES_ORDER, entityId: row.id, after: dto });
    return dto;
  });
}

/** One order with its lines, for anyone who may see its customer. */
export async function getOrder(db: Db, actor: Actor, id: string): Promise<OrderDto> {
  const ref = await findOrderRef(db, id);
  await assertVisible(db, actor, SALES_ORDER, ref, id);
  return detail(db, id);
}

/** The orders of customers the actor may see, newest order date first, filtered. */
export async function listOrders(db: Db, actor: Actor, q: ListOrdersQuery): Promise<Page<OrderDto>> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const page = await keysetPage(filteredOrders(db, scope, q), { sortRef: 'o.order_date', idRef: 'o.id', direction: 'desc', page: q, sortValueOf: (r) => r.order_date, idOf: (r) => r.id });
  return { items: page.items.map((r) => toDto(r)), nextCursor: page.nextCursor };
}

const orderColumns: ExportColumn<OrderRow>[] = [
  { key: 'number', en: 'Number', zh: '订单号', value: (r) => r.number },
  { key: 'orderDate', en: 'Order date', zh: '订单日期', value: (r) => r.order_date, kind: 'date' },
  { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customer_name, width: 36 },
  { key: 'owner', en: 'Owner', zh: '负责人', value: (r) => r.owner_name ?? '' },
  { key: 'status', en: 'Status', zh: '状态', value: (r) => r.status },
  { key: 'contract', en: 'Contract', zh: '合同', value: (r) => r.contract_number ?? '' },
  { key: 'currency', en: 'Currency', zh: '币种', value: (r) => r.currency },
  { key: 'net', en: 'Net amount', zh: '不含税金额', value: (r) => formatMinor(r.net_total), kind: 'money' },
  { key: 'tax', en: 'Tax', zh: '税额', value: (r) => formatMinor(r.tax_total), kind: 'money' },
  { key: 'gross', en: 'Gross amount', zh: '含税金额', value: (r) => formatMinor(r.gross_total), kind: 'money' },
  { key: 'notes', en: 'Notes', zh: '备注', value: (r) => r.notes },
];

/** The same filtered list as a CSV or XLSX file, headers in the reader's language. */
export async function exportOrders(db: Db, actor: Actor, f: OrderFilters & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const rows = await filteredOrders(db, scope, f).orderBy('o.order_date', 'desc').orderBy('o.id', 'desc').limit(EXPORT_LIMIT).execute();
  return buildExport(rows, orderColumns, { format: f.format, locale: actor.locale, name: 'sales-orders', sheet: { en: 'Sales orders', zh: '销售订单' } });
}

/**
 * Changes an order at the version read. A draft's header and lines (replaced as a
 * whole; totals recomputed from them); once confirmed, only the notes and contract.
 */
export async function updateOrder(db: Db, actor: Actor, id: string, input: UpdateOrderInput): Promise<OrderDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, id);
    await assertWritable(trx, actor, SALES_ORDER, locked, id);
    const o = locked!;
    if (o.version !== input.version) throw versionConflict(SALES_ORDER);
    const { version: _v, notes, contractId, ...draftOnly } = input;
    if (o.status === 'cancelled' || o.status === 'closed') throw notEditable('order', o.status);
    const draftFields = Object.keys(draftOnly).filter((k) => (draftOnly as Record<string, unknown>)[k] !== undefined);
    if (o.status !== 'draft' && draftFields.length) throw notEditable('order', o.status, draftFields[0]);
    await checkHeaderRefs(trx, o.customer_id, input);
    const before = await detail(trx, id);
    const header = {
      owner_id: input.ownerId ?? o.owner_id,
      department_id: input.departmentId ?? o.department_id,
      region_id: input.regionId ?? o.region_id,
      order_date: input.orderDate ?? o.order_date,
      currency: input.currency ?? o.currency,
    };
    await trx
      .updateTable('sales_orders')
      .set({ ...header, ...(notes !== undefined && { notes }), ...(contractId !== undefined && { contract_id: contractId }), version: o.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const synced = { id, customer_id: o.customer_id, ...header };
    if (input.lines) await replaceLines(trx, synced, await buildLines(trx, input.lines, header.currency, header.order_date));
    else {
      await syncLineHeaders(trx, synced);
      await syncTotals(trx, id);
    }
    const after = await detail(trx, id);
    await recordAudit(trx, actor, { action: 'sales_order.update', entityType: SALES_ORDER, entityId: id, before, after });
    return after;
  });
}

const ORDER_MOVES: Record<string, string[]> = { draft: ['confirmed', 'cancelled'], confirmed: ['delivered', 'cancelled'], delivered: ['closed'] };

/**
 * draft → confirmed → delivered → closed, and cancelled from draft or confirmed
 * (not once a return is on it). Each move is audited and on the customer's timeline.
 */
export async function transitionOrder(db: Db, actor: Actor, id: string, to: 'confirmed' | 'delivered' | 'closed' | 'cancelled', version: number): Promise<OrderDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockOrder(trx, id);
    await assertWritable(trx, actor, SALES_ORDER, locked, id);
    const o = locked!;
    if (o.version !== version) throw versionConflict(SALES_ORDER);
    if (!ORDER_MOVES[o.status]?.includes(to)) throw badTransition('order', o.status, to);
    if (to === 'confirmed') {
      const lines = await orderLines(trx, [id]);
      if (!lines.length) throw fieldError('lines', 'required', 'An order needs at least one line to be confirmed');
    }
    if (to === 'cancelled' && (await hasLiveReturns(trx, id))) {
      throw new AppError('conflict', 'An order with returns cannot be cancelled; cancel the returns first', { fields: [{ field: 'to', code: 'has_returns', message: 'The order has returns' }] });
    }
    await trx
      .updateTable('sales_orders')
      .set({ status: to, version: o.version + 1, updated_at: new Date(), ...(to === 'confirmed' && { confirmed_at: new Date() }) })
      .where('id', '=', id)
      .execute();
    await syncTotals(trx, id);
    await addCustomerEvent(trx, {
      customerId: o.customer_id,
      kind: `order.${to}`,
      title: o.number,
      entity: { type: SALES_ORDER, id },
      actorId: actor.userId,
      data: { number: o.number, grossTotal: o.gross_total, currency: o.currency, from: o.status },
    });
    await recordAudit(trx, actor, { action: `sales_order.${to}`, entityType: SALES_ORDER, entityId: id, before: { status: o.status }, after: { status: to } });
    return detail(trx, id);
  });
}
