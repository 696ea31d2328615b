import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { loadReadableCustomer, lockCustomerForChange } from './customers.access';
import { buildExport, labels, type ExportColumn, type ExportFile } from './customers.export';
import { applyContactFilters, clearDefaultAddress, clearPrimaryContact, selectContacts, type ContactRow } from './customers.repo';
import type {
  AddressDto,
  ContactDto,
  CreateAddressInput,
  CreateContactInput,
  ExportContactsQuery,
  ListContactsQuery,
  UpdateAddressInput,
  UpdateContactInput,
} from './customers.schema';
import { addCustomerEvent } from './customers.timeline';

/**
 * Contacts and addresses of a customer. They follow the customer's record rules:
 * whoever may see the customer sees them, whoever may change it changes them
 * (404 for a customer out of reach, from every door). Neither is ever deleted:
 * they are archived.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const CONTACT = 'contact';
export const CUSTOMER_ADDRESS = 'customer_address';
const EXPORT_MAX_ROWS = 100_000;

function toContactDto(r: ContactRow): ContactDto {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerCode: r.customer_code,
    customerName: r.customer_name,
    name: r.name,
    title: r.title,
    mobile: r.mobile,
    phone: r.phone,
    email: r.email,
    wechat: r.wechat,
    qq: r.qq,
    birthday: r.birthday,
    isPrimary: r.is_primary,
    notes: r.notes,
    isArchived: r.is_archived,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const CONTACT_COLUMNS = { name: 'name', title: 'title', mobile: 'mobile', phone: 'phone', email: 'email', wechat: 'wechat', qq: 'qq', birthday: 'birthday', isPrimary: 'is_primary', notes: 'notes' } as const;

function contactValues(input: Partial<Record<keyof typeof CONTACT_COLUMNS, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(CONTACT_COLUMNS)) {
    let v = input[field as keyof typeof CONTACT_COLUMNS];
    if (v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '' && field !== 'notes') v = null;
    out[column] = v;
  }
  return out;
}

/** The contacts of a customer the actor may see. */
export async function listContacts(db: Db, actor: Actor, customerId: string, archived: 'false' | 'true' | 'all'): Promise<ContactDto[]> {
  await loadReadableCustomer(db, actor, customerId);
  let q = selectContacts(db).where('k.customer_id', '=', customerId);
  if (archived !== 'all') q = q.where('k.is_archived', '=', archived === 'true');
  const rows = await q.orderBy('k.is_primary', 'desc').orderBy('k.name').orderBy('k.id').execute();
  return rows.map(toContactDto);
}

/** Every contact of every customer the actor may see (the contacts list), a page at a time. */
export async function listAllContacts(db: Db, actor: Actor, q: ListContactsQuery): Promise<Page<ContactDto>> {
  requirePermission(actor, 'customers:read');
  const scope = await recordScope(db, actor);
  const page = await keysetPage(applyContactFilters(selectContacts(db), q, scope), { sortRef: 'k.created_at', idRef: 'k.id', direction: 'desc', page: q, sortValueOf: (r) => r.created_key, idOf: (r) => r.id });
  return { items: page.items.map(toContactDto), nextCursor: page.nextCursor };
}

const CONTACT_EXPORT: ExportColumn<ContactDto>[] = [
  { key: 'customerCode', en: 'Customer code', zh: '客户编号', value: (c) => c.customerCode, width: 12 },
  { key: 'customerName', en: 'Customer', zh: '客户名称', value: (c) => c.customerName, width: 32 },
  { key: 'name', en: 'Name', zh: '姓名', value: (c) => c.name },
  { key: 'title', en: 'Title', zh: '职务', value: (c) => c.title },
  { key: 'mobile', en: 'Mobile', zh: '手机', value: (c) => c.mobile },
  { key: 'phone', en: 'Phone', zh: '电话', value: (c) => c.phone },
  { key: 'email', en: 'Email', zh: '邮箱', value: (c) => c.email, width: 24 },
  { key: 'wechat', en: 'WeChat', zh: '微信', value: (c) => c.wechat },
  { key: 'qq', en: 'QQ', zh: 'QQ', value: (c) => c.qq },
  { key: 'birthday', en: 'Birthday', zh: '生日', value: (c) => c.birthday, width: 12 },
  { key: 'isPrimary', en: 'Primary', zh: '主要联系人', value: (c, l) => labels.yesNo(c.isPrimary, l), width: 10 },
  { key: 'notes', en: 'Notes', zh: '备注', value: (c) => c.notes, width: 30 },
];

/** The filtered contacts list as CSV or XLSX, headers in the caller's language. */
export async function exportContacts(db: Db, actor: Actor, q: ExportContactsQuery): Promise<ExportFile> {
  requirePermission(actor, 'customers:read');
  const scope = await recordScope(db, actor);
  const rows = await applyContactFilters(selectContacts(db), q, scope).orderBy('c.code').orderBy('k.name').orderBy('k.id').limit(EXPORT_MAX_ROWS).execute();
  return buildExport({
    format: q.format,
    baseName: 'contacts',
    sheetName: actor.locale === 'zh-CN' ? '联系人' : 'Contacts',
    columns: CONTACT_EXPORT,
    rows: rows.map(toContactDto),
    locale: actor.locale,
    day: await businessToday(db),
  });
}

/** Adds a contact to a customer the actor may change; "contact added" goes on the timeline. */
export async function createContact(db: Db, actor: Actor, customerId: string, input: CreateContactInput): Promise<ContactDto> {
  return db.transaction().execute(async (trx) => {
    const customer = await lockCustomerForChange(trx, actor, customerId, undefined);
    if (customer.is_archived) throw new AppError('conflict', 'An archived customer cannot be changed; restore it first');
    const row = await trx
      .insertInto('contacts')
      .values({ ...(contactValues(input) as object), customer_id: customerId, name: input.name } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.isPrimary) await clearPrimaryContact(trx, customerId, row.id);
    await addCustomerEvent(trx, { customerId, kind: 'contact.added', title: input.title ? `${input.name} (${input.title})` : input.name, actorId: actor.userId, entity: { type: CONTACT, id: row.id } });
    await recordAudit(trx, actor, { action: 'contact.create', entityType: CONTACT, entityId: row.id, after: { customerId, ...input } });
    return toContactDto(await selectContacts(trx).where('k.id', '=', row.id).executeTakeFirstOrThrow());
  });
}

/** Locks a contact and its customer for a change, under the customer's record rules. */
async function lockContact(trx: Trx, actor: Actor, contactId: string) {
  const found = await trx.selectFrom('contacts').select('customer_id').where('id', '=', contactId).executeTakeFirst();
  if (!found) throw notFound(CONTACT, contactId);
  try {
    await lockCustomerForChange(trx, actor, found.customer_id, undefined);
  } catch (err) {
    // The contact is hidden with its customer: the denial names the contact the caller asked for.
    if (err instanceof AppError && err.denied) throw deniedAsNotFound(CONTACT, contactId);
    throw err;
  }
  const row = await trx.selectFrom('contacts').selectAll().where('id', '=', contactId).forUpdate().executeTakeFirstOrThrow();
  return row;
}

/** Changes a contact at the version read. */
export async function updateContact(db: Db, actor: Actor, contactId: string, input: UpdateContactInput): Promise<ContactDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockContact(trx, actor, contactId);
    const customerId = locked.customer_id;
    if (locked.version !== input.version) throw versionConflict(CONTACT);
    if (locked.is_archived) throw new AppError('conflict', 'An archived contact cannot be changed');
    const { version: _v, ...fields } = input;
    const values = contactValues(fields);
    await trx.updateTable('contacts').set({ ...(values as object), version: locked.version + 1, updated_at: new Date() } as never).where('id', '=', contactId).execute();
    if (fields.isPrimary) await clearPrimaryContact(trx, customerId, contactId);
    const before = locked as unknown as Record<string, unknown>;
    await recordAudit(trx, actor, { action: 'contact.update', entityType: CONTACT, entityId: contactId, before: Object.fromEntries(Object.keys(values).map((k) => [k, before[k] ?? null])), after: values });
    return toContactDto(await selectContacts(trx).where('k.id', '=', contactId).executeTakeFirstOrThrow());
  });
}

/** Archives a contact (kept for the history; it leaves the lists). */
export async function archiveContact(db: Db, actor: Actor, contactId: string, version: number): Promise<ContactDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockContact(trx, actor, contactId);
    if (locked.version !== version) throw versionConflict(CONTACT);
    if (locked.is_archived) throw new AppError('conflict', 'The contact is already archived');
    await trx.updateTable('contacts').set({ is_archived: true, is_primary: false, version: locked.version + 1, updated_at: new Date() }).where('id', '=', contactId).execute();
    await recordAudit(trx, actor, { action: 'contact.archive', entityType: CONTACT, entityId: contactId, before: { isArchived: false }, after: { isArchived: true } });
    return toContactDto(await selectContacts(trx).where('k.id', '=', contactId).executeTakeFirstOrThrow());
  });
}

// Addresses

type AddressRow = { id: string; customer_id: string; kind: AddressDto['kind']; address: string; city: string | null; province: string | null; postal_code: string | null; is_default: boolean; is_archived: boolean; version: number; created_at: Date };

function toAddressDto(r: AddressRow): AddressDto {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    address: r.address,
    city: r.city,
    province: r.province,
    postalCode: r.postal_code,
    isDefault: r.is_default,
    isArchived: r.is_archived,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

const ADDRESS_COLUMNS = { kind: 'kind', address: 'address', city: 'city', province: 'province', postalCode: 'postal_code', isDefault: 'is_default' } as const;
function addressValues(input: Partial<Record<keyof typeof ADDRESS_COLUMNS, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(ADDRESS_COLUMNS)) {
    let v = input[field as keyof typeof ADDRESS_COLUMNS];
    if (v === undefined) continue;
    if (typeof v === 'string' && v.trim() === '') v = null;
    out[column] = v;
  }
  return out;
}

export async function listAddresses(db: Db, actor: Actor, customerId: string, archived: 'false' | 'true' | 'all'): Promise<AddressDto[]> {
  await loadReadableCustomer(db, actor, customerId);
  let q = db.selectFrom('customer_addresses').selectAll().where('customer_id', '=', customerId);
  if (archived !== 'all') q = q.where('is_archived', '=', archived === 'true');
  const rows = await q.orderBy('kind').orderBy('is_default', 'desc').orderBy('created_at').orderBy('id').execute();
  return rows.map(toAddressDto);
}

/** Adds an address; one default per kind (a new default replaces the old one). */
export async function createAddress(db: Db, actor: Actor, customerId: string, input: CreateAddressInput): Promise<AddressDto> {
  return db.transaction().execute(async (trx) => {
    const customer = await lockCustomerForChange(trx, actor, customerId, undefined);
    if (customer.is_archived) throw new AppError('conflict', 'An archived customer cannot be changed; restore it first');
    const row = await trx
      .insertInto('customer_addresses')
      .values({ ...(addressValues(input) as object), customer_id: customerId, address: input.address } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.is_default) await clearDefaultAddress(trx, customerId, row.id, row.kind);
    await recordAudit(trx, actor, { action: 'customer_address.create', entityType: CUSTOMER_ADDRESS, entityId: row.id, after: { customerId, ...input } });
    return toAddressDto(row);
  });
}

async function lockAddress(trx: Trx, actor: Actor, addressId: string) {
  const found = await trx.selectFrom('customer_addresses').select('customer_id').where('id', '=', addressId).executeTakeFirst();
  if (!found) throw notFound(CUSTOMER_ADDRESS, addressId);
  try {
    await lockCustomerForChange(trx, actor, found.customer_id, undefined);
  } catch (err) {
    if (err instanceof AppError && err.denied) throw deniedAsNotFound(CUSTOMER_ADDRESS, addressId);
    throw err;
  }
  return trx.selectFrom('customer_addresses').selectAll().where('id', '=', addressId).forUpdate().executeTakeFirstOrThrow();
}

export async function updateAddress(db: Db, actor: Actor, addressId: string, input: UpdateAddressInput): Promise<AddressDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockAddress(trx, actor, addressId);
    const customerId = locked.customer_id;
    if (locked.version !== input.version) throw versionConflict(CUSTOMER_ADDRESS);
    if (locked.is_archived) throw new AppError('conflict', 'An archived address cannot be changed');
    const { version: _v, ...fields } = input;
    const values = addressValues(fields);
    if (values.address === null) throw new AppError('validation_failed', 'The address is required', { fields: [{ field: 'address', code: 'required', message: 'is required' }] });
    const row = await trx
      .updateTable('customer_addresses')
      .set({ ...(values as object), version: locked.version + 1, updated_at: new Date() } as never)
      .where('id', '=', addressId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.is_default) await clearDefaultAddress(trx, customerId, row.id, row.kind);
    const before = locked as unknown as Record<string, unknown>;
    await recordAudit(trx, actor, { action: 'customer_address.update', entityType: CUSTOMER_ADDRESS, entityId: addressId, before: Object.fromEntries(Object.keys(values).map((k) => [k, before[k] ?? null])), after: values });
    return toAddressDto(row);
  });
}

export async function archiveAddress(db: Db, actor: Actor, addressId: string, version: number): Promise<AddressDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockAddress(trx, actor, addressId);
    if (locked.version !== version) throw versionConflict(CUSTOMER_ADDRESS);
    if (locked.is_archived) throw new AppError('conflict', 'The address is already archived');
    const row = await trx
      .updateTable('customer_addresses')
      .set({ is_archived: true, is_default: false, version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', addressId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'customer_address.archive', entityType: CUSTOMER_ADDRESS, entityId: addressId, before: { isArchived: false }, after: { isArchived: true } });
    return toAddressDto(row);
  });
}
