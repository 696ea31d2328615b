import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../access/actor';
import { requirePermission } from '../access/guard';
import { keysetPage, type Page } from '../pagination';
import type { ListAuditQuery } from './audit.schema';

export interface AuditEntryDto {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

/** The audit log, newest first, for admins; filters narrow by who, what and when. */
export async function listAudit(db: Kysely<Database>, actor: Actor, query: ListAuditQuery): Promise<Page<AuditEntryDto>> {
  requirePermission(actor, 'audit:read');
  let q = db.selectFrom('audit_log').selectAll();
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<', new Date(query.to));
  const page = await keysetPage(q, { sortRef: 'seq', idRef: 'seq', direction: 'desc', page: query, sortValueOf: (r) => r.seq, idOf: (r) => r.seq });
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: r.ip,
      requestId: r.request_id,
    })),
  };
}
