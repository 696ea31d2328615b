import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, notFound, versionConflict } from '../../http/app-error';
import { type Actor, type AuditActor, isActor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import { type DepartmentRow, selectDepartments } from './departments.repo';
import type { CreateDepartmentInput, DepartmentDto, UpdateDepartmentInput } from './departments.schema';
import { subtreeIds } from '../../db/subtree';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

function toDepartmentDto(r: DepartmentRow): DepartmentDto {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    parentId: r.parent_id,
    managerId: r.manager_id,
    managerName: r.manager_name,
    memberCount: r.member_count,
    isArchived: r.is_archived,
    version: r.version,
  };
}

/** The whole organisation chart is readable by everyone signed in; it is small (tens of rows), so no paging. */
export async function listDepartments(db: Db, actor: Actor): Promise<DepartmentDto[]> {
  requirePermission(actor, 'departments:read');
  const rows = await selectDepartments(db).orderBy('d.name').orderBy('d.id').execute();
  return rows.map(toDepartmentDto);
}

export async function getDepartment(db: Db, actor: Actor, id: string): Promise<DepartmentDto> {
  requirePermission(actor, 'departments:read');
  const row = await selectDepartments(db).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('department', id);
  return toDepartmentDto(row);
}

async function checkRefs(trx: Trx, input: { parentId?: string | null; managerId?: string | null; code?: string | null }, selfId?: string) {
  if (input.parentId) {
    const parent = await trx.selectFrom('departments').select('id').where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw fieldError('parentId', 'not_found', 'Parent department does not exist');
    if (selfId && (await subtreeIds(trx, 'departments', selfId)).includes(input.parentId)) {
      throw fieldError('parentId', 'cycle', 'A department cannot be placed under itself or one of its sub-departments');
    }
  }
  if (input.managerId) {
    const m = await trx.selectFrom('users').select('id').where('id', '=', input.managerId).executeTakeFirst();
    if (!m) throw fieldError('managerId', 'not_found', 'Manager does not exist');
  }
  if (input.code) {
    let q = trx.selectFrom('departments').select('id').where((eb) => eb(eb.fn('lower', ['code']), '=', input.code!.toLowerCase()));
    if (selfId) q = q.where('id', '!=', selfId);
    if (await q.executeTakeFirst()) {
      throw new AppError('duplicate', 'Another department has this code', {
        fields: [{ field: 'code', code: 'duplicate', message: 'Another department has this code' }],
      });
    }
  }
}

export async function createDepartment(db: Db | Trx, actor: AuditActor, input: CreateDepartmentInput): Promise<DepartmentDto> {
  if (isActor(actor)) requirePermission(actor, 'departments:manage');
  const run = async (trx: Trx) => {
    await checkRefs(trx, input);
    const row = await trx
      .insertInto('departments')
      .values({ name: input.name, code: input.code || null, parent_id: input.parentId ?? null, manager_id: input.managerId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = toDepartmentDto(await selectDepartments(trx).where('d.id', '=', row.id).executeTakeFirstOrThrow());
    await recordAudit(trx, actor, { action: 'department.create', entityType: 'department', entityId: row.id, after: dto });
    return dto;
  };
  return db.isTransaction ? run(db as Trx) : (db as Db).transaction().execute(run);
}

/** Updates or archives a department at the version read; archiving keeps its history and members. */
export async function updateDepartment(db: Db, actor: Actor, id: string, input: UpdateDepartmentInput): Promise<DepartmentDto> {
  requirePermission(actor, 'departments:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('departments').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound('department', id);
    if (locked.version !== input.version) throw versionConflict('department');
    const before = toDepartmentDto(await selectDepartments(trx).where('d.id', '=', id).executeTakeFirstOrThrow());
    await checkRefs(trx, input, id);
    await trx
      .updateTable('departments')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.code !== undefined && { code: input.code || null }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.managerId !== undefined && { manager_id: input.managerId }),
        ...(input.isArchived !== undefined && { is_archived: input.isArchived }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = toDepartmentDto(await selectDepartments(trx).where('d.id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, actor, { action: 'department.update', entityType: 'department', entityId: id, before, after });
    return after;
  });
}
