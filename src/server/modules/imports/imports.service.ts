import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely, Transaction } from 'kysely';
import type { DbHandle, RawSql } from '../../db/connect';
import type { Database } from '../../db/database';
import { AppError, notFound } from '../../http/app-error';
import { isActor, type Actor, type AuditActor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { loadActor } from '../../platform/auth/actor-loader';
import type { FileStores } from '../../platform/files/file-store';
import { getFile } from '../../platform/files/files.service';
import { defineQueue } from '../../platform/jobs/jobs.registry';
import { enqueue } from '../../platform/jobs/jobs.service';
import { SUMMARY_TIDY_QUEUE } from '../statistics/statistics.schema';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { decodeCursor, encodeCursor, keysetPage, type Page } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { checkHeader, openImportFile, badFile, type OpenedFile } from './imports.reader';
import { applyOrders, applyRecords, clearStage, deleteBatchRows, insertErrors, kyselyOnRaw, undoBlockers, type ApplyContext, type OrderApplyResult } from './imports.repo';
import { LINE_STAGE_COLUMNS, ORDER_STAGE_COLUMNS, OrderLineMapper, mapRecord, resolveColumns, type MapContext, type RowError, type UserRef } from './imports.rows';
import {
  IMPORT_FIELDS,
  importOptions,
  suggestMapping,
  type ImportBatchDto,
  type ImportErrorDto,
  type ImportKind,
  type ImportMapping,
  type ImportOptions,
  type ListBatchesQuery,
  type PreviewDto,
  type RunImportInput,
  type TemplateDto,
  type TemplateInput,
} from './imports.schema';

/**
 * Spreadsheet imports (customers, contacts, products, flat order lines):
 * upload → preview → mapping (suggested, saved as templates) → dry run → import → undo.
 *
 * Decisions:
 * - Parsing, checks and mapping are JS, streaming; writes are set-based: COPY into
 *   unlogged staging tables in chunks (each chunk its own short statement, so the
 *   progress and other requests get through on PGlite), then one transaction of
 *   INSERT … SELECT statements creates regions, customers, products, orders and lines.
 * - Idempotent by external ids: orders by order number in the file (external_id), lines by
 *   order + line no (external_line_id), customers by external id, credit code or folded name,
 *   products by code, regions by name or code. What exists is counted "unchanged" and left as
 *   it is: an import creates, it never overwrites (correct an order by undoing its batch).
 * - Imported orders get numbers of the sales module's scheme (SO-<year of the order date>-nnnnn,
 *   sequence `sales_order`, one block reserved per year in one statement); customers the customers
 *   module's (C-000001, sequence `customer`, year 0). The file's order number is kept as
 *   external_id (and shown in exports), so re-imports match it.
 * - Imported orders are `confirmed` (historical sales), dated and confirmed on their order date.
 * - The amount in the file is the line's net amount; it must equal quantity × unit price ×
 *   (1 − discount) within ±1 minor unit (rounding in the source system), and is kept as given,
 *   so totals agree with the file to the cent.
 * - A file with bad rows is refused as a whole unless skipInvalidRows (then an order with any bad
 *   line is skipped whole). The first MAX_STORED_ERRORS errors are stored; the count is exact.
 * - One audit entry per batch (import.run / import.undo with the counts): every row carries
 *   import_batch_id, which is what undo removes, in one transaction.
 * - The sales summary tables (statistics) stay exact in the same transaction: the summary
 *   triggers stand aside for the import's own INSERTs of orders and lines, and the import adds
 *   the same change set-based from what it staged (migration 0019, imports.repo.ts
 *   applyOrderStats). Undo deletes through the triggers.
 */

type Db = Kysely<Database>;
export const IMPORT_QUEUE = 'imports.run';
export const MAX_STORED_ERRORS = 10_000;
const COPY_CHUNK_BYTES = 8 * 1024 * 1024;
/** Files above this size run as a background job. */
export const BACKGROUND_BYTES = 5 * 1024 * 1024;

let jobStores: FileStores | undefined;
/** The routes hand over the file stores, so that the background job can read the uploaded file. */
export function setImportFileStores(stores: FileStores) {
  jobStores = stores;
}

const IMPORT_CHAIN_LOCK = 7_300_417_101;

type BatchRow = Awaited<ReturnType<typeof selectBatch>>;
const selectBatch = (db: Db | Transaction<Database>, id: string) => db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();

function toBatchDto(r: NonNullable<BatchRow>): ImportBatchDto {
  const counts = (r.created_counts ?? {}) as { created?: Record<string, number>; unchanged?: Record<string, number> };
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    fileName: r.file_name,
    fileId: r.file_id,
    status: r.status,
    mapping: (r.mapping as Record<string, string> | null) ?? null,
    totalRows: r.total_rows,
    validRows: r.valid_rows,
    errorRows: r.error_rows,
    progress: r.progress,
    created: counts.created ?? {},
    unchanged: counts.unchanged ?? {},
    message: r.message,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    undoneAt: r.undone_at ? new Date(r.undone_at).toISOString() : null,
  };
}

const userIdOf = (a: AuditActor) => (isActor(a) ? a.userId : null);
const checkRun = (a: AuditActor) => {
  if (isActor(a)) requirePermission(a, 'imports:run');
};

async function loadBatch(db: Db, id: string): Promise<NonNullable<BatchRow>> {
  const row = await selectBatch(db, id);
  if (!row) throw notFound('import batch', id);
  return row;
}

// ---------- files ----------

/** Copies a stored upload to a private temporary file (the readers need a path; XLSX needs to seek nothing but CSV detection reads twice). */
async function materialize(db: Db, stores: FileStores, fileId: string): Promise<{ dir: string; file: string }> {
  const f = await db.selectFrom('files as f').innerJoin('file_blobs as b', 'b.sha256', 'f.sha256').select(['f.sha256', 'b.store']).where('f.id', '=', fileId).executeTakeFirst();
  if (!f) throw notFound('file', fileId);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'salesdesk-import-'));
  const file = path.join(dir, 'data');
  await pipeline(await stores.byKind(f.store).read(db, f.sha256), fs.createWriteStream(file));
  return { dir, file };
}

const PREVIEW_ROWS = 20;

/** The first rows, the detected encoding and delimiter, and the suggested mapping; refuses an empty or header-only file. */
export async function previewFile(filePath: string, kind: ImportKind, opts: Partial<ImportOptions> = {}): Promise<PreviewDto> {
  const opened = openImportFile(filePath, { encoding: opts.encoding, delimiter: opts.delimiter });
  const rows: string[][] = [];
  let headers: string[] | undefined;
  for await (const row of opened.rows()) {
    if (!headers) {
      headers = checkHeader(row);
      continue;
    }
    rows.push(row);
    if (rows.length >= PREVIEW_ROWS) break;
  }
  headers = checkHeader(headers);
  if (rows.length === 0) throw badFile('The file has a header but no rows', 'no_rows');
  return {
    format: opened.meta.format,
    encoding: opened.meta.encoding,
    delimiter: opened.meta.delimiter,
    headers,
    rows,
    suggestedMapping: suggestMapping(kind, headers),
    fields: IMPORT_FIELDS[kind].map((f) => ({ field: f.field, required: !!f.required })),
  };
}

// ---------- batches ----------

/** Starts an import from an uploaded file (purpose import): the file must be readable, with a header and rows. */
export async function createBatch(db: Db, stores: FileStores, actor: Actor, input: { kind: ImportKind; fileId: string; options?: Partial<ImportOptions> }): Promise<{ batch: ImportBatchDto; preview: PreviewDto }> {
  requirePermission(actor, 'imports:run');
  const file = await getFile(db, actor, input.fileId);
  if (file.purpose !== 'import') throw new AppError('validation_failed', 'Upload the file with purpose=import', { fields: [{ field: 'fileId', code: 'purpose', message: 'not an import file' }] });
  const tmp = await materialize(db, stores, input.fileId);
  try {
    const preview = await previewFile(tmp.file, input.kind, input.options);
    const options = importOptions.parse(input.options ?? {});
    const batch = await db.transaction().execute(async (trx) => {
      const year = Number((await businessToday(trx)).slice(0, 4));
      const number = await nextNumber(trx, 'import_batch', year, 'IMP', 5);
      const row = await trx
        .insertInto('import_batches')
        .values({ number, kind: input.kind, file_name: file.name, file_id: file.id, status: 'uploaded', mapping: JSON.stringify(preview.suggestedMapping), options: JSON.stringify(options), created_counts: '{}', created_by: actor.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'import.create', entityType: 'import_batch', entityId: row.id, after: { number, kind: input.kind, file: file.name } });
      return row;
    });
    return { batch: toBatchDto(batch), preview };
  } finally {
    await fs.promises.rm(tmp.dir, { recursive: true, force: true });
  }
}

/** The preview of a batch's file (again), with other encoding or delimiter options if given. */
export async function previewBatch(db: Db, stores: FileStores, actor: Actor, id: string, opts: Partial<ImportOptions> = {}): Promise<PreviewDto> {
  requirePermission(actor, 'imports:run');
  const batch = await loadBatch(db, id);
  if (!batch.file_id) throw new AppError('conflict', 'This batch was imported from the command line; its file is not stored');
  const tmp = await materialize(db, stores, batch.file_id);
  try {
    return await previewFile(tmp.file, batch.kind, { ...(batch.options as Partial<ImportOptions>), ...opts });
  } finally {
    await fs.promises.rm(tmp.dir, { recursive: true, force: true });
  }
}

/** Import history: every batch with its counts, newest first. The back office (imports:run) sees all batches. */
export async function listBatches(db: Db, actor: Actor, query: ListBatchesQuery): Promise<Page<ImportBatchDto>> {
  requirePermission(actor, 'imports:run');
  let q = db.selectFrom('import_batches').selectAll();
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.status) q = q.where('status', '=', query.status);
  const page = await keysetPage(q, { sortRef: 'created_at', idRef: 'id', direction: 'desc', page: query, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map(toBatchDto), nextCursor: page.nextCursor };
}

export async function getBatch(db: Db, actor: Actor, id: string): Promise<ImportBatchDto> {
  requirePermission(actor, 'imports:run');
  return toBatchDto(await loadBatch(db, id));
}

/** A batch's bad rows with the reason, by row number (as in the spreadsheet: the header is row 1). */
export async function listErrors(db: Db, actor: Actor, id: string, page: { limit: number; cursor?: string }): Promise<Page<ImportErrorDto>> {
  requirePermission(actor, 'imports:run');
  await loadBatch(db, id);
  let q = db.selectFrom('import_batch_errors').select(['row_no', 'field', 'code', 'message', 'value', 'params']).where('batch_id', '=', id);
  if (page.cursor) {
    const [rowNo, n] = decodeCursor(page.cursor);
    q = q.where((eb) => eb.or([eb('row_no', '>', Number(rowNo)), eb.and([eb('row_no', '=', Number(rowNo)), eb('code', '>', String(n))])]));
  }
  const rows = await q.orderBy('row_no').orderBy('code').limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({ rowNo: r.row_no, field: r.field, code: r.code, message: r.message, value: r.value, params: r.params ?? null })),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.row_no, last.code) : null,
  };
}

// ---------- templates ----------

export async function saveTemplate(db: Db, actor: Actor, input: TemplateInput): Promise<TemplateDto> {
  requirePermission(actor, 'imports:run');
  const known = new Set(IMPORT_FIELDS[input.kind].map((f) => f.field));
  const unknown = Object.keys(input.mapping).filter((f) => !known.has(f));
  if (unknown.length) throw new AppError('validation_failed', `Not fields of ${input.kind} imports: ${unknown.join(', ')}`, { fields: [{ field: 'mapping', code: 'unknown_field', message: `not fields of ${input.kind} imports: ${unknown.join(', ')}` }] });
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('import_templates').selectAll().where('kind', '=', input.kind).where('name', '=', input.name).executeTakeFirst();
    const row = await trx
      .insertInto('import_templates')
      .values({ kind: input.kind, name: input.name, mapping: JSON.stringify(input.mapping), options: JSON.stringify(input.options ?? {}), created_by: actor.userId })
      .onConflict((oc) => oc.columns(['kind', 'name']).doUpdateSet({ mapping: JSON.stringify(input.mapping), options: JSON.stringify(input.options ?? {}) }))
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: before ? 'import_template.update' : 'import_template.create', entityType: 'import_template', entityId: row.id, before: before ? { mapping: before.mapping } : undefined, after: { kind: input.kind, name: input.name, mapping: input.mapping } });
    return toTemplateDto(row);
  });
}

function toTemplateDto(r: { id: string; kind: string; name: string; mapping: unknown; options: unknown; created_at: Date | string }): TemplateDto {
  return { id: r.id, kind: r.kind as ImportKind, name: r.name, mapping: r.mapping as Record<string, string>, options: (r.options ?? {}) as Record<string, unknown>, createdAt: new Date(r.created_at).toISOString() };
}

export async function listTemplates(db: Db, actor: Actor, kind?: ImportKind): Promise<TemplateDto[]> {
  requirePermission(actor, 'imports:run');
  let q = db.selectFrom('import_templates').selectAll().orderBy('kind').orderBy('name');
  if (kind) q = q.where('kind', '=', kind);
  return (await q.execute()).map(toTemplateDto);
}

export async function deleteTemplate(db: Db, actor: Actor, id: string): Promise<void> {
  requirePermission(actor, 'imports:run');
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('import_templates').where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw notFound('import template', id);
    await recordAudit(trx, actor, { action: 'import_template.delete', entityType: 'import_template', entityId: id, before: { kind: row.kind, name: row.name, mapping: row.mapping } });
  });
}

// ---------- the pipeline ----------

async function resolveMappingInput(db: Db, kind: ImportKind, input: RunImportInput, stored: unknown): Promise<{ mapping?: ImportMapping; options: Partial<ImportOptions> }> {
  if (input.templateId) {
    const t = await db.selectFrom('import_templates').selectAll().where('id', '=', input.templateId).executeTakeFirst();
    if (!t || t.kind !== kind) throw new AppError('validation_failed', 'No such template for this kind', { fields: [{ field: 'templateId', code: 'not_found', message: 'No such template for this kind' }] });
    return { mapping: input.mapping ?? (t.mapping as ImportMapping), options: { ...(t.options as object), ...(input.options ?? {}) } };
  }
  return { mapping: input.mapping ?? ((stored as ImportMapping | null) ?? undefined), options: input.options ?? {} };
}

async function loadUsers(db: Db): Promise<Map<string, UserRef>> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'display_name', 'department_id']).where('is_active', '=', true).execute();
  const m = new Map<string, UserRef>();
  for (const u of rows) {
    const ref = { id: u.id, departmentId: u.department_id };
    m.set(u.email.toLowerCase(), ref);
    if (!m.has(u.display_name)) m.set(u.display_name, ref);
  }
  return m;
}

export interface ProcessInput {
  handle: DbHandle;
  actor: AuditActor;
  batchId: string;
  kind: ImportKind;
  filePath: string;
  mapping?: ImportMapping;
  options: ImportOptions;
  dryRun: boolean;
}

export interface ProcessResult {
  batch: ImportBatchDto;
  errors: ImportErrorDto[];
}

/**
 * Reads the whole file, checks every row, and (unless a dry run) stages and applies
 * it in one transaction. A dry run writes only the batch's error list and counts.
 */
export async function processFile(p: ProcessInput): Promise<ProcessResult> {
  const db = p.handle.db;
  const opened = openImportFile(p.filePath, { encoding: p.options.encoding, delimiter: p.options.delimiter });
  const iter = opened.rows();
  const first = await iter.next();
  const headers = checkHeader(first.done ? undefined : first.value);
  const mapping = p.mapping ?? suggestMapping(p.kind, headers);
  const { columns, problems } = resolveColumns(p.kind, headers, mapping);
  if (problems.length) {
    await iter.return(undefined);
    const mapped = Object.values(mapping).filter(Boolean).length;
    if (headers.length === 1 && mapped > 1) {
      const d = opened.meta.delimiter === '\t' ? 'tab' : `"${opened.meta.delimiter}"`;
      throw badFile(`The file has a single column ("${headers[0].slice(0, 80)}"): the delimiter is not ${d}. Choose the file's delimiter (comma, semicolon or tab) or "auto".`, 'delimiter');
    }
    throw new AppError('validation_failed', `The mapping does not fit the file: ${problems.join('; ')}`, { fields: problems.map((m) => ({ field: 'mapping', code: 'invalid', message: m })) });
  }
  const settings = await getCompanySettings(db);
  const currency = p.options.currency ?? settings.currency;
  const ctx: MapContext = { kind: p.kind, headers, mapping, currency, users: await loadUsers(db), createProducts: p.options.createProducts, createCustomers: p.options.createCustomers };
  if (p.kind === 'orders' && !p.options.createProducts) {
    ctx.productCodes = new Set((await db.selectFrom('products').select('code').execute()).map((r) => r.code.toLowerCase()));
  }
  if (p.kind === 'orders' && !p.options.createCustomers) {
    const rows = await db.selectFrom('customers').select(['external_id', 'credit_code', 'name_key']).where('merged_into_id', 'is', null).execute();
    ctx.customerKeys = new Set(rows.flatMap((r) => [r.external_id ? `x:${r.external_id}` : '', r.credit_code ? `c:${r.credit_code}` : '', `n:${r.name_key}`]).filter(Boolean));
  }

  await p.handle.withRaw(async (raw) => {
    await clearStage(raw.query.bind(raw), p.batchId);
    await raw.query('delete from import_batch_errors where batch_id = $1', [p.batchId]);
  });
  await db.updateTable('import_batches').set({ status: p.dryRun ? 'uploaded' : 'importing', progress: 0, mapping: JSON.stringify(mapping), options: JSON.stringify(p.options), message: null }).where('id', '=', p.batchId).execute();

  const orders = p.kind === 'orders' ? new OrderLineMapper(ctx, columns) : undefined;
  const stored: RowError[] = [];
  let errorCount = 0;
  let errorRows = 0;
  let total = 0;
  let chunk: string[] = [];
  let chunkBytes = 0;
  let copyMs = 0;
  const stageTable = p.kind === 'orders' ? `import_order_lines_stage (${LINE_STAGE_COLUMNS})` : 'import_rows_stage (batch_id, row_no, data)';
  // One COPY may run while the next chunk is parsed: on PostgreSQL the server writes the
  // chunk on its own core meanwhile. At most one is in flight (memory stays one chunk ahead).
  let inFlight: Promise<void> | undefined;
  const flush = async () => {
    if (inFlight) await inFlight;
    inFlight = undefined;
    if (!chunk.length) return;
    const data = Buffer.from(chunk.join('\n') + '\n', 'utf8');
    chunk = [];
    chunkBytes = 0;
    const progress = Math.min(90, Math.floor((opened.bytesRead() / opened.size) * 90));
    const started = (async () => {
      const c0 = performance.now();
      await p.handle.withRaw((raw) => raw.copyFrom(stageTable, data));
      copyMs += performance.now() - c0;
      await db.updateTable('import_batches').set({ progress }).where('id', '=', p.batchId).execute();
    })();
    // Awaited by the next flush (or the final one); a failure meanwhile is kept, not unhandled.
    started.catch(() => undefined);
    inFlight = started;
  };

  const seenKeys = new Map<string, number>();
  const parseStart = performance.now();
  const parseCpu = process.cpuUsage();
  let rowNo = 1;
  for (;;) {
    const next = await iter.next();
    if (next.done) break;
    rowNo++;
    total++;
    const row = next.value;
    let line: string | undefined;
    let errors: RowError[];
    if (orders) {
      const r = orders.map(p.batchId, row, rowNo);
      line = r.line;
      errors = r.errors;
    } else {
      const r = mapRecord(ctx, columns, row, rowNo);
      errors = r.errors;
      if (r.record) {
        const dup = recordKeys(p.kind, r.record).find((k) => seenKeys.has(k));
        if (dup) errors.push({ rowNo, field: null, code: 'duplicate_in_file', message: `The same ${p.kind.slice(0, -1)} appears twice in the file (row ${seenKeys.get(dup)})`, value: dup.slice(2), params: { row: seenKeys.get(dup)! } });
        else for (const k of recordKeys(p.kind, r.record)) seenKeys.set(k, rowNo);
      }
      if (r.record && !errors.length) line = `${p.batchId}\t${rowNo}\t${JSON.stringify(r.record).replace(/\\/g, '\\\\')}`;
    }
    if (errors.length) {
      errorRows++;
      errorCount += errors.length;
      for (const e of errors) if (stored.length < MAX_STORED_ERRORS) stored.push(e);
    } else if (line !== undefined && !p.dryRun) {
      chunk.push(line);
      chunkBytes += line.length;
      if (chunkBytes >= COPY_CHUNK_BYTES) await flush();
    }
  }
  if (inFlight) await inFlight;
  inFlight = undefined;
  if (total === 0) throw badFile('The file has a header but no rows', 'no_rows');
  if (process.env.IMPORT_TIMING === '1') process.stderr.write(`[import] parsed, checked and staged ${total} rows in ${(performance.now() - parseStart).toFixed(0)} ms (cpu ${(Object.values(process.cpuUsage(parseCpu)).reduce((x, y) => x + y, 0) / 1000).toFixed(0)} ms; COPY ${copyMs.toFixed(0)} ms)\n`);

  const finishValidation = async (status: 'validated' | 'failed', message: string | null) => {
    await p.handle.withRaw(async (raw) => {
      await insertErrors(raw.query.bind(raw), p.batchId, stored);
      if (status === 'failed' || p.dryRun) await clearStage(raw.query.bind(raw), p.batchId);
    });
    const validRows = total - errorRows;
    await db.updateTable('import_batches').set({ status, total_rows: total, valid_rows: validRows, error_rows: errorRows, progress: status === 'validated' ? 100 : 0, message, finished_at: status === 'failed' ? new Date() : null }).where('id', '=', p.batchId).execute();
  };

  if (p.dryRun) {
    await finishValidation('validated', errorRows ? `${errorRows} of ${total} rows have errors` : null);
    return { batch: toBatchDto(await loadBatch(db, p.batchId)), errors: stored.slice(0, 100).map(toErrorDto) };
  }
  if (errorRows > 0 && !p.options.skipInvalidRows) {
    const message = `${errorRows} of ${total} rows have errors (${errorCount} problems); nothing was imported. Fix the file, or import with skipInvalidRows.`;
    await finishValidation('failed', message);
    throw new AppError('validation_failed', message, { detail: { batchId: p.batchId, errorRows }, fields: stored.slice(0, 20).map((e) => ({ field: `row ${e.rowNo}${e.field ? ` ${e.field}` : ''}`, code: e.code, message: e.message })) });
  }
  await flush();
  if (inFlight) await inFlight;
  await db.updateTable('import_batches').set({ progress: 90 }).where('id', '=', p.batchId).execute();

  const year = Number((await businessToday(db)).slice(0, 4));
  const apply: ApplyContext = { batchId: p.batchId, userId: userIdOf(p.actor), year, createCustomers: p.options.createCustomers, createProducts: p.options.createProducts, createRegions: p.options.createRegions, currency, departmentId: isActor(p.actor) ? p.actor.departmentId : null };
  try {
    await p.handle.withRaw(async (raw) => {
      const q = timed(raw.query.bind(raw), p.handle.engine);
      const k = kyselyOnRaw(raw);
      await k.transaction().execute(async (trx) => {
        await q('select pg_advisory_xact_lock($1)', [IMPORT_CHAIN_LOCK]);
        // Hash joins and aggregates over a million staged lines (and the summary triggers'
        // delta) stay in memory instead of spilling to disk in batches; this transaction only.
        await q(`set local work_mem = '64MB'`);
        let result: OrderApplyResult;
        if (orders) {
          const lines = [...orders.orderCopyLines(p.batchId)];
          for (let i = 0; i < lines.length; i += 100_000) await raw.copyFrom(`import_orders_stage (${ORDER_STAGE_COLUMNS})`, Buffer.from(lines.slice(i, i + 100_000).join('\n') + '\n', 'utf8'));
          result = await applyOrders(q, apply, { customers: [...orders.customers.values()], products: [...orders.products.values()], regions: orders.regions });
        } else {
          result = await applyRecords(q, apply, p.kind as 'customers' | 'contacts' | 'products');
        }
        await insertErrors(q, p.batchId, stored);
        await clearStage(q, p.batchId);
        await trx
          .updateTable('import_batches')
          .set({ status: 'imported', total_rows: total, valid_rows: total - errorRows, error_rows: errorRows, progress: 100, created_counts: JSON.stringify(result), finished_at: new Date(), message: errorRows ? `${errorRows} rows with errors were skipped` : null })
          .where('id', '=', p.batchId)
          .execute();
        await recordAudit(trx, p.actor, { action: 'import.run', entityType: 'import_batch', entityId: p.batchId, after: { kind: p.kind, rows: total, errorRows, ...result } });
        // Thousands of summary rows were rewritten: PGlite has no autovacuum, the tidy job does its part (statistics/summary.ts).
        if (orders && p.handle.engine === 'pglite') await enqueue(trx, SUMMARY_TIDY_QUEUE, {});
      });
    });
  } catch (err) {
    await p.handle.withRaw((raw) => clearStage(raw.query.bind(raw), p.batchId)).catch(() => undefined);
    await db.updateTable('import_batches').set({ status: 'failed', message: `The import failed and wrote nothing: ${(err as Error).message}`.slice(0, 2000), finished_at: new Date() }).where('id', '=', p.batchId).execute();
    throw err;
  }
  return { batch: toBatchDto(await loadBatch(db, p.batchId)), errors: stored.slice(0, 100).map(toErrorDto) };
}

/**
 * IMPORT_TIMING=1 logs every apply statement slower than 50 ms (for the benchmark and tuning):
 * wall time, this process's CPU time (all of PGlite's work) and, on PostgreSQL on this
 * machine, the server backend's CPU time (from /proc): on a shared machine the CPU times
 * move far less with the others' load than the wall time does.
 */
function timed(q: RawSql['query'], engine: DbHandle['engine']): RawSql['query'] {
  if (process.env.IMPORT_TIMING !== '1') return q;
  let backendPid: number | null | undefined;
  const backendCpuMs = async (): Promise<number | null> => {
    if (engine !== 'postgres') return null;
    if (backendPid === undefined) backendPid = Number((await q<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid);
    try {
      const fields = fs.readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
    } catch {
      return null;
    }
  };
  return (async (text: string, params?: unknown[]) => {
    const b0 = await backendCpuMs();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await q(text, params);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const b1 = await backendCpuMs();
    if (ms > 50) {
      const server = b0 !== null && b1 !== null ? `, server cpu ${(b1 - b0).toFixed(0)} ms` : '';
      process.stderr.write(`[import] ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms${server}) ${text.replace(/\s+/g, ' ').slice(0, 100)}\n`);
    }
    return r;
  }) as RawSql['query'];
}

const toErrorDto = (e: RowError): ImportErrorDto => ({ rowNo: e.rowNo, field: e.field, code: e.code, message: e.message, value: e.value, params: e.params ?? null });

/** What makes two rows of a file the same record (a second one is an error: the file says two things about one record). */
function recordKeys(kind: ImportKind, r: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (kind === 'customers') {
    if (r.externalId) keys.push(`x:${r.externalId}`);
    if (r.creditCode) keys.push(`c:${r.creditCode}`);
    keys.push(`n:${r.nameKey}`);
  } else if (kind === 'products') keys.push(`p:${String(r.code).toLowerCase()}`);
  else {
    if (r.externalId) keys.push(`x:${r.externalId}`);
    keys.push(`k:${r.customerLabel}\u0000${String(r.name).toLowerCase()}`);
  }
  return keys;
}

async function withBatchFile<T>(db: Db, batch: NonNullable<BatchRow>, fn: (file: string) => Promise<T>): Promise<T> {
  if (!batch.file_id) throw new AppError('conflict', 'This batch was imported from the command line; its file is not stored');
  if (!jobStores) throw new AppError('internal', 'File stores are not configured');
  const tmp = await materialize(db, jobStores, batch.file_id);
  try {
    return await fn(tmp.file);
  } finally {
    await fs.promises.rm(tmp.dir, { recursive: true, force: true });
  }
}

/** Dry run: checks every row with the mapping and lists each bad row and why; writes nothing but the batch's error list. */
export async function dryRunBatch(handle: DbHandle, actor: Actor, id: string, input: RunImportInput): Promise<ProcessResult> {
  requirePermission(actor, 'imports:run');
  const db = handle.db;
  const batch = await loadBatch(db, id);
  if (batch.status === 'imported' || batch.status === 'importing' || batch.status === 'undone') throw new AppError('conflict', `This batch is ${batch.status}; start a new one to check the file again`);
  const m = await resolveMappingInput(db, batch.kind, input, batch.mapping);
  const options = importOptions.parse({ ...(batch.options as object), ...m.options });
  return withBatchFile(db, batch, (file) => processFile({ handle, actor, batchId: id, kind: batch.kind, filePath: file, mapping: m.mapping, options, dryRun: true }));
}

/** Imports a batch: inline for small files, else as a background job (the batch shows its progress). */
export async function runBatch(handle: DbHandle, actor: Actor, id: string, input: RunImportInput): Promise<{ batch: ImportBatchDto; queued: boolean; errors: ImportErrorDto[] }> {
  requirePermission(actor, 'imports:run');
  const db = handle.db;
  const batch = await loadBatch(db, id);
  if (batch.status === 'imported' || batch.status === 'importing' || batch.status === 'undone') throw new AppError('conflict', `This batch is already ${batch.status}`);
  const m = await resolveMappingInput(db, batch.kind, input, batch.mapping);
  const options = importOptions.parse({ ...(batch.options as object), ...m.options });
  const size = batch.file_id ? Number((await db.selectFrom('files').select('size').where('id', '=', batch.file_id).executeTakeFirstOrThrow()).size) : 0;
  if (options.background || size > BACKGROUND_BYTES) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('import_batches')
        .set({ status: 'importing', progress: 0, mapping: m.mapping ? JSON.stringify(m.mapping) : batch.mapping === null ? null : JSON.stringify(batch.mapping), options: JSON.stringify(options), message: null })
        .where('id', '=', id)
        .where('status', 'in', ['uploaded', 'validated', 'failed'])
        .returning('id')
        .executeTakeFirst();
      if (!claimed) throw new AppError('conflict', 'This batch is already being imported');
      await enqueue(trx, IMPORT_QUEUE, { batchId: id, userId: actor.userId });
    });
    return { batch: toBatchDto(await loadBatch(db, id)), queued: true, errors: [] };
  }
  const r = await withBatchFile(db, batch, (file) => processFile({ handle, actor, batchId: id, kind: batch.kind, filePath: file, mapping: m.mapping, options, dryRun: false }));
  return { ...r, queued: false };
}

/** The background job: runs the batch as the user who started it. A refusal (bad rows) ends it as failed, not retried. */
export function registerImportJobs(): void {
  defineQueue<{ batchId: string; userId: string }>({
    queue: IMPORT_QUEUE,
    maxAttempts: 1,
    lockSeconds: 6 * 3600,
    handler: async (ctx, payload) => {
      const db = ctx.db;
      const batch = await loadBatch(db, payload.batchId);
      const actor = (await loadActor(db, payload.userId, {})) ?? { label: 'import job' };
      const options = importOptions.parse(batch.options ?? {});
      try {
        await withBatchFile(db, batch, (file) => processFile({ handle: ctx.handle, actor, batchId: batch.id, kind: batch.kind, filePath: file, mapping: (batch.mapping as ImportMapping | null) ?? undefined, options, dryRun: false }));
      } catch (err) {
        if (err instanceof AppError && err.status < 500) return;
        throw err;
      }
    },
  });
}

/** Undo: removes exactly what the batch created, in one transaction; refused while later records depend on it. */
export async function undoBatch(handle: DbHandle, actor: AuditActor, id: string): Promise<ImportBatchDto> {
  checkRun(actor);
  const db = handle.db;
  const batch = await loadBatch(db, id);
  if (batch.status !== 'imported') throw new AppError('conflict', batch.status === 'undone' ? 'This batch was already undone' : `Only an imported batch can be undone (this one is ${batch.status})`);
  await handle.withRaw(async (raw) => {
    const q = raw.query.bind(raw);
    await kyselyOnRaw(raw)
      .transaction()
      .execute(async (trx) => {
        const locked = await q<{ status: string }>('select status from import_batches where id = $1 for update', [id]);
        if (locked.rows[0]?.status !== 'imported') throw new AppError('conflict', 'This batch was already undone');
        const blockers = await undoBlockers(q, id);
        if (blockers.length) {
          throw new AppError('conflict', `The batch cannot be undone: later records depend on it (${blockers.slice(0, 5).join('; ')}${blockers.length > 5 ? '; …' : ''}). Remove or cancel them first.`, { detail: { blockers } });
        }
        let removed: Record<string, number>;
        try {
          await q('savepoint undo_rows');
          removed = await deleteBatchRows(q, id);
        } catch (err) {
          if ((err as { code?: string }).code === '23503') {
            await q('rollback to savepoint undo_rows');
            throw new AppError('conflict', `The batch cannot be undone: a later record refers to what it created (${(err as { detail?: string }).detail ?? (err as Error).message})`);
          }
          throw err;
        }
        await trx.updateTable('import_batches').set({ status: 'undone', undone_at: new Date(), undone_by: userIdOf(actor), progress: 100 }).where('id', '=', id).execute();
        await recordAudit(trx, actor, { action: 'import.undo', entityType: 'import_batch', entityId: id, before: { created: (batch.created_counts as { created?: unknown })?.created ?? null }, after: { removed } });
      });
  });
  return toBatchDto(await loadBatch(db, id));
}

// ---------- command line ----------

/** `salesdesk import KIND FILE`: a batch without a stored file, run inline (dry run or import). */
export async function importFromPath(handle: DbHandle, actor: AuditActor, input: { kind: ImportKind; path: string; mapping?: ImportMapping; options?: Partial<ImportOptions>; dryRun: boolean }): Promise<ProcessResult> {
  checkRun(actor);
  const db = handle.db;
  if (!fs.existsSync(input.path)) throw new AppError('validation_failed', `No such file: ${input.path}`);
  const options = importOptions.parse(input.options ?? {});
  await previewFile(input.path, input.kind, options);
  const batch = await db.transaction().execute(async (trx) => {
    const year = Number((await businessToday(trx)).slice(0, 4));
    const number = await nextNumber(trx, 'import_batch', year, 'IMP', 5);
    const row = await trx
      .insertInto('import_batches')
      .values({ number, kind: input.kind, file_name: path.basename(input.path), file_id: null, status: 'uploaded', mapping: input.mapping ? JSON.stringify(input.mapping) : null, options: JSON.stringify(options), created_counts: '{}', created_by: userIdOf(actor) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'import.create', entityType: 'import_batch', entityId: row.id, after: { number, kind: input.kind, file: path.basename(input.path) } });
    return row;
  });
  return processFile({ handle, actor, batchId: batch.id, kind: input.kind, filePath: input.path, mapping: input.mapping, options, dryRun: input.dryRun });
}

export const newBatchId = () => crypto.randomUUID();
export type { OpenedFile };
