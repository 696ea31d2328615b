import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import zlib from 'node:zlib';
import path from 'node:path';
import type { DbHandle, RawSql } from '../../db/connect';
import type { FileStores } from '../files/file-store';

/**
 * Logical backups that move between engines: a gzip'd JSON-lines file with one
 * header line, then per table a `table` line and its rows. Values are plain
 * JSON (timestamps as ISO text, bytea as hex), loaded back through
 * json_populate_recordset, so a PGlite backup restores into PostgreSQL and back.
 */
export const BACKUP_FORMAT = 'salesdesk-backup';
export const BACKUP_VERSION = 1;
const BATCH = 2000;

interface Header {
  format: string;
  version: number;
  createdAt: string;
  engine: string;
  migrations: string[];
}

async function userTables(raw: RawSql): Promise<string[]> {
  const { rows } = await raw.query<{ table_name: string }>(
    `select table_name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations'
     order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function encodeValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return '\\x' + Buffer.from(v).toString('hex');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export interface BackupResult {
  tables: number;
  rows: number;
  bytes: number;
}

/** Writes a consistent snapshot of every table to `file` (one read-only repeatable-read transaction). */
export async function backupToFile(handle: DbHandle, file: string, stores?: FileStores): Promise<BackupResult> {
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp);
  const gz = zlib.createGzip({ level: 6 });
  gz.pipe(out);
  const write = async (obj: unknown) => {
    if (!gz.write(JSON.stringify(obj) + '\n')) await once(gz, 'drain');
  };
  let tables = 0;
  let rows = 0;
  await handle.withRaw(async (raw) => {
    await raw.exec('begin isolation level repeatable read read only');
    try {
      const migrations = (await raw.query<{ name: string }>('select name from schema_migrations order by name')).rows.map((r) => r.name);
      const header: Header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), engine: handle.engine, migrations };
      await write(header);
      for (const table of await userTables(raw)) {
        tables++;
        const cols = await raw.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema='public' and table_name=$1 and is_generated = 'NEVER' order by ordinal_position`,
          [table],
        );
        const columns = cols.rows.map((c) => c.column_name);
        await write({ table, columns });
        await raw.exec(`declare backup_cursor no scroll cursor for select ${columns.map(ident).join(', ')} from ${ident(table)}`);
        for (;;) {
          const batch = await raw.query<Record<string, unknown>>(`fetch forward ${BATCH} from backup_cursor`);
          if (batch.rows.length === 0) break;
          for (const row of batch.rows) {
            await write({ r: columns.map((c) => encodeValue(row[c])) });
            rows++;
          }
        }
        await raw.exec('close backup_cursor');
      }
      // File contents kept on disk travel inside the backup (those kept in the database already did, as table rows).
      if (stores) {
        const disk = stores.byKind('disk');
        const blobs = await raw.query<{ sha256: string }>(`select sha256 from file_blobs where store = 'disk' order by sha256`);
        for (const b of blobs.rows) {
          if (!(await disk.has(handle.db, b.sha256))) throw new Error(`File content ${b.sha256} is missing from ${path.basename(file)}'s source disk store`);
          await write({ blob: b.sha256 });
          for await (const chunk of await disk.read(handle.db, b.sha256)) await write({ bc: Buffer.from(chunk).toString('base64') });
          await write({ blobEnd: b.sha256 });
        }
      }
      await write({ end: true, tables, rows });
    } finally {
      await raw.exec('rollback');
    }
  });
  gz.end();
  await once(out, 'close');
  fs.renameSync(tmp, file);
  return { tables, rows, bytes: fs.statSync(file).size };
}

/**
 * Loads a backup into a migrated, empty database, all in one transaction: either
 * everything is restored or nothing is. Foreign keys are deferred to the commit.
 */
export async function restoreFromFile(handle: DbHandle, file: string, stores?: FileStores, diskRoot?: string): Promise<BackupResult> {
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const reader = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  // Take the iterator at once: lines read while the checks below await the database are buffered
  // instead of lost (the header went missing on PostgreSQL), and a corrupt gzip stream rejects the
  // loop instead of leaving it waiting forever inside an open transaction.
  const iterator = reader[Symbol.asyncIterator]();
  const lines = { [Symbol.asyncIterator]: () => iterator };
  let tables = 0;
  let rows = 0;
  await handle.withRaw(async (raw) => {
    const users = await raw.query<{ n: number }>('select count(*)::int as n from users');
    if (users.rows[0].n > 0) throw new Error('The target database already has data; restore only into an empty, freshly migrated database.');
    const applied = new Set((await raw.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    await raw.exec('begin');
    try {
      await raw.exec('set constraints all deferred');
      let header: Header | undefined;
      let current: { table: string; columns: string[]; identity: string[] } | undefined;
      let buffer: unknown[][] = [];
      let ended = false;
      let blob: { sha256: string; parts: Buffer[] } | undefined;
      const target = stores?.current.kind ?? 'disk';
      const writeBlob = async (sha256: string, content: Buffer) => {
        if (target === 'db') {
          await raw.query('delete from file_blob_chunks where sha256 = $1', [sha256]);
          for (let i = 0, n = 0; i < content.length; i += 1024 * 1024, n++) {
            await raw.query('insert into file_blob_chunks (sha256, chunk_no, data) values ($1, $2, $3)', [sha256, n, content.subarray(i, i + 1024 * 1024)]);
          }
        } else {
          if (!diskRoot) throw new Error('The backup holds file contents; a disk store folder is needed to restore them');
          const dest = path.join(diskRoot, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
          fs.mkdirSync(path.dirname(dest), { recursive: true });
          fs.writeFileSync(`${dest}.partial`, content);
          fs.renameSync(`${dest}.partial`, dest);
        }
        await raw.query('update file_blobs set store = $1 where sha256 = $2', [target, sha256]);
      };
      const flush = async () => {
        if (!current || buffer.length === 0) return;
        const objects = buffer.map((r) => Object.fromEntries(current!.columns.map((c, i) => [c, r[i]])));
        const cols = current.columns.map(ident).join(', ');
        const overriding = current.identity.length ? ' overriding system value' : '';
        await raw.query(
          `insert into ${ident(current.table)} (${cols})${overriding} select ${cols} from json_populate_recordset(null::${ident(current.table)}, $1::json)`,
          [JSON.stringify(objects)],
        );
        rows += buffer.length;
        buffer = [];
      };
      const resetIdentity = async () => {
        if (!current) return;
        for (const col of current.identity) {
          await raw.query(
            `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${ident(col)}) from ${ident(current.table)}), 0) + 1, false)`,
            [current.table, col],
          );
        }
      };
      // Created right before the loop: readline drops lines emitted before iteration starts.
      const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
      for await (const line of lines) {
        if (!line) continue;
        const obj = JSON.parse(line);
        if (!header) {
          if (obj.format !== BACKUP_FORMAT) throw new Error('This file is not a Salesdesk backup');
          if (obj.version > BACKUP_VERSION) throw new Error(`Backup format ${obj.version} is newer than this Salesdesk understands`);
          const missing = (obj.migrations as string[]).filter((m) => !applied.has(m));
          if (missing.length) throw new Error(`The backup comes from a newer Salesdesk (migrations ${missing.join(', ')}); upgrade first`);
          header = obj;
          continue;
        }
        if (obj.table) {
          await flush();
          await resetIdentity();
          const idCols = await raw.query<{ column_name: string }>(
            `select column_name from information_schema.columns where table_schema='public' and table_name=$1 and is_identity='YES'`,
            [obj.table],
          );
          const exists = await raw.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema='public' and table_name=$1`, [obj.table]);
          if (exists.rows[0].n === 0) throw new Error(`The backup has a table this version does not know: ${obj.table}`);
          // Preset rows that migrations wrote (the ledger's chart of accounts, archive document types…)
          // are replaced by the backup's: the target is freshly migrated, so nothing else is there.
          await raw.query(`delete from ${ident(obj.table)}`);
          current = { table: obj.table, columns: obj.columns, identity: idCols.rows.map((r) => r.column_name) };
          tables++;
          continue;
        }
        if (obj.r) {
          buffer.push(obj.r);
          if (buffer.length >= 500) await flush();
          continue;
        }
        if (obj.blob) {
          await flush();
          await resetIdentity();
          current = undefined;
          blob = { sha256: obj.blob, parts: [] };
          continue;
        }
        if (obj.bc !== undefined && blob) {
          blob.parts.push(Buffer.from(obj.bc, 'base64'));
          continue;
        }
        if (obj.blobEnd && blob) {
          await writeBlob(blob.sha256, Buffer.concat(blob.parts));
          blob = undefined;
          continue;
        }
        if (obj.end) {
          await flush();
          await resetIdentity();
          ended = true;
        }
      }
      if (!header || !ended) throw new Error('The backup file is incomplete (no end marker); nothing was restored');
      await raw.exec('commit');
    } catch (err) {
      await raw.exec('rollback').catch(() => undefined);
      throw err;
    }
  });
  return { tables, rows, bytes: fs.statSync(file).size };
}
