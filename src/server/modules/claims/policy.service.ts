import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { fieldError, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import type { CalendarDayDto, CapDto } from './claims.schema';

/**
 * The expense policy the checks read: caps per grade × city tier × category (per night or per
 * day), each employee's grade (default 'staff'), and the holiday calendar. Everyone who claims
 * reads them; finance (expenses:manage) changes them, audited.
 */
type Db = Kysely<Database>;

/** Every cap, by grade, tier and category. */
export async function listCaps(db: Db, actor: Actor): Promise<CapDto[]> {
  requirePermission(actor, 'expenses:use');
  const rows = await db.selectFrom('expense_policy_caps').selectAll().orderBy('grade').orderBy('city_tier').orderBy('category').execute();
  return rows.map((r) => ({ grade: r.grade, cityTier: r.city_tier, category: r.category as CapDto['category'], unit: r.unit, amount: r.amount }));
}

/** Replaces the whole cap table (one row per grade, tier and category); lodging is per night. */
export async function replaceCaps(db: Db, actor: Actor, caps: CapDto[]): Promise<CapDto[]> {
  requirePermission(actor, 'expenses:manage');
  const seen = new Set<string>();
  caps.forEach((c, i) => {
    const k = `${c.grade}:${c.cityTier}:${c.category}`;
    if (seen.has(k)) throw fieldError(`caps.${i}`, 'duplicate', 'The same grade, tier and category twice');
    seen.add(k);
  });
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('expense_policy_caps').select(['grade', 'city_tier', 'category', 'unit', 'amount']).execute();
    await trx.deleteFrom('expense_policy_caps').execute();
    if (caps.length) {
      await trx.insertInto('expense_policy_caps').values(caps.map((c) => ({ grade: c.grade, city_tier: c.cityTier, category: c.category, unit: c.unit, amount: c.amount }))).execute();
    }
    await recordAudit(trx, actor, { action: 'expense_policy.caps', entityType: 'expense_policy', entityId: null, before, after: caps });
  });
  return listCaps(db, actor);
}

/** The active users with their travel grade ('staff' when none is set). */
export async function listGrades(db: Db, actor: Actor) {
  requirePermission(actor, 'expenses:manage');
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('employee_grades as g', 'g.user_id', 'u.id')
    .select(['u.id', 'u.display_name', 'g.grade', 'g.version'])
    .where('u.is_active', '=', true)
    .orderBy('u.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.id, displayName: r.display_name, grade: r.grade ?? 'staff', isDefault: r.grade == null, version: r.version ?? null }));
}

/** Sets one employee's travel grade. */
export async function setGrade(db: Db, actor: Actor, userId: string, grade: string) {
  requirePermission(actor, 'expenses:manage');
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user', userId);
    const before = await trx.selectFrom('employee_grades').select('grade').where('user_id', '=', userId).executeTakeFirst();
    const row = await trx
      .insertInto('employee_grades')
      .values({ user_id: userId, grade, updated_by: actor.userId })
      .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ grade, updated_by: actor.userId, updated_at: new Date(), version: eb('employee_grades.version', '+', 1) })))
      .returning(['grade', 'version'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'expense_policy.grade', entityType: 'user', entityId: userId, before: { grade: before?.grade ?? 'staff' }, after: { grade } });
    return { userId, displayName: user.display_name, grade: row.grade, isDefault: false, version: row.version };
  });
}

const dayDto = (r: { day: string; kind: 'holiday' | 'workday'; name_en: string; name_zh: string }): CalendarDayDto => ({ day: r.day, kind: r.kind, nameEn: r.name_en, nameZh: r.name_zh });

/** The holidays and adjusted working days of a year. */
export async function listCalendar(db: Db, actor: Actor, year: number): Promise<CalendarDayDto[]> {
  requirePermission(actor, 'expenses:use');
  const rows = await db.selectFrom('calendar_days').selectAll().where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).orderBy('day').execute();
  return rows.map(dayDto);
}

/** Marks a day as a public holiday or as a working day (a weekend worked instead of a holiday). */
export async function putCalendarDay(db: Db, actor: Actor, day: string, input: { kind: 'holiday' | 'workday'; nameEn: string; nameZh: string }): Promise<CalendarDayDto> {
  requirePermission(actor, 'expenses:manage');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('calendar_days').selectAll().where('day', '=', day).executeTakeFirst();
    const row = await trx
      .insertInto('calendar_days')
      .values({ day, kind: input.kind, name_en: input.nameEn, name_zh: input.nameZh })
      .onConflict((oc) => oc.column('day').doUpdateSet({ kind: input.kind, name_en: input.nameEn, name_zh: input.nameZh, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'expense_policy.calendar', entityType: 'calendar_day', entityId: null, before: before ?? null, after: { day, ...input } });
    return dayDto(row);
  });
}

/** Makes a day an ordinary day again. */
export async function deleteCalendarDay(db: Db, actor: Actor, day: string): Promise<void> {
  requirePermission(actor, 'expenses:manage');
  await db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('calendar_days').where('day', '=', day).returningAll().executeTakeFirst();
    if (!before) throw notFound('calendar_day', day);
    await recordAudit(trx, actor, { action: 'expense_policy.calendar_delete', entityType: 'calendar_day', entityId: null, before, after: null });
  });
}
