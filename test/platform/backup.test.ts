import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { connect, type DbHandle } from '../../src/server/db/connect';
import { migrate } from '../../src/server/db/migrate';
import { seedDemo } from '../../src/server/demo/seed';
import { recordAudit, verifyAuditChain } from '../../src/server/platform/audit/audit.service';
import { login } from '../../src/server/platform/auth/sessions';
import { createApiToken } from '../../src/server/platform/auth/tokens';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { backupToFile, restoreFromFile } from '../../src/server/platform/backup/backup.service';
import { DEFAULT_SETTINGS } from '../../src/server/platform/settings/settings.schema';
import { runSetup } from '../../src/server/platform/setup/setup.service';
import { tempDir } from '../helpers/cli';
import { createThrowawayDatabase, findPostgres } from '../helpers/db';
import { publicTables, rawQuery } from '../helpers/sql';

/**
 * A backup taken on PGlite restores into PostgreSQL and back: how a team moves off
 * the embedded default. Needs a PostgreSQL server whatever engine the suite runs on
 * (TEST_DATABASE_URL, else 127.0.0.1:5432); under CI=true a missing server fails.
 */
const pgBase = await findPostgres();

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** Every row of every table, as sorted JSON lines: two databases with equal dumps hold the same data. */
async function dump(handle: DbHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await publicTables(handle)) {
    if (table === 'schema_migrations') continue;
    const rows = await rawQuery<Record<string, unknown>>(handle, `select * from "${table}"`);
    out[table] = rows.map((r) => JSON.stringify(normalise(r))).sort();
  }
  return out;
}

const counts = (d: Record<string, string[]>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.length]));

async function freshPGlite(): Promise<DbHandle> {
  const h = await connect({});
  await migrate(h);
  return h;
}

describe.skipIf(!pgBase)('backup and restore across engines', () => {
  const dir = tempDir('backup');
  const cleanups: (() => Promise<void>)[] = [];
  let source: DbHandle;
  let sourceDump: Record<string, string[]>;
  let pg: DbHandle;
  const file = path.join(dir, 'pglite.sdbak');

  async function freshPostgres(): Promise<DbHandle> {
    const tmp = await createThrowawayDatabase(pgBase);
    const h = await connect({ databaseUrl: tmp.url, poolSize: 3 });
    cleanups.push(async () => {
      await h.close();
      await tmp.drop();
    });
    await migrate(h);
    return h;
  }

  beforeAll(async () => {
    // The demo's module records go through approvals and jobs, whose registries the app fills at start.
    registerServices(loadConfig({ ...process.env, DATABASE_URL: '' }));
    source = await freshPGlite();
    cleanups.push(() => source.close());
    const db = source.db;
    const { adminId } = await runSetup(db, { label: 'test' }, {
      settings: { ...DEFAULT_SETTINGS, companyName: '华东贸易 East China Trading' },
      admin: { email: 'admin@backup.test', displayName: 'Backup Admin', password: 'correct horse battery 1' },
    });
    expect((await seedDemo(db, { label: 'test' })).seeded).toBe(true);
    const admin = (await loadActor(db, adminId, { ip: '10.9.9.9', requestId: 'req-backup-1' }))!;
    await createApiToken(db, admin, { name: 'export script', expiresInDays: 30 });
    await login(db, { idleMs: 3_600_000, absoluteMs: 86_400_000 }, { email: 'admin@backup.test', password: 'correct horse battery 1' }, { label: 'test', ip: '10.9.9.9' });
    for (let i = 0; i < 5; i++) {
      await recordAudit(db, admin, {
        action: 'test.note',
        entityType: 'note',
        entityId: `note-${i}`,
        before: i === 0 ? null : { n: i - 1 },
        after: { n: i, text: '备注 “quoted” \\ back\tslash', nested: { list: [1, 2.5, null, true], big: 9_007_199_254_740_991 } },
      });
    }
    sourceDump = await dump(source);
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a backup of every table', async () => {
    const result = await backupToFile(source, file);
    const c = counts(sourceDump);
    expect(result.tables).toBe(Object.keys(c).length);
    expect(result.rows).toBe(Object.values(c).reduce((a, b) => a + b, 0));
    expect(c.users).toBe(17);
    expect(c.audit_log).toBeGreaterThan(20);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
  });

  it('restores the PGlite backup into PostgreSQL with every row identical and an intact audit chain', async () => {
    pg = await freshPostgres();
    const result = await restoreFromFile(pg, file);
    expect(result.rows).toBe(Object.values(counts(sourceDump)).reduce((a, b) => a + b, 0));
    const restored = await dump(pg);
    expect(counts(restored)).toEqual(counts(sourceDump));
    for (const table of Object.keys(sourceDump)) expect(restored[table], table).toEqual(sourceDump[table]);

    const [demo] = await rawQuery<{ display_name: string; email: string }>(pg, `select display_name, email from users where email = 'manager@demo.salesdesk.test'`);
    expect(demo.display_name).toBe('王建国 Wang Jianguo');
    const chain = await verifyAuditChain(pg.db);
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBe(sourceDump.audit_log.length);
  });

  it('keeps working after the restore: identities continue and new audit entries chain on', async () => {
    const [{ max }] = await rawQuery<{ max: number }>(pg, 'select max(seq)::int as max from audit_log');
    await recordAudit(pg.db, { label: 'after-restore' }, { action: 'test.after_restore', entityType: 'note' });
    const [{ seq }] = await rawQuery<{ seq: number }>(pg, `select seq::int from audit_log where action = 'test.after_restore'`);
    expect(seq).toBe(max + 1);
    expect((await verifyAuditChain(pg.db)).ok).toBe(true);
    // A demo user can still sign in on the restored copy (hashes travelled intact).
    const r = await login(pg.db, { idleMs: 60_000, absoluteMs: 60_000 }, { email: 'rep01@demo.salesdesk.test', password: 'salesdesk-demo-2026' }, { label: 'test' });
    expect(r.actor.email).toBe('rep01@demo.salesdesk.test');
  });

  it('restores a PostgreSQL backup into PGlite the other way round', async () => {
    const pgDump = await dump(pg);
    const back = path.join(dir, 'postgres.sdbak');
    await backupToFile(pg, back);
    const lite = await freshPGlite();
    cleanups.push(() => lite.close());
    await restoreFromFile(lite, back);
    const restored = await dump(lite);
    expect(counts(restored)).toEqual(counts(pgDump));
    for (const table of Object.keys(pgDump)) expect(restored[table], table).toEqual(pgDump[table]);
    expect((await verifyAuditChain(lite.db)).ok).toBe(true);
  });

  it('refuses to restore into a database that already has data, and writes nothing', async () => {
    const before = await dump(pg);
    await expect(restoreFromFile(pg, file)).rejects.toThrow(/already has data/);
    expect(await dump(pg)).toEqual(before);
  });

  /** The freshly migrated target is as it was: empty but for the preset rows its migrations wrote (the ledger's chart…). */
  async function expectNothingRestored(target: DbHandle, backupFile: string, message: RegExp) {
    const before = await dump(target);
    await expect(restoreFromFile(target, backupFile)).rejects.toThrow(message);
    expect(await dump(target)).toEqual(before);
    expect(before.users).toEqual([]);
  }

  it('restores nothing from a backup file cut short (a broken gzip stream)', async () => {
    const bytes = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.sdbak');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectNothingRestored(await freshPostgres(), cut, /./);
    const lite = await freshPGlite();
    cleanups.push(() => lite.close());
    await expectNothingRestored(lite, cut, /./);
  });

  it('restores nothing from a backup that lost its last lines (no end marker)', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    const partial = path.join(dir, 'partial.sdbak');
    fs.writeFileSync(partial, zlib.gzipSync(lines.slice(0, Math.floor(lines.length * 0.8)).join('\n') + '\n'));
    await expectNothingRestored(await freshPostgres(), partial, /incomplete/);
  });

  it('refuses a file that is not a Salesdesk backup', async () => {
    const other = path.join(dir, 'other.sdbak');
    fs.writeFileSync(other, zlib.gzipSync('{"hello":"world"}\n'));
    const lite = await freshPGlite();
    cleanups.push(() => lite.close());
    await expectNothingRestored(lite, other, /not a Salesdesk backup/);
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'just text, not gzip');
    await expectNothingRestored(lite, plain, /./);
  });
});
