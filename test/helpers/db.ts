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

export async function createThrowawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
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
