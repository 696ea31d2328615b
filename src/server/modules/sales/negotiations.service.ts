import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
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
import { filteredNegotiations, findNegotiation, lockNegotiation, negotiationMeetings, negotiationParticipants, replaceParticipants, selectNegotiations, type NegotiationRow } from './contracts.repo';
import { insertDraftContract } from './contracts.service';
import { assertVisible, assertWritable, notEditable, visibleCustomer } from './sales.access';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { findActiveUser, findActiveUsers, findContactsOf, findCustomer, type Trx } from './sales.repo';
import type { ContractDto, CreateNegotiationInput, ListNegotiationsQuery, NegotiationDto, UpdateNegotiationInput } from './sales.schema';

type Db = Kysely<Database>;
export const NEGOTIATION = 'negotiation';
export const negotiationLink = (id: string) => `/sales/negotiations/${id}`;

function toDto(r: NegotiationRow, extra?: { participants: Awaited<ReturnType<typeof negotiationParticipants>>; meetings: Awaited<ReturnType<typeof negotiationMeetings>> }): NegotiationDto {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    customerName: r.customer_name,
    subject: r.subject,
    expectedValue: r.expected_value,
    currency: r.currency,
    stage: r.stage,
    outcome: r.outcome,
    nextStep: r.next_step,
    nextStepOn: r.next_step_on,
    lostReason: r.lost_reason,
    ownerId: r.owner_id,
    ownerName: r.owner_name ?? null,
    departmentId: r.department_id,
    contractId: r.contract_id ?? null,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    ...(extra && {
      participants: extra.participants,
      meetings: extra.meetings.map((m) => ({ id: m.id, heldOn: m.held_on, notes: m.notes, authorId: m.author_id, authorName: m.author_name ?? null, createdAt: new Date(m.created_at).toISOString() })),
    }),
  };
}

async function detail(db: Db | Trx, id: string): Promise<NegotiationDto> {
  const row = await selectNegotiations(db).where('n.id', '=', id).executeTakeFirstOrThrow();
  return toDto(row, { participants: await negotiationParticipants(db, id), meetings: await negotiationMeetings(db, id) });
}

async function checkParticipants(trx: Trx, customerId: string, p: { userIds?: string[]; contactIds?: string[] } | undefined) {
  const userIds = [...new Set(p?.userIds ?? [])];
  const contactIds = [...new Set(p?.contactIds ?? [])];
  const users = await findActiveUsers(trx, userIds);
  const missingUser = userIds.find((u) => !users.some((x) => x.id === u));
  if (missingUser) throw fieldError('participants.userIds', 'not_found', `No such active user: ${missingUser}`);
  const contacts = await findContactsOf(trx, customerId, contactIds);
  const missingContact = contactIds.find((c) => !contacts.some((x) => x.id === c));
  if (missingContact) throw fieldError('participants.contactIds', 'not_found', `No such contact of this customer: ${missingContact}`);
  return { userIds, contactIds };
}

/** The owner is reminded of the next step on its date. */
async function remindNextStep(trx: Trx, n: { id: string; number: string; subject: string; owner_id: string | null; next_step: string | null; next_step_on: string | null; outcome: string }) {
  if (n.outcome !== 'open' || !n.next_step_on || !n.owner_id) {
    await closeReminders(trx, NEGOTIATION, n.id, n.outcome === 'open' ? 'cancelled' : 'done');
    return;
  }
  await upsertReminder(trx, {
    entityType: NEGOTIATION,
    entityId: n.id,
    userId: n.owner_id,
    title: `${n.number} ${n.next_step ?? n.subject}`,
    link: negotiationLink(n.id),
    dueOn: n.next_step_on,
    remindDaysBefore: 0,
    remindOnDue: true,
    escalateAfterDays: null,
  });
}

/** A negotiation for a major deal with a visible customer; NG-<year>-nnnnn; its next step is reminded. */
export async function createNegotiation(db: Db, actor: Actor, input: CreateNegotiationInput): Promise<NegotiationDto> {
  requirePermission(actor, 'sales:write');
  return db.transaction().execute(async (trx) => {
    const customer = await visibleCustomer(trx, actor, input.customerId);
    if (input.ownerId && !(await findActiveUser(trx, input.ownerId))) throw fieldError('ownerId', 'not_found', 'No such active user');
    const parts = await checkParticipants(trx, customer.id, input.participants);
    const ownerId = input.ownerId ?? customer.owner_id ?? actor.userId;
    const owner = await findActiveUser(trx, ownerId);
    const year = Number((await businessToday(trx)).slice(0, 4));
    const number = await nextNumber(trx, NEGOTIATION, year, 'NG', 5);
    const row = await trx
      .insertInto('negotiations')
      .values({
        number,
        customer_id: customer.id,
        subject: input.subject,
        expected_value: input.expectedValue ?? null,
        currency: input.currency ?? (await getCompanySettings(trx)).currency,
        stage: input.stage ?? 'qualifying',
        next_step: input.nextStep ?? null,
        next_step_on: input.nextStepOn ?? null,
        owner_id: ownerId,
        department_id: customer.department_id ?? owner?.department_id ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceParticipants(trx, row.id, parts.userIds, parts.contactIds);
    await remindNextStep(trx, row);
    const dto = await detail(trx, row.id);
    await recordAudit(trx, actor, { action: 'negotiation.create', entityType: NEGOTIATION, entityId: row.id, after: dto });
    return dto;
  });
}

export async function getNegotiation(db: Db, actor: Actor, id: string): Promise<NegotiationDto> {
  await assertVisible(db, actor, NEGOTIATION, await findNegotiation(db, id), id);
  return detail(db, id);
}

export async function listNegotiations(db: Db, actor: Actor, q: ListNegotiationsQuery): Promise<Page<NegotiationDto>> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const page = await keysetPage(filteredNegotiations(db, scope, q), { sortRef: 'n.created_at', idRef: 'n.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map((r) => toDto(r)), nextCursor: page.nextCursor };
}

const negotiationColumns: ExportColumn<NegotiationRow>[] = [
  { key: 'number', en: 'Number', zh: '编号', value: (r) => r.number },
  { key: 'subject', en: 'Subject', zh: '主题', value: (r) => r.subject, width: 36 },
  { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customer_name, width: 36 },
  { key: 'stage', en: 'Stage', zh: '阶段', value: (r) => r.stage },
  { key: 'outcome', en: 'Outcome', zh: '结果', value: (r) => r.outcome },
  { key: 'currency', en: 'Currency', zh: '币种', value: (r) => r.currency },
  { key: 'expectedValue', en: 'Expected value', zh: '预计金额', value: (r) => (r.expected_value === null ? null : formatMinor(r.expected_value)), kind: 'money' },
  { key: 'nextStep', en: 'Next step', zh: '下一步', value: (r) => r.next_step ?? '' },
  { key: 'nextStepOn', en: 'Next step on', zh: '下一步日期', value: (r) => r.next_step_on, kind: 'date' },
  { key: 'owner', en: 'Owner', zh: '负责人', value: (r) => r.owner_name ?? '' },
  { key: 'lostReason', en: 'Lost reason', zh: '失败原因', value: (r) => r.lost_reason ?? '' },
];

export async function exportNegotiations(db: Db, actor: Actor, f: Omit<ListNegotiationsQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const rows = await filteredNegotiations(db, scope, f).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(EXPORT_LIMIT).execute();
  return buildExport(rows, negotiationColumns, { format: f.format, locale: actor.locale, name: 'negotiations', sheet: { en: 'Negotiations', zh: '商务谈判' } });
}

/** An open negotiation changed at the version read; a new stage goes on the timeline, a new next step moves the reminder. */
export async function updateNegotiation(db: Db, actor: Actor, id: string, input: UpdateNegotiationInput): Promise<NegotiationDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockNegotiation(trx, id);
    await assertWritable(trx, actor, NEGOTIATION, locked, id);
    const n = locked!;
    if (n.version !== input.version) throw versionConflict(NEGOTIATION);
    if (n.outcome !== 'open') throw notEditable('negotiation', n.outcome, 'outcome');
    if (input.ownerId && !(await findActiveUser(trx, input.ownerId))) throw fieldError('ownerId', 'not_found', 'No such active user');
    const parts = input.participants ? await checkParticipants(trx, n.customer_id, input.participants) : undefined;
    const before = await detail(trx, id);
    const row = await trx
      .updateTable('negotiations')
      .set({
        ...(input.subject !== undefined && { subject: input.subject }),
        ...(input.expectedValue !== undefined && { expected_value: input.expectedValue }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.stage !== undefined && { stage: input.stage }),
        ...(input.nextStep !== undefined && { next_step: input.nextStep }),
        ...(input.nextStepOn !== undefined && { next_step_on: input.nextStepOn }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        version: n.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (parts) await replaceParticipants(trx, id, parts.userIds, parts.contactIds);
    if (row.owner_id !== n.owner_id) await closeReminders(trx, NEGOTIATION, id, 'cancelled');
    await remindNextStep(trx, row);
    if (input.stage && input.stage !== n.stage) {
      await addCustomerEvent(trx, { customerId: n.customer_id, kind: 'negotiation.stage', title: row.subject, entity: { type: NEGOTIATION, id }, actorId: actor.userId, data: { number: n.number, from: n.stage, to: input.stage } });
    }
    const after = await detail(trx, id);
    await recordAudit(trx, actor, { action: 'negotiation.update', entityType: NEGOTIATION, entityId: id, before, after });
    return after;
  });
}

/** Meeting notes (date, notes, the author) on a negotiation; on the customer's timeline. */
export async function addMeeting(db: Db, actor: Actor, id: string, input: { heldOn: string; notes: string }): Promise<NegotiationDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockNegotiation(trx, id);
    await assertWritable(trx, actor, NEGOTIATION, locked, id);
    const n = locked!;
    const m = await trx.insertInto('negotiation_meetings').values({ negotiation_id: id, held_on: input.heldOn, notes: input.notes, author_id: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await addCustomerEvent(trx, { customerId: n.customer_id, kind: 'negotiation.meeting', title: n.subject, entity: { type: NEGOTIATION, id }, actorId: actor.userId, data: { number: n.number, heldOn: input.heldOn, meetingId: m.id } });
    await recordAudit(trx, actor, { action: 'negotiation.meeting', entityType: NEGOTIATION, entityId: id, after: { meetingId: m.id, ...input } });
    return detail(trx, id);
  });
}

/** Won or lost (a loss needs its reason); the next-step reminder stops; on the timeline. */
export async function setOutcome(db: Db, actor: Actor, id: string, input: { outcome: 'won' | 'lost'; lostReason?: string; version: number }): Promise<NegotiationDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockNegotiation(trx, id);
    await assertWritable(trx, actor, NEGOTIATION, locked, id);
    const n = locked!;
    if (n.version !== input.version) throw versionConflict(NEGOTIATION);
    if (n.outcome !== 'open') throw new AppError('conflict', `The negotiation is already ${n.outcome}`, { fields: [{ field: 'outcome', code: 'invalid_transition', message: `${n.outcome} → ${input.outcome} is not allowed` }] });
    if (input.outcome === 'lost' && !input.lostReason?.trim()) throw fieldError('lostReason', 'required', 'Say why the deal was lost');
    const row = await trx
      .updateTable('negotiations')
      .set({ outcome: input.outcome, lost_reason: input.outcome === 'lost' ? input.lostReason! : null, closed_at: new Date(), version: n.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await remindNextStep(trx, row);
    await addCustomerEvent(trx, {
      customerId: n.customer_id,
      kind: `negotiation.${input.outcome}`,
      title: n.subject,
      entity: { type: NEGOTIATION, id },
      actorId: actor.userId,
      data: { number: n.number, expectedValue: n.expected_value, currency: n.currency, ...(input.outcome === 'lost' && { reason: input.lostReason }) },
    });
    await recordAudit(trx, actor, { action: `negotiation.${input.outcome}`, entityType: NEGOTIATION, entityId: id, before: { outcome: 'open' }, after: { outcome: input.outcome, lostReason: input.lostReason ?? null } });
    return detail(trx, id);
  });
}

/** A won negotiation leads to a contract: a draft prefilled from it (customer, subject, value, owner) and linked to it. Once. */
export async function contractFromNegotiation(db: Db, actor: Actor, id: string, version: number): Promise<ContractDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockNegotiation(trx, id);
    await assertWritable(trx, actor, NEGOTIATION, locked, id);
    const n = locked!;
    if (n.version !== version) throw versionConflict(NEGOTIATION);
    if (n.outcome !== 'won') throw new AppError('conflict', 'Only a won negotiation leads to a contract', { fields: [{ field: 'outcome', code: 'not_won', message: `The negotiation is ${n.outcome}` }] });
    const existing = await trx.selectFrom('contracts').select('number').where('negotiation_id', '=', id).executeTakeFirst();
    if (existing) throw new AppError('conflict', `Contract ${existing.number} was already made from this negotiation`, { fields: [{ field: 'negotiationId', code: 'exists', message: existing.number }] });
    const customer = await findCustomer(trx, n.customer_id);
    await trx.updateTable('negotiations').set({ version: n.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    const contract = await insertDraftContract(trx, actor, {
      customerId: n.customer_id,
      title: n.subject,
      value: n.expected_value ?? 0,
      currency: n.currency,
      ownerId: n.owner_id,
      departmentId: n.department_id ?? customer?.department_id ?? null,
      negotiationId: id,
      notes: `${n.number}`,
    });
    await recordAudit(trx, actor, { action: 'negotiation.contract', entityType: NEGOTIATION, entityId: id, after: { contractId: contract.id, number: contract.number } });
    return contract;
  });
}

