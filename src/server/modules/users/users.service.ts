import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, notFound, versionConflict } from '../../http/app-error';
import { type Actor, type AuditActor, isActor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../platform/auth/passwords';
import { revokeUserSessions } from '../../platform/auth/sessions';
import { keysetPage, type Page } from '../../platform/pagination';
import { findUserIdByEmail, replaceRoles, rolesByUser, selectUsers, type UserRow } from './users.repo';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput, UserDto } from './users.schema';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

function toUserDto(row: UserRow, roles: string[]): UserDto {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    departmentId: row.department_id,
    departmentName: row.department_name,
    managerId: row.manager_id,
    managerName: row.manager_name,
    roles: roles as UserDto['roles'],
    phone: row.phone,
    title: row.title,
    isActive: row.is_active,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

/** Audit snapshots leave out nothing a reviewer needs and nothing secret. */
const snapshot = (u: UserDto) => ({ ...u, lastLoginAt: undefined });

async function loadUser(db: Db | Trx, id: string): Promise<UserDto | undefined> {
  const row = await selectUsers(db).where('u.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const roles = await rolesByUser(db, [id]);
  return toUserDto(row, roles.get(id) ?? []);
}

/** Everyone signed in may look up colleagues (to assign work, pick a manager); only admins change them. */
export async function getUser(db: Db, actor: Actor, id: string): Promise<UserDto> {
  requirePermission(actor, 'users:read');
  const user = await loadUser(db, id);
  if (!user) throw notFound('user', id);
  return user;
}

export async function listUsers(db: Db, actor: Actor, query: ListUsersQuery): Promise<Page<UserDto>> {
  requirePermission(actor, 'users:read');
  let q = selectUsers(db);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    q = q.where((eb) => eb.or([eb('u.display_name', 'ilike', like), eb('u.email', 'ilike', like)]));
  }
  if (query.departmentId) q = q.where('u.department_id', '=', query.departmentId);
  if (query.isActive) q = q.where('u.is_active', '=', query.isActive === 'true');
  if (query.role) {
    const role = query.role;
    q = q.where((eb) => eb.exists(eb.selectFrom('user_roles as r').select('r.user_id').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', role)));
  }
  const page = await keysetPage(q, {
    sortRef: 'u.display_name',
    idRef: 'u.id',
    page: query,
    sortValueOf: (r) => r.display_name,
    idOf: (r) => r.id,
  });
  const roles = await rolesByUser(db, page.items.map((r) => r.id));
  return { items: page.items.map((r) => toUserDto(r, roles.get(r.id) ?? [])), nextCursor: page.nextCursor };
}

async function checkReferences(trx: Trx, input: { departmentId?: string | null; managerId?: string | null }, selfId?: string) {
  if (input.departmentId) {
    const dep = await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst();
    if (!dep) throw fieldError('departmentId', 'not_found', 'Department does not exist');
  }
  if (input.managerId) {
    if (input.managerId === selfId) throw fieldError('managerId', 'self', 'A user cannot be their own manager');
    // Walk up the manager chain: the new manager must not report (directly or not) to this user.
    let current: string | null = input.managerId;
    const seen = new Set<string>();
    while (current && !seen.has(current)) {
      seen.add(current);
      const row: { manager_id: string | null } | undefined = await trx
        .selectFrom('users')
        .select('manager_id')
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row) throw fieldError('managerId', 'not_found', 'Manager does not exist');
      if (selfId && row.manager_id === selfId) throw fieldError('managerId', 'cycle', 'This manager reports to the user: that would make a loop');
      current = row.manager_id;
    }
  }
}

/** Creates a user with roles; the email is unique regardless of case; the password must pass the policy. */
export async function createUser(db: Db | Trx, actor: AuditActor, input: CreateUserInput): Promise<UserDto> {
  if (isActor(actor)) requirePermission(actor, 'users:manage');
  checkPasswordPolicy(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  const run = async (trx: Trx) => {
    if (await findUserIdByEmail(trx, input.email)) {
      throw new AppError('duplicate', 'A user with this email already exists', {
        fields: [{ field: 'email', code: 'duplicate', message: 'A user with this email already exists' }],
      });
    }
    await checkReferences(trx, input);
    const row = await trx
      .insertInto('users')
      .values({
        email: input.email,
        display_name: input.displayName,
        password_hash: passwordHash,
        locale: input.locale ?? 'en',
        department_id: input.departmentId ?? null,
        manager_id: input.managerId ?? null,
        phone: input.phone ?? null,
        title: input.title ?? null,
        password_changed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceRoles(trx, row.id, [...new Set(input.roles)]);
    const user = (await loadUser(trx, row.id))!;
    await recordAudit(trx, actor, { action: 'user.create', entityType: 'user', entityId: row.id, after: snapshot(user) });
    return user;
  };
  return db.isTransaction ? run(db as Trx) : (db as Db).transaction().execute(run);
}

async function assertNotLastAdmin(trx: Trx, userId: string) {
  const others = await trx
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.role', '=', 'admin')
    .where('u.is_active', '=', true)
    .where('u.id', '!=', userId)
    .limit(1)
    .executeTakeFirst();
  if (!others) throw new AppError('conflict', 'This is the last active administrator; make someone else admin first');
}

/** Updates a user at the version the caller read; disabling ends their sessions; the last admin stays an admin. */
export async function updateUser(db: Db, actor: Actor, id: string, input: UpdateUserInput): Promise<UserDto> {
  requirePermission(actor, 'users:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('users').select(['id', 'version', 'is_active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound('user', id);
    if (locked.version !== input.version) throw versionConflict('user');
    const before = (await loadUser(trx, id))!;
    if (input.email && input.email !== before.email) {
      const other = await findUserIdByEmail(trx, input.email);
      if (other && other !== id) throw new AppError('duplicate', 'A user with this email already exists', {
        fields: [{ field: 'email', code: 'duplicate', message: 'A user with this email already exists' }],
      });
    }
    await checkReferences(trx, input, id);
    const losesAdmin = before.roles.includes('admin') && ((input.roles && !input.roles.includes('admin')) || input.isActive === false);
    if (losesAdmin) await assertNotLastAdmin(trx, id);
    await trx
      .updateTable('users')
      .set({
        ...(input.email !== undefined && { email: input.email }),
        ...(input.displayName !== undefined && { display_name: input.displayName }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.departmentId !== undefined && { department_id: input.departmentId }),
        ...(input.managerId !== undefined && { manager_id: input.managerId }),
        ...(input.phone !== undefined && { phone: input.phone }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (input.roles) await replaceRoles(trx, id, [...new Set(input.roles)]);
    if (input.isActive === false && locked.is_active) await revokeUserSessions(trx, id);
    const after = (await loadUser(trx, id))!;
    await recordAudit(trx, actor, { action: 'user.update', entityType: 'user', entityId: id, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

/** An admin sets a new password (the user forgot theirs); every session of that user ends. */
export async function resetPassword(db: Db | Trx, actor: AuditActor, id: string, password: string): Promise<void> {
  if (isActor(actor)) requirePermission(actor, 'users:manage');
  const user = await db.selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user', id);
  checkPasswordPolicy(password, user.email);
  const hash = await hashPassword(password);
  const run = async (trx: Trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    await revokeUserSessions(trx, id);
    await recordAudit(trx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id });
  };
  await (db.isTransaction ? run(db as Trx) : (db as Db).transaction().execute(run));
}

/** A user changes their own password knowing the current one; their other sessions end, this one stays. */
export async function changeOwnPassword(db: Db, actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
  const row = await db.selectFrom('users').select(['password_hash', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!row.password_hash || !(await verifyPassword(row.password_hash, currentPassword))) {
    throw fieldError('currentPassword', 'wrong', 'Current password is wrong');
  }
  checkPasswordPolicy(newPassword, row.email, 'newPassword');
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date() }).where('id', '=', actor.userId).execute();
    await revokeUserSessions(trx, actor.userId, actor.sessionId);
    await recordAudit(trx, actor, { action: 'user.change_password', entityType: 'user', entityId: actor.userId });
  });
}

/** A user's own preferences (language, name): remembered per user, not per browser. */
export async function updateMe(db: Db, actor: Actor, input: { locale?: 'en' | 'zh-CN'; displayName?: string }): Promise<UserDto> {
  return db.transaction().execute(async (trx) => {
    const before = (await loadUser(trx, actor.userId))!;
    await trx
      .updateTable('users')
      .set({
        ...(input.locale && { locale: input.locale }),
        ...(input.displayName && { display_name: input.displayName }),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', actor.userId)
      .execute();
    const after = (await loadUser(trx, actor.userId))!;
    await recordAudit(trx, actor, { action: 'user.update_self', entityType: 'user', entityId: actor.userId, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

export { loadUser as findUser };
