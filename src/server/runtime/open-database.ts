import path from 'node:path';
import type { Config } from '../config';
import { connect, type DbHandle } from '../db/connect';
import { migrate } from '../db/migrate';
import { lockDataDir } from './data-dir-lock';

export interface OpenDatabase {
  handle: DbHandle;
  /** Closes the database, then releases the data directory. */
  close(): Promise<void>;
}

/**
 * Opens the configured database the one safe way: lock DATA_DIR first when the
 * database is the embedded PGlite (never needed for a PostgreSQL server), then
 * connect and apply pending migrations.
 */
export async function openDatabase(config: Config, purpose: string, opts: { migrate?: boolean } = {}): Promise<OpenDatabase> {
  const unlock = config.databaseUrl ? async () => {} : await lockDataDir(config.dataDir, purpose);
  let handle: DbHandle;
  try {
    handle = await connect({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'db') });
    if (opts.migrate !== false) await migrate(handle);
  } catch (err) {
    await unlock();
    throw err;
  }
  return {
    handle,
    async close() {
      await handle.close();
      await unlock();
    },
  };
}
