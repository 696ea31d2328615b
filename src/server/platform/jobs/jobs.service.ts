import crypto from 'node:crypto';
import os from 'node:os';
import { Cron } from 'croner';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DbHandle } from '../../db/connect';
import type { Database } from '../../db/database';
import { getCompanySettings } from '../settings/settings.service';
import { getQueue, listSchedules } from './jobs.registry';

type Db = Kysely<Database> | Transaction<Database>;

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job with this key ever exists: enqueueing it again does nothing. */
  singletonKey?: string;
  maxAttempts?: number;
}

/**
 * Adds a job. Call it with the transaction that makes the change the job is about:
 * the job exists only if that change commits (a mail is never sent for a rolled-back approval).
 */
export async function enqueue(db: Db, queue: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<void> {
  const def = getQueue(queue);
  await db
    .insertInto('jobs')
    .values({
      queue,
      payload: JSON.stringify(payload),
      run_at: opts.runAt ?? new Date(),
      singleton_key: opts.singletonKey ?? null,
      max_attempts: opts.maxAttempts ?? def?.maxAttempts ?? 5,
    })
    .onConflict((oc) => oc.column('singleton_key').where('singleton_key', 'is not', null).doNothing())
    .execute();
}

export const workerId = () => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

interface ClaimedJob {
  id: string;
  queue: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED: with several instances on one
 * database, each job is claimed by exactly one. A job whose worker died (its lock
 * ran out) is claimed again.
 */
export async function claimJobs(db: Kysely<Database>, worker: string, limit: number, lockSeconds = 300): Promise<ClaimedJob[]> {
  const result = await sql<ClaimedJob>`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${worker},
      locked_until = now() + make_interval(secs => ${lockSeconds}), started_at = now()
    where id in (
      select id from jobs
      where (status = 'queued' and run_at <= now()) or (status = 'running' and locked_until < now())
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning id, queue, payload, attempts, max_attempts`.execute(db);
  return result.rows;
}

const backoffMs = (attempt: number, baseSeconds: number) => Math.min(3_600_000, baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1));

/** Runs one claimed job: done on success; on failure retried with backoff until max_attempts, then failed. */
export async function runClaimedJob(handle: DbHandle, job: ClaimedJob, log: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void }): Promise<'done' | 'retry' | 'failed'> {
  const db = handle.db;
  const def = getQueue(job.queue);
  const finish = (status: 'done' | 'failed', error?: string) =>
    db
      .updateTable('jobs')
      .set({ status, finished_at: new Date(), locked_until: null, last_error: error ?? null })
      .where('id', '=', job.id)
      .execute();
  if (!def) {
    await finish('failed', `No handler for queue ${job.queue}`);
    return 'failed';
  }
  if (job.attempts > job.max_attempts) {
    await finish('failed', 'Gave up: the worker running it stopped too many times');
    return 'failed';
  }
  try {
    await def.handler({ handle, db, jobId: job.id, attempt: job.attempts, log }, job.payload);
    await finish('done');
    return 'done';
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    log.error({ err, jobId: job.id, queue: job.queue, attempt: job.attempts }, 'job failed');
    if (job.attempts >= job.max_attempts) {
      await finish('failed', message);
      return 'failed';
    }
    await db
      .updateTable('jobs')
      .set({ status: 'queued', locked_until: null, last_error: message, run_at: new Date(Date.now() + backoffMs(job.attempts, def.backoffSeconds ?? 10)) })
      .where('id', '=', job.id)
      .execute();
    return 'retry';
  }
}

const silentLog: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void } = { info: () => undefined, error: () => undefined };

/** Runs every due job until none is left (tests and the CLI use this; the worker loop too). */
export async function runDueJobs(handle: DbHandle, opts: { worker?: string; log?: typeof silentLog; max?: number } = {}): Promise<number> {
  const worker = opts.worker ?? workerId();
  let ran = 0;
  for (;;) {
    const jobs = await claimJobs(handle.db, worker, 5);
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      await runClaimedJob(handle, job, opts.log ?? silentLog);
      ran++;
    }
    if (opts.max && ran >= opts.max) return ran;
  }
}

/** The next run of a cron pattern after `from`, in a time zone. */
export function nextCronRun(pattern: string, timeZone: string, from: Date): Date {
  const next = new Cron(pattern, { timezone: timeZone, paused: true }).nextRun(from);
  if (!next) throw new Error(`Cron pattern ${pattern} never runs`);
  return next;
}

/**
 * Writes the code's schedules to the database (new ones start at their next run;
 * changed patterns are re-planned). Several instances may do this at once.
 */
export async function syncSchedules(db: Kysely<Database>): Promise<void> {
  const { timeZone } = await getCompanySettings(db);
  for (const s of listSchedules()) {
    const next = nextCronRun(s.cron, timeZone, new Date());
    await db
      .insertInto('job_schedules')
      .values({ name: s.name, cron: s.cron, time_zone: timeZone, queue: s.queue, payload: JSON.stringify(s.payload ?? {}), next_run_at: next })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({
          queue: s.queue,
          payload: JSON.stringify(s.payload ?? {}),
          next_run_at: sql`case when job_schedules.cron = ${s.cron} and job_schedules.time_zone = ${timeZone} then job_schedules.next_run_at else ${next} end`,
          cron: eb.ref('excluded.cron'),
          time_zone: eb.ref('excluded.time_zone'),
        })),
      )
      .execute();
  }
}

/**
 * Fires due schedules: each due row is advanced in one UPDATE … RETURNING, so only
 * one instance wins a firing, and the job's singleton key (name + planned time)
 * makes a double enqueue impossible anyway.
 */
export async function tickSchedules(db: Kysely<Database>, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('job_schedules')
    .select(['name', 'cron', 'time_zone', 'queue', 'payload', 'next_run_at'])
    .where('is_enabled', '=', true)
    .where('next_run_at', '<=', now)
    .execute();
  let fired = 0;
  for (const s of due) {
    const next = nextCronRun(s.cron, s.time_zone, now);
    const won = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('job_schedules')
        .set({ next_run_at: next, last_run_at: now })
        .where('name', '=', s.name)
        // Not "= the value we read": timestamps keep microseconds that a JS Date drops. A second
        // instance blocks on the row lock, then finds next_run_at already moved past now.
        .where('next_run_at', '<=', now)
        .returning('name')
        .executeTakeFirst();
      if (!claimed) return false;
      await enqueue(trx, s.queue, { ...(s.payload as object), scheduledFor: s.next_run_at.toISOString() }, { singletonKey: `schedule:${s.name}:${s.next_run_at.toISOString()}` });
      return true;
    });
    if (won) fired++;
  }
  return fired;
}

export interface Worker {
  stop(): Promise<void>;
}

/** The background loop of one instance: fire schedules, run due jobs; every `pollMs`. */
export function startWorker(handle: DbHandle, log: typeof silentLog & { warn?: (o: object, m?: string) => void }, pollMs = 2000): Worker {
  const worker = workerId();
  let stopped = false;
  let running: Promise<void> | undefined;
  const loop = async () => {
    try {
      await tickSchedules(handle.db);
      await runDueJobs(handle, { worker, log, max: 50 });
    } catch (err) {
      if (!stopped) log.error({ err }, 'job worker tick failed');
    }
  };
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = loop().finally(() => (running = undefined));
  }, pollMs);
  timer.unref();
  void syncSchedules(handle.db).catch((err) => log.error({ err }, 'could not sync schedules'));
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
