import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { DbHandle } from './db/connect';
import type { Database } from './db/database';

/** What every route module gets: the database, the config. Passed explicitly, no container. */
export interface AppContext {
  config: Config;
  handle: DbHandle;
  db: () => Kysely<Database>;
}
