import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Database } from './database';
import { Mutex } from './mutex';
import { PGliteDialect } from './pglite-dialect';
import { textParsers } from './type-parsers';

export type Engine = 'pglite' | 'postgres';

/** Raw SQL for the few callers that are not Kysely (migrations' multi-statement files, backup, COPY, the job queue). */
export interface RawSql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  exec(text: string): Promise<void>;
  /** `copy <target> from …` (STDIN on PostgreSQL, '/dev/blob' on PGlite) with optional `with (…)` options; `data` is the whole chunk. */
  copyFrom(target: string, data: Uint8Array, options?: string): Promise<void>;
}

export interface DbHandle {
  engine: Engine;
  db: Kysely<Database>;
  /** Runs fn with exclusive raw access (on PGlite: holds the one connection; on PostgreSQL: one pooled client). */
  withRaw<T>(fn: (raw: RawSql) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel: `pg_notify` sent inside a transaction arrives after its commit,
   * from any instance on the same database. Returns the unlisten function.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
  acquireTimeoutMs?: number;
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    const parser = textParsers[oid];
    if (parser && format !== 'binary') return parser;
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

export async function connect(options: ConnectOptions): Promise<DbHandle> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10);
  return connectPGlite(options.pgliteDir, options.acquireTimeoutMs ?? 30_000);
}

async function connectPostgres(url: string, poolSize: number): Promise<DbHandle> {
  // JIT off for our sessions: our queries are short (summary tables, single records), and
  // PostgreSQL compiles every one whose estimated cost crosses jit_above_cost — 30–40 ms of
  // compiling for a report that runs in 20 (measured on the customer counts, docs/benchmarks.md).
  // Parallel workers only for big scans (parallel_setup_cost 10,000, PostgreSQL's default 1,000):
  // each worker starts as a new backend with cold caches, 20–40 ms here, so a report over a
  // summary table of 30,000 rows ran 55–61 ms with two workers and 14–15 ms without
  // (docs/benchmarks.md, session 7); scans of millions of lines (drill-downs, exports) still go parallel.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes as never, options: '-c jit=off -c parallel_setup_cost=10000' });
  pool.on('error', () => {
    // An idle client lost its server; the pool replaces it. Queries report their own errors.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const listeners = new Set<pg.Client>();
  return {
    engine: 'postgres',
    db,
    async withRaw(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          async query(text, params) {
            const r = await client.query(text, params as unknown[]);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
          async exec(text) {
            await client.query(text);
          },
          async copyFrom(target, data, options = '') {
            const stream = client.query(copyFromStdin(`copy ${target} from stdin ${options}`));
            await new Promise<void>((resolve, reject) => {
              stream.on('error', reject);
              stream.on('finish', () => resolve());
              stream.end(data);
            });
          },
        });
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      // A dedicated connection: LISTEN holds its client for as long as it listens.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      client.on('error', () => undefined);
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      for (const client of listeners) await client.end().catch(() => undefined);
      listeners.clear();
      await db.destroy();
    },
  };
}

async function connectPGlite(dir: string | undefined, acquireTimeoutMs: number): Promise<DbHandle> {
  if (dir) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const parsers = Object.fromEntries(Object.entries(textParsers).map(([oid, fn]) => [Number(oid), fn]));
  const pglite = await PGlite.create({ dataDir: dir, extensions: { pg_trgm }, parsers });
  const mutex = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex, acquireTimeoutMs) });
  let closed = false;
  return {
    engine: 'pglite',
    db,
    withRaw(fn) {
      return mutex.run(acquireTimeoutMs, () =>
        fn({
          async query(text, params) {
            const r = await pglite.query(text, params as unknown[]);
            return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
          },
          async exec(text) {
            await pglite.exec(text);
          },
          async copyFrom(target, data, options = '') {
            await pglite.query(`copy ${target} from '/dev/blob' ${options}`, [], { blob: new Blob([data as Uint8Array<ArrayBuffer>]) });
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const unlisten = await mutex.run(acquireTimeoutMs, () => pglite.listen(channel, onPayload));
      return async () => {
        if (!closed) await mutex.run(acquireTimeoutMs, () => unlisten());
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      // Wait for whoever holds the connection, then close cleanly so the data directory is consistent.
      await mutex.run(60_000, async () => {
        await pglite.close();
      });
    },
  };
}
