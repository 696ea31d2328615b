import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, StatementsTable, StatementPeriodsTable, StatementKind } from '../../db/database';

export type Db = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;
export type StatementRow = Selectable<StatementsTable> & { rep_name: string };
export type PeriodRow = Selectable<StatementPeriodsTable>;

export const selectStatements = (db: Db) =>
  db.selectFrom('statements as s').innerJoin('users as u', 'u.id', 's.rep_id').selectAll('s').select('u.display_name as rep_name');

export const findStatement = (db: Db, id: string) => selectStatements(db).where('s.id', '=', id).executeTakeFirst();

export const lockStatement = (trx: Trx, id: string) => trx.selectFrom('statements').select(['id', 'version', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();

export const findPeriod = (db: Db, departmentId: string, kind: StatementKind, key: string) =>
  db.selectFrom('statement_periods').selectAll().where('department_id', '=', departmentId).where('kind', '=', kind).where('period_key', '=', key).executeTakeFirst();

/** The active reps of one department (not its sub-departments): who writes its statements. */
export async function departmentReps(db: Db, departmentId: string): Promise<{ id: string; display_name: string; locale: 'en' | 'zh-CN' }[]> {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'u.locale'])
    .where('r.role', '=', 'rep')
    .where('u.is_active', '=', true)
    .where('u.department_id', '=', departmentId)
    .orderBy('u.display_name')
    .execute();
}

/** Departments with at least one active rep. */
export async function departmentsWithReps(db: Db): Promise<string[]> {
  const r = await sql<{ id: string }>`select distinct u.department_id as id from users u join user_roles r on r.user_id = u.id
    where r.role = 'rep' and u.is_active and u.department_id is not null`.execute(db);
  return r.rows.map((x) => x.id);
}

export interface ReminderRow {
  entity_id: string;
  sent_before_at: Date | null;
  sent_due_at: Date | null;
  sent_overdue_at: Date | null;
  escalated_at: Date | null;
  escalated_to_name: string | null;
}

export async function remindersOf(db: Db, statementIds: string[]): Promise<Map<string, ReminderRow>> {
  if (!statementIds.length) return new Map();
  const rows = await db
    .selectFrom('reminders as r')
    .leftJoin('users as m', 'm.id', 'r.escalated_to')
    .select(['r.entity_id', 'r.sent_before_at', 'r.sent_due_at', 'r.sent_overdue_at', 'r.escalated_at', 'm.display_name as escalated_to_name'])
    .where('r.entity_type', '=', 'statement')
    .where('r.entity_id', 'in', statementIds)
    .execute();
  return new Map(rows.map((r) => [r.entity_id, r]));
}

export const userName = async (db: Db, id: string | null) =>
  id ? ((await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null) : null;
