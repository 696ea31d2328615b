import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { recordAudit } from '../../platform/audit/audit.service';
import { Dec, formatMinor, partOfLine, type LineAmounts } from '../../platform/money/money';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { canReadCustomer } from '../customers/customers.access';
import { addCustomerEvent } from '../customers/customers.timeline';
import { lockOrder } from './orders.repo';
import { filteredReturns, findReturnRef, lockReturn, orderLinesForReturn, replaceReturnLines, returnedQuantities, returnLines, selectReturns, type ReturnRow } from './returns.repo';
import { assertVisible, assertWritable, badTransition, notEditable } from './sales.access';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import type { Trx } from './sales.repo';
import type { CreateReturnInput, ListReturnsQuery, ReturnDto, UpdateReturnInput } from './sales.schema';

type Db = Kysely<Database>;
export const SALES_RETURN = 'sales_return';
export const returnLink = (id: string) => `/sales/returns/${id}`;
const RETURNABLE = ['confirmed', 'delivered', 'closed'];

type LineRow = Awaited<ReturnType<typeof returnLines>>[number];

function toDto(r: ReturnRow, lines?: LineRow[]): ReturnDto {
  return {
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    orderNumber: r.order_number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ownerId: r.owner_id,
    returnDate: r.return_date,
    reason: r.reason,
    status: r.status,
    currency: r.currency,
    netTotal: r.net_total,
    taxTotal: r.tax_total,
    grossTotal: r.gross_total,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(lines && {
      lines: lines.map((l) => ({
        id: Number(l.id),
        orderLineId: Number(l.order_line_id),
        lineNo: l.line_no,
        productId: l.product_id,
        productName: l.product_name,
        quantity: l.quantity,
        netAmount: l.net_amount,
        taxAmount: l.tax_amount,
        grossAmount: l.gross_amount,
      })),
    }),
  };
}

async function detail(db: Db | Trx, id: string): Promise<ReturnDto> {
  return toDto(await selectReturns(db).where('r.id', '=', id).executeTakeFirstOrThrow(), await returnLines(db, [id]));
}

/**
 * Quantities and amounts of return lines. A line may take back at most what was
 * ordered minus what confirmed returns took; its amounts are the difference of the
 * line's share before and after (partOfLine), so that a line returned in full, in
 * any number of parts, adds up exactly to the line.
 */
async function priceLines(trx: Trx, orderId: string, inputs: { orderLineId: number; quantity: string }[], lock: boolean, exceptReturnId?: string) {
  const lines = await orderLinesForReturn(trx, orderId, lock);
  const returned = await returnedQuantities(trx, orderId, exceptReturnId);
  const taken = new Map<number, InstanceType<typeof Dec>>();
  return inputs.map((input, i) => {
    const line = lines.find((l) => Number(l.id) === input.orderLineId);
    if (!line) throw fieldError(`lines.${i}.orderLineId`, 'not_found', 'No such line on this order');
    const id = Number(line.id);
    const before = taken.get(id) ?? new Dec(returned.get(id) ?? '0');
    const after = before.plus(input.quantity);
    if (after.greaterThan(line.quantity)) {
      const left = new Dec(line.quantity).minus(before);
      throw new AppError('validation_failed', `Line ${line.line_no}: at most ${left.toString()} can still be returned`, {
        fields: [{ field: `lines.${i}.quantity`, code: 'exceeds_ordered', message: `At most ${left.toString()} of line ${line.line_no} can still be returned` }],
      });
    }
    taken.set(id, after);
    const amounts: LineAmounts = { net: line.net_amount, tax: line.tax_amount, gross: line.gross_amount };
    const upTo = partOfLine(amounts, after.toString(), line.quantity);
    const upToBefore = partOfLine(amounts, before.toString(), line.quantity);
    const net = upTo.net - upToBefore.net;
    const tax = upTo.tax - upToBefore.tax;
    return { order_line_id: id, quantity: input.quantity, net_amount: net, tax_amount: tax, gross_amount: net + tax };
  });
}

/** Loads and locks the order a return is for: visible to the caller, and confirmed, delivered or closed. */
async function returnableOrder(trx: Trx, actor: Actor, orderId: string, field = 'orderId') {
  const order = await lockOrder(trx, orderId);
  if (!order || !(await canReadCustomer(trx, actor, order.customer_id))) throw fieldError(field, 'not_found', 'No such order');
  if (!RETURNABLE.includes(order.status)) {
    throw new AppError('conflict', `A ${order.status} order cannot take returns`, { fields: [{ field, code: 'not_returnable', message: `The order is ${order.status}` }] });
  }
  return order;
}

/** A draft return of some lines of a confirmed, delivered or closed order; SR-<year>-nnnnn. */
export async function createReturn(db: Db, actor: Actor, input: CreateReturnInput): Promise<ReturnDto> {
  requirePermission(actor, 'sales:write');
  return db.transaction().execute(async (trx) => {
    const order = await returnableOrder(trx, actor, input.orderId);
    if (input.returnDate < order.order_date) throw fieldError('returnDate', 'before_order', 'A return cannot be dated before its order');
    const lines = await priceLines(trx, order.id, input.lines, false);
    const number = await nextNumber(trx, SALES_RETURN, Number(input.returnDate.slice(0, 4)), 'SR', 5);
    const row = await trx
      .insertInto('sales_returns')
      .values({
        number,
        order_id: order.id,
        customer_id: order.customer_id,
        owner_id: order.owner_id,
        department_id: order.department_id,
        region_id: order.region_id,
        return_date: input.returnDate,
        reason: input.reason,
        currency: order.currency,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceReturnLines(trx, row.id, lines);
    const dto = await detail(trx, row.id);
    await recordAudit(trx, actor, { action: 'sales_return.create', entityType: SALES_RETURN, entityId: row.id, after: dto });
    return dto;
  });
}

export async function getReturn(db: Db, actor: Actor, id: string): Promise<ReturnDto> {
  await assertVisible(db, actor, SALES_RETURN, await findReturnRef(db, id), id);
  return detail(db, id);
}

/** Returns of customers the actor may see, newest first. */
export async function listReturns(db: Db, actor: Actor, q: ListReturnsQuery): Promise<Page<ReturnDto>> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const page = await keysetPage(filteredReturns(db, scope, q), { sortRef: 'r.return_date', idRef: 'r.id', direction: 'desc', page: q, sortValueOf: (r) => r.return_date, idOf: (r) => r.id });
  return { items: page.items.map((r) => toDto(r)), nextCursor: page.nextCursor };
}

const returnColumns: ExportColumn<ReturnRow>[] = [
  { key: 'number', en: 'Number', zh: '退货单号', value: (r) => r.number },
  { key: 'returnDate', en: 'Return date', zh: '退货日期', value: (r) => r.return_date, kind: 'date' },
  { key: 'order', en: 'Order', zh: '销售订单', value: (r) => r.order_number },
  { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customer_name, width: 36 },
  { key: 'reason', en: 'Reason', zh: '退货原因', value: (r) => r.reason, width: 36 },
  { key: 'status', en: 'Status', zh: '状态', value: (r) => r.status },
  { key: 'currency', en: 'Currency', zh: '币种', value: (r) => r.currency },
  { key: 'net', en: 'Net amount', zh: '不含税金额', value: (r) => formatMinor(r.net_total), kind: 'money' },
  { key: 'tax', en: 'Tax', zh: '税额', value: (r) => formatMinor(r.tax_total), kind: 'money' },
  { key: 'gross', en: 'Gross amount', zh: '含税金额', value: (r) => formatMinor(r.gross_total), kind: 'money' },
];

export async function exportReturns(db: Db, actor: Actor, f: Omit<ListReturnsQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const rows = await filteredReturns(db, scope, f).orderBy('r.return_date', 'desc').orderBy('r.id', 'desc').limit(EXPORT_LIMIT).execute();
  return buildExport(rows, returnColumns, { format: f.format, locale: actor.locale, name: 'sales-returns', sheet: { en: 'Sales returns', zh: '销售退货' } });
}

/** A draft return's date, reason or lines (replaced as a whole), at the version read. */
export async function updateReturn(db: Db, actor: Actor, id: string, input: UpdateReturnInput): Promise<ReturnDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockReturn(trx, id);
    await assertWritable(trx, actor, SALES_RETURN, locked, id);
    const r = locked!;
    if (r.version !== input.version) throw versionConflict(SALES_RETURN);
    if (r.status !== 'draft') throw notEditable('return', r.status);
    const order = await returnableOrder(trx, actor, r.order_id);
    if (input.returnDate && input.returnDate < order.order_date) throw fieldError('returnDate', 'before_order', 'A return cannot be dated before its order');
    const before = await detail(trx, id);
    await trx
      .updateTable('sales_returns')
      .set({ ...(input.returnDate && { return_date: input.returnDate }), ...(input.reason && { reason: input.reason }), version: r.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (input.lines) await replaceReturnLines(trx, id, await priceLines(trx, r.order_id, input.lines, false, id));
    const after = await detail(trx, id);
    await recordAudit(trx, actor, { action: 'sales_return.update', entityType: SALES_RETURN, entityId: id, before, after });
    return after;
  });
}

/**
 * draft → confirmed (the quantities are checked again with the order's lines
 * locked, and the amounts recomputed against the returns confirmed before it) or
 * draft → cancelled. Both are on the customer's timeline.
 */
export async function transitionReturn(db: Db, actor: Actor, id: string, to: 'confirmed' | 'cancelled', version: number): Promise<ReturnDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockReturn(trx, id);
    await assertWritable(trx, actor, SALES_RETURN, locked, id);
    const r = locked!;
    if (r.version !== version) throw versionConflict(SALES_RETURN);
    if (r.status !== 'draft') throw badTransition('return', r.status, to);
    if (to === 'confirmed') {
      await returnableOrder(trx, actor, r.order_id, 'to');
      const current = await returnLines(trx, [id]);
      const lines = await priceLines(
        trx,
        r.order_id,
        current.map((l) => ({ orderLineId: Number(l.order_line_id), quantity: l.quantity })),
        true,
        id,
      );
      await replaceReturnLines(trx, id, lines);
    }
    await trx.updateTable('sales_returns').set({ status: to, version: r.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    const after = await detail(trx, id);
    await addCustomerEvent(trx, {
      customerId: r.customer_id,
      kind: `return.${to}`,
      title: r.number,
      entity: { type: SALES_RETURN, id },
      actorId: actor.userId,
      data: { number: r.number, orderNumber: after.orderNumber, grossTotal: after.grossTotal, currency: r.currency, reason: r.reason },
    });
    await recordAudit(trx, actor, { action: `sales_return.${to}`, entityType: SALES_RETURN, entityId: id, before: { status: r.status }, after: { status: to, grossTotal: after.grossTotal } });
    return after;
  });
}
