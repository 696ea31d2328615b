import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { keysetPage, type PageRequest } from '../../platform/pagination';

type Db = Kysely<Database> | Transaction<Database>;

// ------------------------------------------------------------------ accounts

export function selectAccounts(db: Db) {
  return db
    .selectFrom('ledger_accounts as a')
    .select(['a.id', 'a.code', 'a.name_en', 'a.name_zh', 'a.type', 'a.normal_side', 'a.expense_type', 'a.parent_id', 'a.is_active', 'a.version'])
    .select((eb) => eb.exists(eb.selectFrom('ledger_lines as l').select('l.id').whereRef('l.account_id', '=', 'a.id')).as('has_lines'));
}
export type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

export function lockAccount(db: Db, id: string) {
  return db.selectFrom('ledger_accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findAccountByCode(db: Db, code: string, exceptId?: string) {
  let q = db.selectFrom('ledger_accounts').select('id').where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** The accounts named by lines, with whether each has sub-accounts (postings go to leaves). */
export function accountsForLines(db: Db, ids: string[]) {
  return db
    .selectFrom('ledger_accounts as a')
    .select(['a.id', 'a.is_active', 'a.expense_type'])
    .select((eb) => eb.exists(eb.selectFrom('ledger_accounts as c').select('c.id').whereRef('c.parent_id', '=', 'a.id')).as('has_children'))
    .where('a.id', 'in', ids)
    .execute();
}

// ------------------------------------------------------------------ entries

export function selectEntries(db: Db) {
  return db
    .selectFrom('ledger_entries as e')
    .select([
      'e.id',
      'e.status',
      'e.number',
      'e.entry_date',
      'e.description',
      'e.currency',
      'e.source_type',
      'e.source_id',
      'e.reason',
      'e.reverses_id',
      'e.created_by',
      'e.posted_by',
      'e.posted_at',
      'e.version',
    ])
    .select([
      sql<string | null>`(select r.id from ledger_entries r where r.reverses_id = e.id)`.as('reversed_by_id'),
      sql<number>`(select coalesce(sum(l.debit), 0)::bigint from ledger_lines l where l.entry_id = e.id)`.as('total_debit'),
      sql<number>`(select coalesce(sum(l.credit), 0)::bigint from ledger_lines l where l.entry_id = e.id)`.as('total_credit'),
    ]);
}
export type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

export function entryLines(db: Db, entryIds: string[]) {
  if (!entryIds.length) return Promise.resolve([]);
  return db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
    .leftJoin('users as u', 'u.id', 'l.employee_id')
    .leftJoin('departments as d', 'd.id', 'l.department_id')
    .leftJoin('customers as c', 'c.id', 'l.customer_id')
    .select([
      'l.id',
      'l.entry_id',
      'l.line_no',
      'l.account_id',
      'a.code as account_code',
      'a.name_en as account_name_en',
      'a.name_zh as account_name_zh',
      'l.debit',
      'l.credit',
      'l.employee_id',
      'u.display_name as employee_name',
      'l.department_id',
      'd.name as department_name',
      'l.expense_type',
      'l.customer_id',
      'c.name as customer_name',
      'l.trip_id',
      'l.description',
    ])
    .where('l.entry_id', 'in', entryIds)
    .orderBy('l.entry_id')
    .orderBy('l.line_no')
    .execute();
}
export type LineRow = Awaited<ReturnType<typeof entryLines>>[number];

export function lockEntry(db: Db, id: string) {
  return db.selectFrom('ledger_entries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface NewLine {
  account_id: string;
  debit: number;
  credit: number;
  employee_id: string | null;
  department_id: string | null;
  expense_type: string | null;
  customer_id: string | null;
  trip_id: string | null;
  description: string;
}

export async function replaceLines(db: Db, entryId: string, lines: NewLine[]) {
  await db.deleteFrom('ledger_lines').where('entry_id', '=', entryId).execute();
  await db
    .insertInto('ledger_lines')
    .values(lines.map((l, i) => ({ ...l, entry_id: entryId, line_no: i + 1 })))
    .execute();
}

export function existingIds(db: Db, table: 'users' | 'departments' | 'customers', ids: string[]) {
  if (!ids.length) return Promise.resolve([] as { id: string }[]);
  return db.selectFrom(table).select('id').where('id', 'in', ids).execute();
}

// ------------------------------------------------------------------ periods

/** Makes sure the month has a row, then share-locks it: a close of the same month waits for this transaction. */
export async function lockPeriodForPosting(db: Db, month: string): Promise<boolean> {
  await db.insertInto('ledger_periods').values({ month }).onConflict((oc) => oc.column('month').doNothing()).execute();
  const row = await db.selectFrom('ledger_periods').select('is_closed').where('month', '=', month).forShare().executeTakeFirstOrThrow();
  return row.is_closed;
}

export async function lockPeriod(db: Db, month: string) {
  await db.insertInto('ledger_periods').values({ month }).onConflict((oc) => oc.column('month').doNothing()).execute();
  return db.selectFrom('ledger_periods').selectAll().where('month', '=', month).forUpdate().executeTakeFirstOrThrow();
}

export function periodsOfYear(db: Db, year: number) {
  return db
    .selectFrom('ledger_periods')
    .selectAll()
    .where('month', '>=', `${year}-01-01`)
    .where('month', '<=', `${year}-12-01`)
    .execute();
}

export async function entryCountsByMonth(db: Db, year: number) {
  const r = await sql<{ month: string; status: string; n: number }>`
    select to_char(date_trunc('month', entry_date), 'YYYY-MM') as month, status, count(*)::int as n
    from ledger_entries where entry_date >= ${`${year}-01-01`}::date and entry_date < ${`${year + 1}-01-01`}::date
    group by 1, 2`.execute(db);
  return r.rows;
}

// ------------------------------------------------------------------ reports

/** Which posted lines a ledger covers: some accounts and/or one dimension value. */
export interface LedgerFilter {
  accountIds?: string[];
  employeeId?: string;
  departmentId?: string;
  expenseType?: string;
  customerId?: string;
  tripId?: string;
}

function postedLines(db: Db, f: LedgerFilter) {
  let q = db.selectFrom('ledger_lines as l').innerJoin('ledger_entries as e', 'e.id', 'l.entry_id').where('e.status', '=', 'posted');
  if (f.accountIds) q = q.where('l.account_id', 'in', f.accountIds.length ? f.accountIds : ['00000000-0000-0000-0000-000000000000']);
  if (f.employeeId) q = q.where('l.employee_id', '=', f.employeeId);
  if (f.departmentId) q = q.where('l.department_id', '=', f.departmentId);
  if (f.expenseType) q = q.where('l.expense_type', '=', f.expenseType);
  if (f.customerId) q = q.where('l.customer_id', '=', f.customerId);
  if (f.tripId) q = q.where('l.trip_id', '=', f.tripId);
  return q;
}

/** Per account: the net (debit − credit) before `from`, and the debits and credits from `from` to `to`. */
export async function accountTotals(db: Db, f: LedgerFilter, from: string, to: string) {
  return postedLines(db, f)
    .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
    .where('e.entry_date', '<=', to)
    .select(['a.id', 'a.code', 'a.name_en', 'a.name_zh', 'a.type', 'a.normal_side'])
    .select([
      sql<number>`coalesce(sum(l.debit - l.credit) filter (where e.entry_date < ${from}), 0)::bigint`.as('opening_net'),
      sql<number>`coalesce(sum(l.debit) filter (where e.entry_date >= ${from}), 0)::bigint`.as('debit'),
      sql<number>`coalesce(sum(l.credit) filter (where e.entry_date >= ${from}), 0)::bigint`.as('credit'),
    ])
    .groupBy(['a.id', 'a.code', 'a.name_en', 'a.name_zh', 'a.type', 'a.normal_side'])
    .orderBy('a.code')
    .execute();
}

/**
 * One page of movements from `from` to `to`, in date order (then line order), each with the running
 * net debit − credit since `from` (the caller adds the opening balance and turns it to its side).
 */
export function movementsPage(db: Db, f: LedgerFilter, from: string, to: string, page: PageRequest) {
  const inner = postedLines(db, f)
    .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
    .where('e.entry_date', '>=', from)
    .where('e.entry_date', '<=', to)
    .select([
      'l.id as line_id',
      'e.id as entry_id',
      'e.number as entry_number',
      'e.entry_date',
      'l.account_id',
      'a.code as account_code',
      'l.debit',
      'l.credit',
      'e.source_type',
      'e.source_id',
      'l.employee_id',
      'l.department_id',
      'l.expense_type',
      'l.customer_id',
      'l.trip_id',
      sql<string>`case when l.description <> '' then l.description else e.description end`.as('description'),
      sql<number>`sum(l.debit - l.credit) over (order by e.entry_date, l.id rows between unbounded preceding and current row)::bigint`.as('running_net'),
    ]);
  return keysetPage(db.selectFrom(inner.as('m')).selectAll(), {
    sortRef: 'm.entry_date',
    idRef: 'm.line_id',
    page,
    sortValueOf: (r) => r.entry_date,
    idOf: (r) => r.line_id,
  });
}
