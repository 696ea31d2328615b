import { sql, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../http/app-error';

/**
 * Keyset pagination on (sortColumn, id): stable under inserts, no OFFSET scans.
 * The cursor is opaque to clients: base64url JSON of the last row's sort value and id.
 */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: unknown, id: string | number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [unknown, string | number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Only what encodeCursor writes: a scalar sort value and a string or number id. Anything else
    // (objects, booleans) would reach the driver as a parameter it cannot bind: a 500, not a 400.
    const isScalar = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number';
    if (Array.isArray(parsed) && parsed.length === 2 && isScalar(parsed[0]) && (typeof parsed[1] === 'string' || typeof parsed[1] === 'number')) {
      return parsed as [unknown, string | number];
    }
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'cursor is not valid', {
    fields: [{ field: 'cursor', code: 'invalid', message: 'cursor is not valid' }],
  });
}

/**
 * Applies keyset paging to a query. sortRef and idRef are SQL column references
 * (trusted, from code); direction applies to both.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  opts: {
    sortRef: string;
    idRef: string;
    direction?: 'asc' | 'desc';
    page: PageRequest;
    /**
     * The sort column is a timestamptz: the cursor then carries it as text to the
     * microsecond (a JS Date keeps milliseconds, and a rounded cursor would repeat or
     * skip rows on PostgreSQL); sortValueOf is not used.
     */
    timestampSort?: boolean;
    sortValueOf?: (row: O) => unknown;
    idOf: (row: O) => string | number;
  },
): Promise<Page<O>> {
  const dir = opts.direction ?? 'asc';
  let q = query;
  if (opts.page.cursor) {
    const [value, id] = decodeCursor(opts.page.cursor);
    const op = sql.raw(dir === 'asc' ? '>' : '<');
    const cursorValue = opts.timestampSort ? sql`${value}::timestamptz` : sql`${value}`;
    q = q.where(sql<boolean>`(${sql.ref(opts.sortRef)}, ${sql.ref(opts.idRef)}) ${op} (${cursorValue}, ${id})`);
  }
  if (opts.timestampSort) q = q.select(microsKey(opts.sortRef).as('__sort_key')) as unknown as typeof q;
  const rows = await q
    .orderBy(sql.ref(opts.sortRef), dir)
    .orderBy(sql.ref(opts.idRef), dir)
    .limit(opts.page.limit + 1)
    .execute();
  const hasMore = rows.length > opts.page.limit;
  const items = hasMore ? rows.slice(0, opts.page.limit) : rows;
  const last = items[items.length - 1];
  const sortValue = (row: O) => (opts.timestampSort ? (row as Record<string, unknown>).__sort_key : opts.sortValueOf?.(row));
  return {
    items,
    nextCursor: hasMore && last ? encodeCursor(sortValue(last), opts.idOf(last)) : null,
  };
}

/** A timestamp as text to the microsecond (UTC), for cursors and stable ordering keys. */
export const microsKey = (ref: string) => sql<string>`to_char(${sql.ref(ref)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
