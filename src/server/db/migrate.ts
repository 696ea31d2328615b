import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbHandle } from './connect';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any constant shared by every Salesdesk instance; two instances starting at once queue on it. */
const MIGRATION_LOCK_KEY = 7_300_417_001;

export interface MigrationResult {
  applied: string[];
  total: number;
}

export function listMigrationFiles(): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations, forward only, each in its own transaction, under a
 * session advisory lock so that instances starting together apply each file once.
 * A file changed after it was applied stops the start: history is never rewritten.
 */
export async function migrate(handle: DbHandle): Promise<MigrationResult> {
  const files = listMigrationFiles();
  return handle.withRaw(async (raw) => {
    await raw.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await raw.exec(`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const { rows } = await raw.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations');
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      const applied: string[] = [];
      for (const file of files) {
        const previous = done.get(file.name);
        if (previous !== undefined) {
          if (previous !== file.checksum) {
            throw new Error(`Migration ${file.name} was changed after it was applied; add a new migration instead.`);
          }
          continue;
        }
        await raw.exec('begin');
        try {
          await raw.exec(file.sql);
          await raw.query('insert into schema_migrations (name, checksum) values ($1, $2)', [file.name, file.checksum]);
          await raw.exec('commit');
        } catch (err) {
          await raw.exec('rollback');
          throw new Error(`Migration ${file.name} failed: ${(err as Error).message}`);
        }
        applied.push(file.name);
      }
      return { applied, total: files.length };
    } finally {
      await raw.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

/** True when every migration file has been applied (the health check's readiness condition). */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const files = listMigrationFiles();
  const { rows } = await handle.withRaw((raw) =>
    raw.query<{ n: number }>(
      `select count(*)::int as n from schema_migrations where name = any($1::text[])`,
      [files.map((f) => f.name)],
    ),
  );
  return rows[0]?.n === files.length;
}
