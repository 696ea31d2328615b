import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { requirePermission } from '../access/guard';
import { recordAudit } from '../audit/audit.service';
import { canReadEntity } from '../files/entity-access';
import { type FlowStep } from './approvals.schema';
import { actingFor, act, comment, flowFor, withdraw, type ApprovalAction, type ResolvedStep } from './approvals.engine';
import { normaliseStepKey, stepLabel } from './approvals.texts';
import { getApprovalDocType, listApprovalDocTypes } from './doc-types';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

async function userNames(db: Db | Trx, ids: (string | null)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Who may look at an approval request: its submitter, its approvers and their delegates, anyone who may read the document, admins. */
async function canSeeRequest(db: Db | Trx, actor: Actor, req: { id: string; submitter_id: string; doc_type: string; doc_id: string }): Promise<boolean> {
  if (actor.roles.includes('admin') || req.submitter_id === actor.userId) return true;
  const forIds = await actingFor(db, actor.userId);
  const task = await db
    .selectFrom('approval_tasks')
    .select('id')
    .where('request_id', '=', req.id)
    .where((eb) => eb.or([eb('approver_id', 'in', forIds), eb('acted_by', '=', actor.userId)]))
    .executeTakeFirst();
  if (task) return true;
  return canReadEntity(db, actor, req.doc_type, req.doc_id);
}

export async function getApprovalRequest(db: Db | Trx, actor: Actor, id: string) {
  const req = await db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!req) throw notFound('approval_request', id);
  if (!(await canSeeRequest(db, actor, req))) throw deniedAsNotFound('approval_request', id);
  const tasks = await db.selectFrom('approval_tasks').selectAll().where('request_id', '=', id).orderBy('step_index').orderBy('id').execute();
  const names = await userNames(db, [req.submitter_id, ...tasks.flatMap((t) => [t.approver_id, t.acted_by])]);
  const forIds = await actingFor(db, actor.userId);
  const def = getApprovalDocType(req.doc_type);
  return {
    id: req.id,
    docType: req.doc_type,
    docId: req.doc_id,
    title: req.title,
    amount: req.amount,
    currency: req.currency,
    submitterId: req.submitter_id,
    submitterName: names.get(req.submitter_id) ?? '',
    status: req.status,
    currentStep: req.current_step,
    steps: (req.steps as ResolvedStep[]).map((s) => ({ ...s, label: stepLabel(s, actor.locale) })),
    createdAt: new Date(req.created_at).toISOString(),
    decidedAt: req.decided_at?.toISOString() ?? null,
    link: def?.link(req.doc_id) ?? null,
    tasks: tasks.map((t) => ({
      id: t.id,
      stepIndex: t.step_index,
      approverId: t.approver_id,
      approverName: names.get(t.approver_id) ?? '',
      status: t.status,
      actedBy: t.acted_by,
      actedByName: t.acted_by ? (names.get(t.acted_by) ?? null) : null,
      actedAt: t.acted_at?.toISOString() ?? null,
      comment: t.comment,
    })),
    canAct: req.status === 'pending' && tasks.some((t) => t.status === 'pending' && t.step_index === req.current_step && forIds.includes(t.approver_id)),
    canWithdraw: req.status === 'pending' && req.submitter_id === actor.userId,
  };
}
export type ApprovalRequestView = Awaited<ReturnType<typeof getApprovalRequest>>;

/** The whole approval history of a document (every submission, step and comment), for anyone who may read it. */
export async function documentHistory(db: Db, actor: Actor, docType: string, docId: string) {
  // The same 404 as a missing document, written to the audit log as a denial.
  if (!actor.roles.includes('admin') && !(await canReadEntity(db, actor, docType, docId))) throw deniedAsNotFound(docType, docId);
  const requests = await db.selectFrom('approval_requests').select('id').where('doc_type', '=', docType).where('doc_id', '=', docId).execute();
  if (!requests.length) return [];
  const events = await db.selectFrom('approval_events').selectAll().where('request_id', 'in', requests.map((r) => r.id)).orderBy('id').execute();
  const names = await userNames(db, events.flatMap((e) => [e.actor_id, e.on_behalf_of]));
  return events.map((e) => ({
    id: e.id,
    requestId: e.request_id,
    at: new Date(e.at).toISOString(),
    actorId: e.actor_id,
    actorName: e.actor_id ? (names.get(e.actor_id) ?? null) : null,
    onBehalfOf: e.on_behalf_of,
    onBehalfOfName: e.on_behalf_of ? (names.get(e.on_behalf_of) ?? null) : null,
    action: e.action,
    stepIndex: e.step_index,
    comment: e.comment,
  }));
}

/** "My approvals": requests waiting for the actor (or for someone they stand in for), oldest first. */
export async function inbox(db: Db, actor: Actor) {
  const forIds = await actingFor(db, actor.userId);
  const rows = await db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as r', 'r.id', 't.request_id')
    .innerJoin('users as s', 's.id', 'r.submitter_id')
    .select(['r.id', 'r.doc_type', 'r.doc_id', 'r.title', 'r.amount', 'r.currency', 'r.created_at', 'r.current_step', 's.display_name as submitter_name', 't.approver_id'])
    .where('t.status', '=', 'pending')
    .where('r.status', '=', 'pending')
    .where('t.approver_id', 'in', forIds)
    .orderBy('r.created_at')
    .execute();
  const seen = new Set<string>();
  const items = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    items.push({
      requestId: r.id,
      docType: r.doc_type,
      docId: r.doc_id,
      title: r.title,
      amount: r.amount,
      currency: r.currency,
      submitterName: r.submitter_name,
      submittedAt: new Date(r.created_at).toISOString(),
      step: r.current_step + 1,
      onBehalfOf: r.approver_id === actor.userId ? null : r.approver_id,
      link: getApprovalDocType(r.doc_type)?.link(r.doc_id) ?? null,
    });
  }
  return items;
}

/** Requests the actor submitted, newest first. */
export async function mySubmissions(db: Db, actor: Actor, limit = 50) {
  const rows = await db.selectFrom('approval_requests').selectAll().where('submitter_id', '=', actor.userId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    requestId: r.id,
    docType: r.doc_type,
    docId: r.doc_id,
    title: r.title,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    submittedAt: new Date(r.created_at).toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    link: getApprovalDocType(r.doc_type)?.link(r.doc_id) ?? null,
  }));
}

export async function actOnRequest(db: Db, actor: Actor, requestId: string, action: ApprovalAction | 'withdraw' | 'comment', opts: { comment?: string; onBehalfOf?: string }) {
  return db.transaction().execute(async (trx) => {
    const req = await trx.selectFrom('approval_requests').select(['id', 'submitter_id', 'doc_type', 'doc_id']).where('id', '=', requestId).executeTakeFirst();
    if (!req) throw notFound('approval_request', requestId);
    if (!(await canSeeRequest(trx, actor, req))) throw deniedAsNotFound('approval_request', requestId);
    if (action === 'withdraw') await withdraw(trx, actor, requestId, opts.comment);
    else if (action === 'comment') {
      // A viewer may read the history but not write in it.
      requirePermission(actor, 'requests:use');
      await comment(trx, actor, requestId, opts.comment ?? '');
    }
    else await act(trx, actor, requestId, action, opts);
    return getApprovalRequest(trx, actor, requestId);
  });
}

/** Flows per document type, for the admin page. */
export async function listFlows(db: Db, actor: Actor) {
  requirePermission(actor, 'approvals:configure');
  return db.transaction().execute(async (trx) => {
    const out = [];
    for (const def of listApprovalDocTypes()) {
      const row = await trx.selectFrom('approval_flows').select(['version', 'updated_at']).where('doc_type', '=', def.type).executeTakeFirst();
      const steps = (await flowFor(trx, def.type)).map((s) => ({ ...s, label: stepLabel(s, actor.locale) }));
      out.push({ docType: def.type, steps, version: row?.version ?? 0, isDefault: !row });
    }
    return out;
  });
}

/** Replaces a type's flow; requests already under way keep the approvers they were given. */
export async function saveFlow(db: Db, actor: Actor, docType: string, input: FlowStep[], version: number | undefined) {
  requirePermission(actor, 'approvals:configure');
  const steps = input.map(normaliseStepKey);
  if (!getApprovalDocType(docType)) throw notFound('approval_doc_type', docType);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('approval_flows').selectAll().where('doc_type', '=', docType).forUpdate().executeTakeFirst();
    if ((current?.version ?? 0) !== (version ?? 0)) throw new AppError('version_conflict', 'The flow was changed by someone else; reload and try again');
    const before = await flowFor(trx, docType);
    if (current) {
      await trx.updateTable('approval_flows').set({ steps: JSON.stringify(steps), version: current.version + 1, updated_by: actor.userId, updated_at: new Date() }).where('doc_type', '=', docType).execute();
    } else {
      // Two admins saving the first flow at once: the second finds the row taken — a version conflict, not a duplicate.
      const inserted = await trx
        .insertInto('approval_flows')
        .values({ doc_type: docType, steps: JSON.stringify(steps), updated_by: actor.userId })
        .onConflict((oc) => oc.column('doc_type').doNothing())
        .returning('doc_type')
        .executeTakeFirst();
      if (!inserted) throw new AppError('version_conflict', 'The flow was changed by someone else; reload and try again');
    }
    await recordAudit(trx, actor, { action: 'approval_flow.update', entityType: 'approval_flow', entityId: docType, before, after: steps });
    return { docType, steps: steps.map((s) => ({ ...s, label: stepLabel(s, actor.locale) })), version: (current?.version ?? 0) + 1, isDefault: false };
  });
}

export async function listDelegations(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('approval_delegations as d')
    .innerJoin('users as u', 'u.id', 'd.delegate_id')
    .innerJoin('users as o', 'o.id', 'd.user_id')
    .select(['d.id', 'd.user_id', 'o.display_name as user_name', 'd.delegate_id', 'u.display_name as delegate_name', 'd.starts_on', 'd.ends_on', 'd.revoked_at'])
    .where((eb) => eb.or([eb('d.user_id', '=', actor.userId), eb('d.delegate_id', '=', actor.userId)]))
    .orderBy('d.starts_on', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    delegateId: r.delegate_id,
    delegateName: r.delegate_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** "While I am away, X decides for me" — between two dates, in the business time zone. */
export async function createDelegation(db: Db, actor: Actor, input: { delegateId: string; startsOn: string; endsOn: string }) {
  if (input.delegateId === actor.userId) throw new AppError('validation_failed', 'You cannot delegate to yourself', { fields: [{ field: 'delegateId', code: 'self', message: 'You cannot delegate to yourself' }] });
  return db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom('users').select('id').where('id', '=', input.delegateId).where('is_active', '=', true).executeTakeFirst();
    if (!d) throw new AppError('validation_failed', 'No such active user', { fields: [{ field: 'delegateId', code: 'not_found', message: 'No such active user' }] });
    const row = await trx.insertInto('approval_delegations').values({ user_id: actor.userId, delegate_id: input.delegateId, starts_on: input.startsOn, ends_on: input.endsOn }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'approval_delegation.create', entityType: 'approval_delegation', entityId: row.id, after: input });
    return row.id;
  });
}

export async function revokeDelegation(db: Db, actor: Actor, id: string) {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('approval_delegations').select(['id', 'user_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('approval_delegation', id);
    if (row.user_id !== actor.userId) throw deniedAsNotFound('approval_delegation', id);
    await trx.updateTable('approval_delegations').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'approval_delegation.revoke', entityType: 'approval_delegation', entityId: id });
  });
}
