import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { formatMinor } from '../../platform/money/money';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage } from '../../platform/pagination';
import {
  accountsForLines,
  accountTotals,
  entryCountsByMonth,
  entryLines,
  existingIds,
  findAccountByCode,
  lockAccount,
  lockEntry,
  lockPeriod,
  lockPeriodForPosting,
  movementsPage,
  periodsOfYear,
  replaceLines,
  selectAccounts,
  selectEntries,
  type AccountRow,
  type EntryRow,
  type LedgerFilter,
  type LineRow,
  type NewLine,
} from './ledger.repo';
import type {
  AccountDto,
  CreateAccountInput,
  CreateEntryInput,
  EmployeeLedgerQuery,
  EntryDto,
  EntryLineInput,
  EntrySummaryDto,
  GeneralLedgerQuery,
  LedgerDto,
  ListEntriesQuery,
  MovementDto,
  PeriodDto,
  ReverseEntryInput,
  Side,
  SubsidiaryQuery,
  TrialBalanceDto,
  TrialBalanceRowDto,
  UpdateAccountInput,
  UpdateEntryInput,
} from './ledger.schema';
import { subtreeIds } from '../../db/subtree';

/**
 * The double-entry ledger of the sales department: a chart of accounts, journal entries
 * whose lines carry dimensions (employee, department, expense type, customer, trip), monthly
 * periods, and the books read from them (general ledger, subsidiary ledgers, trial balance).
 * Drafts are edited freely; posting numbers an entry gap-free per year and freezes it (the
 * database refuses any later change); a mistake is undone by a reversing entry.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const LEDGER_ACCOUNT = 'ledger_account';
export const LEDGER_ENTRY = 'ledger_entry';
export const LEDGER_PERIOD = 'ledger_period';
const NUMBER_SEQUENCE = 'ledger_entry';
const NUMBER_PREFIX = 'JE';
const NUMBER_DIGITS = 6;

// ------------------------------------------------------------------ accounts

const defaultSide = (type: AccountDto['type']): Side => (type === 'asset' || type === 'expense' ? 'debit' : 'credit');

function accountDto(r: AccountRow): AccountDto {
  return {
    id: r.id,
    code: r.code,
    nameEn: r.name_en,
    nameZh: r.name_zh,
    type: r.type,
    normalSide: r.normal_side,
    expenseType: r.expense_type as AccountDto['expenseType'],
    parentId: r.parent_id,
    isActive: r.is_active,
    hasLines: Boolean(r.has_lines),
    version: r.version,
  };
}

async function accountDetail(db: Db | Trx, id: string): Promise<AccountDto | undefined> {
  const row = await selectAccounts(db).where('a.id', '=', id).executeTakeFirst();
  return row && accountDto(row);
}

/** The chart of accounts as flat rows ordered by code (parentId makes the tree). */
export async function listAccounts(db: Db, actor: Actor, q: { includeInactive?: boolean } = {}): Promise<AccountDto[]> {
  requirePermission(actor, 'ledger:read');
  let query = selectAccounts(db);
  if (q.includeInactive === false) query = query.where('a.is_active', '=', true);
  return (await query.orderBy('a.code').execute()).map(accountDto);
}

export async function getAccount(db: Db, actor: Actor, id: string): Promise<AccountDto> {
  requirePermission(actor, 'ledger:read');
  const dto = await accountDetail(db, id);
  if (!dto) throw notFound(LEDGER_ACCOUNT, id);
  return dto;
}

async function checkAccountRefs(trx: Trx, input: { code?: string; parentId?: string | null }, selfId?: string) {
  if (input.code && (await findAccountByCode(trx, input.code, selfId))) {
    throw new AppError('duplicate', 'Another account has this code', { fields: [{ field: 'code', code: 'duplicate', message: 'Another account has this code' }] });
  }
  if (input.parentId) {
    const parent = await trx.selectFrom('ledger_accounts').select(['id', 'is_active']).where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw fieldError('parentId', 'not_found', 'The parent account does not exist');
    if (selfId && (await subtreeIds(trx, 'ledger_accounts', selfId)).includes(input.parentId)) {
      throw fieldError('parentId', 'cycle', 'An account cannot be placed under itself or one of its sub-accounts');
    }
    // Postings go to leaf accounts: an account that already has lines cannot become a group.
    const parentLines = await trx.selectFrom('ledger_lines').select('id').where('account_id', '=', input.parentId).limit(1).executeTakeFirst();
    if (parentLines) throw fieldError('parentId', 'has_lines', 'The parent account has postings of its own; choose a grouping account');
  }
}

/** A new account of the chart; the normal side defaults from the type. */
export async function createAccount(db: Db, actor: Actor, input: CreateAccountInput): Promise<AccountDto> {
  requirePermission(actor, 'ledger:manage');
  return db.transaction().execute(async (trx) => {
    await checkAccountRefs(trx, input);
    const row = await trx
      .insertInto('ledger_accounts')
      .values({
        code: input.code,
        name_en: input.nameEn,
        name_zh: input.nameZh,
        type: input.type,
        normal_side: input.normalSide ?? defaultSide(input.type),
        expense_type: input.expenseType ?? null,
        parent_id: input.parentId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = (await accountDetail(trx, row.id))!;
    await recordAudit(trx, actor, { action: 'ledger_account.create', entityType: LEDGER_ACCOUNT, entityId: row.id, after: dto });
    return dto;
  });
}

/**
 * Renames, regroups or (de)activates an account at the version read. Once it has lines its
 * code, type and normal side stay (the books already read them); a deactivated account takes
 * no new lines but keeps its history in every report.
 */
export async function updateAccount(db: Db, actor: Actor, id: string, input: UpdateAccountInput): Promise<AccountDto> {
  requirePermission(actor, 'ledger:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockAccount(trx, id);
    if (!locked) throw notFound(LEDGER_ACCOUNT, id);
    if (locked.version !== input.version) throw versionConflict(LEDGER_ACCOUNT);
    const before = (await accountDetail(trx, id))!;
    if (before.hasLines) {
      for (const field of ['code', 'type', 'normalSide'] as const) {
        if (input[field] !== undefined && input[field] !== before[field]) throw fieldError(field, 'has_lines', `The account has postings: its ${field} cannot change`);
      }
    }
    await checkAccountRefs(trx, { code: input.code, parentId: input.parentId }, id);
    const type = input.type ?? locked.type;
    await trx
      .updateTable('ledger_accounts')
      .set({
        ...(input.code !== undefined && { code: input.code }),
        ...(input.nameEn !== undefined && { name_en: input.nameEn }),
        ...(input.nameZh !== undefined && { name_zh: input.nameZh }),
        ...(input.type !== undefined && { type, normal_side: input.normalSide ?? defaultSide(type) }),
        ...(input.normalSide !== undefined && { normal_side: input.normalSide }),
        ...(input.expenseType !== undefined && { expense_type: input.expenseType }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await accountDetail(trx, id))!;
    const action = input.isActive === false && before.isActive ? 'ledger_account.deactivate' : input.isActive === true && !before.isActive ? 'ledger_account.activate' : 'ledger_account.update';
    await recordAudit(trx, actor, { action, entityType: LEDGER_ACCOUNT, entityId: id, before, after });
    return after;
  });
}

/** Deletes an account that has never had a line nor a sub-account (a used one is deactivated instead). */
export async function deleteAccount(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  requirePermission(actor, 'ledger:manage');
  await db.transaction().execute(async (trx) => {
    const locked = await lockAccount(trx, id);
    if (!locked) throw notFound(LEDGER_ACCOUNT, id);
    if (locked.version !== version) throw versionConflict(LEDGER_ACCOUNT);
    const before = (await accountDetail(trx, id))!;
    if (before.hasLines) throw new AppError('conflict', 'The account has postings; deactivate it instead', { detail: { reason: 'has_lines' } });
    const child = await trx.selectFrom('ledger_accounts').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
    if (child) throw new AppError('conflict', 'The account has sub-accounts; move or delete them first', { detail: { reason: 'has_children' } });
    await trx.deleteFrom('ledger_accounts').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'ledger_account.delete', entityType: LEDGER_ACCOUNT, entityId: id, before });
  });
}

// ------------------------------------------------------------------ entries

function lineDto(l: LineRow): EntryDto['lines'][number] {
  return {
    id: l.id,
    lineNo: l.line_no,
    accountId: l.account_id,
    accountCode: l.account_code,
    accountNameEn: l.account_name_en,
    accountNameZh: l.account_name_zh,
    debit: l.debit,
    credit: l.credit,
    employeeId: l.employee_id,
    employeeName: l.employee_name,
    departmentId: l.department_id,
    departmentName: l.department_name,
    expenseType: l.expense_type as EntryDto['lines'][number]['expenseType'],
    customerId: l.customer_id,
    customerName: l.customer_name,
    tripId: l.trip_id,
    description: l.description,
  };
}

function summaryDto(e: EntryRow): EntrySummaryDto {
  return {
    id: e.id,
    status: e.status,
    number: e.number,
    entryDate: e.entry_date,
    description: e.description,
    currency: e.currency,
    sourceType: e.source_type,
    sourceId: e.source_id,
    reason: e.reason,
    reversesId: e.reverses_id,
    reversedById: e.reversed_by_id,
    totalDebit: Number(e.total_debit),
    totalCredit: Number(e.total_credit),
    createdById: e.created_by,
    postedById: e.posted_by,
    postedAt: e.posted_at ? new Date(e.posted_at).toISOString() : null,
    version: e.version,
  };
}

async function entryDetail(db: Db | Trx, id: string): Promise<EntryDto | undefined> {
  const row = await selectEntries(db).where('e.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...summaryDto(row), lines: (await entryLines(db, [id])).map(lineDto) };
}

/** Journal entries, newest date first, with filters; keyset paged. */
export async function listEntries(db: Db, actor: Actor, q: ListEntriesQuery): Promise<{ items: EntrySummaryDto[]; nextCursor: string | null }> {
  requirePermission(actor, 'ledger:read');
  let query = selectEntries(db);
  if (q.status) query = query.where('e.status', '=', q.status);
  if (q.from) query = query.where('e.entry_date', '>=', q.from);
  if (q.to) query = query.where('e.entry_date', '<=', q.to);
  if (q.sourceType) query = query.where('e.source_type', '=', q.sourceType);
  if (q.sourceId) query = query.where('e.source_id', '=', q.sourceId);
  if (q.accountId) {
    const accountId = q.accountId;
    query = query.where((eb) => eb.exists(eb.selectFrom('ledger_lines as l').select('l.id').whereRef('l.entry_id', '=', 'e.id').where('l.account_id', '=', accountId)));
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('e.number', 'ilike', like), eb('e.description', 'ilike', like), eb('e.reason', 'ilike', like)]));
  }
  const page = await keysetPage(query, { sortRef: 'e.entry_date', idRef: 'e.id', direction: 'desc', page: q, sortValueOf: (r) => r.entry_date, idOf: (r) => r.id });
  return { items: page.items.map(summaryDto), nextCursor: page.nextCursor };
}

export async function getEntry(db: Db, actor: Actor, id: string): Promise<EntryDto> {
  requirePermission(actor, 'ledger:read');
  const dto = await entryDetail(db, id);
  if (!dto) throw notFound(LEDGER_ENTRY, id);
  return dto;
}

/**
 * Checks lines against the chart and the master data and turns them into rows. Every rule
 * answers with the field it concerns: one side per line, active leaf accounts, known
 * employees, departments and customers, and debits equal to credits to the cent.
 */
async function validatedLines(trx: Trx, lines: EntryLineInput[]): Promise<NewLine[]> {
  lines.forEach((l, i) => {
    if ((l.debit > 0) === (l.credit > 0)) throw fieldError(`lines.${i}.debit`, 'one_side', 'Each line has either a debit or a credit amount above zero, not both');
  });
  const accountIds = [...new Set(lines.map((l) => l.accountId))];
  const accounts = new Map((await accountsForLines(trx, accountIds)).map((a) => [a.id, a]));
  const check = async (table: 'users' | 'departments' | 'customers', key: 'employeeId' | 'departmentId' | 'customerId', what: string) => {
    const ids = [...new Set(lines.map((l) => l[key]).filter((x): x is string => Boolean(x)))];
    const found = new Set((await existingIds(trx, table, ids)).map((r) => r.id));
    const bad = lines.findIndex((l) => l[key] && !found.has(l[key]!));
    if (bad >= 0) throw fieldError(`lines.${bad}.${key}`, 'not_found', `No such ${what}`);
  };
  lines.forEach((l, i) => {
    const a = accounts.get(l.accountId);
    if (!a) throw fieldError(`lines.${i}.accountId`, 'not_found', 'No such account');
    if (!a.is_active) throw fieldError(`lines.${i}.accountId`, 'inactive', 'The account is deactivated');
    if (a.has_children) throw fieldError(`lines.${i}.accountId`, 'group_account', 'Post to a sub-account, not to a grouping account');
  });
  await check('users', 'employeeId', 'employee');
  await check('departments', 'departmentId', 'department');
  await check('customers', 'customerId', 'customer');
  const debit = lines.reduce((s, l) => s + l.debit, 0);
  const credit = lines.reduce((s, l) => s + l.credit, 0);
  if (debit !== credit) {
    throw fieldError('lines', 'unbalanced', `Debits (${formatMinor(debit)}) and credits (${formatMinor(credit)}) differ by ${formatMinor(Math.abs(debit - credit))}`);
  }
  return lines.map((l) => ({
    account_id: l.accountId,
    debit: l.debit,
    credit: l.credit,
    employee_id: l.employeeId ?? null,
    department_id: l.departmentId ?? null,
    expense_type: l.expenseType !== undefined ? l.expenseType : (accounts.get(l.accountId)!.expense_type ?? null),
    customer_id: l.customerId ?? null,
    trip_id: l.tripId ?? null,
    description: l.description ?? '',
  }));
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * Posts a draft inside the caller's transaction: at least two lines, an open month, then the
 * next gap-free number of the entry date's year. The number is taken last before the status
 * change and under the sequence row's lock, so a rollback gives it back.
 */
async function postDraft(trx: Trx, actorId: string | null, id: string): Promise<void> {
  const e = await trx.selectFrom('ledger_entries').select(['entry_date', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const lines = await trx.selectFrom('ledger_lines').select(['debit', 'credit']).where('entry_id', '=', id).execute();
  if (lines.length < 2) throw fieldError('lines', 'too_few', 'A posted entry has at least two lines');
  if (await lockPeriodForPosting(trx, monthOf(e.entry_date))) throw fieldError('entryDate', 'period_closed', `The period ${e.entry_date.slice(0, 7)} is closed`);
  const year = Number(e.entry_date.slice(0, 4));
  const number = await nextNumber(trx, NUMBER_SEQUENCE, year, NUMBER_PREFIX, NUMBER_DIGITS);
  await trx
    .updateTable('ledger_entries')
    .set({ status: 'posted', number, year, seq: Number(number.slice(number.lastIndexOf('-') + 1)), posted_by: actorId, posted_at: new Date(), version: e.version + 1, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

async function insertEntry(
  trx: Trx,
  actorId: string | null,
  head: { entryDate: string; description?: string; sourceType: string; sourceId: string | null; reason: string | null; reversesId?: string | null },
  lines: NewLine[],
): Promise<string> {
  const row = await trx
    .insertInto('ledger_entries')
    .values({
      entry_date: head.entryDate,
      description: head.description ?? '',
      source_type: head.sourceType,
      source_id: head.sourceId,
      reason: head.reason,
      reverses_id: head.reversesId ?? null,
      created_by: actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceLines(trx, row.id, lines);
  return row.id;
}

/** A manual journal entry (the reason is mandatory), saved as a draft or posted at once. */
export async function createEntry(db: Db, actor: Actor, input: CreateEntryInput): Promise<EntryDto> {
  requirePermission(actor, 'ledger:post');
  return db.transaction().execute(async (trx) => {
    const lines = await validatedLines(trx, input.lines);
    const id = await insertEntry(trx, actor.userId, { entryDate: input.entryDate, description: input.description, sourceType: 'manual', sourceId: null, reason: input.reason }, lines);
    if (input.post) await postDraft(trx, actor.userId, id);
    const after = (await entryDetail(trx, id))!;
    await recordAudit(trx, actor, { action: input.post ? 'ledger_entry.post' : 'ledger_entry.create', entityType: LEDGER_ENTRY, entityId: id, after });
    return after;
  });
}

/**
 * Posts an entry for a business document (an advance, a claim, a payment…) in the caller's
 * transaction, so the document and its posting commit together. For other modules; they check
 * their own permissions.
 */
export async function postDocumentEntry(
  trx: Trx,
  actor: Actor,
  doc: { sourceType: string; sourceId: string; entryDate: string; description?: string; lines: EntryLineInput[] },
): Promise<{ id: string; number: string }> {
  if (doc.sourceType === 'manual' || doc.sourceType === 'reversal') throw new AppError('bad_request', `${doc.sourceType} entries are not business documents`);
  const lines = await validatedLines(trx, doc.lines);
  const id = await insertEntry(trx, actor.userId, { entryDate: doc.entryDate, description: doc.description, sourceType: doc.sourceType, sourceId: doc.sourceId, reason: null }, lines);
  await postDraft(trx, actor.userId, id);
  const after = (await entryDetail(trx, id))!;
  await recordAudit(trx, actor, { action: 'ledger_entry.post', entityType: LEDGER_ENTRY, entityId: id, after });
  return { id, number: after.number! };
}

/**
 * The account a business document posts to, named by its code (1221, 2241, 1002…): it must exist,
 * be active and be a leaf, else the document cannot post (409 naming the code).
 */
export async function postingAccountId(db: Db | Trx, code: string): Promise<string> {
  const found = await findAccountByCode(db, code);
  const row = found && (await accountsForLines(db, [found.id]))[0];
  if (!row || !row.is_active || row.has_children) throw new AppError('conflict', `The chart of accounts has no active leaf account ${code} to post to`, { detail: { accountCode: code } });
  return row.id;
}

/** The expense account of an expense type: the active leaf account carrying that type with the lowest code (660102 for lodging). */
export async function expenseAccountId(db: Db | Trx, type: string): Promise<string> {
  const rows = await db.selectFrom('ledger_accounts').select(['id', 'code']).where('expense_type', '=', type).where('type', '=', 'expense').where('is_active', '=', true).orderBy('code').execute();
  for (const r of rows) {
    const [a] = await accountsForLines(db, [r.id]);
    if (a && !a.has_children) return r.id;
  }
  throw new AppError('conflict', `The chart of accounts has no active expense account for ${type}`, { detail: { expenseType: type } });
}

async function lockDraft(trx: Trx, id: string, version: number) {
  const locked = await lockEntry(trx, id);
  if (!locked) throw notFound(LEDGER_ENTRY, id);
  if (locked.version !== version) throw versionConflict(LEDGER_ENTRY);
  if (locked.status !== 'draft') throw new AppError('conflict', 'The entry is posted and cannot change; reverse it instead', { detail: { reason: 'posted' } });
  return locked;
}

/** Changes a draft at the version read (lines replace the draft's lines). */
export async function updateEntry(db: Db, actor: Actor, id: string, input: UpdateEntryInput): Promise<EntryDto> {
  requirePermission(actor, 'ledger:post');
  return db.transaction().execute(async (trx) => {
    const locked = await lockDraft(trx, id, input.version);
    if (input.reason !== undefined && locked.source_type !== 'manual') throw fieldError('reason', 'not_manual', 'Only a manual entry has a reason');
    const before = (await entryDetail(trx, id))!;
    if (input.lines) await replaceLines(trx, id, await validatedLines(trx, input.lines));
    await trx
      .updateTable('ledger_entries')
      .set({
        ...(input.entryDate !== undefined && { entry_date: input.entryDate }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.reason !== undefined && { reason: input.reason }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await entryDetail(trx, id))!;
    await recordAudit(trx, actor, { action: 'ledger_entry.update', entityType: LEDGER_ENTRY, entityId: id, before, after });
    return after;
  });
}

/** Deletes a draft (a posted entry is never deleted: it is reversed). */
export async function deleteEntry(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  requirePermission(actor, 'ledger:post');
  await db.transaction().execute(async (trx) => {
    await lockDraft(trx, id, version);
    const before = (await entryDetail(trx, id))!;
    await trx.deleteFrom('ledger_entries').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'ledger_entry.delete', entityType: LEDGER_ENTRY, entityId: id, before });
  });
}

/** Posts a draft at the version read: numbered, then immutable. */
export async function postEntry(db: Db, actor: Actor, id: string, version: number): Promise<EntryDto> {
  requirePermission(actor, 'ledger:post');
  return db.transaction().execute(async (trx) => {
    const locked = await lockDraft(trx, id, version);
    // The chart may have changed since the draft was saved: check its lines again.
    const lines = await trx.selectFrom('ledger_lines').selectAll().where('entry_id', '=', id).orderBy('line_no').execute();
    await validatedLines(
      trx,
      lines.map((l) => ({ accountId: l.account_id, debit: l.debit, credit: l.credit, employeeId: l.employee_id, departmentId: l.department_id, expenseType: l.expense_type as EntryLineInput['expenseType'], customerId: l.customer_id, tripId: l.trip_id })),
    );
    await postDraft(trx, actor.userId, locked.id);
    const after = (await entryDetail(trx, id))!;
    await recordAudit(trx, actor, { action: 'ledger_entry.post', entityType: LEDGER_ENTRY, entityId: id, after });
    return after;
  });
}

/**
 * Corrects a posted entry: creates and posts its mirror (debits and credits swapped, the same
 * dimensions) linked to it, dated today unless another date is given. An entry is reversed
 * once; a reversal is not reversed again (post a new entry instead).
 */
export async function reverseEntry(db: Db, actor: Actor, id: string, input: ReverseEntryInput): Promise<EntryDto> {
  requirePermission(actor, 'ledger:post');
  return db.transaction().execute(async (trx) => {
    const original = await lockEntry(trx, id);
    if (!original) throw notFound(LEDGER_ENTRY, id);
    if (original.status !== 'posted') throw new AppError('conflict', 'Only a posted entry is reversed; a draft is edited or deleted', { detail: { reason: 'draft' } });
    if (original.reverses_id) throw new AppError('conflict', 'A reversing entry is not reversed again; post a new entry', { detail: { reason: 'is_reversal' } });
    const already = await trx.selectFrom('ledger_entries').select('number').where('reverses_id', '=', id).executeTakeFirst();
    if (already) throw new AppError('conflict', `The entry is already reversed by ${already.number ?? 'a draft'}`, { detail: { reason: 'already_reversed' } });
    const lines = await trx.selectFrom('ledger_lines').selectAll().where('entry_id', '=', id).orderBy('line_no').execute();
    const entryDate = input.entryDate ?? (await businessToday(trx));
    const mirror: NewLine[] = lines.map((l) => ({
      account_id: l.account_id,
      debit: l.credit,
      credit: l.debit,
      employee_id: l.employee_id,
      department_id: l.department_id,
      expense_type: l.expense_type,
      customer_id: l.customer_id,
      trip_id: l.trip_id,
      description: l.description,
    }));
    const reversalId = await insertEntry(
      trx,
      actor.userId,
      { entryDate, description: `Reversal of ${original.number}${original.description ? `: ${original.description}` : ''}`.slice(0, 300), sourceType: 'reversal', sourceId: id, reason: input.reason, reversesId: id },
      mirror,
    );
    await postDraft(trx, actor.userId, reversalId);
    const after = (await entryDetail(trx, reversalId))!;
    await recordAudit(trx, actor, { action: 'ledger_entry.reverse', entityType: LEDGER_ENTRY, entityId: id, after: { reversedBy: reversalId, number: after.number, reason: input.reason } });
    await recordAudit(trx, actor, { action: 'ledger_entry.post', entityType: LEDGER_ENTRY, entityId: reversalId, after });
    return after;
  });
}

// ------------------------------------------------------------------ periods

function periodDto(month: string, row: { is_closed: boolean; closed_at: Date | null; closed_by: string | null; reopened_at: Date | null; reopened_by: string | null; reopen_reason: string | null; version: number } | undefined, counts: { posted: number; draft: number }): PeriodDto {
  return {
    month: month.slice(0, 7),
    isClosed: row?.is_closed ?? false,
    closedAt: row?.closed_at ? new Date(row.closed_at).toISOString() : null,
    closedById: row?.closed_by ?? null,
    reopenedAt: row?.reopened_at ? new Date(row.reopened_at).toISOString() : null,
    reopenedById: row?.reopened_by ?? null,
    reopenReason: row?.reopen_reason ?? null,
    postedEntries: counts.posted,
    draftEntries: counts.draft,
    version: row?.version ?? 1,
  };
}

async function periodsOf(db: Db | Trx, year: number): Promise<PeriodDto[]> {
  const rows = new Map((await periodsOfYear(db, year)).map((r) => [String(r.month).slice(0, 7), r]));
  const counts = await entryCountsByMonth(db, year);
  return Array.from({ length: 12 }, (_, i) => {
    const m = `${year}-${String(i + 1).padStart(2, '0')}`;
    const n = (status: string) => counts.find((c) => c.month === m && c.status === status)?.n ?? 0;
    return periodDto(`${m}-01`, rows.get(m), { posted: n('posted'), draft: n('draft') });
  });
}

/** The twelve months of a year: open or closed, with their entry counts. */
export async function listPeriods(db: Db, actor: Actor, year: number): Promise<PeriodDto[]> {
  requirePermission(actor, 'ledger:read');
  return periodsOf(db, year);
}

async function periodAfter(trx: Trx, month: string): Promise<PeriodDto> {
  return (await periodsOf(trx, Number(month.slice(0, 4)))).find((p) => p.month === month.slice(0, 7))!;
}

/**
 * Closes a month: from then on nothing is posted with an entry date in it (the database refuses
 * it too). Drafts dated in it stay drafts until it is reopened or they are re-dated.
 */
export async function closePeriod(db: Db, actor: Actor, month: string): Promise<PeriodDto> {
  requirePermission(actor, 'ledger:manage');
  const day = `${month}-01`;
  return db.transaction().execute(async (trx) => {
    const row = await lockPeriod(trx, day);
    if (row.is_closed) throw new AppError('conflict', `The period ${month} is already closed`, { detail: { reason: 'closed' } });
    await trx.updateTable('ledger_periods').set({ is_closed: true, closed_at: new Date(), closed_by: actor.userId, version: row.version + 1 }).where('month', '=', day).execute();
    const after = await periodAfter(trx, day);
    await recordAudit(trx, actor, { action: 'ledger_period.close', entityType: LEDGER_PERIOD, entityId: null, after });
    return after;
  });
}

/** Reopens a closed month; the reason is kept on the period and in the audit log. */
export async function reopenPeriod(db: Db, actor: Actor, month: string, reason: string): Promise<PeriodDto> {
  requirePermission(actor, 'ledger:manage');
  const day = `${month}-01`;
  return db.transaction().execute(async (trx) => {
    const row = await lockPeriod(trx, day);
    if (!row.is_closed) throw new AppError('conflict', `The period ${month} is open`, { detail: { reason: 'open' } });
    const before = await periodAfter(trx, day);
    await trx
      .updateTable('ledger_periods')
      .set({ is_closed: false, reopened_at: new Date(), reopened_by: actor.userId, reopen_reason: reason, version: row.version + 1 })
      .where('month', '=', day)
      .execute();
    const after = await periodAfter(trx, day);
    await recordAudit(trx, actor, { action: 'ledger_period.reopen', entityType: LEDGER_PERIOD, entityId: null, before, after: { ...after, reason } });
    return after;
  });
}

// ------------------------------------------------------------------ reports

function checkRange(from: string, to: string) {
  if (from > to) throw fieldError('to', 'before_start', 'The end date is before the start date');
}

// 0 - net, not -net: a zero balance stays +0.
const onSide = (net: number, s: Side) => (s === 'debit' ? net : 0 - net);

/** Opening, movements and closing of the posted lines a filter selects, balances stated on one side. */
async function ledgerOf(db: Db, f: LedgerFilter, balanceSide: Side, q: { from: string; to: string; limit: number; cursor?: string }): Promise<LedgerDto> {
  checkRange(q.from, q.to);
  const totals = await accountTotals(db, f, q.from, q.to);
  const accounts = totals.map((t) => {
    const opening = onSide(Number(t.opening_net), t.normal_side);
    const debit = Number(t.debit);
    const credit = Number(t.credit);
    return { accountId: t.id, code: t.code, nameEn: t.name_en, nameZh: t.name_zh, normalSide: t.normal_side, opening, debit, credit, closing: opening + onSide(debit - credit, t.normal_side) };
  });
  const openingNet = totals.reduce((s, t) => s + Number(t.opening_net), 0);
  const totalDebit = accounts.reduce((s, a) => s + a.debit, 0);
  const totalCredit = accounts.reduce((s, a) => s + a.credit, 0);
  const page = await movementsPage(db, f, q.from, q.to, { limit: q.limit, cursor: q.cursor });
  const movements: MovementDto[] = page.items.map((m) => ({
    lineId: Number(m.line_id),
    entryId: m.entry_id,
    entryNumber: m.entry_number ?? '',
    entryDate: m.entry_date,
    accountId: m.account_id,
    accountCode: m.account_code,
    debit: Number(m.debit),
    credit: Number(m.credit),
    balance: onSide(openingNet + Number(m.running_net), balanceSide),
    sourceType: m.source_type,
    sourceId: m.source_id,
    employeeId: m.employee_id,
    departmentId: m.department_id,
    expenseType: m.expense_type as MovementDto['expenseType'],
    customerId: m.customer_id,
    tripId: m.trip_id,
    description: m.description,
  }));
  return {
    from: q.from,
    to: q.to,
    balanceSide,
    opening: onSide(openingNet, balanceSide),
    totalDebit,
    totalCredit,
    closing: onSide(openingNet + totalDebit - totalCredit, balanceSide),
    accounts,
    movements,
    nextCursor: page.nextCursor,
  };
}

async function accountScope(db: Db, accountId: string): Promise<{ ids: string[]; side: Side }> {
  const account = await db.selectFrom('ledger_accounts').select(['id', 'normal_side']).where('id', '=', accountId).executeTakeFirst();
  if (!account) throw fieldError('accountId', 'not_found', 'No such account');
  return { ids: await subtreeIds(db, 'ledger_accounts', accountId), side: account.normal_side };
}

/** The general ledger of an account (a grouping account covers its sub-accounts) over a date range. */
export async function generalLedger(db: Db, actor: Actor, q: GeneralLedgerQuery): Promise<LedgerDto> {
  requirePermission(actor, 'ledger:read');
  const scope = await accountScope(db, q.accountId);
  return ledgerOf(db, { accountIds: scope.ids }, scope.side, q);
}

/** A subsidiary ledger by department, expense type, customer or trip, optionally of one account. */
export async function subsidiaryLedger(db: Db, actor: Actor, q: SubsidiaryQuery): Promise<LedgerDto> {
  requirePermission(actor, 'ledger:read');
  const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (q.dimension === 'expenseType' ? !/^[a-z_]+$/.test(q.value) : !uuidLike.test(q.value)) throw fieldError('value', 'invalid', `Not a valid ${q.dimension}`);
  const scope = q.accountId ? await accountScope(db, q.accountId) : undefined;
  const f: LedgerFilter = { accountIds: scope?.ids, [`${q.dimension}Id`]: q.value };
  if (q.dimension === 'expenseType') {
    delete (f as Record<string, unknown>).expenseTypeId;
    f.expenseType = q.value;
  }
  return ledgerOf(db, f, scope?.side ?? 'debit', q);
}

/**
 * An employee's subsidiary ledger (advances they owe, reimbursements owed to them, their expenses).
 * Everyone reads their own; reading someone else's needs ledger:read, and without it the employee
 * answers as not found.
 */
export async function employeeLedger(db: Db, actor: Actor, employeeId: string, q: EmployeeLedgerQuery): Promise<LedgerDto> {
  if (employeeId !== actor.userId && !can(actor, 'ledger:read')) {
    const exists = await db.selectFrom('users').select('id').where('id', '=', employeeId).executeTakeFirst();
    throw exists ? deniedAsNotFound('user', employeeId) : notFound('user', employeeId);
  }
  const user = await db.selectFrom('users').select('id').where('id', '=', employeeId).executeTakeFirst();
  if (!user) throw notFound('user', employeeId);
  const scope = q.accountId ? await accountScope(db, q.accountId) : undefined;
  return ledgerOf(db, { accountIds: scope?.ids, employeeId }, scope?.side ?? 'debit', q);
}

const movementColumns: ExportColumn<MovementDto>[] = [
  { key: 'date', en: 'Date', zh: '日期', value: (r) => r.entryDate, kind: 'date', width: 12 },
  { key: 'number', en: 'Entry', zh: '凭证号', value: (r) => r.entryNumber, width: 16 },
  { key: 'account', en: 'Account', zh: '科目', value: (r) => r.accountCode, width: 10 },
  { key: 'description', en: 'Description', zh: '摘要', value: (r) => r.description, width: 36 },
  { key: 'source', en: 'Source', zh: '来源', value: (r) => r.sourceType, width: 12 },
  { key: 'debit', en: 'Debit', zh: '借方', value: (r) => (r.debit ? formatMinor(r.debit) : null), kind: 'money' },
  { key: 'credit', en: 'Credit', zh: '贷方', value: (r) => (r.credit ? formatMinor(r.credit) : null), kind: 'money' },
  { key: 'balance', en: 'Balance', zh: '余额', value: (r) => formatMinor(r.balance), kind: 'money' },
];

/** The general ledger as CSV/XLSX: an opening row, every movement, a closing row (headers in the reader's language). */
export async function exportGeneralLedger(db: Db, actor: Actor, q: { accountId: string; from: string; to: string; format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  const gl = await generalLedger(db, actor, { ...q, limit: EXPORT_LIMIT });
  const zh = actor.locale === 'zh-CN';
  const edge = (label: string, date: string, balance: number): MovementDto => ({
    lineId: 0,
    entryId: '',
    entryNumber: '',
    entryDate: date,
    accountId: q.accountId,
    accountCode: gl.accounts[0]?.code ?? '',
    debit: 0,
    credit: 0,
    balance,
    sourceType: '',
    sourceId: null,
    employeeId: null,
    departmentId: null,
    expenseType: null,
    customerId: null,
    tripId: null,
    description: label,
  });
  const rows = [edge(zh ? '期初余额' : 'Opening balance', gl.from, gl.opening), ...gl.movements, edge(zh ? '期末余额' : 'Closing balance', gl.to, gl.closing)];
  return buildExport(rows, movementColumns, { format: q.format, locale: actor.locale, name: 'general-ledger', sheet: { en: 'General ledger', zh: '总账' } });
}

/**
 * The trial balance over a date range: per account the opening balance, the period's debits and
 * credits and the closing balance (a balance shown in the debit or credit column by its sign).
 * Every entry balances, so the column totals pair up: isBalanced says they do.
 */
export async function trialBalance(db: Db, actor: Actor, q: { from: string; to: string }): Promise<TrialBalanceDto> {
  requirePermission(actor, 'ledger:read');
  checkRange(q.from, q.to);
  const totals = await accountTotals(db, {}, q.from, q.to);
  const rows: TrialBalanceRowDto[] = totals.map((t) => {
    const opening = Number(t.opening_net);
    const closing = opening + Number(t.debit) - Number(t.credit);
    return {
      accountId: t.id,
      code: t.code,
      nameEn: t.name_en,
      nameZh: t.name_zh,
      type: t.type,
      normalSide: t.normal_side,
      openingDebit: Math.max(opening, 0),
      openingCredit: Math.max(-opening, 0),
      periodDebit: Number(t.debit),
      periodCredit: Number(t.credit),
      closingDebit: Math.max(closing, 0),
      closingCredit: Math.max(-closing, 0),
    };
  });
  const sum = (k: keyof TrialBalanceDto['totals']) => rows.reduce((s, r) => s + r[k], 0);
  const totalsRow = {
    openingDebit: sum('openingDebit'),
    openingCredit: sum('openingCredit'),
    periodDebit: sum('periodDebit'),
    periodCredit: sum('periodCredit'),
    closingDebit: sum('closingDebit'),
    closingCredit: sum('closingCredit'),
  };
  const isBalanced = totalsRow.openingDebit === totalsRow.openingCredit && totalsRow.periodDebit === totalsRow.periodCredit && totalsRow.closingDebit === totalsRow.closingCredit;
  return { from: q.from, to: q.to, rows, totals: totalsRow, isBalanced };
}

const money = (v: number) => (v ? formatMinor(v) : null);
const trialBalanceColumns: ExportColumn<TrialBalanceRowDto>[] = [
  { key: 'code', en: 'Code', zh: '科目编码', value: (r) => r.code, width: 10 },
  { key: 'nameEn', en: 'Account', zh: '科目名称', value: (r) => r.nameEn, width: 36 },
  { key: 'openingDebit', en: 'Opening debit', zh: '期初借方', value: (r) => money(r.openingDebit), kind: 'money' },
  { key: 'openingCredit', en: 'Opening credit', zh: '期初贷方', value: (r) => money(r.openingCredit), kind: 'money' },
  { key: 'periodDebit', en: 'Debits in period', zh: '本期借方', value: (r) => money(r.periodDebit), kind: 'money' },
  { key: 'periodCredit', en: 'Credits in period', zh: '本期贷方', value: (r) => money(r.periodCredit), kind: 'money' },
  { key: 'closingDebit', en: 'Closing debit', zh: '期末借方', value: (r) => money(r.closingDebit), kind: 'money' },
  { key: 'closingCredit', en: 'Closing credit', zh: '期末贷方', value: (r) => money(r.closingCredit), kind: 'money' },
];

/** The trial balance as CSV/XLSX in the reader's language (account names too), with a totals row. */
export async function exportTrialBalance(db: Db, actor: Actor, q: { from: string; to: string; format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  const tb = await trialBalance(db, actor, q);
  const zh = actor.locale === 'zh-CN';
  const rows: TrialBalanceRowDto[] = [
    ...tb.rows.map((r) => ({ ...r, nameEn: zh ? r.nameZh : r.nameEn })),
    { accountId: '', code: '', nameEn: zh ? '合计' : 'Total', nameZh: '合计', type: 'asset', normalSide: 'debit', ...tb.totals },
  ];
  return buildExport(rows, trialBalanceColumns, { format: q.format, locale: actor.locale, name: 'trial-balance', sheet: { en: 'Trial balance', zh: '试算平衡表' } });
}
