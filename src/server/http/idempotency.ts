import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AppError } from './app-error';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { userId: string; key: string };
  }
  interface FastifyContextConfig {
    /** Top-level response fields never stored for a replay: secrets shown once (a new API token) must not rest in the database. */
    idempotencyOmit?: string[];
  }
}

/** The stored copy of a JSON response without the given fields; null when it cannot be parsed (then nothing is stored). */
function withoutFields(body: string, fields: string[]): string | null {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const f of fields) delete parsed[f];
      return JSON.stringify(parsed);
    }
  } catch {
    // not JSON
  }
  return null;
}

/**
 * Passwords never enter the stored fingerprint: an unsalted hash of a body holding a
 * password would let a database reader guess it at sha256 speed, around argon2.
 * (A replay that differs only in a password is then taken as the same request.)
 */
const SECRET_FIELD = /password|secret|token/i;
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[secret]' : withoutSecrets(v)]));
  }
  return value;
}

const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,200}$/;
const RETENTION_HOURS = 24;

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its answer is
 * stored; a replay with the same key and body gets the stored answer; the same
 * key with another body is refused; a replay while the first is still running
 * gets 409. Keys are per user and kept for 24 hours.
 */
export function registerIdempotency(app: FastifyInstance, getDb: () => Kysely<Database>) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    // Public routes (sign-in, setup) are never replayed: their answers carry fresh secrets (a CSRF token).
    if (key === undefined || !request.actor || request.routeOptions.config?.access === 'public') return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new AppError('validation_failed', 'Idempotency-Key must be 8–200 letters, digits or -_:.', {
        fields: [{ field: 'Idempotency-Key', code: 'invalid', message: 'must be 8–200 letters, digits or -_:.' }],
      });
    }
    const db = getDb();
    const path = request.url;
    const bodyHash = crypto
      .createHash('sha256')
      .update(`${request.method} ${path}\n${JSON.stringify(withoutSecrets(request.body ?? null))}`)
      .digest('hex');
    if (Math.random() < 0.01) {
      await sql`delete from idempotency_keys where created_at < now() - make_interval(hours => ${RETENTION_HOURS})`.execute(db);
    }
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ user_id: request.actor.userId, key, method: request.method, path, body_hash: bodyHash })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotency = { userId: request.actor.userId, key };
      return;
    }
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', request.actor.userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.body_hash !== bodyHash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request');
    }
    if (existing.status_code === null) {
      throw new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
    }
    reply.header('idempotent-replayed', 'true');
    reply.code(existing.status_code);
    if (existing.response_type) reply.type(existing.response_type);
    return reply.send(existing.response_body ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem) return payload;
    request.idempotency = undefined;
    const db = getDb();
    if (reply.statusCode >= 500) {
      // A failed attempt must not pin its failure: the client may retry with the same key.
      await db.deleteFrom('idempotency_keys').where('user_id', '=', idem.userId).where('key', '=', idem.key).execute();
      return payload;
    }
    let body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : null;
    const omit = request.routeOptions.config?.idempotencyOmit;
    if (body !== null && omit?.length) body = withoutFields(body, omit);
    if (body === null) {
      await db.deleteFrom('idempotency_keys').where('user_id', '=', idem.userId).where('key', '=', idem.key).execute();
      return payload;
    }
    await db
      .updateTable('idempotency_keys')
      .set({
        status_code: reply.statusCode,
        response_body: body,
        response_type: String(reply.getHeader('content-type') ?? 'application/json'),
        completed_at: new Date(),
      })
      .where('user_id', '=', idem.userId)
      .where('key', '=', idem.key)
      .execute();
    return payload;
  });
}
