import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, notFound } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/audit.service';
import { notify } from '../notifications/notifications.service';
import { getCompanySettings } from '../settings/settings.service';
import { type FlowStep, flowStepSchema, type StepKey } from './approvals.schema';
import { businessDateOverride } from './business-date';
import { type ApprovalOutcome, getApprovalDocType } from './doc-types';

type Trx = Transaction<Database>;

export interface ResolvedStep {
  name: string;
  /** A default flow's step: its name reads in the reader's language (stepLabel). */
  key?: StepKey;
  mode: 'any' | 'all';
  approverIds: string[];
}

/** Today's date in the business time zone: delegation periods are calendar days there. */
export async function businessToday(trx: Trx | import('kysely').Kysely<Database>): Promise<string> {
  const replayed = businessDateOverride();
  if (replayed) return replayed;
  const { timeZone } = await getCompanySettings(trx);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export async function flowFor(trx: Trx, docType: string): Promise<FlowStep[]> {
  const row = await trx.selectFrom('approval_flows').select('steps').where('doc_type', '=', docType).executeTakeFirst();
  if (row) return (row.steps as unknown[]).map((s) => flowStepSchema.parse(s));
  const def = getApprovalDocType(docType);
  if (!def) throw new AppError('bad_request', `Unknown document type ${docType}`);
  return def.defaultFlow;
}

async function activeUsersWithRole(trx: Trx, role: string, departmentIds: string[]): Promise<string[]> {
  let q = trx.selectFrom('users as u').innerJoin('user_roles as r', 'r.user_id', 'u.id').select('u.id').where('r.role', '=', role).where('u.is_active', '=', true);
  if (departmentIds.length) q = q.where('u.department_id', 'in', departmentIds);
  return (await q.orderBy('u.display_name').execute()).map((r) => r.id);
}

/** The submitter's department and every department above it, nearest first. */
async function departmentChain(trx: Trx, departmentId: string | null): Promise<string[]> {
  if (!departmentId) return [];
  const r = await sql<{ id: string }>`
    with recursive up as (
      select id, parent_id, 0 as depth from departments where id = ${departmentId}
      union all
      select d.id, d.parent_id, up.depth + 1 from departments d join up on d.id = up.parent_id where up.depth < 20
    ) select id from up order by depth`.execute(trx);
  return r.rows.map((x) => x.id);
}

/**
 * Turns a flow into concrete approvers for one submitter. A role is looked for in
 * the submitter's department, then upward, then anywhere; a missing manager falls
 * back to the admins. Nobody approves their own document. Steps whose amount
 * condition does not hold, or that end up with nobody, are left out.
 */
export async function resolveFlow(trx: Trx, flow: FlowStep[], submitterId: string, amount: number | null): Promise<ResolvedStep[]> {
  const submitter = await trx.selectFrom('users').select(['id', 'manager_id', 'department_id']).where('id', '=', submitterId).executeTakeFirstOrThrow();
  const chain = await departmentChain(trx, submitter.department_id);
  const steps: ResolvedStep[] = [];
  for (const step of flow) {
    if (step.minAmount != null && !(amount != null && amount > step.minAmount)) continue;
    const ids: string[] = [];
    for (const a of step.approvers) {
      if (a.kind === 'user') {
        const u = await trx.selectFrom('users').select('id').where('id', '=', a.userId).where('is_active', '=', true).executeTakeFirst();
        if (u) ids.push(u.id);
      } else if (a.kind === 'manager') {
        let managerId = submitter.manager_id;
        if (a.level === 2 && managerId) {
          const m = await trx.selectFrom('users').select('manager_id').where('id', '=', managerId).executeTakeFirst();
          managerId = m?.manager_id ?? null;
        }
        const active = managerId ? await trx.selectFrom('users').select('id').where('id', '=', managerId).where('is_active', '=', true).executeTakeFirst() : undefined;
        if (active) ids.push(active.id);
        else ids.push(...(await activeUsersWithRole(trx, 'admin', [])));
      } else {
        let found: string[] = [];
        for (const dep of chain) {
          found = (await activeUsersWithRole(trx, a.role, [dep])).filter((id) => id !== submitterId);
          if (found.length) break;
        }
        if (!found.length) found = await activeUsersWithRole(trx, a.role, []);
        ids.push(...found);
      }
    }
    const approverIds = [...new Set(ids)].filter((id) => id !== submitterId);
    if (approverIds.length) steps.push({ name: step.name, ...(step.key ? { key: step.key } : {}), mode: step.mode, approverIds });
  }
  return steps;
}

async function event(trx: Trx, requestId: string, action: string, actorId: string | null, opts: { stepIndex?: number | null; comment?: string | null; onBehalfOf?: string | null } = {}) {
  await trx
    .insertInto('approval_events')
    .values({ request_id: requestId, action, actor_id: actorId, step_index: opts.stepIndex ?? null, comment: opts.comment ?? null, on_behalf_of: opts.onBehalfOf ?? null })
    .execute();
}

interface RequestRow {
  id: string;
  doc_type: string;
  doc_id: string;
  title: string;
  amount: number | null;
  currency: string | null;
  submitter_id: string;
  status: string;
  current_step: number;
  steps: unknown;
}

async function notifyStep(trx: Trx, req: RequestRow, stepIndex: number, submitterName: string) {
  const steps = req.steps as ResolvedStep[];
  const step = steps[stepIndex];
  const today = await businessToday(trx);
  // Delegates of an away approver hear of it too.
  const delegates = await trx
    .selectFrom('approval_delegations')
    .select('delegate_id')
    .where('user_id', 'in', step.approverIds)
    .where('revoked_at', 'is', null)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .execute();
  const def = getApprovalDocType(req.doc_type);
  await notify(trx, {
    recipients: [...step.approverIds, ...delegates.map((d) => d.delegate_id)],
    kind: 'approval.pending',
    params: { title: req.title, docType: req.doc_type, submitter: submitterName, amount: req.amount, currency: req.currency, step: stepIndex + 1 },
    link: def?.link(req.doc_id),
    entity: { type: req.doc_type, id: req.doc_id },
  });
}

export interface SubmitInput {
  docType: string;
  docId: string;
  title: string;
  amount: number | null;
  currency: string | null;
}

/**
 * Starts the approval of a document inside the module's transaction. The flow is
 * resolved to people now and kept with the request, so later changes to the flow
 * or the organisation do not move a request already under way. A flow that
 * resolves to no step approves at once.
 */
export async function submitForApproval(trx: Trx, actor: Actor, input: SubmitInput): Promise<{ requestId: string; status: 'pending' | 'approved' }> {
  const def = getApprovalDocType(input.docType);
  if (!def) throw new AppError('bad_request', `Unknown document type ${input.docType}`);
  const steps = await resolveFlow(trx, await flowFor(trx, input.docType), actor.userId, input.amount);
  const status = steps.length ? 'pending' : 'approved';
  const req = await trx
    .insertInto('approval_requests')
    .values({
      doc_type: input.docType,
      doc_id: input.docId,
      title: input.title,
      amount: input.amount,
      currency: input.currency,
      submitter_id: actor.userId,
      status,
      steps: JSON.stringify(steps),
      decided_at: steps.length ? null : new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((err) => {
      if ((err as { code?: string }).code === '23505') throw new AppError('conflict', 'This document is already waiting for approval');
      throw err;
    });
  for (const [i, step] of steps.entries()) {
    await trx
      .insertInto('approval_tasks')
      .values(step.approverIds.map((approverId) => ({ request_id: req.id, step_index: i, approver_id: approverId, status: i === 0 ? ('pending' as const) : ('waiting' as const) })))
      .execute();
  }
  await event(trx, req.id, 'submit', actor.userId);
  await recordAudit(trx, actor, { action: 'approval.submit', entityType: input.docType, entityId: input.docId, after: { requestId: req.id, steps } });
  if (steps.length) {
    await notifyStep(trx, req, 0, actor.displayName);
  } else {
    await event(trx, req.id, 'auto_approve', null);
    await def.onOutcome(trx, input.docId, 'approved', actor);
  }
  return { requestId: req.id, status };
}

export type ApprovalAction = 'approve' | 'reject' | 'return';

/** The approvers the actor may act for today: themselves, plus whoever delegated to them. */
export async function actingFor(trx: Trx | import('kysely').Kysely<Database>, actorId: string): Promise<string[]> {
  const today = await businessToday(trx);
  const rows = await trx
    .selectFrom('approval_delegations')
    .select('user_id')
    .where('delegate_id', '=', actorId)
    .where('revoked_at', 'is', null)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .execute();
  return [actorId, ...rows.map((r) => r.user_id)];
}

async function finish(trx: Trx, actor: Actor, req: RequestRow, outcome: ApprovalOutcome, comment: string | null) {
  await trx.updateTable('approval_requests').set((eb) => ({ status: outcome, decided_at: new Date(), version: eb('version', '+', 1) })).where('id', '=', req.id).execute();
  await trx.updateTable('approval_tasks').set({ status: 'skipped' }).where('request_id', '=', req.id).where('status', 'in', ['pending', 'waiting']).execute();
  const def = getApprovalDocType(req.doc_type);
  await def?.onOutcome(trx, req.doc_id, outcome, actor);
  if (outcome !== 'withdrawn') {
    await notify(trx, {
      recipients: [req.submitter_id],
      kind: `approval.${outcome}` as 'approval.approved',
      params: { title: req.title, docType: req.doc_type, actor: actor.displayName, comment },
      link: def?.link(req.doc_id),
      entity: { type: req.doc_type, id: req.doc_id },
    });
  }
}

/**
 * One approver's decision. The request row is locked, so two approvers acting at
 * the same moment are serialised: the second finds the step already decided and
 * gets a conflict, never a second outcome.
 */
export async function act(trx: Trx, actor: Actor, requestId: string, action: ApprovalAction, opts: { comment?: string; onBehalfOf?: string } = {}): Promise<void> {
  const req = await trx.selectFrom('approval_requests').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
  if (!req) throw notFound('approval_request', requestId);
  if (req.status !== 'pending') throw new AppError('conflict', `This request is already ${req.status}`);
  const canActFor = await actingFor(trx, actor.userId);
  const pending = await trx
    .selectFrom('approval_tasks')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('step_index', '=', req.current_step)
    .where('status', '=', 'pending')
    .execute();
  const mine = pending.filter((t) => canActFor.includes(t.approver_id) && (!opts.onBehalfOf || t.approver_id === opts.onBehalfOf));
  // Prefer one's own task over a delegated one.
  const task = mine.find((t) => t.approver_id === actor.userId) ?? mine[0];
  if (!task) {
    const wasMine = await trx.selectFrom('approval_tasks').select('id').where('request_id', '=', requestId).where('approver_id', 'in', canActFor).executeTakeFirst();
    if (wasMine) throw new AppError('conflict', 'This step was already decided');
    // The caller may see the request (checked before) but does not decide this step: an action the caller lacks.
    throw new AppError('forbidden', 'You do not decide this step of the approval');
  }
  if ((action === 'reject' || action === 'return') && !opts.comment?.trim()) {
    throw new AppError('validation_failed', 'Say why', { fields: [{ field: 'comment', code: 'required', message: 'A reason is required to reject or return' }] });
  }
  const status = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'returned';
  const onBehalfOf = task.approver_id === actor.userId ? null : task.approver_id;
  await trx.updateTable('approval_tasks').set({ status, acted_by: actor.userId, acted_at: new Date(), comment: opts.comment ?? null }).where('id', '=', task.id).execute();
  await event(trx, req.id, action, actor.userId, { stepIndex: req.current_step, comment: opts.comment, onBehalfOf });
  await recordAudit(trx, actor, { action: `approval.${action}`, entityType: req.doc_type, entityId: req.doc_id, after: { requestId, step: req.current_step, onBehalfOf, comment: opts.comment ?? null } });

  if (action !== 'approve') {
    await finish(trx, actor, req, action === 'reject' ? 'rejected' : 'returned', opts.comment ?? null);
    return;
  }
  const steps = req.steps as ResolvedStep[];
  const step = steps[req.current_step];
  const stillPending = pending.filter((t) => t.id !== task.id);
  const stepDone = step.mode === 'any' || stillPending.length === 0;
  if (!stepDone) {
    await trx.updateTable('approval_requests').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', req.id).execute();
    return;
  }
  if (stillPending.length) {
    await trx.updateTable('approval_tasks').set({ status: 'skipped' }).where('id', 'in', stillPending.map((t) => t.id)).execute();
  }
  const next = req.current_step + 1;
  if (next >= steps.length) {
    await finish(trx, actor, req, 'approved', null);
    return;
  }
  await trx.updateTable('approval_requests').set((eb) => ({ current_step: next, version: eb('version', '+', 1) })).where('id', '=', req.id).execute();
  await trx.updateTable('approval_tasks').set({ status: 'pending' }).where('request_id', '=', req.id).where('step_index', '=', next).execute();
  const submitter = await trx.selectFrom('users').select('display_name').where('id', '=', req.submitter_id).executeTakeFirstOrThrow();
  await notifyStep(trx, { ...req, current_step: next }, next, submitter.display_name);
}

/** The submitter takes a pending request back; the approvers are told it no longer waits for them. */
export async function withdraw(trx: Trx, actor: Actor, requestId: string, comment?: string): Promise<void> {
  const req = await trx.selectFrom('approval_requests').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirst();
  if (!req) throw notFound('approval_request', requestId);
  if (req.submitter_id !== actor.userId) throw new AppError('forbidden', 'Only the submitter may withdraw a request');
  if (req.status !== 'pending') throw new AppError('conflict', `This request is already ${req.status}`);
  const pendingApprovers = await trx.selectFrom('approval_tasks').select('approver_id').where('request_id', '=', requestId).where('status', '=', 'pending').execute();
  await event(trx, req.id, 'withdraw', actor.userId, { stepIndex: req.current_step, comment });
  await recordAudit(trx, actor, { action: 'approval.withdraw', entityType: req.doc_type, entityId: req.doc_id, after: { requestId } });
  await finish(trx, actor, req, 'withdrawn', comment ?? null);
  await notify(trx, {
    recipients: pendingApprovers.map((p) => p.approver_id),
    kind: 'approval.withdrawn',
    params: { title: req.title, docType: req.doc_type, submitter: actor.displayName },
    link: getApprovalDocType(req.doc_type)?.link(req.doc_id),
    entity: { type: req.doc_type, id: req.doc_id },
  });
}

/** A comment in the document's history; the submitter and the current approvers hear of it. */
export async function comment(trx: Trx, actor: Actor, requestId: string, text: string): Promise<void> {
  const req = await trx.selectFrom('approval_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!req) throw notFound('approval_request', requestId);
  await event(trx, req.id, 'comment', actor.userId, { stepIndex: req.status === 'pending' ? req.current_step : null, comment: text });
  const approvers = await trx.selectFrom('approval_tasks').select('approver_id').where('request_id', '=', requestId).where('status', '=', 'pending').execute();
  await notify(trx, {
    recipients: [req.submitter_id, ...approvers.map((a) => a.approver_id)].filter((id) => id !== actor.userId),
    kind: 'approval.commented',
    params: { title: req.title, docType: req.doc_type, actor: actor.displayName, comment: text },
    link: getApprovalDocType(req.doc_type)?.link(req.doc_id),
    entity: { type: req.doc_type, id: req.doc_id },
  });
}
