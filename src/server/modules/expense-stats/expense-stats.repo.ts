import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/database';

type Db = Kysely<Database> | Transaction<Database>;

export interface ExpenseFilter {
  from: string;
  to: string;
  employeeId?: string;
  departmentId?: string;
  tripId?: string;
  customerId?: string;
}

/**
 * The lines behind every figure: posted lines on expense accounts, dated in the range.
 * Their net (debit − credit) is the expense, so a reversal or a credited refund nets out.
 */
function expenseLines(db: Db, f: ExpenseFilter) {
  let q = db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'l.account_id')
    .where('e.status', '=', 'posted')
    .where('a.type', '=', 'expense')
    .where('e.entry_date', '>=', f.from)
    .where('e.entry_date', '<=', f.to);
  if (f.employeeId) q = q.where('l.employee_id', '=', f.employeeId);
  if (f.departmentId) q = q.where('l.department_id', '=', f.departmentId);
  if (f.tripId) q = q.where('l.trip_id', '=', f.tripId);
  if (f.customerId) q = q.where('l.customer_id', '=', f.customerId);
  return q;
}

const net = sql<number>`coalesce(sum(l.debit - l.credit), 0)::bigint`;
const count = sql<number>`count(*)::int`;

export interface GroupRow {
  key: string | null;
  label: string | null;
  label_zh: string | null;
  amount: number;
  lines: number;
}

export function totals(db: Db, f: ExpenseFilter) {
  return expenseLines(db, f).select([net.as('amount'), count.as('lines')]).executeTakeFirstOrThrow();
}

export function byAccount(db: Db, f: ExpenseFilter): Promise<GroupRow[]> {
  return expenseLines(db, f)
    .select([sql<string>`a.id::text`.as('key'), sql<string>`a.code || ' ' || a.name_en`.as('label'), sql<string>`a.code || ' ' || a.name_zh`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(['a.id', 'a.code', 'a.name_en', 'a.name_zh'])
    .orderBy('amount', 'desc')
    .execute();
}

export function byPerson(db: Db, f: ExpenseFilter): Promise<GroupRow[]> {
  return expenseLines(db, f)
    .leftJoin('users as u', 'u.id', 'l.employee_id')
    .select([sql<string | null>`l.employee_id::text`.as('key'), 'u.display_name as label', sql<null>`null`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(['l.employee_id', 'u.display_name'])
    .orderBy('amount', 'desc')
    .execute();
}

export function byDepartment(db: Db, f: ExpenseFilter): Promise<GroupRow[]> {
  return expenseLines(db, f)
    .leftJoin('departments as d', 'd.id', 'l.department_id')
    .select([sql<string | null>`l.department_id::text`.as('key'), 'd.name as label', sql<null>`null`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(['l.department_id', 'd.name'])
    .orderBy('amount', 'desc')
    .execute();
}

export function byCustomer(db: Db, f: ExpenseFilter): Promise<GroupRow[]> {
  return expenseLines(db, f)
    .leftJoin('customers as c', 'c.id', 'l.customer_id')
    .select([sql<string | null>`l.customer_id::text`.as('key'), 'c.name as label', sql<null>`null`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(['l.customer_id', 'c.name'])
    .orderBy('amount', 'desc')
    .execute();
}

/** Trips are labelled by the caller (the trips module owns their numbers); the key is the trip id. */
export function byTrip(db: Db, f: ExpenseFilter): Promise<GroupRow[]> {
  return expenseLines(db, f)
    .select([sql<string | null>`l.trip_id::text`.as('key'), sql<null>`null`.as('label'), sql<null>`null`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(['l.trip_id'])
    .orderBy('amount', 'desc')
    .execute();
}

const PERIOD_FORMAT: Record<'month' | 'quarter' | 'year', RawBuilder<string>> = {
  month: sql<string>`to_char(e.entry_date, 'YYYY-MM')`,
  quarter: sql<string>`to_char(e.entry_date, 'YYYY-"Q"Q')`,
  year: sql<string>`to_char(e.entry_date, 'YYYY')`,
};

export function byPeriod(db: Db, f: ExpenseFilter, grain: 'month' | 'quarter' | 'year'): Promise<GroupRow[]> {
  const period = PERIOD_FORMAT[grain];
  return expenseLines(db, f)
    .select([period.as('key'), period.as('label'), sql<null>`null`.as('label_zh'), net.as('amount'), count.as('lines')])
    .groupBy(period)
    .orderBy('key')
    .execute();
}

/** Each person's expenses on each trip (for budget versus actual per trip and per person). */
export function byTripAndPerson(db: Db, f: ExpenseFilter) {
  return expenseLines(db, f)
    .leftJoin('users as u', 'u.id', 'l.employee_id')
    .select([sql<string | null>`l.trip_id::text`.as('trip_id'), sql<string | null>`l.employee_id::text`.as('employee_id'), 'u.display_name as employee_name', net.as('amount')])
    .groupBy(['l.trip_id', 'l.employee_id', 'u.display_name'])
    .execute();
}

export interface TripBudgetRow {
  id: string;
  number: string;
  purpose: string;
  traveller_id: string;
  traveller_name: string;
  budget: number;
}

/**
 * The trips the figures touch — those with expenses in the range, and approved or completed trips
 * starting in it — with their approved budgets (the sum over categories). Trips are the trips
 * module's tables (0014); read here as a report, like the ledger's lines.
 */
export async function tripBudgets(db: Db, f: { from: string; to: string; employeeId?: string }, tripIdsWithExpenses: string[]): Promise<TripBudgetRow[]> {
  const ids = tripIdsWithExpenses.length ? tripIdsWithExpenses : ['00000000-0000-0000-0000-000000000000'];
  const r = await sql<TripBudgetRow>`
    select t.id, t.number, t.purpose, t.traveller_id, u.display_name as traveller_name,
           coalesce((select sum(b.amount) from trip_budgets b where b.trip_id = t.id), 0)::bigint as budget
    from trips t join users u on u.id = t.traveller_id
    where (t.id = any(${sql.val(ids)}::uuid[])
       or (t.status in ('approved', 'completed') and t.start_date between ${f.from}::date and ${f.to}::date))
      ${f.employeeId ? sql`and t.traveller_id = ${f.employeeId}` : sql``}
    order by t.start_date, t.number`.execute(db);
  return r.rows;
}
