import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';

type Db = Kysely<Database> | Transaction<Database>;

export function selectRegions(db: Db) {
  return db
    .selectFrom('regions as r')
    .select([
      'r.id',
      'r.code',
      'r.name',
      'r.parent_id',
      'r.is_archived',
      'r.version',
      sql<number>`(select count(*)::int from customers c where c.region_id = r.id and c.merged_into_id is null)`.as('customer_count'),
    ]);
}
export type RegionRow = Awaited<ReturnType<ReturnType<typeof selectRegions>['executeTakeFirstOrThrow']>>;

export function repsOf(db: Db, regionIds: string[]) {
  if (!regionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('region_reps as rr')
    .innerJoin('users as u', 'u.id', 'rr.user_id')
    .select(['rr.region_id', 'rr.user_id', 'u.display_name', 'u.is_active'])
    .where('rr.region_id', 'in', regionIds)
    .orderBy('u.display_name')
    .orderBy('u.id')
    .execute();
}

export async function findRegionByCode(db: Db, code: string, exceptId?: string) {
  let q = db.selectFrom('regions').select(['id', 'name']).where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export function lockRegion(db: Db, id: string) {
  return db.selectFrom('regions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function regionIdsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('region_reps as rr')
    .innerJoin('regions as r', 'r.id', 'rr.region_id')
    .select('rr.region_id')
    .where('rr.user_id', '=', userId)
    .where('r.is_archived', '=', false)
    .execute();
}
