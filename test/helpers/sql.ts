import type { DbHandle } from '../../src/server/db/connect';

/** Row counts per table, straight from the database (what a request must not have changed). */
export async function rowCounts(handle: DbHandle, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await handle.withRaw(async (raw) => {
    for (const table of tables) {
      const r = await raw.query<{ n: number }>(`select count(*)::int as n from "${table.replace(/"/g, '""')}"`);
      out[table] = Number(r.rows[0].n);
    }
  });
  return out;
}

/** Every ordinary table in the public schema, sorted. */
export async function publicTables(handle: DbHandle): Promise<string[]> {
  const r = await handle.withRaw((raw) =>
    raw.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  );
  return r.rows.map((x) => x.table_name);
}

/** One SQL statement with exclusive raw access (the same connection queue the app uses on PGlite). */
export async function rawQuery<R = Record<string, unknown>>(handle: DbHandle, text: string, params: unknown[] = []): Promise<R[]> {
  const r = await handle.withRaw((raw) => raw.query<R>(text, params));
  return r.rows;
}

/**
 * Runs statements with the audit log's append-only triggers switched off, as a
 * database superuser could: the only way to tamper with the log in a test.
 */
export async function tamperWithAuditLog(handle: DbHandle, statements: { text: string; params?: unknown[] }[]): Promise<void> {
  await handle.withRaw(async (raw) => {
    await raw.exec('alter table audit_log disable trigger user');
    try {
      for (const s of statements) await raw.query(s.text, s.params ?? []);
    } finally {
      await raw.exec('alter table audit_log enable trigger user');
    }
  });
}

/**
 * A fingerprint of everything a refused or read-only request must not change:
 * every table's row count and content (sessions: count only, since using a
 * session moves its last-seen time).
 */
export async function databaseState(handle: DbHandle): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of await publicTables(handle)) {
    const q =
      table === 'sessions'
        ? `select count(*)::text as v from sessions`
        : `select count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as v from "${table}" x`;
    const [row] = await rawQuery<{ v: string }>(handle, q);
    state[table] = row.v;
  }
  return state;
}

/** The tables in which some row, as text, contains `needle` (a secret must be found nowhere). */
export async function tablesContaining(handle: DbHandle, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of await publicTables(handle)) {
    const [row] = await rawQuery<{ n: number }>(handle, `select count(*)::int as n from "${table}" x where strpos(x::text, $1) > 0`, [needle]);
    if (row.n > 0) found.push(table);
  }
  return found;
}
