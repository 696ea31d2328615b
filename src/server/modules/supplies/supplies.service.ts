import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict, type FieldError } from '../../http/app-error';
import type { Actor, AuditActor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { inScope, recordScope, type RecordScope } from '../../platform/access/scope';
import { submitForApproval } from '../../platform/approvals/approvals.engine';
import { registerApprovalDocType } from '../../platform/approvals/doc-types';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { dayInZone, getCompanySettings } from '../../platform/settings/settings.service';
import { likePattern, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import { postDocumentEntry } from '../ledger/ledger.service';
import {
  costByDepartment,
  costByItem,
  costByPerson,
  findItemByCode,
  lockItems,
  lockRequest,
  replaceRequestLines,
  requestLines,
  selectItems,
  selectMovements,
  selectRequests,
  setRequestStatus,
  type ItemRow,
  type MovementRow,
  type RequestLineRow,
  type RequestRow,
} from './supplies.repo';
import type {
  CreateSupplyItemInput,
  CreateSupplyRequestInput,
  ReceiptInput,
  SupplyItemDto,
  SupplyMovementDto,
  SupplyReportDto,
  SupplyRequestDto,
  SupplyRequestSummaryDto,
  UpdateSupplyItemInput,
  UpdateSupplyRequestInput,
} from './supplies.schema';

/**
 * Office supplies: a catalogue with stock, receipts, requests approved through the approval
 * engine and issued by the assistant. Stock is counted in whole units and valued at cost; an
 * issue takes the average cost, so the stock's value is always receipts minus issues to the cent.
 * Receipts and issues post to the ledger (1411 supplies in stock; 660106 office supplies).
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const SUPPLY_ITEM = 'supply_item';
export const SUPPLY_REQUEST = 'supply_request';
const STOCK_ACCOUNT = '1411';
const EXPENSE_ACCOUNT = '660106';
const PAYABLE_ACCOUNT = '2202';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

// ------------------------------------------------------------------ catalogue

function itemDto(r: ItemRow): SupplyItemDto {
  return {
    id: r.id,
    code: r.code,
    nameEn: r.name_en,
    nameZh: r.name_zh,
    unit: r.unit,
    unitCost: Number(r.unit_cost),
    currency: r.currency,
    stockQty: r.stock_qty,
    stockValue: Number(r.stock_value),
    reorderLevel: r.reorder_level,
    needsReorder: r.stock_qty <= r.reorder_level,
    isActive: r.is_active,
    version: r.version,
  };
}

/** Reading the catalogue: whoever may request supplies, or manages them. */
function requireCatalogueRead(actor: Actor) {
  if (!can(actor, 'supplies:manage')) requirePermission(actor, 'requests:use');
}

async function itemOrThrow(db: Db | Trx, id: string): Promise<ItemRow> {
  const row = await selectItems(db).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(SUPPLY_ITEM, id);
  return row;
}

/** The catalogue ordered by code; active items only unless asked, and optionally those to reorder. */
export async function listSupplyItems(db: Db, actor: Actor, q: { q?: string; includeInactive?: string; needsReorder?: string }): Promise<SupplyItemDto[]> {
  requireCatalogueRead(actor);
  let query = selectItems(db);
  if (q.includeInactive !== 'true') query = query.where('i.is_active', '=', true);
  if (q.needsReorder === 'true') query = query.whereRef('i.stock_qty', '<=', 'i.reorder_level');
  if (q.q) {
    const like = likePattern(q.q);
    query = query.where((eb) => eb.or([eb('i.code', 'ilike', like), eb('i.name_en', 'ilike', like), eb('i.name_zh', 'ilike', like)]));
  }
  return (await query.orderBy('i.code').limit(1000).execute()).map(itemDto);
}

export async function getSupplyItem(db: Db, actor: Actor, id: string): Promise<SupplyItemDto> {
  requireCatalogueRead(actor);
  return itemDto(await itemOrThrow(db, id));
}

const duplicateCode = (code: string) => new AppError('duplicate', `An item with code ${code} exists`, { fields: [{ field: 'code', code: 'duplicate', message: 'is already used' }] });

/** Adds an item to the catalogue; one name suffices (the other language shows it too). Stock arrives by receipts. */
export async function createSupplyItem(db: Db, actor: Actor, input: CreateSupplyItemInput): Promise<SupplyItemDto> {
  requirePermission(actor, 'supplies:manage');
  const nameEn = input.nameEn || input.nameZh;
  const nameZh = input.nameZh || input.nameEn;
  if (!nameEn || !nameZh) throw fieldError('nameEn', 'required', 'a name in English or Chinese is required');
  return db.transaction().execute(async (trx) => {
    if (await findItemByCode(trx, input.code)) throw duplicateCode(input.code);
    const { currency } = await getCompanySettings(trx);
    const row = await trx
      .insertInto('supply_items')
      .values({ code: input.code, name_en: nameEn, name_zh: nameZh, unit: input.unit, unit_cost: input.unitCost, reorder_level: input.reorderLevel, currency })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = itemDto(await itemOrThrow(trx, row.id));
    await recordAudit(trx, actor, { action: 'supply_item.create', entityType: SUPPLY_ITEM, entityId: row.id, after });
    return after;
  });
}

/** Renames, reprices or (de)activates an item at the version read; stock changes only by receipts and issues. */
export async function updateSupplyItem(db: Db, actor: Actor, id: string, input: UpdateSupplyItemInput): Promise<SupplyItemDto> {
  requirePermission(actor, 'supplies:manage');
  return db.transaction().execute(async (trx) => {
    const [locked] = await lockItems(trx, [id]);
    if (!locked) throw notFound(SUPPLY_ITEM, id);
    if (locked.version !== input.version) throw versionConflict(SUPPLY_ITEM);
    const before = itemDto(locked);
    await trx
      .updateTable('supply_items')
      .set({
        ...(input.nameEn && { name_en: input.nameEn }),
        ...(input.nameZh && { name_zh: input.nameZh }),
        ...(input.unit && { unit: input.unit }),
        ...(input.unitCost !== undefined && { unit_cost: input.unitCost }),
        ...(input.reorderLevel !== undefined && { reorder_level: input.reorderLevel }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = itemDto(await itemOrThrow(trx, id));
    await recordAudit(trx, actor, { action: 'supply_item.update', entityType: SUPPLY_ITEM, entityId: id, before, after });
    return after;
  });
}

async function ledgerAccounts(trx: Trx): Promise<Record<string, string>> {
  // The ledger module's preset chart, read by code: the supplies postings need only these three.
  const rows = await trx.selectFrom('ledger_accounts').select(['id', 'code']).where('code', 'in', [STOCK_ACCOUNT, EXPENSE_ACCOUNT, PAYABLE_ACCOUNT]).where('is_active', '=', true).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

/** A purchase received into stock: quantity at a unit cost; posted Dr 1411 supplies in stock / Cr 2202 payable. */
export async function receiveSupplies(db: Db, actor: Actor, itemId: string, input: ReceiptInput): Promise<SupplyMovementDto> {
  requirePermission(actor, 'supplies:manage');
  return db.transaction().execute(async (trx) => {
    const [item] = await lockItems(trx, [itemId]);
    if (!item) throw notFound(SUPPLY_ITEM, itemId);
    if (!item.is_active) throw fieldError('itemId', 'inactive', 'the item is deactivated');
    const { timeZone } = await getCompanySettings(trx);
    const movedOn = input.receivedOn ?? dayInZone(new Date(), timeZone);
    const amount = input.quantity * input.unitCost;
    if (!Number.isSafeInteger(amount)) throw fieldError('quantity', 'too_large', 'quantity × unit cost is too large');
    const movement = await trx
      .insertInto('supply_movements')
      .values({ item_id: itemId, kind: 'receipt', quantity: input.quantity, unit_cost: input.unitCost, amount, moved_on: movedOn, note: input.note ?? '', created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('supply_items')
      .set((eb) => ({ stock_qty: eb('stock_qty', '+', input.quantity), stock_value: eb('stock_value', '+', amount), unit_cost: input.unitCost, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', itemId)
      .execute();
    const accounts = await ledgerAccounts(trx);
    if (amount > 0 && accounts[STOCK_ACCOUNT] && accounts[PAYABLE_ACCOUNT]) {
      const description = `${item.code} ${item.name_en} × ${input.quantity}`;
      const entry = await postDocumentEntry(trx, actor, {
        sourceType: 'supply_receipt',
        sourceId: movement.id,
        entryDate: movedOn,
        description,
        lines: [
          { accountId: accounts[STOCK_ACCOUNT], debit: amount, credit: 0, description },
          { accountId: accounts[PAYABLE_ACCOUNT], debit: 0, credit: amount, description },
        ],
      });
      await trx.updateTable('supply_movements').set({ ledger_entry_id: entry.id }).where('id', '=', movement.id).execute();
    }
    await recordAudit(trx, actor, { action: 'supply_item.receive', entityType: SUPPLY_ITEM, entityId: itemId, after: { movementId: movement.id, ...input, amount, movedOn } });
    return movementDto((await selectMovements(trx).where('m.id', '=', movement.id).executeTakeFirstOrThrow()) as MovementRow);
  });
}

function movementDto(r: MovementRow): SupplyMovementDto {
  return {
    id: r.id,
    itemId: r.item_id,
    itemCode: r.item_code,
    itemNameEn: r.item_name_en,
    itemNameZh: r.item_name_zh,
    kind: r.kind,
    quantity: r.quantity,
    unitCost: Number(r.unit_cost),
    amount: Number(r.amount),
    movedOn: r.moved_on,
    requestId: r.request_id,
    requestNumber: r.request_number,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    note: r.note,
    ledgerEntryId: r.ledger_entry_id,
    createdAt: iso(r.created_at)!,
  };
}

/** Stock movements (receipts and issues), newest first; for those who manage supplies. */
export async function listSupplyMovements(db: Db, actor: Actor, q: { itemId?: string; kind?: 'receipt' | 'issue'; limit: number; cursor?: string }): Promise<Page<SupplyMovementDto>> {
  requirePermission(actor, 'supplies:manage');
  let query = selectMovements(db);
  if (q.itemId) query = query.where('m.item_id', '=', q.itemId);
  if (q.kind) query = query.where('m.kind', '=', q.kind);
  const scope = await recordScope(db, actor);
  // An issue is the department's record: another department's issues stay out of the list.
  if (scope.kind === 'departments') query = query.where((eb) => eb.or([eb('m.kind', '=', 'receipt'), eb('m.department_id', 'in', scope.departmentIds)]));
  const page = await keysetPage(query, { sortRef: 'm.created_at', idRef: 'm.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map(movementDto), nextCursor: page.nextCursor };
}

// ------------------------------------------------------------------ requests

const editable = (status: string) => status === 'draft' || status === 'returned';

function lineDto(l: RequestLineRow) {
  return {
    id: l.id,
    lineNo: l.line_no,
    itemId: l.item_id,
    itemCode: l.item_code,
    itemNameEn: l.item_name_en,
    itemNameZh: l.item_name_zh,
    unit: l.unit,
    quantity: l.quantity,
    purpose: l.purpose,
    estimatedCost: l.quantity * Number(l.unit_cost),
    issuedCost: l.issued_cost === null ? null : Number(l.issued_cost),
    stockQty: l.stock_qty,
  };
}

function summaryDto(r: RequestRow, actor: Actor, scope: RecordScope): SupplyRequestSummaryDto {
  return {
    id: r.id,
    number: r.number,
    requesterId: r.requester_id,
    requesterName: r.requester_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    purpose: r.purpose,
    status: r.status,
    currency: r.currency,
    estimatedTotal: Number(r.estimated_total),
    issuedTotal: r.issued_total === null ? null : Number(r.issued_total),
    version: r.version,
    createdAt: iso(r.created_at)!,
    submittedAt: iso(r.submitted_at),
    decidedAt: iso(r.decided_at),
    issuedAt: iso(r.issued_at),
    issuedOn: r.issued_on,
    issuedByName: r.issued_by_name,
    ledgerEntryId: r.ledger_entry_id,
    approvalRequestId: r.approval_request_id ?? null,
    canEdit: r.requester_id === actor.userId && editable(r.status),
    canIssue: r.status === 'approved' && canManageRecord(actor, scope, r),
  };
}

/** Those who manage supplies act on the requests of their department (admins: all). */
function canManageRecord(actor: Actor, scope: RecordScope, r: { requester_id: string; department_id: string | null }) {
  return can(actor, 'supplies:manage') && (scope.kind === 'all' || (scope.kind === 'departments' && r.department_id !== null && scope.departmentIds.includes(r.department_id)));
}

/**
 * Who reads a supplies request: the requester, whoever manages supplies for the requester's
 * department, and anyone asked to approve it.
 */
async function canRead(db: Db | Trx, actor: Actor, row: { id: string; requester_id: string; department_id: string | null }): Promise<boolean> {
  if (row.requester_id === actor.userId) return true;
  if (can(actor, 'supplies:manage') && inScope(await recordScope(db, actor), row.requester_id, row.department_id)) return true;
  const task = await db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as a', 'a.id', 't.request_id')
    .select('t.id')
    .where('a.doc_type', '=', SUPPLY_REQUEST)
    .where('a.doc_id', '=', row.id)
    .where((eb) => eb.or([eb('t.approver_id', '=', actor.userId), eb('t.acted_by', '=', actor.userId)]))
    .executeTakeFirst();
  return task !== undefined;
}

async function detail(db: Db | Trx, actor: Actor, id: string): Promise<SupplyRequestDto> {
  const row = await selectRequests(db, SUPPLY_REQUEST).where('s.id', '=', id).executeTakeFirstOrThrow();
  const scope = await recordScope(db, actor);
  return { ...summaryDto(row, actor, scope), lines: (await requestLines(db, id)).map(lineDto) };
}

export async function getSupplyRequest(db: Db, actor: Actor, id: string): Promise<SupplyRequestDto> {
  const row = await db.selectFrom('supply_requests').select(['id', 'requester_id', 'department_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(SUPPLY_REQUEST, id);
  if (!(await canRead(db, actor, row))) throw deniedAsNotFound(SUPPLY_REQUEST, id);
  return detail(db, actor, id);
}

/** Supplies requests the actor may see, newest first: their own, or (managing supplies) their department's. */
export async function listSupplyRequests(db: Db, actor: Actor, q: { limit: number; cursor?: string; status?: string; mine?: string }): Promise<Page<SupplyRequestSummaryDto>> {
  const scope = await recordScope(db, actor);
  let query = selectRequests(db, SUPPLY_REQUEST);
  if (q.mine === 'true' || !can(actor, 'supplies:manage') || scope.kind === 'own') query = query.where('s.requester_id', '=', actor.userId);
  else if (scope.kind === 'departments') query = query.where((eb) => eb.or([eb('s.requester_id', '=', actor.userId), eb('s.department_id', 'in', scope.departmentIds)]));
  if (q.status) query = query.where('s.status', '=', q.status as never);
  const page = await keysetPage(query, { sortRef: 's.created_at', idRef: 's.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map((r) => summaryDto(r, actor, scope)), nextCursor: page.nextCursor };
}

/** Every line names an active item of the catalogue (the field errors name the line). */
async function checkLines(trx: Trx, lines: { itemId: string }[]) {
  const items = await trx.selectFrom('supply_items').select(['id', 'is_active']).where('id', 'in', [...new Set(lines.map((l) => l.itemId))]).execute();
  const byId = new Map(items.map((i) => [i.id, i]));
  const errors: FieldError[] = [];
  lines.forEach((l, i) => {
    const item = byId.get(l.itemId);
    if (!item) errors.push({ field: `lines.${i}.itemId`, code: 'unknown', message: 'is not in the catalogue' });
    else if (!item.is_active) errors.push({ field: `lines.${i}.itemId`, code: 'inactive', message: 'is deactivated' });
  });
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.field} ${e.message}`).join('; '), { fields: errors });
}

async function submit(trx: Trx, actor: Actor, id: string) {
  const row = await selectRequests(trx, SUPPLY_REQUEST).where('s.id', '=', id).executeTakeFirstOrThrow();
  await setRequestStatus(trx, id, 'pending', { submitted_at: new Date(), decided_at: null });
  await recordAudit(trx, actor, { action: 'supply_request.submit', entityType: SUPPLY_REQUEST, entityId: id });
  await submitForApproval(trx, actor, { docType: SUPPLY_REQUEST, docId: id, title: `${row.number} ${row.purpose}`.trim(), amount: Number(row.estimated_total), currency: row.currency });
}

/** Anyone who may write requests asks for supplies (items, quantities, purpose); submitted for approval at once unless kept as a draft. */
export async function createSupplyRequest(db: Db, actor: Actor, input: CreateSupplyRequestInput): Promise<SupplyRequestDto> {
  requirePermission(actor, 'requests:use');
  return db.transaction().execute(async (trx) => {
    await checkLines(trx, input.lines);
    const settings = await getCompanySettings(trx);
    const year = Number(dayInZone(new Date(), settings.timeZone).slice(0, 4));
    const number = await nextNumber(trx, SUPPLY_REQUEST, year, 'SUP', 5);
    const row = await trx
      .insertInto('supply_requests')
      .values({ number, requester_id: actor.userId, department_id: actor.departmentId, purpose: input.purpose ?? '', status: 'draft', currency: settings.currency })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceRequestLines(trx, row.id, input.lines);
    await recordAudit(trx, actor, { action: 'supply_request.create', entityType: SUPPLY_REQUEST, entityId: row.id, after: { number, ...input } });
    if (input.submit) await submit(trx, actor, row.id);
    return detail(trx, actor, row.id);
  });
}

async function lockOwn(trx: Trx, actor: Actor, id: string, version: number, what: string) {
  const locked = await lockRequest(trx, id);
  if (!locked) throw notFound(SUPPLY_REQUEST, id);
  if (locked.requester_id !== actor.userId) {
    if (await canRead(trx, actor, locked)) throw new AppError('forbidden', `Only the requester may ${what} a request`);
    throw deniedAsNotFound(SUPPLY_REQUEST, id);
  }
  if (locked.version !== version) throw versionConflict(SUPPLY_REQUEST);
  if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} request cannot be changed`, { detail: { status: locked.status } });
  return locked;
}

/** The requester changes a draft or returned request (lines replace the old ones). */
export async function updateSupplyRequest(db: Db, actor: Actor, id: string, input: UpdateSupplyRequestInput): Promise<SupplyRequestDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwn(trx, actor, id, input.version, 'change');
    if (input.lines) {
      await checkLines(trx, input.lines);
      await replaceRequestLines(trx, id, input.lines);
    }
    await trx
      .updateTable('supply_requests')
      .set({ ...(input.purpose !== undefined && { purpose: input.purpose }), version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: 'supply_request.update', entityType: SUPPLY_REQUEST, entityId: id, before: locked, after: input });
    return detail(trx, actor, id);
  });
}

/** Sends a draft or returned request into approval. */
export async function submitSupplyRequest(db: Db, actor: Actor, id: string, version: number): Promise<SupplyRequestDto> {
  return db.transaction().execute(async (trx) => {
    await lockOwn(trx, actor, id, version, 'submit');
    await submit(trx, actor, id);
    return detail(trx, actor, id);
  });
}

/** Half-up division of integers: the average cost of part of the stock, to the cent. */
function shareOf(value: number, qty: number, ofQty: number): number {
  const n = BigInt(value) * BigInt(qty) * 2n + BigInt(ofQty);
  return Number(n / (BigInt(ofQty) * 2n));
}

/**
 * The assistant issues an approved request: stock goes down (never below zero — a 409 naming the
 * line), each line costs its share of the stock's value (average cost), the cost is booked to the
 * requester and their department, and posted Dr 660106 office supplies / Cr 1411 supplies in stock.
 */
export async function issueSupplyRequest(db: Db, actor: Actor, id: string, version: number): Promise<SupplyRequestDto> {
  requirePermission(actor, 'supplies:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockRequest(trx, id);
    if (!locked) throw notFound(SUPPLY_REQUEST, id);
    const scope = await recordScope(trx, actor);
    if (!canManageRecord(actor, scope, locked)) {
      if (await canRead(trx, actor, locked)) throw new AppError('forbidden', 'Only who manages supplies for the department issues them');
      throw deniedAsNotFound(SUPPLY_REQUEST, id);
    }
    if (locked.version !== version) throw versionConflict(SUPPLY_REQUEST);
    if (locked.status !== 'approved') throw new AppError('conflict', `A ${locked.status} request cannot be issued; it must be approved first`, { detail: { status: locked.status } });
    const lines = await requestLines(trx, id);
    const items = new Map((await lockItems(trx, [...new Set(lines.map((l) => l.item_id))])).map((i) => [i.id, { ...i, stock_value: Number(i.stock_value) }]));
    const short: FieldError[] = [];
    const wanted = new Map<string, number>();
    lines.forEach((l, i) => {
      const total = (wanted.get(l.item_id) ?? 0) + l.quantity;
      wanted.set(l.item_id, total);
      const stock = items.get(l.item_id)!.stock_qty;
      if (total > stock) short.push({ field: `lines.${i}.quantity`, code: 'insufficient_stock', message: `only ${stock} in stock` });
    });
    if (short.length) throw new AppError('conflict', `Not enough in stock: ${short.map((s) => `${s.field} ${s.message}`).join('; ')}`, { fields: short, detail: { reason: 'insufficient_stock' } });

    const { timeZone } = await getCompanySettings(trx);
    const issuedOn = dayInZone(new Date(), timeZone);
    const costs: { line: RequestLineRow; cost: number }[] = [];
    for (const l of lines) {
      const item = items.get(l.item_id)!;
      const cost = l.quantity === item.stock_qty ? item.stock_value : shareOf(item.stock_value, l.quantity, item.stock_qty);
      item.stock_qty -= l.quantity;
      item.stock_value -= cost;
      costs.push({ line: l, cost });
      await trx.updateTable('supply_request_lines').set({ issued_cost: cost }).where('id', '=', l.id).execute();
      await trx
        .insertInto('supply_movements')
        .values({
          item_id: l.item_id,
          kind: 'issue',
          quantity: l.quantity,
          unit_cost: shareOf(cost, 1, l.quantity),
          amount: cost,
          moved_on: issuedOn,
          request_id: id,
          request_line_id: l.id,
          employee_id: locked.requester_id,
          department_id: locked.department_id,
          created_by: actor.userId,
        })
        .execute();
    }
    for (const item of items.values()) {
      await trx.updateTable('supply_items').set((eb) => ({ stock_qty: item.stock_qty, stock_value: item.stock_value, version: eb('version', '+', 1), updated_at: new Date() })).where('id', '=', item.id).execute();
    }

    let entryId: string | null = null;
    const total = costs.reduce((s, c) => s + c.cost, 0);
    const accounts = await ledgerAccounts(trx);
    if (total > 0 && accounts[STOCK_ACCOUNT] && accounts[EXPENSE_ACCOUNT]) {
      const dims = { employeeId: locked.requester_id, departmentId: locked.department_id, expenseType: 'office_supplies' as const };
      const entry = await postDocumentEntry(trx, actor, {
        sourceType: 'supply_issue',
        sourceId: id,
        entryDate: issuedOn,
        description: `${locked.number} ${locked.purpose}`.trim().slice(0, 300),
        lines: [
          ...costs.filter((c) => c.cost > 0).map((c) => ({ accountId: accounts[EXPENSE_ACCOUNT], debit: c.cost, credit: 0, ...dims, description: `${c.line.item_code} ${c.line.item_name_en} × ${c.line.quantity}`.slice(0, 300) })),
          { accountId: accounts[STOCK_ACCOUNT], debit: 0, credit: total, employeeId: locked.requester_id, departmentId: locked.department_id, description: locked.number },
        ],
      });
      entryId = entry.id;
    }
    await trx
      .updateTable('supply_requests')
      .set({ status: 'issued', issued_at: new Date(), issued_by: actor.userId, issued_on: issuedOn, ledger_entry_id: entryId, version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: 'supply_request.issue', entityType: SUPPLY_REQUEST, entityId: id, after: { total, issuedOn, ledgerEntryId: entryId, lines: costs.map((c) => ({ itemId: c.line.item_id, quantity: c.line.quantity, cost: c.cost })) } });
    return detail(trx, actor, id);
  });
}

// ------------------------------------------------------------------ cost report

/** Issued supplies' cost per person, department and item over a period (issue dates); the department's, for those who manage supplies. */
export async function supplyCostReport(db: Db, actor: Actor, q: { from: string; to: string }): Promise<SupplyReportDto> {
  requirePermission(actor, 'supplies:manage');
  const scope = await recordScope(db, actor);
  const s = scope.kind === 'all' ? {} : { departmentIds: scope.kind === 'departments' ? scope.departmentIds : [] };
  const [persons, departments, items, settings] = await Promise.all([costByPerson(db, q.from, q.to, s), costByDepartment(db, q.from, q.to, s), costByItem(db, q.from, q.to, s), getCompanySettings(db)]);
  const row = (r: { id: string | null; name: string | null; quantity: number; amount: number; issues: number }) => ({ id: r.id, name: r.name, quantity: Number(r.quantity), amount: Number(r.amount), issues: Number(r.issues) });
  return {
    from: q.from,
    to: q.to,
    currency: settings.currency,
    byPerson: persons.map((r) => ({ ...row(r), departmentName: r.department_name })),
    byDepartment: departments.map(row),
    byItem: items.map((r) => ({ ...row(r), code: r.code, nameZh: r.name_zh })),
    total: departments.reduce((sum, r) => sum + Number(r.amount), 0),
  };
}

// ------------------------------------------------------------------ wiring

/** Registers supplies requests with the approval engine (manager approves) and the files/tasks access registry. */
export function registerSupplies(): void {
  registerEntity(SUPPLY_REQUEST, {
    async canRead(db, actor, id) {
      const row = await db.selectFrom('supply_requests').select(['id', 'requester_id', 'department_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canRead(db, actor, row));
    },
    async label(db, id) {
      const row = await db.selectFrom('supply_requests').select(['number', 'purpose']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.number} ${row.purpose}`.trim() : undefined;
    },
    link: (id) => `/supplies/requests/${id}`,
  });
  registerApprovalDocType({
    type: SUPPLY_REQUEST,
    defaultFlow: [{ name: 'Manager', key: 'manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' }],
    async onOutcome(trx, docId, outcome, actor: AuditActor) {
      const status = outcome === 'approved' ? 'approved' : outcome === 'rejected' ? 'rejected' : outcome === 'returned' ? 'returned' : 'withdrawn';
      await setRequestStatus(trx, docId, status, { decided_at: outcome === 'approved' || outcome === 'rejected' ? new Date() : null });
      await recordAudit(trx, actor, { action: `supply_request.${outcome}`, entityType: SUPPLY_REQUEST, entityId: docId, after: { status } });
    },
    link: (id) => `/supplies/requests/${id}`,
  });
  // The assistant's home page: approved requests waiting to be issued, and items to reorder.
  registerWorkbenchSection({
    key: 'supplies_to_issue',
    order: 40,
    async load(db, actor) {
      if (!actor.permissions.has('supplies:manage')) return null;
      const scope = await recordScope(db, actor);
      let q = selectRequests(db, SUPPLY_REQUEST).where('s.status', '=', 'approved');
      if (scope.kind !== 'all') q = q.where('s.department_id', 'in', scope.kind === 'departments' && scope.departmentIds.length ? scope.departmentIds : ['00000000-0000-0000-0000-000000000000']);
      const rows = await q.orderBy('s.decided_at').limit(10).execute();
      if (!rows.length) return null;
      const { timeZone } = await getCompanySettings(db);
      return {
        count: rows.length,
        link: '/supplies/requests',
        items: rows.map((r) => ({ id: r.id, title: `${r.number} ${r.requester_name}`, meta: { status: r.status }, link: `/supplies/requests/${r.id}`, date: dayInZone(r.decided_at ?? r.updated_at, timeZone), severity: 'info' as const })),
      };
    },
  });
}
