import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import { isActor, type Actor, type AuditActor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { businessToday, submitForApproval } from '../../platform/approvals/approvals.engine';
import { registerApprovalDocType } from '../../platform/approvals/doc-types';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { canReadFile, linkFile } from '../../platform/files/files.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { canReadExpenseDoc, expenseScope, isCurrentApprover, latestApprovalRequest, openAdvanceOf, tripForClaim, whereInScope } from '../trips/trips.service';
import { runChecks } from './claims.checks';
import { postClaimApproval } from './claims.ledger';
import { CLAIM, claimChecks, claimItems, claimPayment, claimReceipts, filesByIds, lockClaim, normaliseNumber, replaceItems, selectClaims, type CheckRow, type ClaimRow } from './claims.repo';
import type { CheckDto, ClaimDto, ClaimSummaryDto, CreateClaimInput, ItemInput, ListClaimsQuery, UpdateClaimInput } from './claims.schema';
import { explainCheck, localizeMatch } from './claims.texts';
import { registerClaimsWorkbench } from './claims.workbench';

/**
 * Reimbursement claims: a rep's expense items with receipts, for a trip or local. Every save
 * re-runs the automatic checks; reviewers override findings with a reason; approval posts the
 * expenses, payment settles them net of the trip's advance (claims.ledger.ts, payments.service.ts).
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export { CLAIM };

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const SEVERITIES = ['info', 'warning', 'high'] as const;
const editable = (status: string) => status === 'draft';
const reviewable = (status: string) => status === 'draft' || status === 'submitted';
const readable = (r: { id: string; claimant_id: string; department_id: string | null }) => ({ id: r.id, ownerId: r.claimant_id, departmentId: r.department_id });

function summaryDto(r: ClaimRow): ClaimSummaryDto {
  return {
    id: r.id,
    number: r.number,
    claimantId: r.claimant_id,
    claimantName: r.claimant_name,
    departmentId: r.department_id,
    tripId: r.trip_id,
    tripNumber: r.trip_number ?? null,
    title: r.title,
    currency: r.currency,
    total: r.total,
    status: r.status,
    openChecks: Number(r.open_checks ?? 0),
    worstSeverity: r.worst_rank ? SEVERITIES[Number(r.worst_rank) - 1] : null,
    version: r.version,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    submittedAt: iso(r.submitted_at),
    paidAt: iso(r.paid_at),
  };
}

function checkDto(k: CheckRow, locale: Actor['locale']): CheckDto {
  const params = (k.params ?? {}) as Record<string, unknown>;
  return {
    id: k.id,
    code: k.code as CheckDto['code'],
    severity: k.severity,
    lineNo: k.line_no,
    params,
    explanation: explainCheck(k.code, params, locale),
    matches: ((k.matches ?? []) as CheckDto['matches']).map((m) => localizeMatch(m, params, locale)),
    overridden: k.overridden_by !== null,
    overriddenBy: k.overridden_by,
    overriddenByName: k.overridden_by_name ?? null,
    overriddenAt: iso(k.overridden_at),
    overrideReason: k.override_reason,
  };
}

async function mayOverride(db: Db | Trx, actor: Actor, row: ClaimRow): Promise<boolean> {
  if (!reviewable(row.status) || row.claimant_id === actor.userId) return false;
  if (can(actor, 'expenses:review') && (await canReadExpenseDoc(db, actor, CLAIM, { id: row.id, ownerId: row.claimant_id, departmentId: row.department_id }))) {
    const scope = await expenseScope(db, actor);
    if (scope.kind === 'all' || scope.kind === 'departments') return true;
  }
  return isCurrentApprover(db, CLAIM, row.id, actor.userId);
}

export async function claimDetail(db: Db | Trx, actor: Actor, row: ClaimRow): Promise<ClaimDto> {
  const [items, receipts, checks, payment, approvalRequestId] = await Promise.all([
    claimItems(db, row.id),
    claimReceipts(db, row.id),
    claimChecks(db, row.id),
    claimPayment(db, row.id),
    latestApprovalRequest(db, CLAIM, row.id),
  ]);
  const trip = row.trip_id ? await tripForClaim(db, row.trip_id) : undefined;
  const byCat = new Map<string, number>();
  for (const i of items) byCat.set(i.category, (byCat.get(i.category) ?? 0) + i.amount);
  const budget = new Map((trip?.budget ?? []).map((b) => [b.category, b.amount]));
  const openAdvance = row.trip_id && !payment ? await openAdvanceOf(db, row.trip_id) : 0;
  const advanceToClear = payment ? payment.advance_cleared : Math.min(openAdvance, row.total);
  return {
    ...summaryDto(row),
    items: items.map((i) => ({
      id: i.id,
      lineNo: i.line_no,
      date: i.item_date,
      category: i.category as ClaimDto['items'][number]['category'],
      amount: i.amount,
      description: i.description,
      nights: i.nights,
      cityTier: i.city_tier,
      bookingId: i.booking_id,
      customerId: i.customer_id,
      receipts: receipts
        .filter((r) => r.item_id === i.id)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          fileId: r.file_id,
          fileName: r.file_name ?? null,
          sha256: r.sha256,
          invoiceNumber: r.invoice_number,
          invoiceAmount: r.invoice_amount,
          invoiceDate: r.invoice_date,
          buyerName: r.buyer_name,
          buyerTaxpayerId: r.buyer_taxpayer_id,
          passengerName: r.passenger_name,
          fromCity: r.from_city,
          toCity: r.to_city,
        })),
    })),
    checks: checks.map((k) => checkDto(k, actor.locale)),
    byCategory: [...byCat].map(([category, amount]) => ({ category: category as ClaimDto['items'][number]['category'], amount, budget: trip ? (budget.get(category) ?? null) : null })),
    settlement: payment
      ? { total: payment.claim_total, openAdvance: payment.advance_cleared, advanceToClear: payment.advance_cleared, toPay: payment.amount_paid, employeeOwes: row.trip_id ? await openAdvanceOf(db, row.trip_id) : 0 }
      : { total: row.total, openAdvance, advanceToClear, toPay: row.total - advanceToClear, employeeOwes: openAdvance - advanceToClear },
    payment: payment
      ? {
          id: payment.id,
          claimTotal: payment.claim_total,
          advanceCleared: payment.advance_cleared,
          amountPaid: payment.amount_paid,
          paidOn: payment.paid_on,
          method: payment.method,
          ledgerEntryId: payment.ledger_entry_id,
          ledgerEntryNumber: payment.entry_number ?? null,
          paidBy: payment.paid_by,
        }
      : null,
    approvalRequestId,
    approvalEntryId: row.approval_entry_id,
    decidedAt: iso(row.decided_at),
    canEdit: row.claimant_id === actor.userId && editable(row.status),
    canOverride: await mayOverride(db, actor, row),
    canPay: can(actor, 'expenses:pay') && row.status === 'approved' && row.claimant_id !== actor.userId,
  };
}

const reload = (db: Db | Trx, id: string) => selectClaims(db).where('c.id', '=', id).executeTakeFirstOrThrow();

/** A claim the actor may see (404 otherwise, audited as a denial when it exists). */
export async function loadReadableClaim(db: Db | Trx, actor: Actor, id: string): Promise<ClaimRow> {
  const row = await selectClaims(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(CLAIM, id);
  if (!(await canReadExpenseDoc(db, actor, CLAIM, readable(row)))) throw deniedAsNotFound(CLAIM, id);
  return row;
}

/** One claim with its items, receipts, checks, settlement and payment: claimant, their department's reviewers, its approvers. */
export async function getClaim(db: Db, actor: Actor, id: string): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return claimDetail(db, actor, await loadReadableClaim(db, actor, id));
}

/** Claims the actor may see, newest first. */
export async function listClaims(db: Db, actor: Actor, q: ListClaimsQuery): Promise<Page<ClaimSummaryDto>> {
  requirePermission(actor, 'expenses:use');
  let query = whereInScope(selectClaims(db), await expenseScope(db, actor), 'c.claimant_id', 'c.department_id');
  if (q.mine === 'true') query = query.where('c.claimant_id', '=', actor.userId);
  if (q.claimantId) query = query.where('c.claimant_id', '=', q.claimantId);
  if (q.tripId) query = query.where('c.trip_id', '=', q.tripId);
  if (q.status) query = query.where('c.status', '=', q.status);
  if (q.flagged === 'true') {
    query = query.where((eb) => eb.exists(eb.selectFrom('expense_claim_checks as f').select('f.id').whereRef('f.claim_id', '=', 'c.id').where('f.overridden_by', 'is', null)));
  }
  const page = await keysetPage(query, { sortRef: 'c.created_at', idRef: 'c.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map(summaryDto), nextCursor: page.nextCursor };
}

/** The trip a claim may name: the claimant's own, approved or completed. */
async function checkTrip(trx: Trx, actor: Actor, claimantId: string, tripId: string | null | undefined) {
  if (!tripId) return undefined;
  const trip = await tripForClaim(trx, tripId);
  if (!trip || trip.row.traveller_id !== claimantId) throw fieldError('tripId', 'not_found', 'No such trip of yours');
  if (trip.row.status !== 'approved' && trip.row.status !== 'completed') throw fieldError('tripId', 'not_approved', `The trip is ${trip.row.status}; claims need an approved trip`);
  return trip;
}

/**
 * Items checked before saving: bookings of the claim's trip, customers that exist, receipt files
 * the actor may read. A ticket receipt whose number is a booking's ticket number links to it.
 */
async function prepareItems(trx: Trx, actor: Actor, trip: Awaited<ReturnType<typeof checkTrip>>, items: ItemInput[]): Promise<{ items: ItemInput[]; shaByFile: Map<string, string> }> {
  const bookings = trip?.bookings ?? [];
  const fileIds = [...new Set(items.flatMap((i) => i.receipts.map((r) => r.fileId)).filter((x): x is string => !!x))];
  const files = new Map((await filesByIds(trx, fileIds)).map((f) => [f.id, f.sha256]));
  const customerIds = [...new Set(items.map((i) => i.customerId).filter((x): x is string => !!x))];
  const customers = new Set(customerIds.length ? (await trx.selectFrom('customers').select('id').where('id', 'in', customerIds).execute()).map((c) => c.id) : []);
  const out: ItemInput[] = [];
  for (const [i, item] of items.entries()) {
    if (item.bookingId && !bookings.some((b) => b.id === item.bookingId)) throw fieldError(`items.${i}.bookingId`, 'not_found', 'No such booking on this trip');
    if (item.customerId && !customers.has(item.customerId)) throw fieldError(`items.${i}.customerId`, 'not_found', 'No such customer');
    for (const [j, r] of item.receipts.entries()) {
      if (!r.fileId) continue;
      const fileRow = files.has(r.fileId) ? await trx.selectFrom('files').select(['id', 'created_by']).where('id', '=', r.fileId).executeTakeFirst() : undefined;
      if (!fileRow || !(await canReadFile(trx, actor, fileRow))) throw fieldError(`items.${i}.receipts.${j}.fileId`, 'not_found', 'File not found');
    }
    let bookingId = item.bookingId ?? null;
    if (!bookingId) {
      const numbers = new Set(item.receipts.filter((r) => r.invoiceNumber).map((r) => normaliseNumber(r.invoiceNumber!)));
      bookingId = bookings.find((b) => b.ticket_number && numbers.has(normaliseNumber(b.ticket_number)))?.id ?? null;
    }
    out.push({ ...item, bookingId });
  }
  return { items: out, shaByFile: files };
}

/**
 * Re-runs the checks and stores their findings: a finding that comes back (same key) keeps its
 * override; one that is gone is dropped; new ones are added. Returns the number of open findings.
 */
async function storeChecks(trx: Trx, actor: AuditActor, claim: ClaimRow | { id: string; claimant_id: string; trip_id: string | null; total: number; claimant_name: string }): Promise<void> {
  const findings = await runChecks(trx, { id: claim.id, claimant_id: claim.claimant_id, claimant_name: claim.claimant_name, trip_id: claim.trip_id, total: claim.total });
  const existing = new Map((await trx.selectFrom('expense_claim_checks').selectAll().where('claim_id', '=', claim.id).execute()).map((k) => [k.key, k]));
  const keep = new Set<string>();
  for (const f of findings) {
    keep.add(f.key);
    const old = existing.get(f.key);
    if (old) {
      await trx.updateTable('expense_claim_checks').set({ severity: f.severity, line_no: f.lineNo, params: JSON.stringify(f.params), matches: JSON.stringify(f.matches) }).where('id', '=', old.id).execute();
    } else {
      await trx
        .insertInto('expense_claim_checks')
        .values({ claim_id: claim.id, key: f.key, code: f.code, severity: f.severity, line_no: f.lineNo, params: JSON.stringify(f.params), matches: JSON.stringify(f.matches) })
        .execute();
    }
  }
  const gone = [...existing.values()].filter((k) => !keep.has(k.key));
  if (gone.length) await trx.deleteFrom('expense_claim_checks').where('id', 'in', gone.map((k) => k.id)).execute();
  const added = findings.filter((f) => !existing.has(f.key)).map((f) => f.code);
  if (added.length || gone.length) {
    await recordAudit(trx, actor, { action: 'expense_claim.checks', entityType: CLAIM, entityId: claim.id, after: { added, resolved: gone.map((k) => k.code), total: findings.length } });
  }
}

async function saveItems(trx: Trx, actor: Actor, claim: { id: string; claimant_id: string }, trip: Awaited<ReturnType<typeof checkTrip>>, items: ItemInput[]) {
  const prepared = await prepareItems(trx, actor, trip, items);
  const total = await replaceItems(trx, claim, prepared.items, prepared.shaByFile);
  for (const fileId of new Set(prepared.items.flatMap((i) => i.receipts.map((r) => r.fileId)).filter((x): x is string => !!x))) await linkFile(trx, actor, fileId, CLAIM, claim.id);
  return total;
}

async function submitLocked(trx: Trx, actor: Actor, id: string) {
  const row = await reload(trx, id);
  const items = await claimItems(trx, id);
  if (!items.length) throw fieldError('items', 'required', 'A claim needs at least one item');
  await trx.updateTable('expense_claims').set((eb) => ({ status: 'submitted', submitted_at: new Date(), updated_at: new Date(), version: eb('version', '+', 1) })).where('id', '=', id).execute();
  await storeChecks(trx, actor, row);
  await recordAudit(trx, actor, { action: 'expense_claim.submit', entityType: CLAIM, entityId: id, after: { total: row.total } });
  await submitForApproval(trx, actor, { docType: CLAIM, docId: id, title: `${row.number} ${row.title}`.slice(0, 300), amount: row.total, currency: row.currency });
}

/**
 * A rep files a claim (for their own approved trip, or local): items with receipts, checked at
 * once; kept as a draft or submitted. The same clientRequestId returns the first claim.
 */
export async function createClaim(db: Db, actor: Actor, input: CreateClaimInput): Promise<{ claim: ClaimDto; replayed: boolean }> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    if (input.clientRequestId) {
      const existing = await trx.selectFrom('expense_claims').select('id').where('claimant_id', '=', actor.userId).where('client_request_id', '=', input.clientRequestId).executeTakeFirst();
      if (existing) return { claim: await claimDetail(trx, actor, await reload(trx, existing.id)), replayed: true };
    }
    const trip = await checkTrip(trx, actor, actor.userId, input.tripId);
    const settings = await getCompanySettings(trx);
    const year = Number((await businessToday(trx)).slice(0, 4));
    const number = await nextNumber(trx, CLAIM, year, 'EXP', 5);
    const inserted = await trx
      .insertInto('expense_claims')
      .values({ number, claimant_id: actor.userId, department_id: actor.departmentId, trip_id: input.tripId ?? null, title: input.title, currency: settings.currency, client_request_id: input.clientRequestId ?? null })
      .onConflict((oc) => oc.columns(['claimant_id', 'client_request_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // A concurrent twin committed first: give its claim back (our number is returned with the rollback-free path below).
      const twin = await trx.selectFrom('expense_claims').select('id').where('claimant_id', '=', actor.userId).where('client_request_id', '=', input.clientRequestId!).executeTakeFirstOrThrow();
      throw new AppError('conflict', 'This claim was just created by the same request', { detail: { reason: 'duplicate_request', claimId: twin.id } });
    }
    const claim = { id: inserted.id, claimant_id: actor.userId };
    const total = await saveItems(trx, actor, claim, trip, input.items);
    await trx.updateTable('expense_claims').set({ total }).where('id', '=', claim.id).execute();
    await recordAudit(trx, actor, { action: 'expense_claim.create', entityType: CLAIM, entityId: claim.id, after: { number, ...input } });
    await storeChecks(trx, actor, await reload(trx, claim.id));
    if (input.submit) await submitLocked(trx, actor, claim.id);
    return { claim: await claimDetail(trx, actor, await reload(trx, claim.id)), replayed: false };
  });
}

async function lockOwnClaim(trx: Trx, actor: Actor, id: string, version: number, what: string) {
  const locked = await lockClaim(trx, id);
  if (!locked) throw notFound(CLAIM, id);
  if (locked.claimant_id !== actor.userId) {
    if (await canReadExpenseDoc(trx, actor, CLAIM, readable(locked))) throw new AppError('forbidden', `Only the claimant may ${what} a claim`);
    throw deniedAsNotFound(CLAIM, id);
  }
  if (locked.version !== version) throw versionConflict(CLAIM);
  return locked;
}

/** The claimant edits a draft claim at the version read; items replace the old ones and the checks run again. */
export async function updateClaim(db: Db, actor: Actor, id: string, input: UpdateClaimInput): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnClaim(trx, actor, id, input.version, 'change');
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} claim cannot be changed`);
    const tripId = input.tripId !== undefined ? input.tripId : locked.trip_id;
    const trip = await checkTrip(trx, actor, actor.userId, tripId);
    let total = locked.total;
    if (input.items) total = await saveItems(trx, actor, locked, trip, input.items);
    else if (input.tripId !== undefined && input.tripId !== locked.trip_id) {
      // Bookings of the old trip no longer apply.
      await trx.updateTable('expense_claim_items').set({ booking_id: null }).where('claim_id', '=', id).execute();
    }
    await trx
      .updateTable('expense_claims')
      .set({ title: input.title ?? locked.title, trip_id: tripId ?? null, total, version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const { version: _v, ...after } = input;
    await recordAudit(trx, actor, { action: 'expense_claim.update', entityType: CLAIM, entityId: id, before: locked, after });
    await storeChecks(trx, actor, await reload(trx, id));
    return claimDetail(trx, actor, await reload(trx, id));
  });
}

/** The claimant sends a draft claim into approval (manager, then finance over the admin's threshold). */
export async function submitClaim(db: Db, actor: Actor, id: string, version: number): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnClaim(trx, actor, id, version, 'submit');
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} claim cannot be submitted`);
    await submitLocked(trx, actor, id);
    return claimDetail(trx, actor, await reload(trx, id));
  });
}

/** The claimant withdraws a draft claim for good; its invoice numbers are released for a later claim. */
export async function cancelClaim(db: Db, actor: Actor, id: string, version: number): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnClaim(trx, actor, id, version, 'cancel');
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} claim cannot be cancelled`);
    await trx.updateTable('expense_claims').set({ status: 'cancelled', version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await trx.updateTable('invoice_number_uses').set({ released_at: new Date() }).where('claim_id', '=', id).where('released_at', 'is', null).execute();
    await recordAudit(trx, actor, { action: 'expense_claim.cancel', entityType: CLAIM, entityId: id, before: { status: locked.status }, after: { status: 'cancelled' } });
    return claimDetail(trx, actor, await reload(trx, id));
  });
}

/** Runs the checks again (other claims, bookings or the policy may have changed since): anyone who sees a claim still under way. */
export async function recheckClaim(db: Db, actor: Actor, id: string): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const row = await loadReadableClaim(trx, actor, id);
    await lockClaim(trx, id);
    if (!reviewable(row.status)) throw new AppError('conflict', `The checks of a ${row.status} claim are final`);
    await storeChecks(trx, actor, row);
    return claimDetail(trx, actor, await reload(trx, id));
  });
}

async function lockOverridable(trx: Trx, actor: Actor, id: string) {
  const row = await loadReadableClaim(trx, actor, id);
  await lockClaim(trx, id);
  if (!(await mayOverride(trx, actor, row))) {
    if (!reviewable(row.status)) throw new AppError('conflict', `The checks of a ${row.status} claim are final`);
    throw new AppError('forbidden', 'Only a reviewer or the current approver may override a check, and never on their own claim');
  }
  return row;
}

async function overrideOne(trx: Trx, actor: Actor, id: string, check: { id: string; code: string; params: unknown }, reason: string) {
  await trx.updateTable('expense_claim_checks').set({ overridden_by: actor.userId, overridden_at: new Date(), override_reason: reason }).where('id', '=', check.id).execute();
  await recordAudit(trx, actor, { action: 'expense_claim.override', entityType: CLAIM, entityId: id, before: { checkId: check.id, code: check.code, params: check.params }, after: { reason } });
}

/** A reviewer (assistant, finance, manager of the department) or the current approver overrides a finding with a reason; never the claimant. */
export async function overrideCheck(db: Db, actor: Actor, id: string, checkId: string, reason: string): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const check = await trx.selectFrom('expense_claim_checks').selectAll().where('id', '=', checkId).where('claim_id', '=', id).executeTakeFirst();
    await lockOverridable(trx, actor, id);
    if (!check) throw notFound('expense_claim_check', checkId);
    if (check.overridden_by) throw new AppError('conflict', 'This check is already overridden');
    await overrideOne(trx, actor, id, check, reason);
    return claimDetail(trx, actor, await reload(trx, id));
  });
}

/** Overrides every open finding of one kind on a claim with one reason (the assistant holds all the paper receipts); the same rules as one override. */
export async function overrideChecksOfKind(db: Db, actor: Actor, id: string, code: string, reason: string): Promise<number> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    await lockOverridable(trx, actor, id);
    const open = await trx.selectFrom('expense_claim_checks').select(['id', 'code', 'params']).where('claim_id', '=', id).where('code', '=', code).where('overridden_by', 'is', null).execute();
    for (const check of open) await overrideOne(trx, actor, id, check, reason);
    return open.length;
  });
}

/** Claims as an approval document type (approval posts the expenses), a record receipts attach to, and on the home page and in search. */
export function registerClaims(): void {
  registerClaimsWorkbench();
  registerEntity(CLAIM, {
    async canRead(db, actor, id) {
      const row = await db.selectFrom('expense_claims').select(['id', 'claimant_id', 'department_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canReadExpenseDoc(db, actor, CLAIM, readable(row)));
    },
    async canAttach(db, actor, id) {
      const row = await db.selectFrom('expense_claims').select(['claimant_id', 'status']).where('id', '=', id).executeTakeFirst();
      return !!row && row.claimant_id === actor.userId && editable(row.status);
    },
    async label(db, id) {
      const row = await db.selectFrom('expense_claims').select(['number', 'title']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.number} ${row.title}` : undefined;
    },
    link: (id) => `/claims/${id}`,
  });
  registerApprovalDocType({
    type: CLAIM,
    // Manager, then finance above 5,000.00 (admins change steps and thresholds on the approval flows page).
    defaultFlow: [
      { name: 'Manager', key: 'manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' },
      { name: 'Finance', key: 'finance', approvers: [{ kind: 'role', role: 'finance' }], mode: 'any', minAmount: 500_000 },
    ],
    async onOutcome(trx, docId, outcome, actor: AuditActor) {
      const claim = await trx.selectFrom('expense_claims').selectAll().where('id', '=', docId).forUpdate().executeTakeFirstOrThrow();
      if (outcome === 'approved') {
        if (!isActor(actor)) throw new AppError('bad_request', 'A claim is approved by a person');
        const entry = await postClaimApproval(trx, actor, claim, await businessToday(trx));
        await trx.updateTable('expense_claims').set({ status: 'approved', approval_entry_id: entry.id, decided_at: new Date(), updated_at: new Date(), version: claim.version + 1 }).where('id', '=', docId).execute();
        await recordAudit(trx, actor, { action: 'expense_claim.approved', entityType: CLAIM, entityId: docId, after: { status: 'approved', entry: entry.number } });
        return;
      }
      // Returned or withdrawn claims go back to draft for the claimant to fix and submit again.
      const status = outcome === 'rejected' ? 'rejected' : 'draft';
      await trx.updateTable('expense_claims').set({ status, decided_at: status === 'rejected' ? new Date() : null, updated_at: new Date(), version: claim.version + 1 }).where('id', '=', docId).execute();
      await recordAudit(trx, actor, { action: `expense_claim.${outcome}`, entityType: CLAIM, entityId: docId, after: { status } });
    },
    link: (id) => `/claims/${id}`,
  });
}
