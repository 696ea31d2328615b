import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../access/actor';
import { isRole, permissionsOf, type Role } from '../access/roles';

/** Builds the Actor for an active user, or undefined when the user is missing or disabled. */
export async function loadActor(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  extra: Partial<Pick<Actor, 'sessionId' | 'tokenId' | 'ip' | 'requestId'>> = {},
): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'department_id', 'manager_id', 'locale', 'is_active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.is_active) return undefined;
  const roleRows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  const roles = roleRows.map((r) => r.role).filter(isRole) as Role[];
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    roles,
    permissions: permissionsOf(roles),
    departmentId: user.department_id,
    managerId: user.manager_id,
    locale: user.locale,
    ...extra,
  };
}
