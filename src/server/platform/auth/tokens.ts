import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { recordAudit } from '../audit/audit.service';
import { loadActor } from './actor-loader';
import { sha256 } from './sessions';

/** Personal API tokens for scripts: shown once, stored as sha256, revocable, scoped to their owner's rights. */
export const TOKEN_PREFIX = 'sdk_';

export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
};

function toDto(row: TokenRow): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Creates a token for the actor; the secret is returned only here. */
export async function createApiToken(
  db: Kysely<Database>,
  actor: Actor,
  input: { name: string; expiresInDays?: number },
): Promise<{ token: string; apiToken: ApiTokenDto }> {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: actor.userId,
        name: input.name,
        token_hash: sha256(token),
        prefix: token.slice(0, 10),
        expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { name: row.name } });
    return { token, apiToken: toDto(row) };
  });
}

/** A user lists only their own tokens. */
export async function listApiTokens(db: Kysely<Database>, actor: Actor): Promise<ApiTokenDto[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toDto);
}

/** Revokes one of the actor's own tokens; someone else's token is not found. */
export async function revokeApiToken(db: Kysely<Database>, actor: Actor, id: string): Promise<ApiTokenDto> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('api_tokens')
      .select(['id', 'user_id'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('api_token', id);
    // Someone else's token answers like a missing one, and the attempt is audited as a denial.
    if (row.user_id !== actor.userId) throw deniedAsNotFound('api_token', id);
    const updated = await trx
      .updateTable('api_tokens')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
      .where('id', '=', id)
      .returning(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: id });
    return toDto(updated);
  });
}

export async function authenticateApiToken(
  db: Kysely<Database>,
  token: string,
  ctx: { ip?: string; requestId?: string },
): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= Date.now())) return undefined;
  const actor = await loadActor(db, row.user_id, { tokenId: row.id, ...ctx });
  if (!actor) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return actor;
}
