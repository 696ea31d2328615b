import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { canReadEntity } from '../../platform/files/entity-access';
import { loadActor } from '../../platform/auth/actor-loader';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { closeReminders, upsertReminder } from '../../platform/reminders/reminders.service';
import { registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import { archiveVisibility, type ArchiveVisibility } from './archive.access';
import {
  allLocations,
  findLocation,
  findVisiblePaper,
  insertMovement,
  isPaperVisible,
  locationPaths,
  lockPaper,
  movementRows,
  paperColumns,
  visiblePaper,
  type LocationRow,
  type PaperRow,
} from './archive.paper.repo';
import type {
  CheckinInput,
  CheckoutInput,
  CreateLocationInput,
  CreatePaperInput,
  LocationDto,
  MoveInput,
  MovementDto,
  PaperItemDto,
  PaperListQuery,
  UpdateLocationInput,
  UpdatePaperInput,
} from './archive.paper.schema';
import { isDocumentVisible, likePattern, type Db, type Trx } from './archive.repo';
import { subtreeIds } from '../../db/subtree';

export const PAPER_ITEM = 'archive_paper';
export const LOCATION = 'archive_location';
/** Lending reminders are their own entity type: the borrower and the lender each get one per loan. */
export const LOAN_REMINDER = 'archive_paper_loan';
export const paperLink = (id: string) => `/archive/paper/${id}`;
const KIND_RANK = { room: 0, cabinet: 1, shelf: 2, box: 3 } as const;
/** The borrower is reminded this many days before the due date, and escalated to their manager a week after it. */
const BORROWER_REMIND_DAYS = 3;
const BORROWER_ESCALATE_DAYS = 7;

const iso = (d: Date | string) => new Date(d).toISOString();

// ---------------------------------------------------------------- locations

async function toLocationDtos(db: Db, v: ArchiveVisibility | undefined, rows: LocationRow[], paths?: Map<string, string>): Promise<LocationDto[]> {
  const allPaths = paths ?? locationPaths(await allLocations(db));
  const counts = new Map<string, number>();
  if (v && rows.length) {
    const c = await visiblePaper(db, v)
      .select(['p.location_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.location_id', 'in', rows.map((r) => r.id))
      .groupBy('p.location_id')
      .execute();
    for (const r of c) counts.set(r.location_id, Number(r.n));
  }
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    code: r.code,
    path: allPaths.get(r.id) ?? r.name,
    isArchived: r.is_archived,
    sort: r.sort,
    itemCount: counts.get(r.id) ?? 0,
    version: r.version,
  }));
}

/** The location tree, flat (parentId links), with the number of items each holds that the caller sees. */
export async function listLocations(db: Db, actor: Actor, q: { includeArchived: 'true' | 'false' }): Promise<LocationDto[]> {
  const v = await archiveVisibility(db, actor);
  const rows = await allLocations(db);
  const paths = locationPaths(rows);
  return toLocationDtos(db, v, q.includeArchived === 'true' ? rows : rows.filter((r) => !r.is_archived), paths);
}

/** A usable location for an item or a child: exists and is not archived; else a field error. */
async function activeLocation(db: Db, id: string, field: string): Promise<LocationRow> {
  const loc = await findLocation(db, id);
  if (!loc) throw fieldError(field, 'not_found', 'No such location');
  if (loc.is_archived) throw fieldError(field, 'archived', 'This location is archived');
  return loc;
}

async function checkLocationParent(trx: Trx, kind: LocationRow['kind'], parentId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentId) return;
  const parent = await activeLocation(trx, parentId, 'parentId');
  if (KIND_RANK[parent.kind] >= KIND_RANK[kind]) throw fieldError('parentId', 'kind_order', `A ${kind} cannot be placed in a ${parent.kind} (room → cabinet → shelf → box)`);
  if (selfId && (await subtreeIds(trx, 'archive_locations', selfId)).includes(parentId)) throw fieldError('parentId', 'cycle', 'A location cannot be moved under itself or its children');
}

async function checkCodeFree(trx: Trx, code: string, selfId?: string): Promise<void> {
  let q = trx.selectFrom('archive_locations').select('id').where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()));
  if (selfId) q = q.where('id', '!=', selfId);
  if (await q.executeTakeFirst()) throw new AppError('duplicate', 'A location with this code exists', { fields: [{ field: 'code', code: 'duplicate', message: 'already exists' }] });
}

/** Adds a room, cabinet, shelf or box (archive:manage); a child ranks below its parent, codes are unique. */
export async function createLocation(db: Kysely<Database>, actor: Actor, input: CreateLocationInput): Promise<LocationDto> {
  requirePermission(actor, 'archive:manage');
  const row = await db.transaction().execute(async (trx) => {
    await checkLocationParent(trx, input.kind, input.parentId);
    await checkCodeFree(trx, input.code);
    const created = await trx
      .insertInto('archive_locations')
      .values({ parent_id: input.parentId ?? null, kind: input.kind, name: input.name, code: input.code, sort: input.sort ?? 0, updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'archive_location.create', entityType: LOCATION, entityId: created.id, after: { kind: created.kind, name: created.name, code: created.code, parentId: created.parent_id } });
    return created;
  });
  return (await toLocationDtos(db, await archiveVisibility(db, actor), [row]))[0];
}

/** Renames, re-codes, moves or archives a location; only an empty one (no items, no active children) is archived. */
export async function updateLocation(db: Kysely<Database>, actor: Actor, id: string, input: UpdateLocationInput): Promise<LocationDto> {
  requirePermission(actor, 'archive:manage');
  const row = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('archive_locations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound(LOCATION, id);
    if (before.version !== input.version) throw versionConflict(LOCATION);
    if (input.parentId !== undefined) await checkLocationParent(trx, before.kind, input.parentId, id);
    if (input.code !== undefined) await checkCodeFree(trx, input.code, id);
    if (input.isArchived && !before.is_archived) {
      const item = await trx.selectFrom('archive_paper_items').select('id').where('location_id', '=', id).executeTakeFirst();
      const child = await trx.selectFrom('archive_locations').select('id').where('parent_id', '=', id).where('is_archived', '=', false).executeTakeFirst();
      if (item || child) throw new AppError('conflict', 'Only an empty location can be archived: move its items and archive its children first', { detail: { reason: 'not_empty' } });
    }
    const after = await trx
      .updateTable('archive_locations')
      .set({
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.code !== undefined && { code: input.code }),
        ...(input.sort !== undefined && { sort: input.sort }),
        ...(input.isArchived !== undefined && { is_archived: input.isArchived }),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const pick = (r: LocationRow) => ({ name: r.name, code: r.code, parentId: r.parent_id, isArchived: r.is_archived, sort: r.sort });
    await recordAudit(trx, actor, { action: 'archive_location.update', entityType: LOCATION, entityId: id, before: pick(before), after: pick(after) });
    return after;
  });
  return (await toLocationDtos(db, await archiveVisibility(db, actor), [row]))[0];
}

// ---------------------------------------------------------------- paper items: reading

function toPaperDto(actor: Actor, r: PaperRow, paths: Map<string, string>, today: string): PaperItemDto {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    typeCode: r.type_code,
    documentId: r.document_id,
    documentNumber: r.document_number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    contractId: r.contract_id,
    contractNumber: r.contract_number,
    confidentiality: r.confidentiality,
    effectiveConfidentiality: r.document_confidentiality ?? r.confidentiality,
    locationId: r.location_id,
    locationPath: paths.get(r.location_id) ?? '',
    status: r.status,
    borrowerId: r.borrower_id,
    borrowerName: r.borrower_name,
    lentAt: r.lent_at ? iso(r.lent_at) : null,
    dueOn: r.due_on,
    isOverdue: r.status === 'lent' && r.due_on !== null && r.due_on < today,
    notes: r.notes,
    ownerId: r.owner_id,
    canEdit: can(actor, 'archive:write'),
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

async function mapPaper(db: Db, actor: Actor, rows: PaperRow[]): Promise<PaperItemDto[]> {
  if (rows.length === 0) return [];
  const paths = locationPaths(await allLocations(db));
  const today = await businessToday(db);
  return rows.map((r) => toPaperDto(actor, r, paths, today));
}

/** A paper item the actor may see: 404 (audited as a denial) when it exists but is hidden from them. */
async function loadVisiblePaper(db: Db, actor: Actor, id: string): Promise<{ row: PaperRow; v: ArchiveVisibility }> {
  const v = await archiveVisibility(db, actor);
  const row = await findVisiblePaper(db, v, id);
  if (row) return { row, v };
  const exists = await db.selectFrom('archive_paper_items').select('id').where('id', '=', id).executeTakeFirst();
  throw exists ? deniedAsNotFound(PAPER_ITEM, id) : notFound(PAPER_ITEM, id);
}

export async function getPaperItem(db: Db, actor: Actor, id: string): Promise<PaperItemDto> {
  const { row } = await loadVisiblePaper(db, actor, id);
  return (await mapPaper(db, actor, [row]))[0];
}

/** The register: the paper items the caller may see, filtered (a location includes everything below it), newest first. */
export async function listPaperItems(db: Db, actor: Actor, q: PaperListQuery): Promise<{ items: PaperItemDto[]; total: number }> {
  const v = await archiveVisibility(db, actor);
  let base = visiblePaper(db, v);
  if (q.q) {
    const pattern = likePattern(q.q);
    base = base.where((eb) => eb.or([eb('p.number', 'ilike', pattern), eb('p.title', 'ilike', pattern)]));
  }
  if (q.status) base = base.where('p.status', '=', q.status);
  if (q.locationId) base = base.where('p.location_id', 'in', await subtreeIds(db, 'archive_locations', q.locationId));
  if (q.customerId) base = base.where('p.customer_id', '=', q.customerId);
  if (q.documentId) base = base.where('p.document_id', '=', q.documentId);
  if (q.borrowerId) base = base.where('p.borrower_id', '=', q.borrowerId);
  if (q.overdue === 'true') base = base.where('p.status', '=', 'lent').where('p.due_on', '<', await businessToday(db));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base.select(paperColumns).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: Number(total), items: await mapPaper(db, actor, rows) };
}

/** Every movement of an item, newest first. */
export async function paperHistory(db: Db, actor: Actor, id: string): Promise<MovementDto[]> {
  await loadVisiblePaper(db, actor, id);
  const paths = locationPaths(await allLocations(db));
  const path = (lid: string | null) => (lid ? paths.get(lid) ?? null : null);
  return (await movementRows(db, id)).map((m) => ({
    id: m.id,
    kind: m.kind,
    fromLocationId: m.from_location_id,
    fromLocationPath: path(m.from_location_id),
    toLocationId: m.to_location_id,
    toLocationPath: path(m.to_location_id),
    borrowerId: m.borrower_id,
    borrowerName: m.borrower_name,
    dueOn: m.due_on,
    stocktakeId: m.stocktake_id,
    note: m.note,
    actorId: m.actor_id,
    actorName: m.actor_name,
    at: iso(m.at),
  }));
}

// ---------------------------------------------------------------- paper items: writing

type Links = Pick<CreatePaperInput, 'documentId' | 'customerId' | 'contractId'> & { typeCode?: string };

/** The electronic copy, customer and contract must be records the actor sees; a contract brings its customer. */
async function resolvePaperLinks(db: Db, actor: Actor, v: ArchiveVisibility, input: Links, current?: { customer_id: string | null; contract_id: string | null }) {
  if (input.typeCode !== undefined) {
    const t = await db.selectFrom('archive_document_types').select(['code', 'is_active']).where('code', '=', input.typeCode).executeTakeFirst();
    if (!t || !t.is_active) throw fieldError('typeCode', 'not_found', 'No such document type');
  }
  if (input.documentId && !(await isDocumentVisible(db, v, input.documentId))) throw fieldError('documentId', 'not_found', 'No such document');
  if (input.customerId && !(await canReadEntity(db, actor, 'customer', input.customerId))) throw fieldError('customerId', 'not_found', 'No such customer');
  let customerId = input.customerId === undefined ? current?.customer_id ?? null : input.customerId;
  if (input.contractId && !(await canReadEntity(db, actor, 'contract', input.contractId))) throw fieldError('contractId', 'not_found', 'No such contract');
  // The item's contract (new or kept) decides its customer.
  const contractId = input.contractId === undefined ? current?.contract_id ?? null : input.contractId;
  if (contractId) {
    const c = await db.selectFrom('contracts').select('customer_id').where('id', '=', contractId).executeTakeFirstOrThrow();
    if (input.customerId && input.customerId !== c.customer_id) throw fieldError('customerId', 'other_customer', 'The contract belongs to another customer');
    customerId = c.customer_id;
  }
  return { customerId };
}

async function reloadDto(db: Kysely<Database>, actor: Actor, id: string): Promise<PaperItemDto> {
  return getPaperItem(db, actor, id);
}

/** Registers a paper original at a location (archive:write); numbered PAP-YYYY-NNNNN; the first movement is its registration. */
export async function registerPaperItem(db: Kysely<Database>, actor: Actor, input: CreatePaperInput): Promise<PaperItemDto> {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  const id = await db.transaction().execute(async (trx) => {
    const { customerId } = await resolvePaperLinks(trx, actor, v, input);
    await activeLocation(trx, input.locationId, 'locationId');
    const row = await trx
      .insertInto('archive_paper_items')
      .values({
        number: await nextNumber(trx, 'archive_paper', new Date().getFullYear(), 'PAP'),
        title: input.title,
        type_code: input.typeCode,
        document_id: input.documentId ?? null,
        customer_id: customerId,
        contract_id: input.contractId ?? null,
        confidentiality: input.confidentiality ?? 'internal',
        location_id: input.locationId,
        notes: input.notes ?? '',
        owner_id: actor.userId,
        department_id: actor.departmentId,
        updated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertMovement(trx, { item_id: row.id, kind: 'register', to_location_id: row.location_id, actor_id: actor.userId });
    await recordAudit(trx, actor, { action: 'archive_paper.register', entityType: PAPER_ITEM, entityId: row.id, after: { number: row.number, title: row.title, locationId: row.location_id, documentId: row.document_id, customerId, contractId: row.contract_id, confidentiality: row.confidentiality } });
    return row.id;
  });
  return reloadDto(db, actor, id);
}

/** Locks an item for a change: 404 when hidden, 403 without archive:write, 409 on a stale version. */
async function lockForChange(trx: Trx, actor: Actor, id: string, expectedVersion: number) {
  const v = await archiveVisibility(trx, actor);
  const row = await lockPaper(trx, id);
  if (!row) throw notFound(PAPER_ITEM, id);
  if (!(await isPaperVisible(trx, v, id))) throw deniedAsNotFound(PAPER_ITEM, id);
  requirePermission(actor, 'archive:write');
  if (row.version !== expectedVersion) throw versionConflict(PAPER_ITEM);
  return { row, v };
}

/** Edits title, type, links, own confidentiality and notes; the place changes only by move, check-out and check-in. */
export async function updatePaperItem(db: Kysely<Database>, actor: Actor, id: string, input: UpdatePaperInput): Promise<PaperItemDto> {
  await db.transaction().execute(async (trx) => {
    const { row, v } = await lockForChange(trx, actor, id, input.version);
    const { customerId } = await resolvePaperLinks(trx, actor, v, input, row);
    const { version: _v, ...changes } = input;
    await trx
      .updateTable('archive_paper_items')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.typeCode !== undefined && { type_code: input.typeCode }),
        ...(input.documentId !== undefined && { document_id: input.documentId }),
        ...(input.contractId !== undefined && { contract_id: input.contractId }),
        ...(input.confidentiality !== undefined && { confidentiality: input.confidentiality }),
        ...(input.notes !== undefined && { notes: input.notes }),
        customer_id: customerId,
        version: row.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const before = { title: row.title, typeCode: row.type_code, documentId: row.document_id, customerId: row.customer_id, contractId: row.contract_id, confidentiality: row.confidentiality, notes: row.notes };
    await recordAudit(trx, actor, { action: 'archive_paper.update', entityType: PAPER_ITEM, entityId: id, before, after: changes });
  });
  return reloadDto(db, actor, id);
}

const conflict = (message: string, reason: string) => new AppError('conflict', message, { detail: { reason } });

/**
 * Lends an item that is in place to a person until a due date. The borrower must be an
 * active user who may see the item; they and the lender are reminded before the due date
 * and when it is overdue (the borrower's manager a week later).
 */
export async function checkoutPaperItem(db: Kysely<Database>, actor: Actor, id: string, input: CheckoutInput): Promise<PaperItemDto> {
  await db.transaction().execute(async (trx) => {
    const { row } = await lockForChange(trx, actor, id, input.version);
    if (row.status !== 'in_place') throw conflict(row.status === 'lent' ? 'The item is already lent; check it in first' : 'A missing item cannot be lent; move it to where it was found first', `status_${row.status}`);
    const borrower = await loadActor(trx, input.borrowerId);
    if (!borrower) throw fieldError('borrowerId', 'not_found', 'No such active user');
    if (!(await isPaperVisible(trx, await archiveVisibility(trx, borrower), id))) throw fieldError('borrowerId', 'not_allowed', 'This person may not see the item');
    if (input.dueOn < (await businessToday(trx))) throw fieldError('dueOn', 'past', 'The due date must not be in the past');
    await trx
      .updateTable('archive_paper_items')
      .set({ status: 'lent', borrower_id: borrower.userId, due_on: input.dueOn, lent_at: new Date(), version: row.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await insertMovement(trx, { item_id: id, kind: 'checkout', from_location_id: row.location_id, borrower_id: borrower.userId, due_on: input.dueOn, note: input.note, actor_id: actor.userId });
    const title = `${row.number} ${row.title}`;
    await upsertReminder(trx, { entityType: LOAN_REMINDER, entityId: id, userId: borrower.userId, title, link: paperLink(id), dueOn: input.dueOn, remindDaysBefore: BORROWER_REMIND_DAYS, remindOnDue: true, escalateAfterDays: BORROWER_ESCALATE_DAYS });
    if (actor.userId !== borrower.userId) {
      await upsertReminder(trx, { entityType: LOAN_REMINDER, entityId: id, userId: actor.userId, title, link: paperLink(id), dueOn: input.dueOn, remindDaysBefore: 1, remindOnDue: false, escalateAfterDays: null });
    }
    await recordAudit(trx, actor, { action: 'archive_paper.checkout', entityType: PAPER_ITEM, entityId: id, after: { borrowerId: borrower.userId, dueOn: input.dueOn, note: input.note ?? '' } });
  });
  return reloadDto(db, actor, id);
}

/** Puts an item back in place (it was lent, or was missing and turned up) at a location; the loan's reminders stop. */
async function placeItem(trx: Trx, actor: Actor, row: { id: string; status: string; location_id: string; version: number }, locationId: string, note: string | undefined, stocktakeId: string | null = null): Promise<string> {
  const kind = row.status === 'lent' ? 'checkin' : row.status === 'missing' ? 'found' : 'move';
  await trx
    .updateTable('archive_paper_items')
    .set({ status: 'in_place', location_id: locationId, borrower_id: null, due_on: null, lent_at: null, version: row.version + 1, updated_at: new Date() })
    .where('id', '=', row.id)
    .execute();
  await insertMovement(trx, { item_id: row.id, kind, from_location_id: row.status === 'lent' ? null : row.location_id, to_location_id: locationId, note, stocktake_id: stocktakeId, actor_id: actor.userId });
  if (row.status === 'lent') await closeReminders(trx, LOAN_REMINDER, row.id, 'done');
  return kind;
}

/** Takes a lent item back, to its location or another one given. */
export async function checkinPaperItem(db: Kysely<Database>, actor: Actor, id: string, input: CheckinInput): Promise<PaperItemDto> {
  await db.transaction().execute(async (trx) => {
    const { row } = await lockForChange(trx, actor, id, input.version);
    if (row.status !== 'lent') throw conflict('Only a lent item can be checked in', `status_${row.status}`);
    const to = input.locationId ?? row.location_id;
    if (input.locationId) await activeLocation(trx, input.locationId, 'locationId');
    await placeItem(trx, actor, row, to, input.note);
    await recordAudit(trx, actor, { action: 'archive_paper.checkin', entityType: PAPER_ITEM, entityId: id, before: { borrowerId: row.borrower_id, dueOn: row.due_on, locationId: row.location_id }, after: { locationId: to, note: input.note ?? '' } });
  });
  return reloadDto(db, actor, id);
}

/** Moves an item that is in place (or was missing and turned up) to another location; a lent item is checked in instead. */
export async function movePaperItem(db: Kysely<Database>, actor: Actor, id: string, input: MoveInput): Promise<PaperItemDto> {
  await db.transaction().execute(async (trx) => {
    const { row } = await lockForChange(trx, actor, id, input.version);
    if (row.status === 'lent') throw conflict('A lent item is checked in, not moved', 'status_lent');
    await activeLocation(trx, input.locationId, 'locationId');
    const kind = await placeItem(trx, actor, row, input.locationId, input.note);
    await recordAudit(trx, actor, { action: `archive_paper.${kind}`, entityType: PAPER_ITEM, entityId: id, before: { locationId: row.location_id, status: row.status }, after: { locationId: input.locationId, note: input.note ?? '' } });
  });
  return reloadDto(db, actor, id);
}

export { placeItem as placePaperItem };

// ---------------------------------------------------------------- workbench

/** "Overdue lending": the back office sees every overdue loan it may see; anyone else their own overdue loans. */
export async function overdueLoans(db: Db, actor: Actor): Promise<PaperItemDto[]> {
  const v = await archiveVisibility(db, actor);
  let q = visiblePaper(db, v).select(paperColumns).where('p.status', '=', 'lent').where('p.due_on', '<', await businessToday(db));
  if (!can(actor, 'archive:write')) q = q.where('p.borrower_id', '=', actor.userId);
  return mapPaper(db, actor, await q.orderBy('p.due_on').orderBy('p.number').limit(100).execute());
}

export function registerPaperWorkbench(): void {
  registerWorkbenchSection({
    key: 'archive_overdue_lending',
    order: 60,
    async load(db, actor) {
      if (!can(actor, 'archive:read')) return null;
      const items = await overdueLoans(db, actor);
      if (items.length === 0 && !can(actor, 'archive:write')) return null;
      return {
        count: items.length,
        link: '/archive/paper?overdue=true',
        items: items.slice(0, 10).map((i) => ({
          id: i.id,
          title: `${i.number} ${i.title}`,
          subtitle: i.borrowerName,
          link: paperLink(i.id),
          date: i.dueOn,
          severity: 'danger' as const,
          meta: { borrower: i.borrowerName ?? '', location: i.locationPath },
        })),
      };
    },
  });
}
