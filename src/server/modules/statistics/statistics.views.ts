import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import type { CreateViewBody, UpdateViewBody, ViewDto } from './statistics.views.schema';

/**
 * Saved report views: each belongs to the user who saved it and nobody else sees it (not
 * even an admin: a view is a personal bookmark; another user's id answers 404). Names are
 * unique per user and page; an update names the version it read (stale → 409).
 */
type Db = Kysely<Database>;

const toDto = (r: { id: string; name: string; kind: ViewDto['kind']; params: unknown; version: number; created_at: Date; updated_at: Date }): ViewDto => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  params: (typeof r.params === 'string' ? JSON.parse(r.params) : r.params) as Record<string, unknown>,
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const duplicateName = () => new AppError('duplicate', 'You already have a view with this name', { fields: [{ field: 'name', code: 'duplicate', message: 'You already have a view with this name' }] });

async function nameTaken(db: Db | Transaction<Database>, userId: string, kind: string, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('stats_report_views').select('id').where('user_id', '=', userId).where('kind', '=', kind as ViewDto['kind']).where('name', '=', name);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The caller's own saved views, by name. */
export async function listViews(db: Db, actor: Actor, kind?: ViewDto['kind']): Promise<ViewDto[]> {
  requirePermission(actor, 'sales:read');
  let q = db.selectFrom('stats_report_views').selectAll().where('user_id', '=', actor.userId);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.orderBy('name').execute()).map(toDto);
}

async function ownView(db: Db | Transaction<Database>, actor: Actor, id: string, lock = false) {
  let q = db.selectFrom('stats_report_views').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('report_view', id);
  // Someone else's view is as missing as one that never existed (and the attempt is audited).
  if (row.user_id !== actor.userId) throw deniedAsNotFound('report_view', id);
  return row;
}

export async function getView(db: Db, actor: Actor, id: string): Promise<ViewDto> {
  requirePermission(actor, 'sales:read');
  return toDto(await ownView(db, actor, id));
}

/** Saves a view for the caller; a second view of the same page with the same name is refused (409). */
export async function createView(db: Db, actor: Actor, body: CreateViewBody): Promise<ViewDto> {
  requirePermission(actor, 'sales:read');
  return db.transaction().execute(async (trx) => {
    if (await nameTaken(trx, actor.userId, body.kind, body.name)) throw duplicateName();
    const row = await trx
      .insertInto('stats_report_views')
      .values({ user_id: actor.userId, name: body.name, kind: body.kind, params: JSON.stringify(body.params) })
      .onConflict((oc) => oc.columns(['user_id', 'kind', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw duplicateName();
    await recordAudit(trx, actor, { action: 'report_view.create', entityType: 'report_view', entityId: row.id, after: { name: body.name, kind: body.kind, params: body.params } });
    return toDto(row);
  });
}

/** Renames a view or replaces its parameters; the caller's own only, at the version they read. */
export async function updateView(db: Db, actor: Actor, id: string, body: UpdateViewBody): Promise<ViewDto> {
  requirePermission(actor, 'sales:read');
  return db.transaction().execute(async (trx) => {
    const before = await ownView(trx, actor, id, true);
    if (before.version !== body.version) throw versionConflict('report_view');
    if (body.name !== undefined && (await nameTaken(trx, actor.userId, before.kind, body.name, id))) throw duplicateName();
    const row = await trx
      .updateTable('stats_report_views')
      .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.params !== undefined ? { params: JSON.stringify(body.params) } : {}), version: before.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'report_view.update', entityType: 'report_view', entityId: id, before: { name: before.name, params: before.params }, after: { name: row.name, params: row.params } });
    return toDto(row);
  });
}

/** Deletes one of the caller's views (a personal bookmark, not a business record). */
export async function deleteView(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'sales:read');
  await db.transaction().execute(async (trx) => {
    const before = await ownView(trx, actor, id, true);
    await trx.deleteFrom('stats_report_views').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'report_view.delete', entityType: 'report_view', entityId: id, before: { name: before.name, kind: before.kind } });
  });
}
