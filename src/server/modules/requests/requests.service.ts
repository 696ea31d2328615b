import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor, AuditActor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { inScope, recordScope } from '../../platform/access/scope';
import { submitForApproval } from '../../platform/approvals/approvals.engine';
import { registerApprovalDocType } from '../../platform/approvals/doc-types';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { linkFile } from '../../platform/files/files.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { dayInZone, getCompanySettings } from '../../platform/settings/settings.service';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import type { GeneralRequestDto } from './requests.schema';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const GENERAL_REQUEST = 'general_request';

function selectRequests(db: Db | Trx) {
  return db
    .selectFrom('general_requests as g')
    .innerJoin('users as u', 'u.id', 'g.submitter_id')
    .selectAll('g')
    .select(['u.display_name as submitter_name'])
    .select((eb) =>
      eb
        .selectFrom('approval_requests as a')
        .select('a.id')
        .whereRef('a.doc_id', '=', eb.cast('g.id', 'text'))
        .where('a.doc_type', '=', GENERAL_REQUEST)
        .orderBy('a.created_at', 'desc')
        .limit(1)
        .as('approval_request_id'),
    );
}
type Row = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

const editable = (status: string) => status === 'draft' || status === 'returned';

function toDto(r: Row, actor: Actor): GeneralRequestDto {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    body: r.body,
    amount: r.amount,
    currency: r.currency,
    submitterId: r.submitter_id,
    submitterName: r.submitter_name,
    departmentId: r.department_id,
    status: r.status,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    submittedAt: r.submitted_at?.toISOString() ?? null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    approvalRequestId: r.approval_request_id ?? null,
    canEdit: r.submitter_id === actor.userId && editable(r.status),
  };
}

/**
 * Who may read a general request: the submitter, people whose scope covers the
 * submitter's department (manager, assistant, finance, viewer; admins all), and
 * anyone who was asked to approve it.
 */
async function canRead(db: Db | Trx, actor: Actor, row: { id: string; submitter_id: string; department_id: string | null }): Promise<boolean> {
  const scope = await recordScope(db, actor);
  if (inScope(scope, row.submitter_id, row.department_id)) return true;
  const task = await db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as a', 'a.id', 't.request_id')
    .select('t.id')
    .where('a.doc_type', '=', GENERAL_REQUEST)
    .where('a.doc_id', '=', row.id)
    .where((eb) => eb.or([eb('t.approver_id', '=', actor.userId), eb('t.acted_by', '=', actor.userId)]))
    .executeTakeFirst();
  return task !== undefined;
}

async function loadReadable(db: Db | Trx, actor: Actor, id: string): Promise<Row> {
  const row = await selectRequests(db).where('g.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(GENERAL_REQUEST, id);
  if (!(await canRead(db, actor, row))) throw deniedAsNotFound(GENERAL_REQUEST, id);
  return row;
}

export async function getGeneralRequest(db: Db, actor: Actor, id: string): Promise<GeneralRequestDto> {
  return toDto(await loadReadable(db, actor, id), actor);
}

/** General requests the actor may see, newest first; `mine` narrows to their own. */
export async function listGeneralRequests(db: Db, actor: Actor, q: { limit: number; cursor?: string; status?: string; mine?: string }): Promise<Page<GeneralRequestDto>> {
  const scope = await recordScope(db, actor);
  let query = selectRequests(db);
  if (q.mine === 'true' || scope.kind === 'own') query = query.where('g.submitter_id', '=', actor.userId);
  else if (scope.kind === 'departments') {
    query = query.where((eb) => eb.or([eb('g.submitter_id', '=', actor.userId), eb('g.department_id', 'in', scope.departmentIds)]));
  }
  if (q.status) query = query.where('g.status', '=', q.status as never);
  const page = await keysetPage(query, { sortRef: 'g.created_at', idRef: 'g.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map((r) => toDto(r, actor)), nextCursor: page.nextCursor };
}

async function submit(trx: Trx, actor: Actor, id: string) {
  const row = await selectRequests(trx).where('g.id', '=', id).executeTakeFirstOrThrow();
  await trx.updateTable('general_requests').set((eb) => ({ status: 'pending', submitted_at: new Date(), updated_at: new Date(), version: eb('version', '+', 1) })).where('id', '=', id).execute();
  await submitForApproval(trx, actor, { docType: GENERAL_REQUEST, docId: id, title: `${row.number} ${row.title}`, amount: row.amount, currency: row.currency });
}

/** Anyone (but a viewer) writes a request; it stays a draft or goes straight to approval. */
export async function createGeneralRequest(
  db: Db,
  actor: Actor,
  input: { title: string; body?: string; amount?: number | null; currency?: string; submit?: boolean; fileIds?: string[] },
): Promise<GeneralRequestDto> {
  requirePermission(actor, 'requests:use');
  return db.transaction().execute(async (trx) => {
    const settings = await getCompanySettings(trx);
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: settings.timeZone, year: 'numeric' }).format(new Date()));
    const number = await nextNumber(trx, GENERAL_REQUEST, year, 'GR', 5);
    const row = await trx
      .insertInto('general_requests')
      .values({
        number,
        title: input.title,
        body: input.body ?? '',
        amount: input.amount ?? null,
        currency: input.currency ?? settings.currency,
        submitter_id: actor.userId,
        department_id: actor.departmentId,
        status: 'draft',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const fileId of input.fileIds ?? []) await linkFile(trx, actor, fileId, GENERAL_REQUEST, row.id);
    await recordAudit(trx, actor, { action: 'general_request.create', entityType: GENERAL_REQUEST, entityId: row.id, after: { number, ...input } });
    if (input.submit) await submit(trx, actor, row.id);
    return toDto(await selectRequests(trx).where('g.id', '=', row.id).executeTakeFirstOrThrow(), actor);
  });
}

/** The submitter edits a draft or a returned request, at the version read. */
export async function updateGeneralRequest(db: Db, actor: Actor, id: string, input: { title?: string; body?: string; amount?: number | null; currency?: string; version: number }): Promise<GeneralRequestDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('general_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound(GENERAL_REQUEST, id);
    if (locked.submitter_id !== actor.userId) {
      if (await canRead(trx, actor, locked)) throw new AppError('forbidden', 'Only the submitter may change a request');
      throw deniedAsNotFound(GENERAL_REQUEST, id);
    }
    if (locked.version !== input.version) throw versionConflict(GENERAL_REQUEST);
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} request cannot be changed`);
    const { version: _v, ...changes } = input;
    await trx
      .updateTable('general_requests')
      .set({ ...changes, version: locked.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, { action: 'general_request.update', entityType: GENERAL_REQUEST, entityId: id, before: locked, after: changes });
    return toDto(await selectRequests(trx).where('g.id', '=', id).executeTakeFirstOrThrow(), actor);
  });
}

/** Sends a draft or returned request into approval. */
export async function submitGeneralRequest(db: Db, actor: Actor, id: string, version: number): Promise<GeneralRequestDto> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('general_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) throw notFound(GENERAL_REQUEST, id);
    if (locked.submitter_id !== actor.userId) {
      if (await canRead(trx, actor, locked)) throw new AppError('forbidden', 'Only the submitter may submit a request');
      throw deniedAsNotFound(GENERAL_REQUEST, id);
    }
    if (locked.version !== version) throw versionConflict(GENERAL_REQUEST);
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} request cannot be submitted again`);
    await submit(trx, actor, id);
    return toDto(await selectRequests(trx).where('g.id', '=', id).executeTakeFirstOrThrow(), actor);
  });
}

/** Wires general requests into the shared services: record access for files/tasks, and the approval document type. */
export function registerGeneralRequests(): void {
  registerEntity(GENERAL_REQUEST, {
    async canRead(db, actor, id) {
      const row = await db.selectFrom('general_requests').select(['id', 'submitter_id', 'department_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canRead(db, actor, row));
    },
    async canAttach(db, actor, id) {
      const row = await db.selectFrom('general_requests').select(['submitter_id', 'status']).where('id', '=', id).executeTakeFirst();
      return !!row && row.submitter_id === actor.userId && editable(row.status);
    },
    async label(db, id) {
      const row = await db.selectFrom('general_requests').select(['number', 'title']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.number} ${row.title}` : undefined;
    },
    link: (id) => `/requests/${id}`,
  });
  registerApprovalDocType({
    type: GENERAL_REQUEST,
    // The everyday flow: the submitter's manager; over 5,000.00 finance too.
    defaultFlow: [
      { name: 'Manager', key: 'manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' },
      { name: 'Finance', key: 'finance', approvers: [{ kind: 'role', role: 'finance' }], mode: 'any', minAmount: 500_000 },
    ],
    async onOutcome(trx, docId, outcome, actor: AuditActor) {
      const status = outcome === 'approved' ? 'approved' : outcome === 'rejected' ? 'rejected' : outcome === 'returned' ? 'returned' : 'withdrawn';
      await trx
        .updateTable('general_requests')
        .set((eb) => ({ status, decided_at: outcome === 'approved' || outcome === 'rejected' ? new Date() : null, updated_at: new Date(), version: eb('version', '+', 1) }))
        .where('id', '=', docId)
        .execute();
      await recordAudit(trx, actor, { action: `general_request.${outcome}`, entityType: GENERAL_REQUEST, entityId: docId, after: { status } });
    },
    link: (id) => `/requests/${id}`,
  });
}

/** The home page's "my requests" section (returned ones first: they need the submitter) and request search. */
export function registerGeneralRequestsWorkbench(): void {
  registerWorkbenchSection({
    key: 'my_requests',
    order: 15,
    async load(db, actor) {
      if (!actor.permissions.has('requests:use')) return null;
      const rows = await selectRequests(db).where('g.submitter_id', '=', actor.userId).where('g.status', 'in', ['draft', 'pending', 'returned']).orderBy('g.updated_at', 'desc').limit(20).execute();
      rows.sort((a, b) => (a.status === 'returned' ? -1 : 0) - (b.status === 'returned' ? -1 : 0));
      const { timeZone } = await getCompanySettings(db);
      return {
        count: rows.filter((r) => r.status !== 'pending').length,
        link: '/requests',
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.number} ${r.title}`,
          meta: { status: r.status },
          link: `/requests/${r.id}`,
          date: dayInZone(r.updated_at, timeZone),
          severity: r.status === 'returned' ? ('warning' as const) : ('info' as const),
        })),
      };
    },
  });
  registerSearchProvider({
    kind: 'general_request',
    async search(db, actor, q, limit) {
      const like = likePattern(q);
      const rows = await selectRequests(db).where((eb) => eb.or([eb('g.number', 'ilike', like), eb('g.title', 'ilike', like)])).orderBy('g.created_at', 'desc').limit(limit * 4).execute();
      const hits = [];
      for (const r of rows) {
        if (hits.length >= limit) break;
        if (await canRead(db, actor, r)) hits.push({ kind: 'general_request', id: r.id, title: `${r.number} ${r.title}`, subtitle: r.submitter_name, link: `/requests/${r.id}` });
      }
      return hits;
    },
  });
}
