import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Mutex } from './mutex';

/**
 * Kysely on PGlite. PGlite is one connection, so the driver hands it out through
 * the shared mutex: a Kysely transaction holds it from BEGIN to COMMIT and every
 * other query waits its turn (FIFO). Code inside a transaction must use the
 * transaction object; a query on the outer `db` would wait for itself, and the
 * acquire timeout turns that bug into an error instead of a hang.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite, private readonly mutex: Mutex, private readonly acquireTimeoutMs: number) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.mutex, this.acquireTimeoutMs);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: (() => void) | undefined;
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const command = result.command?.toUpperCase();
    const affected = result.affectedRows;
    if (command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE') {
      return { rows: result.rows, numAffectedRows: BigInt(affected ?? 0) };
    }
    return { rows: result.rows };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no cursors over its wire; results are materialised once.
    const result = await this.executeQuery<R>(compiled);
    yield result;
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  constructor(pglite: PGlite, private readonly mutex: Mutex, private readonly acquireTimeoutMs: number) {
    this.connection = new PGliteConnection(pglite);
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.acquire(this.acquireTimeoutMs);
    this.connection.release = release;
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CompiledQuery.raw(`begin${level}`));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }
  async rollbackToSavepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint "${name}"`));
  }
  async releaseSavepoint(conn: DatabaseConnection, name: string) {
    await conn.executeQuery(CompiledQuery.raw(`release savepoint "${name}"`));
  }
  async releaseConnection(conn: DatabaseConnection) {
    const c = conn as PGliteConnection;
    const release = c.release;
    c.release = undefined;
    release?.();
  }
  async destroy() {}
}
