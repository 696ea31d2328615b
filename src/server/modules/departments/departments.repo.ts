import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';

type Db = Kysely<Database> | Transaction<Database>;

export function selectDepartments(db: Db) {
  return db
    .selectFrom('departments as d')
    .leftJoin('users as m', 'm.id', 'd.manager_id')
    .select([
      'd.id',
      'd.name',
      'd.code',
      'd.parent_id',
      'd.manager_id',
      'm.display_name as manager_name',
      'd.is_archived',
      'd.version',
      sql<number>`(select count(*)::int from users u where u.department_id = d.id and u.is_active)`.as('member_count'),
    ]);
}

export type DepartmentRow = Awaited<ReturnType<ReturnType<typeof selectDepartments>['executeTakeFirstOrThrow']>>;

