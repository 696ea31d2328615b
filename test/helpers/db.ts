import crypto from 'node:crypto';
import pg from 'pg';
import { connect, type DbHandle } from '../../src/server/db/connect';
import { migrate } from '../../src/server/db/migrate';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or,
 * when TEST_DATABASE_URL points at a PostgreSQL server, a throwaway database created
 * there and dropped afterwards (so test files never see each other's rows).
 */
export interface TestDatabase {
  handle: DbHandle;
  engine: 'pglite' | 'postgres';
  url?: string;
  drop(): Promise<void>;
}

export const testEngine = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

/** A new, empty database on the server of `base` (default TEST_DATABASE_URL), dropped by drop(). */
export async function createThrowawayDatabase(base = process.env.TEST_DATABASE_URL!): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `salesdesk_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DATABASE_URL) {
    const tmp = await createThrowawayDatabase();
    const handle = await connect({ databaseUrl: tmp.url, poolSize: 5 });
    await migrate(handle);
    return {
      handle,
      engine: 'postgres',
      url: tmp.url,
      async drop() {
        await handle.close();
        await tmp.drop();
      },
    };
  }
  const handle = await connect({});
  await migrate(handle);
  return { handle, engine: 'pglite', drop: () => handle.close() };
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A PostgreSQL server for the tests that need one whatever the engine under test
 * (backup across engines, several instances on one database): TEST_DATABASE_URL,
 * else the local server at 127.0.0.1:5432. Undefined when none answers; under
 * CI=true that is an error, because a skipped suite there counts as a failure.
 */
export async function findPostgres(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch (err) {
    if (process.env.CI === 'true' || process.env.TEST_DATABASE_URL) {
      throw new Error(`PostgreSQL at ${url} is not reachable (${(err as Error).message}); these tests need it`);
    }
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
