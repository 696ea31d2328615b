import { paperVisibleWhere, type ArchiveVisibility } from './archive.access';
import type { Db, Trx } from './archive.repo';

/** SQL of the paper register: locations, items (always through the visibility rule), movements, stocktakes. */

export const findLocation = (db: Db, id: string) => db.selectFrom('archive_locations').selectAll().where('id', '=', id).executeTakeFirst();
export type LocationRow = NonNullable<Awaited<ReturnType<typeof findLocation>>>;

export const allLocations = (db: Db) => db.selectFrom('archive_locations').selectAll().orderBy('sort').orderBy('code').execute();

/** "Room / Cabinet / Box" for every location, from one read of the (small) location table. */
export function locationPaths(rows: Pick<LocationRow, 'id' | 'parent_id' | 'name'>[]): Map<string, string> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, string>();
  const pathOf = (id: string, depth = 0): string => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id);
    if (!r) return '';
    const p = r.parent_id && depth < 20 ? `${pathOf(r.parent_id, depth + 1)} / ${r.name}` : r.name;
    out.set(id, p);
    return p;
  };
  for (const r of rows) pathOf(r.id);
  return out;
}

/** Visible paper items with what their DTO shows (document, customer, contract, borrower). */
export function visiblePaper(db: Db, v: ArchiveVisibility) {
  return db
    .selectFrom('archive_paper_items as p')
    .leftJoin('archive_documents as pd', 'pd.id', 'p.document_id')
    .leftJoin('customers as cu', 'cu.id', 'p.customer_id')
    .leftJoin('contracts as ct', 'ct.id', 'p.contract_id')
    .leftJoin('users as bu', 'bu.id', 'p.borrower_id')
    .where(paperVisibleWhere(v));
}

export const paperColumns = [
  'p.id',
  'p.number',
  'p.title',
  'p.type_code',
  'p.document_id',
  'p.customer_id',
  'p.contract_id',
  'p.confidentiality',
  'p.location_id',
  'p.status',
  'p.borrower_id',
  'p.lent_at',
  'p.due_on',
  'p.notes',
  'p.owner_id',
  'p.department_id',
  'p.version',
  'p.created_at',
  'p.updated_at',
  'pd.number as document_number',
  'pd.confidentiality as document_confidentiality',
  'cu.name as customer_name',
  'ct.number as contract_number',
  'bu.display_name as borrower_name',
] as const;

export const findVisiblePaper = (db: Db, v: ArchiveVisibility, id: string) => visiblePaper(db, v).select(paperColumns).where('p.id', '=', id).executeTakeFirst();
export type PaperRow = NonNullable<Awaited<ReturnType<typeof findVisiblePaper>>>;

export const lockPaper = (trx: Trx, id: string) => trx.selectFrom('archive_paper_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export async function isPaperVisible(db: Db, v: ArchiveVisibility, id: string): Promise<boolean> {
  return (await db.selectFrom('archive_paper_items as p').select('p.id').where('p.id', '=', id).where(paperVisibleWhere(v)).executeTakeFirst()) !== undefined;
}

export interface MovementInput {
  item_id: string;
  kind: 'register' | 'checkout' | 'checkin' | 'move' | 'missing' | 'found';
  from_location_id?: string | null;
  to_location_id?: string | null;
  borrower_id?: string | null;
  due_on?: string | null;
  stocktake_id?: string | null;
  note?: string;
  actor_id: string | null;
}

export const insertMovement = (trx: Trx, m: MovementInput) => trx.insertInto('archive_paper_movements').values({ ...m, note: m.note ?? '' }).execute();

export const movementRows = (db: Db, itemId: string) =>
  db
    .selectFrom('archive_paper_movements as m')
    .leftJoin('users as a', 'a.id', 'm.actor_id')
    .leftJoin('users as b', 'b.id', 'm.borrower_id')
    .select(['m.id', 'm.kind', 'm.from_location_id', 'm.to_location_id', 'm.borrower_id', 'm.due_on', 'm.stocktake_id', 'm.note', 'm.actor_id', 'm.at', 'a.display_name as actor_name', 'b.display_name as borrower_name'])
    .where('m.item_id', '=', itemId)
    .orderBy('m.seq', 'desc')
    .execute();
