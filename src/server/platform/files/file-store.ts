import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';

/**
 * Where file contents live, addressed by their sha256: identical files are stored
 * once. Two stores: the local disk (the embedded default) and the database itself
 * (chunked bytea; every instance on one PostgreSQL sees the same files). An S3
 * store would be a third implementation of this interface.
 */
export interface FileStore {
  readonly kind: 'disk' | 'db';
  /** Stores the content of a local temporary file under its hash; a no-op when it is already stored. */
  put(db: Transaction<Database>, sha256: string, tmpPath: string): Promise<void>;
  read(db: Kysely<Database>, sha256: string): Promise<Readable>;
  has(db: Kysely<Database> | Transaction<Database>, sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;
function assertHash(sha256: string) {
  if (!SHA256.test(sha256)) throw new Error('not a sha256');
}

export function diskStore(root: string): FileStore {
  const pathOf = (sha: string) => {
    assertHash(sha);
    return path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  return {
    kind: 'disk',
    async put(_db, sha256, tmpPath) {
      const target = pathOf(sha256);
      if (fs.existsSync(target)) return;
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Copy then rename: the final name appears only when the content is complete.
      // A name of its own per call: two puts of the same content at once must not share (and rename away) one partial file.
      const partial = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.partial`;
      await fs.promises.copyFile(tmpPath, partial);
      await fs.promises.rename(partial, target);
    },
    async read(_db, sha256) {
      return fs.createReadStream(pathOf(sha256));
    },
    async has(_db, sha256) {
      return fs.existsSync(pathOf(sha256));
    },
  };
}

const CHUNK = 1024 * 1024;

export function databaseStore(): FileStore {
  return {
    kind: 'db',
    async put(db, sha256, tmpPath) {
      assertHash(sha256);
      const existing = await db.selectFrom('file_blob_chunks').select('chunk_no').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      if (existing) return;
      const fd = await fs.promises.open(tmpPath, 'r');
      try {
        let chunkNo = 0;
        const buffer = Buffer.alloc(CHUNK);
        for (;;) {
          const { bytesRead } = await fd.read(buffer, 0, CHUNK, chunkNo * CHUNK);
          if (bytesRead === 0) break;
          await db.insertInto('file_blob_chunks').values({ sha256, chunk_no: chunkNo, data: Buffer.from(buffer.subarray(0, bytesRead)) }).execute();
          chunkNo++;
        }
      } finally {
        await fd.close();
      }
    },
    async read(db, sha256) {
      assertHash(sha256);
      // Chunks are fetched one at a time, so a large file never sits in memory whole.
      async function* chunks() {
        for (let n = 0; ; n++) {
          const row = await db.selectFrom('file_blob_chunks').select('data').where('sha256', '=', sha256).where('chunk_no', '=', n).executeTakeFirst();
          if (!row) return;
          yield Buffer.from(row.data);
        }
      }
      return Readable.from(chunks());
    },
    async has(db, sha256) {
      const row = await db.selectFrom('file_blob_chunks').select('chunk_no').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}

/**
 * The store new files go to, and every store by kind: a file is read from the
 * store its blob row names (content written before a configuration change, or
 * restored from a backup, stays readable).
 */
export interface FileStores {
  current: FileStore;
  byKind(kind: 'disk' | 'db'): FileStore;
}

export function fileStores(kind: 'disk' | 'db', diskRoot: string): FileStores {
  const disk = diskStore(diskRoot);
  const db = databaseStore();
  return { current: kind === 'db' ? db : disk, byKind: (k) => (k === 'db' ? db : disk) };
}
