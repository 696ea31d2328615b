import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import { findRegionByCode, lockRegion, regionIdsOfUser, repsOf, type RegionRow, selectRegions } from './regions.repo';
import type { CreateRegionInput, ListRegionsQuery, RegionDto, SetRegionRepsInput, UpdateRegionInput } from './regions.schema';
import { subtreeIds } from '../../db/subtree';

/**
 * Sales territories: a tree of regions (华东 East China → 上海 Shanghai …) and the
 * reps who cover each one (a rep may cover several, a region may have several reps).
 * Master data for customers, orders and reports: everyone who reads customers reads
 * the tree; the back office (regions:manage) changes it.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const REGION = 'region';

async function toDtos(db: Db | Trx, rows: RegionRow[]): Promise<RegionDto[]> {
  const reps = await repsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    isArchived: r.is_archived,
    reps: reps.filter((x) => x.region_id === r.id).map((x) => ({ userId: x.user_id, name: x.display_name, isActive: x.is_active })),
    customerCount: r.customer_count,
    version: r.version,
  }));
}

async function detail(db: Db | Trx, id: string): Promise<RegionDto | undefined> {
  const row = await selectRegions(db).where('r.id', '=', id).executeTakeFirst();
  return row ? (await toDtos(db, [row]))[0] : undefined;
}

/** The whole territory tree as flat rows with their reps (parentId makes the tree); or the regions a rep covers. */
export async function listRegions(db: Db, actor: Actor, q: ListRegionsQuery = {}): Promise<RegionDto[]> {
  requirePermission(actor, 'customers:read');
  let query = selectRegions(db);
  if (q.repId) query = query.where((eb) => eb.exists(eb.selectFrom('region_reps as rr').select('rr.region_id').whereRef('rr.region_id', '=', 'r.id').where('rr.user_id', '=', q.repId!)));
  return toDtos(db, await query.orderBy('r.name').orderBy('r.id').execute());
}

export async function getRegion(db: Db, actor: Actor, id: string): Promise<RegionDto> {
  requirePermission(actor, 'customers:read');
  const dto = await detail(db, id);
  if (!dto) throw notFound(REGION, id);
  return dto;
}

async function checkRefs(trx: Trx, input: { code?: string | null; parentId?: string | null }, selfId?: string, willBeArchived = false) {
  if (input.parentId) {
    const parent = await trx.selectFrom('regions').select(['id', 'is_archived']).where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw fieldError('parentId', 'not_found', 'Parent region does not exist');
    if (parent.is_archived && !willBeArchived) throw fieldError('parentId', 'archived', 'The parent region is archived');
    if (selfId && (await subtreeIds(trx, 'regions', selfId)).includes(input.parentId)) {
      throw fieldError('parentId', 'cycle', 'A region cannot be placed under itself or one of its sub-regions');
    }
  }
  if (input.code && (await findRegionByCode(trx, input.code, selfId))) {
    throw new AppError('duplicate', 'Another region has this code', { fields: [{ field: 'code', code: 'duplicate', message: 'Another region has this code' }] });
  }
}

/** A new region, at the top or under a parent; codes are unique ignoring case. */
export async function createRegion(db: Db, actor: Actor, input: CreateRegionInput): Promise<RegionDto> {
  requirePermission(actor, 'regions:manage');
  return db.transaction().execute(async (trx) => {
    await checkRefs(trx, input);
    const row = await trx.insertInto('regions').values({ code: input.code || null, name: input.name, parent_id: input.parentId ?? null }).returning('id').executeTakeFirstOrThrow();
    const dto = (await detail(trx, row.id))!;
    await recordAudit(trx, actor, { action: 'region.create', entityType: REGION, entityId: row.id, after: dto });
    return dto;
  });
}

/**
 * Renames, moves (never into its own subtree) or archives a region at the version
 * read. A region with active sub-regions cannot be archived: the tree a user sees
 * never hangs active regions under an archived one.
 */
export async function updateRegion(db: Db, actor: Actor, id: string, input: UpdateRegionInput): Promise<RegionDto> {
  requirePermission(actor, 'regions:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockRegion(trx, id);
    if (!locked) throw notFound(REGION, id);
    if (locked.version !== input.version) throw versionConflict(REGION);
    await checkRefs(trx, input, id, input.isArchived ?? locked.is_archived);
    if (input.isArchived === true && !locked.is_archived) {
      const active = await trx.selectFrom('regions').select('id').where('parent_id', '=', id).where('is_archived', '=', false).executeTakeFirst();
      if (active) throw fieldError('isArchived', 'has_active_children', 'Archive the sub-regions first');
    }
    const before = (await detail(trx, id))!;
    await trx
      .updateTable('regions')
      .set({
        ...(input.code !== undefined && { code: input.code || null }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.isArchived !== undefined && { is_archived: input.isArchived }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await detail(trx, id))!;
    const moved = input.parentId !== undefined && input.parentId !== locked.parent_id;
    await recordAudit(trx, actor, { action: moved ? 'region.move' : 'region.update', entityType: REGION, entityId: id, before, after });
    return after;
  });
}

/** Sets who covers a region (the whole set, at the region's version): active users only; the change is audited with both sets. */
export async function setRegionReps(db: Db, actor: Actor, id: string, input: SetRegionRepsInput): Promise<RegionDto> {
  requirePermission(actor, 'regions:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockRegion(trx, id);
    if (!locked) throw notFound(REGION, id);
    if (locked.version !== input.version) throw versionConflict(REGION);
    const userIds = [...new Set(input.userIds)];
    if (userIds.length) {
      const users = await trx.selectFrom('users').select(['id', 'is_active']).where('id', 'in', userIds).execute();
      const bad = userIds.findIndex((u) => !users.some((x) => x.id === u && x.is_active));
      if (bad >= 0) throw fieldError('userIds', 'not_found', `No such active user: ${userIds[bad]}`);
    }
    const before = (await detail(trx, id))!;
    await trx.deleteFrom('region_reps').where('region_id', '=', id).execute();
    if (userIds.length) await trx.insertInto('region_reps').values(userIds.map((user_id) => ({ region_id: id, user_id }))).execute();
    await trx.updateTable('regions').set({ version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    const after = (await detail(trx, id))!;
    await recordAudit(trx, actor, {
      action: 'region.reps',
      entityType: REGION,
      entityId: id,
      before: { reps: before.reps.map((r) => r.userId) },
      after: { reps: after.reps.map((r) => r.userId) },
    });
    return after;
  });
}

/** The regions a user covers (live ones; with their sub-regions when asked), for reports and defaults. No access check: callers check theirs. */
export async function regionsOfRep(db: Db | Trx, userId: string, opts: { withSubregions?: boolean } = {}): Promise<string[]> {
  const direct = (await regionIdsOfUser(db, userId)).map((r) => r.region_id);
  if (!opts.withSubregions) return direct;
  const all = new Set<string>();
  for (const id of direct) for (const sub of await subtreeIds(db, 'regions', id)) all.add(sub);
  return [...all];
}
