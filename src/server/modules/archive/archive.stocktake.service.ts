import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { paperVisibleWhere, archiveVisibility, type ArchiveVisibility } from './archive.access';
import { allLocations, findLocation, insertMovement, locationPaths } from './archive.paper.repo';
import type { FinishStocktakeInput, ScanInput, StartStocktakeInput, StocktakeDto, StocktakeLineDto, StocktakeSummaryDto } from './archive.paper.schema';
import { PAPER_ITEM, placePaperItem } from './archive.paper.service';
import type { Db, Trx } from './archive.repo';
import { subtreeIds } from '../../db/subtree';

/**
 * Stocktakes of the paper register: a location (a box, or any subtree up to a room)
 * is listed as it should be — a snapshot of the items registered there that the
 * stocktaker may see — labels are scanned, and finishing settles each line: found,
 * lent (out on loan, not missing), missing (the item is marked missing), misplaced
 * (registered elsewhere; optionally moved here) or unknown (no such item).
 */
export const STOCKTAKE = 'archive_stocktake';
const iso = (d: Date | string) => new Date(d).toISOString();

/** The number printed on a label, from a scanned QR text ("PAP-2026-00001 /archive/paper/…") or what was typed. */
export function scannedNumber(code: string): string {
  const m = /[A-Z]{2,10}-\d{4}-\d{3,}/i.exec(code);
  return (m ? m[0] : code.trim().split(/\s+/)[0]).toUpperCase();
}

function stocktakeBase(db: Db) {
  return db
    .selectFrom('archive_stocktakes as s')
    .leftJoin('users as su', 'su.id', 's.started_by')
    .select(['s.id', 's.number', 's.location_id', 's.status', 's.note', 's.started_by', 's.created_at', 's.finished_at', 's.version', 'su.display_name as started_by_name']);
}
type StocktakeRow = Awaited<ReturnType<ReturnType<typeof stocktakeBase>['execute']>>[number];

/** The lines the viewer may see (lines of items hidden from them are left out, counts included). */
function visibleLines(db: Db, v: ArchiveVisibility, stocktakeId: string) {
  return db
    .selectFrom('archive_stocktake_lines as l')
    .leftJoin('archive_paper_items as p', 'p.id', 'l.item_id')
    .where('l.stocktake_id', '=', stocktakeId)
    .where((eb) => eb.or([eb('l.item_id', 'is', null), paperVisibleWhere(v)(eb)]));
}

/** The result shown for a line: settled when finished, provisional while open. */
const lineResult = (l: { result: StocktakeLineDto['result']; is_expected: boolean; found_at: Date | null; status_at_start: string | null }): StocktakeLineDto['result'] =>
  l.result ?? (l.is_expected ? (l.found_at ? 'found' : l.status_at_start === 'lent' ? 'lent' : null) : null);

async function summaries(db: Db, v: ArchiveVisibility, rows: StocktakeRow[]): Promise<StocktakeSummaryDto[]> {
  const paths = locationPaths(await allLocations(db));
  const out: StocktakeSummaryDto[] = [];
  for (const s of rows) {
    const c = await visibleLines(db, v, s.id)
      .select((eb) => [eb.fn.countAll<number>().filterWhere('l.is_expected', '=', true).as('expected'), eb.fn.countAll<number>().filterWhere('l.found_at', 'is not', null).filterWhere('l.is_expected', '=', true).as('found')])
      .executeTakeFirstOrThrow();
    out.push({
      id: s.id,
      number: s.number,
      locationId: s.location_id,
      locationPath: paths.get(s.location_id) ?? '',
      status: s.status,
      note: s.note,
      startedBy: s.started_by,
      startedByName: s.started_by_name,
      startedAt: iso(s.created_at),
      finishedAt: s.finished_at ? iso(s.finished_at) : null,
      expected: Number(c.expected),
      found: Number(c.found),
      version: s.version,
    });
  }
  return out;
}

/** Stocktakes, newest first (the back office: archive:write). */
export async function listStocktakes(db: Db, actor: Actor, q: { status?: 'open' | 'finished'; limit: number; offset: number }) {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  let base = db.selectFrom('archive_stocktakes as s');
  if (q.status) base = base.where('s.status', '=', q.status);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  let rows = stocktakeBase(db);
  if (q.status) rows = rows.where('s.status', '=', q.status);
  return { total: Number(total), items: await summaries(db, v, await rows.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(q.limit).offset(q.offset).execute()) };
}

/** One stocktake with its report: every line the viewer may see and the counts by result. */
export async function getStocktake(db: Db, actor: Actor, id: string): Promise<StocktakeDto> {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  const s = await stocktakeBase(db).where('s.id', '=', id).executeTakeFirst();
  if (!s) throw notFound(STOCKTAKE, id);
  const [summary] = await summaries(db, v, [s]);
  const paths = locationPaths(await allLocations(db));
  const rows = await visibleLines(db, v, id)
    .select(['l.code', 'l.item_id', 'l.is_expected', 'l.status_at_start', 'l.found_at', 'l.result', 'p.title', 'p.location_id'])
    .orderBy('l.is_expected', 'desc')
    .orderBy('l.code')
    .execute();
  const lines: StocktakeLineDto[] = rows.map((l) => ({
    code: l.code,
    itemId: l.item_id,
    title: l.title,
    locationPath: l.location_id ? paths.get(l.location_id) ?? null : null,
    isExpected: l.is_expected,
    statusAtStart: l.status_at_start,
    foundAt: l.found_at ? iso(l.found_at) : null,
    result: lineResult(l),
  }));
  const count = (r: StocktakeLineDto['result']) => lines.filter((l) => l.result === r).length;
  return { ...summary, lines, missing: count('missing'), misplaced: count('misplaced'), unknown: count('unknown'), lent: count('lent') };
}

/** Starts a stocktake of a location and everything below it: the items registered there are what it should hold. */
export async function startStocktake(db: Kysely<Database>, actor: Actor, input: StartStocktakeInput): Promise<StocktakeDto> {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  const id = await db.transaction().execute(async (trx) => {
    const loc = await findLocation(trx, input.locationId);
    if (!loc || loc.is_archived) throw fieldError('locationId', 'not_found', 'No such location');
    const s = await trx
      .insertInto('archive_stocktakes')
      .values({ number: await nextNumber(trx, 'archive_stocktake', new Date().getFullYear(), 'STK'), location_id: loc.id, note: input.note ?? '', started_by: actor.userId })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    const expected = await trx
      .selectFrom('archive_paper_items as p')
      .select(['p.id', 'p.number', 'p.status'])
      .where('p.location_id', 'in', await subtreeIds(trx, 'archive_locations', loc.id))
      .where(paperVisibleWhere(v))
      .execute();
    if (expected.length) {
      await trx
        .insertInto('archive_stocktake_lines')
        .values(expected.map((e) => ({ stocktake_id: s.id, item_id: e.id, code: e.number, is_expected: true, status_at_start: e.status })))
        .execute();
    }
    await recordAudit(trx, actor, { action: 'archive_stocktake.start', entityType: STOCKTAKE, entityId: s.id, after: { number: s.number, locationId: loc.id, expected: expected.length } });
    return s.id;
  });
  return getStocktake(db, actor, id);
}

async function lockOpen(trx: Trx, id: string) {
  const s = await trx.selectFrom('archive_stocktakes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!s) throw notFound(STOCKTAKE, id);
  if (s.status !== 'open') throw new AppError('conflict', 'This stocktake is finished', { detail: { reason: 'finished' } });
  return s;
}

/**
 * Records a scanned label: an expected item is found; an item registered elsewhere is
 * misplaced; a number the scanner cannot see or that does not exist is unknown. Scanning
 * the same label twice changes nothing.
 */
export async function scanStocktake(db: Kysely<Database>, actor: Actor, id: string, input: ScanInput): Promise<StocktakeLineDto> {
  requirePermission(actor, 'archive:write');
  const v = await archiveVisibility(db, actor);
  const code = scannedNumber(input.code);
  await db.transaction().execute(async (trx) => {
    const s = await lockOpen(trx, id);
    const subtree = await subtreeIds(trx, 'archive_locations', s.location_id);
    if (input.locationId && !subtree.includes(input.locationId)) throw fieldError('locationId', 'outside', 'The location is not part of this stocktake');
    const foundAt = input.locationId ?? s.location_id;
    const existing = await trx.selectFrom('archive_stocktake_lines').select(['id', 'is_expected', 'found_at']).where('stocktake_id', '=', id).where('code', '=', code).executeTakeFirst();
    if (existing) {
      if (existing.is_expected && !existing.found_at) await trx.updateTable('archive_stocktake_lines').set({ found_at: new Date(), found_location_id: foundAt }).where('id', '=', existing.id).execute();
    } else {
      const item = await trx.selectFrom('archive_paper_items as p').select(['p.id']).where('p.number', '=', code).where(paperVisibleWhere(v)).executeTakeFirst();
      await trx
        .insertInto('archive_stocktake_lines')
        .values({ stocktake_id: id, item_id: item?.id ?? null, code, is_expected: false, found_at: new Date(), found_location_id: foundAt, result: item ? 'misplaced' : 'unknown' })
        .execute();
    }
    await recordAudit(trx, actor, { action: 'archive_stocktake.scan', entityType: STOCKTAKE, entityId: id, after: { code, locationId: foundAt } });
  });
  const report = await getStocktake(db, actor, id);
  return report.lines.find((l) => l.code === code) ?? { code, itemId: null, title: null, locationPath: null, isExpected: false, statusAtStart: null, foundAt: null, result: 'unknown' };
}

/**
 * Finishes a stocktake in one transaction: expected items not found are marked missing
 * (unless they are out on loan); expected items that were missing or lent and are found
 * are back in place; with moveMisplaced, items registered elsewhere are moved to where
 * they were found. Every change is a movement of the item, tied to the stocktake.
 */
export async function finishStocktake(db: Kysely<Database>, actor: Actor, id: string, input: FinishStocktakeInput): Promise<StocktakeDto> {
  requirePermission(actor, 'archive:write');
  await db.transaction().execute(async (trx) => {
    const s = await lockOpen(trx, id);
    if (s.version !== input.version) throw versionConflict(STOCKTAKE);
    const lines = await trx.selectFrom('archive_stocktake_lines').selectAll().where('stocktake_id', '=', id).execute();
    const counts = { found: 0, missing: 0, lent: 0, misplaced: 0, unknown: 0, moved: 0 };
    const note = `stocktake ${s.number}`;
    const audited = (itemId: string, kind: string) => recordAudit(trx, actor, { action: `archive_paper.${kind}`, entityType: PAPER_ITEM, entityId: itemId, after: { stocktakeId: id, number: s.number } });
    for (const l of lines) {
      const item = l.item_id ? await trx.selectFrom('archive_paper_items').selectAll().where('id', '=', l.item_id).forUpdate().executeTakeFirst() : undefined;
      let result: NonNullable<typeof l.result>;
      if (!item) result = 'unknown';
      else if (l.is_expected && l.found_at) {
        result = 'found';
        // Found where it belongs: a missing or lent item is back (at its own place).
        if (item.status !== 'in_place') await audited(item.id, await placePaperItem(trx, actor, item, item.location_id, note, id));
      } else if (l.is_expected) {
        if (item.status === 'lent') result = 'lent';
        else {
          result = 'missing';
          if (item.status === 'in_place') {
            await trx.updateTable('archive_paper_items').set({ status: 'missing', version: item.version + 1, updated_at: new Date() }).where('id', '=', item.id).execute();
            await insertMovement(trx, { item_id: item.id, kind: 'missing', from_location_id: item.location_id, stocktake_id: id, note, actor_id: actor.userId });
            await audited(item.id, 'missing');
          }
        }
      } else {
        result = 'misplaced';
        if (input.moveMisplaced && l.found_location_id) {
          await audited(item.id, await placePaperItem(trx, actor, item, l.found_location_id, note, id));
          counts.moved++;
        }
      }
      counts[result]++;
      await trx.updateTable('archive_stocktake_lines').set({ result }).where('id', '=', l.id).execute();
    }
    await trx.updateTable('archive_stocktakes').set({ status: 'finished', finished_by: actor.userId, finished_at: new Date(), version: s.version + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'archive_stocktake.finish', entityType: STOCKTAKE, entityId: id, after: { ...counts, moveMisplaced: input.moveMisplaced } });
  });
  return getStocktake(db, actor, id);
}
