import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database';

/** The tables kept as a tree by their `parent_id`. */
export type TreeTable = 'departments' | 'regions' | 'product_categories' | 'archive_categories' | 'archive_locations' | 'ledger_accounts';

/**
 * The row and every row below it (ids), following `parent_id` down: a department's
 * sub-departments, a region's sub-regions, a category's sub-categories. `union` (not
 * `union all`) ends the walk should the data ever hold a loop. Also the cycle check of
 * a move: a row may not go under anything this returns for it.
 */
export async function subtreeIds(db: Kysely<Database> | Transaction<Database>, table: TreeTable, rootId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive tree as (
      select id from ${sql.table(table)} where id = ${rootId}
      union
      select c.id from ${sql.table(table)} c join tree t on c.parent_id = t.id
    )
    select id from tree`.execute(db);
  return r.rows.map((x) => x.id);
}
