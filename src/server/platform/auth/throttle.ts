import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';

/**
 * Login throttling shared by every instance (it lives in the database).
 * An attempt is *reserved* before the password is hashed: the counter goes up
 * atomically, and only the first ACCOUNT_LIMIT attempts in a window reach the
 * hasher. A burst of 1,000 wrong passwords on one account costs at most
 * ACCOUNT_LIMIT hashes per window, and one IP at most IP_LIMIT over all accounts.
 */
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 30;
export const WINDOW_SECONDS = 15 * 60;

export interface ThrottleDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

async function reserve(db: Kysely<Database>, key: string, limit: number): Promise<ThrottleDecision> {
  const row = await sql<{ attempts: number; window_started_at: Date }>`
    insert into login_throttle as t (key, attempts, window_started_at)
    values (${key}, 1, now())
    on conflict (key) do update set
      attempts = case when t.window_started_at < now() - make_interval(secs => ${WINDOW_SECONDS}) then 1 else t.attempts + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(secs => ${WINDOW_SECONDS}) then now() else t.window_started_at end
    returning attempts, window_started_at`.execute(db);
  const r = row.rows[0];
  const elapsed = (Date.now() - new Date(r.window_started_at).getTime()) / 1000;
  return { allowed: r.attempts <= limit, retryAfterSeconds: Math.max(1, Math.ceil(WINDOW_SECONDS - elapsed)) };
}

export async function reserveLoginAttempt(db: Kysely<Database>, email: string, ip: string | undefined): Promise<ThrottleDecision> {
  const account = await reserve(db, `account:${email.toLowerCase()}`, ACCOUNT_LIMIT);
  const byIp = ip ? await reserve(db, `ip:${ip}`, IP_LIMIT) : { allowed: true, retryAfterSeconds: 0 };
  return {
    allowed: account.allowed && byIp.allowed,
    retryAfterSeconds: Math.max(account.allowed ? 0 : account.retryAfterSeconds, byIp.allowed ? 0 : byIp.retryAfterSeconds),
  };
}

/**
 * A successful login clears the account's counter and gives back its reservation
 * on the IP, so the IP counter only counts failures (an office behind one NAT
 * address must not lock itself out by signing in).
 */
export async function releaseAfterSuccess(db: Kysely<Database>, email: string, ip: string | undefined): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', `account:${email.toLowerCase()}`).execute();
  if (ip) {
    await sql`update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${`ip:${ip}`}`.execute(db);
  }
}
