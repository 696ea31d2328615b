import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type DbHandle } from '../../src/server/db/connect';
import { migrate } from '../../src/server/db/migrate';
import { defineQueue, defineSchedule } from '../../src/server/platform/jobs/jobs.registry';
import { enqueue, runDueJobs, syncSchedules, tickSchedules } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { createThrowawayDatabase, DEFAULT_POSTGRES_URL, findPostgres } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/**
 * The job queue with two app instances on one PostgreSQL database: two separate
 * connection pools (as two processes would have) claim from the same jobs table.
 * Always on PostgreSQL, whichever engine the rest of the suite runs on: the local
 * server is the default base (CI always has one; a skip would count as a failure).
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface JobRow {
  id: string;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  locked_by: string | null;
  finished_at: Date | null;
}

describe('two instances, one job', () => {
  let drop: () => Promise<void>;
  let a: DbHandle;
  let b: DbHandle;
  const nameOf = (h: DbHandle) => (h === a ? 'A' : h === b ? 'B' : '?');
  let flakyFailuresLeft = new Map<string, number>();

  beforeAll(async () => {
    const base = (await findPostgres()) ?? DEFAULT_POSTGRES_URL;
    const tmp = await createThrowawayDatabase(base);
    drop = tmp.drop;
    a = await connect({ databaseUrl: tmp.url, poolSize: 6 });
    await migrate(a);
    b = await connect({ databaseUrl: tmp.url, poolSize: 6 });
    await sql`create table test_job_runs (job_id uuid not null, n integer, instance text not null, at timestamptz not null default clock_timestamp())`.execute(a.db);

    // Records every run, from whichever instance ran it; a short sleep lets the instances overlap.
    defineQueue<{ n: number }>({
      queue: 'test.record',
      handler: async (ctx, payload) => {
        await sleep(5 + Math.random() * 10);
        await sql`insert into test_job_runs (job_id, n, instance) values (${ctx.jobId}, ${payload.n ?? null}, ${nameOf(ctx.handle)})`.execute(ctx.db);
      },
    });
    defineQueue<{ key: string }>({
      queue: 'test.flaky',
      backoffSeconds: 60,
      handler: async (ctx) => {
        await sql`insert into test_job_runs (job_id, instance) values (${ctx.jobId}, ${nameOf(ctx.handle)})`.execute(ctx.db);
        const left = flakyFailuresLeft.get(ctx.jobId) ?? 2;
        if (left > 0) {
          flakyFailuresLeft.set(ctx.jobId, left - 1);
          throw new Error(`flaky failure, ${left - 1} to go`);
        }
      },
    });
    defineQueue({
      queue: 'test.broken',
      backoffSeconds: 1,
      handler: async () => {
        throw new Error('the customer system answered 500');
      },
    });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  beforeEach(async () => {
    await sql`delete from jobs`.execute(a.db);
    await sql`delete from test_job_runs`.execute(a.db);
    flakyFailuresLeft = new Map();
  });

  const jobs = (queue: string) => rawQuery<JobRow>(a, `select * from jobs where queue = $1 order by created_at`, [queue]);
  const runs = () => rawQuery<{ job_id: string; n: number; instance: string }>(a, `select job_id, n, instance from test_job_runs order by at`);
  /** Makes a job that waits for its backoff due now. */
  const pullForward = (id: string) => sql`update jobs set run_at = now() where id = ${id}`.execute(a.db);

  it('runs each of 50 jobs exactly once when both instances work the queue at the same time', async () => {
    for (let n = 0; n < 50; n++) await enqueue(n % 2 ? a.db : b.db, 'test.record', { n });
    // Three workers per instance, all at once.
    const counts = await Promise.all([
      runDueJobs(a, { worker: 'A1' }),
      runDueJobs(b, { worker: 'B1' }),
      runDueJobs(a, { worker: 'A2' }),
      runDueJobs(b, { worker: 'B2' }),
      runDueJobs(a, { worker: 'A3' }),
      runDueJobs(b, { worker: 'B3' }),
    ]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(50);
    const done = await runs();
    expect(done).toHaveLength(50);
    expect(new Set(done.map((r) => r.job_id)).size).toBe(50);
    expect(done.map((r) => r.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Both instances took part (each claims five at a time and every job sleeps).
    expect(new Set(done.map((r) => r.instance))).toEqual(new Set(['A', 'B']));
    const rows = await jobs('test.record');
    expect(rows.every((j) => j.status === 'done' && j.attempts === 1 && j.finished_at !== null)).toBe(true);
    // Nothing is left for either instance.
    expect(await Promise.all([runDueJobs(a), runDueJobs(b)])).toEqual([0, 0]);
  });

  it('fires one job per due schedule when both instances tick at the same moment', async () => {
    defineSchedule({ name: 'test.every-minute', cron: '* * * * *', queue: 'test.record', payload: { n: -1 } });
    defineSchedule({ name: 'test.nightly', cron: '0 2 * * *', queue: 'test.record', payload: { n: -2 } });
    // Both instances write the schedules at start-up.
    await Promise.all([syncSchedules(a.db), syncSchedules(b.db)]);
    const names = (await rawQuery<{ name: string }>(a, `select name from job_schedules order by name`)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['test.every-minute', 'test.nightly']));
    for (let round = 1; round <= 5; round++) {
      await sql`update job_schedules set next_run_at = now() - interval '1 minute' where name like 'test.%'`.execute(a.db);
      const fired = await Promise.all([tickSchedules(a.db), tickSchedules(b.db), tickSchedules(a.db), tickSchedules(b.db)]);
      expect(fired.reduce((x, y) => x + y, 0), `round ${round}`).toBe(2);
      const queued = await rawQuery<{ n: number; c: number }>(a, `select (payload->>'n')::int as n, count(*)::int as c from jobs where queue = 'test.record' group by 1 order by 1`);
      expect(queued, `round ${round}`).toEqual([
        { n: -2, c: round },
        { n: -1, c: round },
      ]);
      // Each firing moved the schedule on to its next run.
      const next = await rawQuery<{ name: string; future: boolean }>(a, `select name, next_run_at > now() as future from job_schedules where name like 'test.%'`);
      expect(next.every((s) => s.future)).toBe(true);
      // Nothing is due any more: another tick fires nothing.
      expect(await Promise.all([tickSchedules(a.db), tickSchedules(b.db)])).toEqual([0, 0]);
    }
    await Promise.all([runDueJobs(a), runDueJobs(b)]);
    expect(await runs()).toHaveLength(10);
    await sql`delete from job_schedules where name like 'test.%'`.execute(a.db);
  });

  it('retries a failing job with growing backoff, and ends done on the third attempt', async () => {
    await enqueue(a.db, 'test.flaky', { key: 'x' });
    const [job] = await jobs('test.flaky');
    const secondsUntilRun = async () => (await rawQuery<{ s: number }>(a, `select extract(epoch from run_at - now())::float as s from jobs where id = $1`, [job.id]))[0].s;

    expect(await runDueJobs(a)).toBe(1);
    let [row] = await jobs('test.flaky');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'flaky failure, 1 to go' });
    expect(await secondsUntilRun()).toBeGreaterThan(50);
    expect(await secondsUntilRun()).toBeLessThanOrEqual(60);
    // Not due yet: neither instance runs it.
    expect(await Promise.all([runDueJobs(a), runDueJobs(b)])).toEqual([0, 0]);

    await pullForward(job.id);
    expect(await runDueJobs(b)).toBe(1);
    [row] = await jobs('test.flaky');
    expect(row).toMatchObject({ status: 'queued', attempts: 2, last_error: 'flaky failure, 0 to go' });
    // The delay doubles.
    expect(await secondsUntilRun()).toBeGreaterThan(110);
    expect(await secondsUntilRun()).toBeLessThanOrEqual(120);

    await pullForward(job.id);
    expect(await runDueJobs(a)).toBe(1);
    [row] = await jobs('test.flaky');
    expect(row).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(row.finished_at).not.toBeNull();
    expect(await runs()).toHaveLength(3);
  });

  it('gives up after max_attempts and keeps the last error', async () => {
    await enqueue(a.db, 'test.broken', {}, { maxAttempts: 3 });
    const [job] = await jobs('test.broken');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await pullForward(job.id);
      expect(await Promise.all([runDueJobs(a), runDueJobs(b)]).then(([x, y]) => x + y)).toBe(1);
      const [row] = await jobs('test.broken');
      expect(row.attempts).toBe(attempt);
      expect(row.status).toBe(attempt < 3 ? 'queued' : 'failed');
    }
    const [failed] = await jobs('test.broken');
    expect(failed.last_error).toBe('the customer system answered 500');
    expect(failed.finished_at).not.toBeNull();
    await pullForward(job.id);
    expect(await Promise.all([runDueJobs(a), runDueJobs(b)])).toEqual([0, 0]);
  });

  it('takes over a job whose worker died (lock expired), but not one still locked', async () => {
    const [dead] = await rawQuery<{ id: string }>(
      a,
      `insert into jobs (queue, payload, status, attempts, locked_by, locked_until, started_at)
       values ('test.record', '{"n": 1}', 'running', 1, 'dead-host:1', now() - interval '1 minute', now() - interval '6 minutes') returning id`,
    );
    const [alive] = await rawQuery<{ id: string }>(
      a,
      `insert into jobs (queue, payload, status, attempts, locked_by, locked_until, started_at)
       values ('test.record', '{"n": 2}', 'running', 1, 'busy-host:1', now() + interval '4 minutes', now()) returning id`,
    );
    const counts = await Promise.all([runDueJobs(a, { worker: 'A' }), runDueJobs(b, { worker: 'B' })]);
    expect(counts[0] + counts[1]).toBe(1);
    const [row] = await rawQuery<JobRow>(a, `select * from jobs where id = $1`, [dead.id]);
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
    expect(['A', 'B']).toContain(row.locked_by);
    const [still] = await rawQuery<JobRow>(a, `select * from jobs where id = $1`, [alive.id]);
    expect(still).toMatchObject({ status: 'running', attempts: 1, locked_by: 'busy-host:1' });
    expect((await runs()).map((r) => r.n)).toEqual([1]);
  });

  it('creates one job for one singleton key, even when both instances enqueue it at once', async () => {
    await Promise.all([
      enqueue(a.db, 'test.record', { n: 1 }, { singletonKey: 'statement:2026-03' }),
      enqueue(b.db, 'test.record', { n: 2 }, { singletonKey: 'statement:2026-03' }),
      enqueue(a.db, 'test.record', { n: 3 }, { singletonKey: 'statement:2026-03' }),
    ]);
    await enqueue(b.db, 'test.record', { n: 4 }, { singletonKey: 'statement:2026-03' });
    expect(await jobs('test.record')).toHaveLength(1);
    await Promise.all([runDueJobs(a), runDueJobs(b)]);
    // Once done, the key still stands: the job is not made again.
    await enqueue(a.db, 'test.record', { n: 5 }, { singletonKey: 'statement:2026-03' });
    expect(await jobs('test.record')).toHaveLength(1);
    expect(await runs()).toHaveLength(1);
  });

  it('has no job from a rolled-back transaction', async () => {
    await expect(
      a.db.transaction().execute(async (trx) => {
        await enqueue(trx, 'test.record', { n: 99 });
        throw new Error('the approval failed');
      }),
    ).rejects.toThrow('the approval failed');
    expect(await jobs('test.record')).toEqual([]);
    // While the enqueueing transaction is open, the other instance does not see the job either.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = a.db.transaction().execute(async (trx) => {
      await enqueue(trx, 'test.record', { n: 100 });
      await held;
    });
    await sleep(50);
    expect(await runDueJobs(b)).toBe(0);
    release();
    await tx;
    expect(await runDueJobs(b)).toBe(1);
    expect((await runs()).map((r) => r.n)).toEqual([100]);
  });
});

describe('the failed-jobs API (admin only)', () => {
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let rep: Session;
  let failedId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const dep = await makeDepartment(t, 'Sales');
    admin = await signIn(t.app, (await makeUser(t, ['admin'])).email);
    manager = await signIn(t.app, (await makeUser(t, ['manager'], { departmentId: dep })).email);
    rep = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: dep })).email);
    defineQueue({
      queue: 'test.api-broken',
      handler: async () => {
        throw new Error('SMTP said no');
      },
    });
    await enqueue(t.db.handle.db, 'test.api-broken', { what: 'statement mail' }, { maxAttempts: 1 });
    await runDueJobs(t.db.handle);
    const [row] = await rawQuery<{ id: string; status: string }>(t.db.handle, `select id, status from jobs where queue = 'test.api-broken'`);
    expect(row.status).toBe('failed');
    failedId = row.id;
  });
  afterAll(async () => t?.close());

  const status = async (id: string) => (await rawQuery<{ status: string; attempts: number }>(t.db.handle, `select status, attempts from jobs where id = $1`, [id]))[0];

  it('lists failed jobs with their last error', async () => {
    const res = await admin.request({ url: '/api/v1/jobs?status=failed' });
    expect(res.statusCode).toBe(200);
    const job = res.json().items.find((j: { id: string }) => j.id === failedId);
    expect(job).toMatchObject({ queue: 'test.api-broken', status: 'failed', attempts: 1, maxAttempts: 1, lastError: 'SMTP said no', payload: { what: 'statement mail' } });
    expect((await admin.request({ url: '/api/v1/jobs' })).json().items.map((j: { id: string }) => j.id)).toContain(failedId);
    expect((await admin.request({ url: '/api/v1/jobs?status=done' })).json().items.map((j: { id: string }) => j.id)).not.toContain(failedId);
  });

  it('refuses the list and the actions to everyone but admins', async () => {
    for (const s of [manager, rep]) {
      expect((await s.request({ url: '/api/v1/jobs?status=failed' })).statusCode).toBe(403);
      for (const action of ['retry', 'cancel']) {
        const res = await s.request({ method: 'POST', url: `/api/v1/jobs/${failedId}/${action}` });
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    }
    expect((await t.app.inject({ url: '/api/v1/jobs?status=failed' })).statusCode).toBe(401);
    expect(await status(failedId)).toEqual({ status: 'failed', attempts: 1 });
  });

  it('retries a failed job from scratch and cancels a queued one', async () => {
    const retried = await admin.request({ method: 'POST', url: `/api/v1/jobs/${failedId}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual({ id: failedId, status: 'queued' });
    expect(await status(failedId)).toEqual({ status: 'queued', attempts: 0 });
    const cancelled = await admin.request({ method: 'POST', url: `/api/v1/jobs/${failedId}/cancel` });
    expect(cancelled.json()).toEqual({ id: failedId, status: 'cancelled' });
    expect(await runDueJobs(t.db.handle)).toBe(0);
    // A cancelled job can be retried; it then runs (and fails again, once: max_attempts 1).
    expect((await admin.request({ method: 'POST', url: `/api/v1/jobs/${failedId}/retry` })).json().status).toBe('queued');
    expect(await runDueJobs(t.db.handle)).toBe(1);
    expect(await status(failedId)).toEqual({ status: 'failed', attempts: 1 });
    // Both actions are in the audit log.
    const audit = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_type = 'job' and entity_id = $1 order by seq`, [failedId]);
    expect(audit.map((r) => r.action)).toEqual(['job.retry', 'job.cancel', 'job.retry']);
  });

  it('leaves a finished job alone and answers 404 for an unknown one', async () => {
    await enqueue(t.db.handle.db, 'test.nothing-to-do', {});
    defineQueue({ queue: 'test.nothing-to-do', handler: async () => undefined });
    await runDueJobs(t.db.handle);
    const [done] = await rawQuery<{ id: string }>(t.db.handle, `select id from jobs where queue = 'test.nothing-to-do'`);
    for (const action of ['retry', 'cancel']) {
      const res = await admin.request({ method: 'POST', url: `/api/v1/jobs/${done.id}/${action}` });
      expect(res.json()).toEqual({ id: done.id, status: 'done' });
    }
    expect((await admin.request({ method: 'POST', url: '/api/v1/jobs/00000000-0000-4000-8000-000000000000/retry' })).statusCode).toBe(404);
    expect((await admin.request({ method: 'POST', url: '/api/v1/jobs/not-a-uuid/retry' })).statusCode).toBe(400);
  });
});
