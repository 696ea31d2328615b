import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { fieldError, versionConflict } from '../../http/app-error';
import type { Actor, AuditActor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { formatMinor } from '../../platform/money/money';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { closeReminders, upsertReminder } from '../../platform/reminders/reminders.service';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { addCustomerEvent } from '../customers/customers.timeline';
import { contractOrders, filteredContracts, findContract, lockContract, selectContracts, type ContractRow } from './contracts.repo';
import { assertVisible, assertWritable, badTransition, notEditable, visibleCustomer } from './sales.access';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { findActiveUser, type Trx } from './sales.repo';
import type { ContractDto, CreateContractInput, ListContractsQuery, UpdateContractInput } from './sales.schema';

type Db = Kysely<Database>;
export const CONTRACT = 'contract';
export const contractLink = (id: string) => `/sales/contracts/${id}`;
/** The owner is reminded this many days before a contract ends, and their manager once it has run out. */
export const CONTRACT_REMIND_DAYS = 30;
/** An expired contract's reminder stays open this long (time for the escalation), then closes. */
const EXPIRED_REMINDER_DAYS = 14;

function toDto(r: ContractRow, orders?: Awaited<ReturnType<typeof contractOrders>>): ContractDto {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    title: r.title,
    value: r.value,
    currency: r.currency,
    signedOn: r.signed_on,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    signedBy: r.signed_by,
    signedByName: r.signed_by_name ?? null,
    customerSignatory: r.customer_signatory,
    ownerId: r.owner_id,
    ownerName: r.owner_name ?? null,
    departmentId: r.department_id,
    negotiationId: r.negotiation_id,
    notes: r.notes,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(orders && { orders: orders.map((o) => ({ id: o.id, number: o.number, orderDate: o.order_date, status: o.status, grossTotal: o.gross_total, currency: o.currency })) }),
  };
}

export async function contractDetail(db: Db | Trx, id: string): Promise<ContractDto> {
  return toDto(await selectContracts(db).where('k.id', '=', id).executeTakeFirstOrThrow(), await contractOrders(db, id));
}

function checkDates(v: { startsOn?: string | null; endsOn?: string | null }) {
  if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) throw fieldError('endsOn', 'before_start', 'The end date is before the start date');
}

async function checkRefs(trx: Trx, customerId: string, input: { ownerId?: string; signedBy?: string | null; negotiationId?: string | null }) {
  if (input.ownerId && !(await findActiveUser(trx, input.ownerId))) throw fieldError('ownerId', 'not_found', 'No such active user');
  if (input.signedBy && !(await findActiveUser(trx, input.signedBy))) throw fieldError('signedBy', 'not_found', 'No such active user');
  if (input.negotiationId) {
    const n = await trx.selectFrom('negotiations').select(['customer_id']).where('id', '=', input.negotiationId).executeTakeFirst();
    if (!n || n.customer_id !== customerId) throw fieldError('negotiationId', 'not_found', 'No such negotiation with this customer');
  }
}

/** The owner hears of the end 30 days before; their manager once it is overdue. */
async function remindEnd(trx: Trx, c: { id: string; number: string; title: string; owner_id: string | null; ends_on: string | null; status: string }) {
  if (c.status !== 'active' || !c.ends_on || !c.owner_id) {
    await closeReminders(trx, CONTRACT, c.id, 'cancelled');
    return;
  }
  await upsertReminder(trx, {
    entityType: CONTRACT,
    entityId: c.id,
    userId: c.owner_id,
    title: `${c.number} ${c.title}`,
    link: contractLink(c.id),
    dueOn: c.ends_on,
    remindDaysBefore: CONTRACT_REMIND_DAYS,
    remindOnDue: true,
    escalateAfterDays: 0,
  });
}

/** Inserts a draft contract (numbered CT-<year>-nnnnn) for a customer already checked; used by create and by a won negotiation. */
export async function insertDraftContract(
  trx: Trx,
  actor: Actor,
  v: { customerId: string; title: string; value: number; currency: string; ownerId: string | null; departmentId: string | null; signedOn?: string | null; startsOn?: string | null; endsOn?: string | null; signedBy?: string | null; customerSignatory?: string | null; negotiationId?: string | null; notes?: string },
): Promise<ContractDto> {
  const year = Number((v.signedOn ?? (await businessToday(trx))).slice(0, 4));
  const number = await nextNumber(trx, CONTRACT, year, 'CT', 5);
  const row = await trx
    .insertInto('contracts')
    .values({
      number,
      customer_id: v.customerId,
      title: v.title,
      value: v.value,
      currency: v.currency,
      signed_on: v.signedOn ?? null,
      starts_on: v.startsOn ?? null,
      ends_on: v.endsOn ?? null,
      signed_by: v.signedBy ?? null,
      customer_signatory: v.customerSignatory ?? null,
      owner_id: v.ownerId,
      department_id: v.departmentId,
      negotiation_id: v.negotiationId ?? null,
      notes: v.notes ?? '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dto = await contractDetail(trx, row.id);
  await recordAudit(trx, actor, { action: 'contract.create', entityType: CONTRACT, entityId: row.id, after: dto });
  return dto;
}

/** A draft contract with a visible customer; owner and department default from the customer. */
export async function createContract(db: Db, actor: Actor, input: CreateContractInput): Promise<ContractDto> {
  requirePermission(actor, 'sales:write');
  return db.transaction().execute(async (trx) => {
    const customer = await visibleCustomer(trx, actor, input.customerId);
    await checkRefs(trx, customer.id, input);
    checkDates(input);
    const ownerId = input.ownerId ?? customer.owner_id ?? actor.userId;
    const owner = await findActiveUser(trx, ownerId);
    return insertDraftContract(trx, actor, {
      ...input,
      customerId: customer.id,
      currency: input.currency ?? (await getCompanySettings(trx)).currency,
      ownerId,
      departmentId: customer.department_id ?? owner?.department_id ?? null,
    });
  });
}

export async function getContract(db: Db, actor: Actor, id: string): Promise<ContractDto> {
  await assertVisible(db, actor, CONTRACT, await findContract(db, id), id);
  return contractDetail(db, id);
}

export async function listContracts(db: Db, actor: Actor, q: ListContractsQuery): Promise<Page<ContractDto>> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const page = await keysetPage(filteredContracts(db, scope, q), { sortRef: 'k.created_at', idRef: 'k.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map((r) => toDto(r)), nextCursor: page.nextCursor };
}

const contractColumns: ExportColumn<ContractRow>[] = [
  { key: 'number', en: 'Number', zh: '合同编号', value: (r) => r.number },
  { key: 'title', en: 'Title', zh: '合同名称', value: (r) => r.title, width: 36 },
  { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customer_name, width: 36 },
  { key: 'status', en: 'Status', zh: '状态', value: (r) => r.status },
  { key: 'currency', en: 'Currency', zh: '币种', value: (r) => r.currency },
  { key: 'value', en: 'Value', zh: '合同金额', value: (r) => formatMinor(r.value), kind: 'money' },
  { key: 'signedOn', en: 'Signed on', zh: '签订日期', value: (r) => r.signed_on, kind: 'date' },
  { key: 'startsOn', en: 'Starts on', zh: '开始日期', value: (r) => r.starts_on, kind: 'date' },
  { key: 'endsOn', en: 'Ends on', zh: '结束日期', value: (r) => r.ends_on, kind: 'date' },
  { key: 'signedBy', en: 'Signed by', zh: '我方签订人', value: (r) => r.signed_by_name ?? '' },
  { key: 'customerSignatory', en: "Customer's signatory", zh: '客户签订人', value: (r) => r.customer_signatory ?? '' },
  { key: 'owner', en: 'Owner', zh: '负责人', value: (r) => r.owner_name ?? '' },
];

export async function exportContracts(db: Db, actor: Actor, f: Omit<ListContractsQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const rows = await filteredContracts(db, scope, f).orderBy('k.created_at', 'desc').orderBy('k.id', 'desc').limit(EXPORT_LIMIT).execute();
  return buildExport(rows, contractColumns, { format: f.format, locale: actor.locale, name: 'contracts', sheet: { en: 'Contracts', zh: '合同' } });
}

/** A draft or active contract changed at the version read; a moved end date moves the reminder. */
export async function updateContract(db: Db, actor: Actor, id: string, input: UpdateContractInput): Promise<ContractDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockContract(trx, id);
    await assertWritable(trx, actor, CONTRACT, locked, id);
    const k = locked!;
    if (k.version !== input.version) throw versionConflict(CONTRACT);
    if (k.status !== 'draft' && k.status !== 'active') throw notEditable('contract', k.status);
    await checkRefs(trx, k.customer_id, input);
    checkDates({ startsOn: input.startsOn !== undefined ? input.startsOn : k.starts_on, endsOn: input.endsOn !== undefined ? input.endsOn : k.ends_on });
    if (k.status === 'active' && input.signedOn === null) throw fieldError('signedOn', 'required', 'An active contract keeps its signing date');
    const before = await contractDetail(trx, id);
    const row = await trx
      .updateTable('contracts')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.value !== undefined && { value: input.value }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.signedOn !== undefined && { signed_on: input.signedOn }),
        ...(input.startsOn !== undefined && { starts_on: input.startsOn }),
        ...(input.endsOn !== undefined && { ends_on: input.endsOn }),
        ...(input.signedBy !== undefined && { signed_by: input.signedBy }),
        ...(input.customerSignatory !== undefined && { customer_signatory: input.customerSignatory }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.negotiationId !== undefined && { negotiation_id: input.negotiationId }),
        ...(input.notes !== undefined && { notes: input.notes }),
        version: k.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.owner_id !== k.owner_id) await closeReminders(trx, CONTRACT, id, 'cancelled');
    await remindEnd(trx, row);
    const after = await contractDetail(trx, id);
    await recordAudit(trx, actor, { action: 'contract.update', entityType: CONTRACT, entityId: id, before, after });
    return after;
  });
}

const CONTRACT_MOVES: Record<string, string[]> = { draft: ['active'], active: ['terminated'] };

/** draft → active (signed: needs the signing date), active → terminated; expiry is the daily job's. */
export async function transitionContract(db: Db, actor: Actor, id: string, to: 'active' | 'terminated', version: number): Promise<ContractDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockContract(trx, id);
    await assertWritable(trx, actor, CONTRACT, locked, id);
    const k = locked!;
    if (k.version !== version) throw versionConflict(CONTRACT);
    if (!CONTRACT_MOVES[k.status]?.includes(to)) throw badTransition('contract', k.status, to);
    if (to === 'active' && !k.signed_on) throw fieldError('signedOn', 'required', 'Enter the signing date before the contract becomes active');
    const row = await trx.updateTable('contracts').set({ status: to, version: k.version + 1, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await remindEnd(trx, row);
    await addCustomerEvent(trx, {
      customerId: k.customer_id,
      kind: to === 'active' ? 'contract.signed' : 'contract.terminated',
      title: k.number,
      entity: { type: CONTRACT, id },
      actorId: actor.userId,
      data: { number: k.number, title: k.title, value: k.value, currency: k.currency, signedOn: k.signed_on, endsOn: k.ends_on },
    });
    await recordAudit(trx, actor, { action: `contract.${to === 'active' ? 'activate' : 'terminate'}`, entityType: CONTRACT, entityId: id, before: { status: k.status }, after: { status: to } });
    return contractDetail(trx, id);
  });
}

/**
 * The daily job: active contracts whose end date has passed become expired (audited,
 * on the timeline). Their reminder stays open a while, so the overdue escalation to
 * the owner's manager goes out, then closes.
 */
export async function expireContracts(db: Db, system: AuditActor = { label: 'contracts.expiry' }, today?: string): Promise<number> {
  const day = today ?? (await businessToday(db));
  const due = await db.selectFrom('contracts').select('id').where('status', '=', 'active').where('ends_on', '<', day).execute();
  let n = 0;
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const k = await lockContract(trx, id);
      if (!k || k.status !== 'active' || !k.ends_on || k.ends_on >= day) return;
      await trx.updateTable('contracts').set({ status: 'expired', version: k.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
      await addCustomerEvent(trx, { customerId: k.customer_id, kind: 'contract.expired', title: k.number, entity: { type: CONTRACT, id }, data: { number: k.number, title: k.title, endsOn: k.ends_on } });
      await recordAudit(trx, system, { action: 'contract.expire', entityType: CONTRACT, entityId: id, before: { status: 'active' }, after: { status: 'expired' } });
      n++;
    });
  }
  const cutoff = new Date(`${day}T00:00:00Z`);
  cutoff.setUTCDate(cutoff.getUTCDate() - EXPIRED_REMINDER_DAYS);
  const stale = await db.selectFrom('contracts').select('id').where('status', 'in', ['expired', 'terminated']).where('ends_on', '<', cutoff.toISOString().slice(0, 10)).execute();
  if (stale.length) {
    await db
      .updateTable('reminders')
      .set({ status: 'done', closed_at: new Date() })
      .where('entity_type', '=', CONTRACT)
      .where('entity_id', 'in', stale.map((s) => s.id))
      .where('status', '=', 'active')
      .execute();
  }
  return n;
}
