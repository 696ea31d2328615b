import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { stringify } from 'safe-stable-stringify';
import type { Database } from '../../db/database';
import { type AuditActor, isActor } from '../access/actor';

type Db = Kysely<Database> | Transaction<Database>;

/** Any constant: every instance serialises audit appends on it so that the chain has one order. */
const AUDIT_CHAIN_LOCK = 7_300_417_002;

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

interface ChainedFields {
  at: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
  prev_hash: string | null;
}

/** Plain JSON only: Dates become ISO strings, undefined disappears — exactly what jsonb gives back. */
function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value));
}

const SECRET_KEYS = /password|token|secret|hash|csrf/i;

/** Never let a password, token or hash reach the audit log. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}

export function hashEntry(fields: ChainedFields): string {
  return crypto.createHash('sha256').update(stringify(fields) ?? '').digest('hex');
}

/**
 * Appends one entry to the hash-chained audit log. Runs inside the caller's
 * transaction (or its own), after taking the chain lock, so the entry commits or
 * rolls back with the change it describes.
 */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntryInput): Promise<void> {
  if (!db.isTransaction) {
    await (db as Kysely<Database>).transaction().execute((trx) => recordAudit(trx, actor, entry));
    return;
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: ChainedFields = {
    at: new Date().toISOString(),
    actor_id: isActor(actor) ? actor.userId : null,
    actor_label: isActor(actor) ? actor.email : actor.label,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    before: toJsonValue(redact(entry.before)),
    after: toJsonValue(redact(entry.after)),
    ip: actor.ip ?? null,
    request_id: actor.requestId ?? null,
    prev_hash: last?.hash ?? null,
  };
  await db
    .insertInto('audit_log')
    .values({
      ...fields,
      at: new Date(fields.at),
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      hash: hashEntry(fields),
    })
    .execute();
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  problems: { seq: number; problem: 'hash_mismatch' | 'chain_broken' }[];
}

/**
 * Walks the whole chain in order. A changed entry fails its own hash; a removed
 * or reordered entry breaks the link to its predecessor.
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditVerifyResult> {
  const problems: AuditVerifyResult['problems'] = [];
  let prevHash: string | null = null;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      checked++;
      const fields: ChainedFields = {
        at: row.at.toISOString(),
        actor_id: row.actor_id,
        actor_label: row.actor_label,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        before: row.before ?? null,
        after: row.after ?? null,
        ip: row.ip,
        request_id: row.request_id,
        prev_hash: row.prev_hash,
      };
      if (row.prev_hash !== prevHash) problems.push({ seq: row.seq, problem: 'chain_broken' });
      if (hashEntry(fields) !== row.hash) problems.push({ seq: row.seq, problem: 'hash_mismatch' });
      prevHash = row.hash;
      afterSeq = row.seq;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
