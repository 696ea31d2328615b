import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { inScope, recordScope, type RecordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { canReadFile, linkFile, listEntityFiles } from '../../platform/files/files.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { closeReminders, upsertReminder } from '../../platform/reminders/reminders.service';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import { listTasks } from '../tasks/tasks.service';
import { canSeeCustomer, customerScopeWhere, isVisible, loadReadableCustomer, lockCustomerForChange } from './customers.access';
import { buildExport, labels, type ExportColumn, type ExportFile } from './customers.export';
import { checkCreditCode, companyNameKey } from './customers.identity';
import {
  applyCustomerFilters,
  findCustomerRow,
  findDuplicateCandidates,
  moveCustomerRecords,
  nextCustomerCode,
  selectCustomers,
  SORT_COLUMNS,
  type CustomerRow,
  type DuplicateCandidate,
} from './customers.repo';
import type {
  BillingCompleteness,
  CreateCustomerInput,
  CustomerDto,
  CustomerFilters,
  CustomerOverview,
  CustomerWriteResult,
  DuplicateMatch,
  DuplicatesQuery,
  ExportCustomersQuery,
  HandoverInput,
  InvoiceType,
  ListCustomersQuery,
  MergeInput,
  UpdateCustomerInput,
} from './customers.schema';
import { addCustomerEvent, listCustomerTimeline, type CustomerEventDto } from './customers.timeline';
import { listContacts, listAddresses } from './customers.contacts';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type AnyDb = Db | Trx;

export const CUSTOMER = 'customer';
/** Licence-expiry reminders are their own entity type, so that other modules' reminders about a customer never collide with them. */
export const LICENCE_REMINDER = 'customer_licence';
export const customerLink = (id: string) => `/customers/${id}`;
const LICENCE_REMIND_DAYS = 30;
const EXPORT_MAX_ROWS = 100_000;

/** For other modules (orders, contracts…): the customer exists, is not merged away and the actor may see it; else a field error naming `field`. */
export async function requireVisibleCustomer(db: AnyDb, actor: Actor, customerId: string, field = 'customerId'): Promise<{ id: string; owner_id: string | null; department_id: string | null; region_id: string | null }> {
  const row = await findCustomerRow(db, customerId);
  if (!row || row.merged_into_id || !isVisible(await recordScope(db, actor), row)) throw fieldError(field, 'not_found', 'No such customer');
  return row;
}

// ---------------------------------------------------------------------------
// Mapping

const BILLING_REQUIRED: Record<InvoiceType, readonly (keyof BillingFields)[]> = {
  ordinary_vat: ['invoiceTitle', 'taxpayerId'],
  special_vat: ['invoiceTitle', 'taxpayerId', 'billingAddress', 'billingPhone', 'bankName', 'bankAccount'],
};
type BillingFields = { invoiceTitle: string | null; taxpayerId: string | null; billingAddress: string | null; billingPhone: string | null; bankName: string | null; bankAccount: string | null };

/** What billing information an invoice of this type still lacks: an ordinary VAT invoice needs title and taxpayer id, a special one also address, phone, bank and account. */
export function billingCompletenessOf(b: BillingFields, type: InvoiceType): BillingCompleteness {
  const missing = BILLING_REQUIRED[type].filter((f) => !b[f]?.trim());
  return { invoiceType: type, complete: missing.length === 0, missing: [...missing] };
}

const billingOf = (r: CustomerRow): BillingFields => ({
  invoiceTitle: r.invoice_title,
  taxpayerId: r.taxpayer_id,
  billingAddress: r.billing_address,
  billingPhone: r.billing_phone,
  bankName: r.bank_name,
  bankAccount: r.bank_account,
});

export function toCustomerDto(r: CustomerRow, actor: Actor): CustomerDto {
  const billing = billingOf(r);
  const check = r.credit_code ? checkCreditCode(r.credit_code) : null;
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    creditCode: r.credit_code,
    creditCodeValid: r.credit_code_valid,
    creditCodeCheck: check ? (check.ok ? 'ok' : check.reason) : null,
    licenceRegNo: r.licence_reg_no,
    licenceIssuedOn: r.licence_issued_on,
    legalRepresentative: r.legal_representative,
    registeredCapital: r.registered_capital === null ? null : Number(r.registered_capital),
    registeredCapitalCurrency: r.registered_capital_currency,
    licenceAddress: r.licence_address,
    businessScope: r.business_scope,
    licenceExpiresOn: r.licence_expires_on,
    licenceFileId: r.licence_file_id,
    ...billing,
    billing: { ordinary_vat: billingCompletenessOf(billing, 'ordinary_vat'), special_vat: billingCompletenessOf(billing, 'special_vat') },
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    regionId: r.region_id,
    regionName: r.region_name,
    industry: r.industry,
    source: r.source,
    level: r.level,
    status: r.status,
    isKey: r.is_key,
    tags: r.tags ?? [],
    notes: r.notes,
    phone: r.phone,
    website: r.website,
    externalId: r.external_id,
    isArchived: r.is_archived,
    mergedIntoId: r.merged_into_id,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    canEdit: can(actor, 'customers:write') && !r.is_archived && !r.merged_into_id,
  };
}

/** Request fields → columns. Empty text becomes null, so "missing" means one thing. */
const COLUMNS = {
  name: 'name',
  shortName: 'short_name',
  creditCode: 'credit_code',
  licenceRegNo: 'licence_reg_no',
  licenceIssuedOn: 'licence_issued_on',
  legalRepresentative: 'legal_representative',
  registeredCapital: 'registered_capital',
  registeredCapitalCurrency: 'registered_capital_currency',
  licenceAddress: 'licence_address',
  businessScope: 'business_scope',
  licenceExpiresOn: 'licence_expires_on',
  licenceFileId: 'licence_file_id',
  invoiceTitle: 'invoice_title',
  taxpayerId: 'taxpayer_id',
  billingAddress: 'billing_address',
  billingPhone: 'billing_phone',
  bankName: 'bank_name',
  bankAccount: 'bank_account',
  departmentId: 'department_id',
  regionId: 'region_id',
  industry: 'industry',
  source: 'source',
  level: 'level',
  status: 'status',
  isKey: 'is_key',
  tags: 'tags',
  notes: 'notes',
  phone: 'phone',
  website: 'website',
} as const;
type Field = keyof typeof COLUMNS;

function columnValues(input: Partial<Record<Field, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMNS) as [Field, string][]) {
    let v = input[field];
    if (v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '' && field !== 'notes') v = null;
    if (field === 'creditCode' || field === 'taxpayerId') v = typeof v === 'string' ? v.toUpperCase().replace(/\s+/g, '') : v;
    if (field === 'tags') v = [...new Set(v as string[])];
    out[column] = v;
  }
  return out;
}

function creditCodeWarnings(code: string | null | undefined): { valid: boolean | null; warnings: CustomerWriteResult['warnings'] } {
  if (!code) return { valid: null, warnings: [] };
  const r = checkCreditCode(code);
  if (r.ok) return { valid: true, warnings: [] };
  return {
    valid: false,
    warnings: [
      {
        field: 'creditCode',
        code: r.reason === 'format' ? 'credit_code_format' : 'credit_code_checksum',
        message: r.reason === 'format' ? 'The credit code is not 18 characters of the GB 32100 set' : 'The credit code fails the GB 32100 check character; some early codes do — check it against the licence',
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// References

async function checkOwner(db: AnyDb, actor: Actor, userId: string, field: string) {
  const u = await db.selectFrom('users').select(['id', 'department_id', 'is_active', 'display_name', 'manager_id']).where('id', '=', userId).executeTakeFirst();
  if (!u || !u.is_active) throw fieldError(field, 'not_found', 'No such active user');
  if (userId !== actor.userId && !inScope(await recordScope(db, actor), userId, u.department_id)) {
    throw fieldError(field, 'out_of_scope', 'You may give customers only to people in your department');
  }
  return u;
}

async function checkReferences(trx: Trx, actor: Actor, input: { departmentId?: string | null; regionId?: string | null; licenceFileId?: string | null }) {
  if (input.departmentId) {
    const d = await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst();
    if (!d) throw fieldError('departmentId', 'not_found', 'No such department');
  }
  if (input.regionId) {
    const r = await trx.selectFrom('regions').select('id').where('id', '=', input.regionId).executeTakeFirst();
    if (!r) throw fieldError('regionId', 'not_found', 'No such region');
  }
  if (input.licenceFileId) {
    const f = await trx.selectFrom('files').select(['id', 'created_by']).where('id', '=', input.licenceFileId).executeTakeFirst();
    if (!f || !(await canReadFile(trx, actor, f))) throw fieldError('licenceFileId', 'not_found', 'No such file');
  }
}

// ---------------------------------------------------------------------------
// Duplicates

/** Turns candidates into matches with their reasons; a match the actor may not see keeps only its code, owner and why. */
async function toMatches(db: AnyDb, actor: Actor, candidates: DuplicateCandidate[], probe: { nameKey?: string; codes: string[] }): Promise<DuplicateMatch[]> {
  const scope = await recordScope(db, actor);
  return candidates.map((c) => {
    const why: DuplicateMatch['why'] = [];
    if (c.credit_code && probe.codes.includes(c.credit_code)) why.push('credit_code');
    if (c.taxpayer_id && probe.codes.includes(c.taxpayer_id)) why.push('taxpayer_id');
    if (probe.nameKey && c.name_key === probe.nameKey) why.push('same_name');
    else if (probe.nameKey && c.similarity >= 0.5) why.push('similar_name');
    const visible = isVisible(scope, c);
    return {
      id: visible ? c.id : null,
      code: c.code,
      name: visible ? c.name : null,
      ownerId: c.owner_id,
      ownerName: c.owner_name,
      why,
      similarity: Math.round(c.similarity * 100) / 100,
      isVisible: visible,
    };
  });
}

/**
 * Possible duplicates of a company: same credit code or taxpayer id (either way
 * round), the same folded name (suffixes like 有限公司 / Co., Ltd., full-width
 * characters and spaces ignored), or a similar one. The importer calls this too.
 */
export async function findDuplicates(db: AnyDb, actor: Actor, input: { name?: string | null; creditCode?: string | null; taxpayerId?: string | null; excludeIds?: string[] }): Promise<DuplicateMatch[]> {
  const nameKey = input.name ? companyNameKey(input.name) : undefined;
  const codes = [input.creditCode, input.taxpayerId].filter((v): v is string => !!v?.trim()).map((v) => v.trim().toUpperCase());
  const candidates = await findDuplicateCandidates(db, { nameKey, creditCode: codes[0] ?? null, taxpayerId: codes[1] ?? null, excludeIds: input.excludeIds });
  return toMatches(db, actor, candidates, { nameKey, codes });
}

/** The check the web calls while a customer is typed in. */
export async function checkDuplicates(db: Db, actor: Actor, q: DuplicatesQuery): Promise<{ items: DuplicateMatch[]; creditCodeCheck: 'ok' | 'format' | 'checksum' | null }> {
  requirePermission(actor, 'customers:read');
  const items = await findDuplicates(db, actor, { name: q.name, creditCode: q.creditCode, taxpayerId: q.taxpayerId, excludeIds: q.excludeId ? [q.excludeId] : undefined });
  const check = q.creditCode ? checkCreditCode(q.creditCode) : null;
  return { items, creditCodeCheck: check ? (check.ok ? 'ok' : check.reason) : null };
}

// ---------------------------------------------------------------------------
// Licence reminders

/** Keeps the licence-expiry reminder in step with the customer: its owner is reminded 30 days before and on the day, their manager when it lapses. */
async function syncLicenceReminder(trx: Trx, c: { id: string; code: string; name: string; owner_id: string | null; licence_expires_on: string | null; is_archived: boolean; merged_into_id: string | null }) {
  const active = c.licence_expires_on && c.owner_id && !c.is_archived && !c.merged_into_id;
  if (!active) {
    await closeReminders(trx, LICENCE_REMINDER, c.id, 'cancelled');
    return;
  }
  // Someone else's reminder (a former owner's) stops.
  await trx
    .updateTable('reminders')
    .set({ status: 'cancelled', closed_at: new Date() })
    .where('entity_type', '=', LICENCE_REMINDER)
    .where('entity_id', '=', c.id)
    .where('user_id', '!=', c.owner_id!)
    .where('status', '=', 'active')
    .execute();
  await upsertReminder(trx, {
    entityType: LICENCE_REMINDER,
    entityId: c.id,
    userId: c.owner_id!,
    title: `${c.code} ${c.name}`,
    link: customerLink(c.id),
    dueOn: c.licence_expires_on!,
    remindDaysBefore: LICENCE_REMIND_DAYS,
    remindOnDue: true,
    escalateAfterDays: 0,
  });
}

// ---------------------------------------------------------------------------
// Use cases

async function reload(db: AnyDb, actor: Actor, id: string): Promise<CustomerDto> {
  return toCustomerDto((await findCustomerRow(db, id))!, actor);
}

/**
 * A rep (or the back office, for someone in their department) files a customer. The
 * code is numbered, the name folded for duplicate checks; a failing credit code and
 * possible duplicates come back as warnings (see createCustomerBody for `duplicates`).
 */
export async function createCustomer(db: Db, actor: Actor, input: CreateCustomerInput): Promise<CustomerWriteResult> {
  requirePermission(actor, 'customers:write');
  return db.transaction().execute(async (trx) => {
    const owner = await checkOwner(trx, actor, input.ownerId ?? actor.userId, 'ownerId');
    await checkReferences(trx, actor, input);
    const values = columnValues(input);
    const { valid, warnings } = creditCodeWarnings(values.credit_code as string | null);
    const duplicates = await findDuplicates(trx, actor, { name: input.name, creditCode: values.credit_code as string | null, taxpayerId: values.taxpayer_id as string | null });
    if (duplicates.length && input.duplicates === 'refuse') {
      throw new AppError('duplicate', 'This customer may already exist', { detail: { matches: duplicates } });
    }
    const code = await nextCustomerCode(trx);
    const row = await trx
      .insertInto('customers')
      .values({
        ...(values as object),
        code,
        name: input.name,
        name_key: companyNameKey(input.name),
        credit_code_valid: valid,
        owner_id: owner.id,
        department_id: input.departmentId === undefined || input.departmentId === null ? owner.department_id : input.departmentId,
        created_by: actor.userId,
      } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.licenceFileId) await linkFile(trx, actor, input.licenceFileId, CUSTOMER, row.id);
    await syncLicenceReminder(trx, row);
    await addCustomerEvent(trx, { customerId: row.id, kind: 'customer.created', title: `${code} ${input.name}`, actorId: actor.userId, entity: { type: CUSTOMER, id: row.id } });
    await recordAudit(trx, actor, { action: 'customer.create', entityType: CUSTOMER, entityId: row.id, after: { code, ...input, duplicates: duplicates.map((d) => d.code) } });
    return { ...(await reload(trx, actor, row.id)), warnings, duplicates };
  });
}

export async function getCustomer(db: Db, actor: Actor, id: string): Promise<CustomerDto> {
  return toCustomerDto(await loadReadableCustomer(db, actor, id), actor);
}

function listQuery(db: AnyDb, f: CustomerFilters, scope: RecordScope) {
  return applyCustomerFilters(selectCustomers(db), f, scope);
}

function sortValue(r: CustomerRow, sort: ListCustomersQuery['sort']) {
  if (sort === 'name') return r.name;
  if (sort === 'code') return r.code;
  return sort === 'createdAt' ? r.created_key : r.updated_key;
}

/** The customers the actor may see, filtered and sorted, a page at a time. */
export async function listCustomers(db: Db, actor: Actor, q: ListCustomersQuery): Promise<Page<CustomerDto>> {
  requirePermission(actor, 'customers:read');
  const scope = await recordScope(db, actor);
  const direction = q.direction ?? (q.sort === 'name' || q.sort === 'code' ? 'asc' : 'desc');
  const page = await keysetPage(listQuery(db, q, scope), { sortRef: SORT_COLUMNS[q.sort], idRef: 'c.id', direction, page: q, sortValueOf: (r) => sortValue(r, q.sort), idOf: (r) => r.id });
  return { items: page.items.map((r) => toCustomerDto(r, actor)), nextCursor: page.nextCursor };
}

const CUSTOMER_COLUMNS: ExportColumn<CustomerDto>[] = [
  { key: 'code', en: 'Code', zh: '客户编号', value: (c) => c.code, width: 12 },
  { key: 'name', en: 'Name', zh: '客户名称', value: (c) => c.name, width: 32 },
  { key: 'shortName', en: 'Short name', zh: '简称', value: (c) => c.shortName },
  { key: 'creditCode', en: 'Credit code', zh: '统一社会信用代码', value: (c) => c.creditCode, width: 22 },
  { key: 'owner', en: 'Owner', zh: '负责业务员', value: (c) => c.ownerName },
  { key: 'department', en: 'Department', zh: '部门', value: (c) => c.departmentName },
  { key: 'region', en: 'Region', zh: '区域', value: (c) => c.regionName },
  { key: 'industry', en: 'Industry', zh: '行业', value: (c) => c.industry },
  { key: 'source', en: 'Source', zh: '来源', value: (c) => c.source },
  { key: 'level', en: 'Level', zh: '等级', value: (c) => c.level, width: 8 },
  { key: 'status', en: 'Status', zh: '状态', value: (c, l) => labels.status(c.status, l), width: 10 },
  { key: 'isKey', en: 'Key customer', zh: '重点客户', value: (c, l) => labels.yesNo(c.isKey, l), width: 10 },
  { key: 'tags', en: 'Tags', zh: '标签', value: (c) => c.tags.join('; ') },
  { key: 'phone', en: 'Phone', zh: '电话', value: (c) => c.phone },
  { key: 'website', en: 'Website', zh: '网站', value: (c) => c.website },
  { key: 'licenceExpiresOn', en: 'Licence expires', zh: '执照到期日', value: (c) => c.licenceExpiresOn, width: 12 },
  { key: 'invoiceTitle', en: 'Invoice title', zh: '发票抬头', value: (c) => c.invoiceTitle, width: 28 },
  { key: 'taxpayerId', en: 'Taxpayer ID', zh: '纳税人识别号', value: (c) => c.taxpayerId, width: 22 },
  { key: 'billingAddress', en: 'Billing address', zh: '开票地址', value: (c) => c.billingAddress, width: 28 },
  { key: 'billingPhone', en: 'Billing phone', zh: '开票电话', value: (c) => c.billingPhone },
  { key: 'bankName', en: 'Bank', zh: '开户银行', value: (c) => c.bankName, width: 24 },
  { key: 'bankAccount', en: 'Bank account', zh: '银行账号', value: (c) => c.bankAccount, width: 24 },
  { key: 'archived', en: 'Archived', zh: '已归档', value: (c, l) => labels.yesNo(c.isArchived, l), width: 8 },
  { key: 'createdAt', en: 'Created', zh: '创建时间', value: (c) => c.createdAt.slice(0, 10), width: 12 },
  { key: 'updatedAt', en: 'Updated', zh: '更新时间', value: (c) => c.updatedAt.slice(0, 10), width: 12 },
];

/** The same filtered list as a CSV or XLSX file, headers in the caller's language. */
export async function exportCustomers(db: Db, actor: Actor, q: ExportCustomersQuery): Promise<ExportFile> {
  requirePermission(actor, 'customers:read');
  const scope = await recordScope(db, actor);
  const direction = q.direction ?? (q.sort === 'name' || q.sort === 'code' ? 'asc' : 'desc');
  const rows = await listQuery(db, q, scope).orderBy(sql.ref(SORT_COLUMNS[q.sort]), direction).orderBy('c.id', direction).limit(EXPORT_MAX_ROWS).execute();
  return buildExport({
    format: q.format,
    baseName: 'customers',
    sheetName: actor.locale === 'zh-CN' ? '客户' : 'Customers',
    columns: CUSTOMER_COLUMNS,
    rows: rows.map((r) => toCustomerDto(r, actor)),
    locale: actor.locale,
    day: await businessToday(db),
  });
}

const EVENT_FIELDS: Field[] = ['name', 'shortName', 'creditCode', 'level', 'status', 'isKey', 'industry', 'regionId', 'licenceExpiresOn'];

/** Changes a customer at the version read; warnings as on create. The owner changes only through a hand-over. */
export async function updateCustomer(db: Db, actor: Actor, id: string, input: UpdateCustomerInput): Promise<CustomerWriteResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockCustomerForChange(trx, actor, id, input.version);
    if (locked.is_archived) throw new AppError('conflict', 'An archived customer cannot be changed; restore it first');
    await checkReferences(trx, actor, input);
    const { version: _v, ...fields } = input;
    const values = columnValues(fields);
    if (fields.name !== undefined) values.name_key = companyNameKey(fields.name);
    let warnings: CustomerWriteResult['warnings'] = [];
    if (fields.creditCode !== undefined) {
      const r = creditCodeWarnings(values.credit_code as string | null);
      values.credit_code_valid = r.valid;
      warnings = r.warnings;
    }
    // Only what really changes counts (and is audited).
    const before = locked as unknown as Record<string, unknown>;
    const changed = Object.keys(values).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(values[k] ?? null));
    let duplicates: DuplicateMatch[] = [];
    if (fields.name !== undefined || fields.creditCode !== undefined || fields.taxpayerId !== undefined) {
      duplicates = await findDuplicates(trx, actor, {
        name: (values.name as string) ?? locked.name,
        creditCode: values.credit_code !== undefined ? (values.credit_code as string | null) : locked.credit_code,
        taxpayerId: values.taxpayer_id !== undefined ? (values.taxpayer_id as string | null) : locked.taxpayer_id,
        excludeIds: [id],
      });
    }
    const updated = await trx
      .updateTable('customers')
      .set({ ...(values as object), version: locked.version + 1, updated_at: new Date() } as never)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (fields.licenceFileId && fields.licenceFileId !== locked.licence_file_id) await linkFile(trx, actor, fields.licenceFileId, CUSTOMER, id);
    if (changed.includes('licence_expires_on')) await syncLicenceReminder(trx, updated);
    const title = `${updated.code} ${updated.name}`;
    if (changed.includes('status')) {
      await addCustomerEvent(trx, { customerId: id, kind: 'customer.status_changed', title, actorId: actor.userId, data: { from: locked.status, to: updated.status } });
    }
    const shown = EVENT_FIELDS.filter((f) => f !== 'status' && changed.includes(COLUMNS[f]));
    if (changed.length && (shown.length || !changed.includes('status'))) {
      await addCustomerEvent(trx, { customerId: id, kind: 'customer.updated', title, actorId: actor.userId, data: { fields: changed } });
    }
    await recordAudit(trx, actor, {
      action: 'customer.update',
      entityType: CUSTOMER,
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, values[k] ?? null])),
    });
    return { ...(await reload(trx, actor, id)), warnings, duplicates };
  });
}

/** Archives a customer (nothing is deleted): it leaves the lists, its licence reminders stop; restore brings it back. */
export async function setCustomerArchived(db: Db, actor: Actor, id: string, version: number, archived: boolean): Promise<CustomerDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockCustomerForChange(trx, actor, id, version);
    if (locked.is_archived === archived) throw new AppError('conflict', archived ? 'The customer is already archived' : 'The customer is not archived');
    const updated = await trx.updateTable('customers').set({ is_archived: archived, version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await syncLicenceReminder(trx, updated);
    await addCustomerEvent(trx, { customerId: id, kind: archived ? 'customer.archived' : 'customer.restored', title: `${locked.code} ${locked.name}`, actorId: actor.userId });
    await recordAudit(trx, actor, { action: archived ? 'customer.archive' : 'customer.restore', entityType: CUSTOMER, entityId: id, before: { isArchived: !archived }, after: { isArchived: archived } });
    return reload(trx, actor, id);
  });
}

/** What billing information an invoice of the given type still lacks for this customer (used by invoicing). */
export async function getBillingCompleteness(db: Db, actor: Actor, id: string, type: InvoiceType): Promise<BillingCompleteness> {
  return billingCompletenessOf(billingOf(await loadReadableCustomer(db, actor, id)), type);
}

/**
 * Hands a customer to another rep (back office): the new owner's department files
 * it, their licence reminder replaces the old owner's, optionally the open
 * negotiations the old owner led move too; the old rep no longer sees it.
 */
export async function handoverCustomer(db: Db, actor: Actor, id: string, input: HandoverInput): Promise<CustomerDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockCustomerForChange(trx, actor, id, input.version, 'customers:handover');
    if (locked.owner_id === input.ownerId) throw fieldError('ownerId', 'unchanged', 'The customer already belongs to this person');
    const to = await checkOwner(trx, actor, input.ownerId, 'ownerId');
    const from = locked.owner_id ? await trx.selectFrom('users').select(['id', 'display_name']).where('id', '=', locked.owner_id).executeTakeFirst() : undefined;
    const updated = await trx
      .updateTable('customers')
      .set({ owner_id: to.id, department_id: to.department_id ?? locked.department_id, version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    let negotiationsMoved = 0;
    if (input.moveOpenNegotiations) {
      let q = trx.updateTable('negotiations').set({ owner_id: to.id, department_id: to.department_id, updated_at: new Date() }).where('customer_id', '=', id).where('outcome', '=', 'open');
      q = locked.owner_id ? q.where('owner_id', '=', locked.owner_id) : q.where('owner_id', 'is', null);
      negotiationsMoved = Number((await q.executeTakeFirst()).numUpdatedRows);
    }
    await syncLicenceReminder(trx, updated);
    const data = { fromId: from?.id ?? null, fromName: from?.display_name ?? null, toId: to.id, toName: to.display_name, note: input.note ?? null, negotiationsMoved };
    await addCustomerEvent(trx, { customerId: id, kind: 'customer.handover', title: `${locked.code} ${locked.name}`, actorId: actor.userId, data });
    await recordAudit(trx, actor, { action: 'customer.handover', entityType: CUSTOMER, entityId: id, before: { ownerId: locked.owner_id, departmentId: locked.department_id }, after: { ownerId: to.id, departmentId: updated.department_id, negotiationsMoved, note: input.note ?? null } });
    return reload(trx, actor, id);
  });
}

/** Columns a survivor takes from the merged customer when its own are empty. */
const FILLABLE = [
  'short_name',
  'credit_code',
  'credit_code_valid',
  'licence_reg_no',
  'licence_issued_on',
  'legal_representative',
  'registered_capital',
  'registered_capital_currency',
  'licence_address',
  'business_scope',
  'licence_expires_on',
  'licence_file_id',
  'invoice_title',
  'taxpayer_id',
  'billing_address',
  'billing_phone',
  'bank_name',
  'bank_account',
  'region_id',
  'industry',
  'source',
  'level',
  'website',
  'phone',
  'notes',
] as const;

/**
 * Merges a duplicate into the survivor (back office), in one transaction: every
 * record of the merged customer moves (contacts, addresses, orders and their lines,
 * returns, contracts, negotiations, timeline, files, tasks, reminders), empty
 * fields of the survivor are filled from it, tags are joined; the merged customer is
 * kept, archived, pointing at the survivor. Both timelines and the audit log say so.
 */
export async function mergeCustomers(db: Db, actor: Actor, survivorId: string, input: MergeInput): Promise<{ survivor: CustomerDto; mergedId: string; moved: Record<string, number> }> {
  if (survivorId === input.mergeId) throw fieldError('mergeId', 'same_customer', 'A customer cannot be merged into itself');
  requirePermission(actor, 'customers:merge');
  return db.transaction().execute(async (trx) => {
    // Lock in id order, so that two merges of the same pair cannot deadlock.
    const [first, second] = [survivorId, input.mergeId].sort();
    const lockedFirst = await lockCustomerForChange(trx, actor, first, first === survivorId ? input.version : input.mergeVersion, 'customers:merge');
    const lockedSecond = await lockCustomerForChange(trx, actor, second, second === survivorId ? input.version : input.mergeVersion, 'customers:merge');
    const survivor = first === survivorId ? lockedFirst : lockedSecond;
    const merged = first === survivorId ? lockedSecond : lockedFirst;
    const moved = await moveCustomerRecords(trx, merged.id, survivor.id);
    const fill: Record<string, unknown> = {};
    const s = survivor as unknown as Record<string, unknown>;
    const m = merged as unknown as Record<string, unknown>;
    for (const col of FILLABLE) {
      const empty = s[col] === null || s[col] === undefined || s[col] === '';
      const has = m[col] !== null && m[col] !== undefined && m[col] !== '';
      if (col === 'credit_code_valid') continue;
      if (empty && has) {
        fill[col] = m[col];
        if (col === 'credit_code') fill.credit_code_valid = merged.credit_code_valid;
      }
    }
    const tags = [...new Set([...(survivor.tags ?? []), ...(merged.tags ?? [])])];
    if (tags.length !== (survivor.tags ?? []).length) fill.tags = tags;
    if (merged.is_key && !survivor.is_key) fill.is_key = true;
    const updated = await trx
      .updateTable('customers')
      .set({ ...(fill as object), version: survivor.version + 1, updated_at: new Date() } as never)
      .where('id', '=', survivor.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const gone = await trx
      .updateTable('customers')
      .set({ merged_into_id: survivor.id, is_archived: true, version: merged.version + 1, updated_at: new Date() })
      .where('id', '=', merged.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (fill.licence_file_id) await trx.insertInto('file_links').values({ file_id: fill.licence_file_id as string, entity_type: CUSTOMER, entity_id: survivor.id, created_by: actor.userId }).onConflict((oc) => oc.doNothing()).execute();
    await syncLicenceReminder(trx, gone);
    await syncLicenceReminder(trx, updated);
    await addCustomerEvent(trx, {
      customerId: survivor.id,
      kind: 'customer.merged',
      title: `${survivor.code} ${survivor.name}`,
      actorId: actor.userId,
      entity: { type: CUSTOMER, id: merged.id },
      data: { mergedId: merged.id, mergedCode: merged.code, mergedName: merged.name, moved, filled: Object.keys(fill) },
    });
    await addCustomerEvent(trx, {
      customerId: merged.id,
      kind: 'customer.merged_into',
      title: `${merged.code} ${merged.name}`,
      actorId: actor.userId,
      entity: { type: CUSTOMER, id: survivor.id },
      data: { survivorId: survivor.id, survivorCode: survivor.code, survivorName: survivor.name },
    });
    await recordAudit(trx, actor, { action: 'customer.merge', entityType: CUSTOMER, entityId: survivor.id, before: Object.fromEntries(Object.keys(fill).map((k) => [k, s[k] ?? null])), after: { ...fill, mergedId: merged.id, mergedCode: merged.code, moved } });
    await recordAudit(trx, actor, { action: 'customer.merged_into', entityType: CUSTOMER, entityId: merged.id, before: merged, after: { mergedIntoId: survivor.id, isArchived: true } });
    return { survivor: await reload(trx, actor, survivor.id), mergedId: merged.id, moved };
  });
}

/** A customer's timeline, newest first (404 for a customer the caller may not see). */
export async function getCustomerTimeline(db: Db, actor: Actor, id: string, q: { limit: number; cursor?: string; kinds?: string }): Promise<Page<CustomerEventDto>> {
  await loadReadableCustomer(db, actor, id);
  return listCustomerTimeline(db, actor, id, { limit: q.limit, cursor: q.cursor, kinds: q.kinds?.split(',').map((k) => k.trim()).filter(Boolean) });
}

/**
 * Customer 360: the profile, contacts, addresses, the counts and latest of its
 * orders, returns, contracts and negotiations, its files, the tasks about it the
 * caller may see, and the first page of its timeline.
 */
export async function getCustomerOverview(db: Db, actor: Actor, id: string): Promise<CustomerOverview> {
  const row = await loadReadableCustomer(db, actor, id);
  const recentLimit = 5;
  const [orderStats] = await db
    .selectFrom('sales_orders')
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(net_total) filter (where status <> 'cancelled'), 0)::bigint`.as('net')])
    .where('customer_id', '=', id)
    .execute();
  const orders = await db.selectFrom('sales_orders').select(['id', 'number', 'order_date', 'status', 'gross_total', 'currency']).where('customer_id', '=', id).orderBy('order_date', 'desc').orderBy('number', 'desc').limit(recentLimit).execute();
  const [returnCount] = await db.selectFrom('sales_returns').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', id).execute();
  const returns = await db.selectFrom('sales_returns').select(['id', 'number', 'return_date', 'status', 'reason', 'gross_total', 'currency']).where('customer_id', '=', id).orderBy('return_date', 'desc').orderBy('number', 'desc').limit(recentLimit).execute();
  const [contractCount] = await db.selectFrom('contracts').select(sql<number>`count(*)::int`.as('n')).where('customer_id', '=', id).execute();
  const contracts = await db.selectFrom('contracts').select(['id', 'number', 'title', 'value', 'currency', 'status', 'signed_on', 'ends_on']).where('customer_id', '=', id).orderBy('created_at', 'desc').limit(recentLimit).execute();
  const [negotiationStats] = await db
    .selectFrom('negotiations')
    .select([sql<number>`count(*)::int`.as('n'), sql<number>`(count(*) filter (where outcome = 'open'))::int`.as('open')])
    .where('customer_id', '=', id)
    .execute();
  const negotiations = await db
    .selectFrom('negotiations')
    .select(['id', 'number', 'subject', 'stage', 'outcome', 'expected_value', 'currency', 'next_step', 'next_step_on'])
    .where('customer_id', '=', id)
    .orderBy(sql`outcome = 'open'`, 'desc')
    .orderBy('updated_at', 'desc')
    .limit(recentLimit)
    .execute();
  const files = await listEntityFiles(db, actor, CUSTOMER, id);
  const tasks = await listTasks(db, actor, { view: 'all', relatedType: CUSTOMER, relatedId: id, limit: 10 });
  const timeline = await listCustomerTimeline(db, actor, id, { limit: 20 });
  return {
    profile: toCustomerDto(row, actor),
    contacts: await listContacts(db, actor, id, 'false'),
    addresses: await listAddresses(db, actor, id, 'false'),
    orders: {
      count: Number(orderStats.n),
      netTotal: Number(orderStats.net),
      recent: orders.map((o) => ({ id: o.id, number: o.number, orderDate: o.order_date, status: o.status, grossTotal: Number(o.gross_total), currency: o.currency })),
    },
    returns: {
      count: Number(returnCount.n),
      recent: returns.map((r) => ({ id: r.id, number: r.number, returnDate: r.return_date, status: r.status, reason: r.reason, grossTotal: Number(r.gross_total), currency: r.currency })),
    },
    contracts: {
      count: Number(contractCount.n),
      recent: contracts.map((c) => ({ id: c.id, number: c.number, title: c.title, value: Number(c.value), currency: c.currency, status: c.status, signedOn: c.signed_on, endsOn: c.ends_on })),
    },
    negotiations: {
      count: Number(negotiationStats.n),
      open: Number(negotiationStats.open),
      recent: negotiations.map((n) => ({
        id: n.id,
        number: n.number,
        subject: n.subject,
        stage: n.stage,
        outcome: n.outcome,
        expectedValue: n.expected_value === null ? null : Number(n.expected_value),
        currency: n.currency,
        nextStep: n.next_step,
        nextStepOn: n.next_step_on,
      })),
    },
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, createdAt: f.createdAt, canPreview: f.canPreview })),
    tasks: tasks.items.map((t) => ({ id: t.id, number: t.number, title: t.title, status: t.status, dueOn: t.dueOn, isOverdue: t.isOverdue })),
    timeline,
  };
}

// ---------------------------------------------------------------------------
// Registration with the shared services

/** Files and tasks attach to customers; the licence section on the workbench; customer search. */
export function registerCustomers(): void {
  registerEntity(CUSTOMER, {
    canRead: (db, actor, id) => canSeeCustomer(db, actor, id),
    async canAttach(db, actor, id) {
      if (!can(actor, 'customers:write')) return false;
      const row = await findCustomerRow(db, id);
      return !!row && !row.merged_into_id && isVisible(await recordScope(db, actor), row);
    },
    async label(db, id) {
      const row = await db.selectFrom('customers').select(['code', 'name']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.code} ${row.name}` : undefined;
    },
    link: customerLink,
  });
  registerWorkbenchSection({
    key: 'licences_expiring',
    order: 40,
    async load(db, actor) {
      if (!can(actor, 'customers:write')) return null;
      const today = await businessToday(db);
      const horizon = new Date(`${today}T00:00:00Z`);
      horizon.setUTCDate(horizon.getUTCDate() + LICENCE_REMIND_DAYS);
      const until = horizon.toISOString().slice(0, 10);
      const scope = await recordScope(db, actor);
      const rows = await selectCustomers(db)
        .where('c.merged_into_id', 'is', null)
        .where('c.is_archived', '=', false)
        .where('c.licence_expires_on', '<=', until)
        .where(customerScopeWhere(scope, 'c'))
        .orderBy('c.licence_expires_on')
        .orderBy('c.code')
        .limit(50)
        .execute();
      return {
        count: rows.length,
        link: `/customers?licenceExpiresBefore=${until}`,
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.code} ${r.name}`,
          subtitle: r.owner_name,
          link: customerLink(r.id),
          date: r.licence_expires_on,
          severity: r.licence_expires_on! < today ? ('danger' as const) : ('warning' as const),
        })),
      };
    },
  });
  registerSearchProvider({
    kind: 'customer',
    async search(db, actor, q, limit) {
      if (!can(actor, 'customers:read')) return [];
      const like = likePattern(q);
      const scope = await recordScope(db, actor);
      const rows = await selectCustomers(db)
        .where('c.merged_into_id', 'is', null)
        .where(customerScopeWhere(scope, 'c'))
        .where((eb) => eb.or([eb('c.code', 'ilike', like), eb('c.name', 'ilike', like), eb('c.short_name', 'ilike', like), eb('c.credit_code', 'ilike', like)]))
        .orderBy('c.is_archived')
        .orderBy('c.name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ kind: 'customer', id: r.id, title: `${r.code} ${r.name}`, subtitle: r.owner_name, link: customerLink(r.id) }));
    },
  });
  registerSearchProvider({
    kind: 'contact',
    async search(db, actor, q, limit) {
      if (!can(actor, 'customers:read')) return [];
      const like = likePattern(q);
      const scope = await recordScope(db, actor);
      const rows = await db
        .selectFrom('contacts as k')
        .innerJoin('customers as c', 'c.id', 'k.customer_id')
        .select(['k.id', 'k.name', 'k.title', 'k.mobile', 'c.id as customer_id', 'c.name as customer_name'])
        .where('c.merged_into_id', 'is', null)
        .where('k.is_archived', '=', false)
        .where(customerScopeWhere(scope, 'c'))
        .where((eb) => eb.or([eb('k.name', 'ilike', like), eb('k.mobile', 'ilike', like), eb('k.email', 'ilike', like)]))
        .orderBy('k.name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ kind: 'contact', id: r.id, title: r.title ? `${r.name} (${r.title})` : r.name, subtitle: r.customer_name, link: `${customerLink(r.customer_id)}?contact=${r.id}` }));
    },
  });
}
