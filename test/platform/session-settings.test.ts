import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/**
 * The app's PostgreSQL sessions are tuned for short queries over summary tables
 * (connect.ts; docs/statistics.md): no JIT, and parallel workers only where a scan is big
 * enough to pay for starting them (measured in docs/benchmarks.md, session 7). PGlite has
 * neither JIT nor parallel workers; its settings are left as they are.
 */
describe('database session settings', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  const setting = async (name: string) => (await rawQuery<{ setting: string }>(db.handle, `select setting from pg_settings where name = $1`, [name]))[0]?.setting;

  it('PostgreSQL: JIT off and a parallel set-up cost of 10,000 on every connection of the pool; PGlite: the defaults', async () => {
    if (db.engine === 'postgres') {
      // Several connections at once: each is a separate session with its own settings.
      const values = await Promise.all(Array.from({ length: 4 }, () => Promise.all([setting('jit'), setting('parallel_setup_cost')])));
      for (const [jit, parallel] of values) {
        expect(jit).toBe('off');
        expect(parallel).toBe('10000');
      }
    } else {
      expect(await setting('parallel_setup_cost')).toBe('1000');
    }
  });
});
