import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { buildExport, type ExportColumn } from '../../platform/export/list-export';
import type { FileStores } from '../../platform/files/file-store';
import { stageUpload } from '../../platform/files/files.service';
import { allLocations, locationPaths } from './archive.paper.repo';
import type { DocumentMetadata } from './archive.schema';
import { createDocuments } from './archive.service';

/**
 * Bulk export and import of the archive for the command line (`salesdesk archive
 * export|import`). The export is for people and other systems: every version's file
 * under files/<number>/, metadata.csv and metadata.json (documents, versions, links,
 * grants), locations.csv and paper.csv. It is not a backup of the database (that is
 * `salesdesk backup`). The import files a folder of files described by a CSV, row by
 * row: each row is stored whole or not at all, bad rows are reported, and a row whose
 * file (sha256) is already filed under the same title is skipped, so a re-run adds
 * nothing twice.
 */

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_').slice(0, 150) || 'file';

interface VersionExport {
  number: string;
  title: string;
  typeCode: string;
  category: string;
  tags: string;
  documentDate: string | null;
  counterparty: string;
  customerCodes: string;
  confidentiality: string;
  owner: string;
  versionNo: number;
  isCurrent: boolean;
  file: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  extractionStatus: string;
}

const versionColumns: ExportColumn<VersionExport>[] = [
  // The first nine are the columns `archive import` reads: an export can be filed again elsewhere.
  { key: 'file', en: 'file', zh: '文件', value: (r) => r.file },
  { key: 'title', en: 'title', zh: '标题', value: (r) => r.title },
  { key: 'type', en: 'type', zh: '类型', value: (r) => r.typeCode },
  { key: 'category', en: 'category', zh: '分类', value: (r) => r.category },
  { key: 'tags', en: 'tags', zh: '标签', value: (r) => r.tags },
  { key: 'date', en: 'date', zh: '日期', value: (r) => r.documentDate, kind: 'date' },
  { key: 'counterparty', en: 'counterparty', zh: '往来单位', value: (r) => r.counterparty },
  { key: 'customer', en: 'customer', zh: '客户编码', value: (r) => r.customerCodes },
  { key: 'confidentiality', en: 'confidentiality', zh: '密级', value: (r) => r.confidentiality },
  { key: 'number', en: 'number', zh: '编号', value: (r) => r.number },
  { key: 'version', en: 'version', zh: '版本', value: (r) => r.versionNo, kind: 'number' },
  { key: 'current', en: 'current', zh: '当前版本', value: (r) => (r.isCurrent ? 'yes' : 'no') },
  { key: 'file_name', en: 'file name', zh: '文件名', value: (r) => r.fileName },
  { key: 'mime', en: 'mime', zh: '类型（MIME）', value: (r) => r.mime },
  { key: 'size', en: 'size', zh: '大小', value: (r) => r.size, kind: 'number' },
  { key: 'sha256', en: 'sha256', zh: 'sha256', value: (r) => r.sha256 },
  { key: 'owner', en: 'owner', zh: '所有人', value: (r) => r.owner },
  { key: 'extraction', en: 'text extraction', zh: '文本提取', value: (r) => r.extractionStatus },
];

type PaperExport = Record<'number' | 'title' | 'type' | 'document' | 'customer' | 'contract' | 'confidentiality' | 'location_code' | 'location' | 'status' | 'borrower' | 'due_on', string>;
const paperColumns: ExportColumn<PaperExport>[] = (
  [
    ['number', 'number', '编号'],
    ['title', 'title', '标题'],
    ['type', 'type', '类型'],
    ['document', 'electronic copy', '电子文档'],
    ['customer', 'customer', '客户编码'],
    ['contract', 'contract', '合同'],
    ['confidentiality', 'confidentiality', '密级'],
    ['location_code', 'location code', '位置编码'],
    ['location', 'location', '位置'],
    ['status', 'status', '状态'],
    ['borrower', 'borrower', '借阅人'],
    ['due_on', 'due on', '应还日期'],
  ] as const
).map(([key, en, zh]) => ({ key, en, zh, value: (r: PaperExport) => r[key] }));

type LocationExport = { code: string; kind: string; name: string; parent: string; path: string; archived: string };
const locationColumns: ExportColumn<LocationExport>[] = (['code', 'kind', 'name', 'parent', 'path', 'archived'] as const).map((key) => ({ key, en: key, zh: key, value: (r: LocationExport) => r[key] }));

/** Writes every document and version, the paper register and the locations into `dir` (created; must be empty). */
export async function exportArchive(db: Kysely<Database>, stores: FileStores, dir: string): Promise<{ documents: number; versions: number; paper: number; bytes: number }> {
  await fs.promises.mkdir(dir, { recursive: true });
  if ((await fs.promises.readdir(dir)).length > 0) throw new AppError('bad_request', `${dir} is not empty`);
  const docs = await db
    .selectFrom('archive_documents as d')
    .leftJoin('archive_categories as c', 'c.id', 'd.category_id')
    .leftJoin('users as u', 'u.id', 'd.owner_id')
    .select(['d.id', 'd.number', 'd.title', 'd.type_code', 'd.tags', 'd.document_date', 'd.counterparty', 'd.notes', 'd.confidentiality', 'd.current_version', 'd.created_at', 'c.name_en as category', 'u.email as owner'])
    .orderBy('d.number')
    .execute();
  const versions = await db
    .selectFrom('archive_document_versions as v')
    .innerJoin('files as f', 'f.id', 'v.file_id')
    .innerJoin('file_blobs as b', 'b.sha256', 'f.sha256')
    .select(['v.document_id', 'v.version_no', 'v.comment', 'v.extraction_status', 'v.created_at', 'f.name', 'f.mime', 'f.size', 'f.sha256', 'b.store'])
    .orderBy('v.document_id')
    .orderBy('v.version_no')
    .execute();
  const links = await db
    .selectFrom('archive_document_links as l')
    .leftJoin('customers as c', (j) => j.onRef('c.id', '=', 'l.entity_id').on('l.entity_type', '=', 'customer'))
    .leftJoin('contracts as ct', (j) => j.onRef('ct.id', '=', 'l.entity_id').on('l.entity_type', '=', 'contract'))
    .leftJoin('sales_orders as so', (j) => j.onRef('so.id', '=', 'l.entity_id').on('l.entity_type', '=', 'sales_order'))
    .select(['l.document_id', 'l.entity_type', 'c.code as customer_code', 'ct.number as contract_number', 'so.number as order_number'])
    .execute();
  const grants = await db.selectFrom('archive_document_grants as g').leftJoin('users as u', 'u.id', 'g.user_id').select(['g.document_id', 'g.role', 'u.email']).execute();
  const byDoc = <T extends { document_id: string }>(rows: T[]) => rows.reduce((m, r) => m.set(r.document_id, [...(m.get(r.document_id) ?? []), r]), new Map<string, T[]>());
  const versionsOf = byDoc(versions);
  const linksOf = byDoc(links);
  const grantsOf = byDoc(grants);
  const flat: VersionExport[] = [];
  const json: unknown[] = [];
  let bytes = 0;
  for (const d of docs) {
    const docLinks = linksOf.get(d.id) ?? [];
    const customerCodes = docLinks.map((l) => l.customer_code).filter((c): c is string => !!c);
    const vs = [];
    for (const v of versionsOf.get(d.id) ?? []) {
      const rel = path.posix.join('files', safeName(d.number), `v${v.version_no}-${safeName(v.name)}`);
      await fs.promises.mkdir(path.join(dir, path.dirname(rel)), { recursive: true });
      await pipeline(await stores.byKind(v.store).read(db, v.sha256), fs.createWriteStream(path.join(dir, rel)));
      bytes += Number(v.size);
      const row: VersionExport = {
        number: d.number,
        title: d.title,
        typeCode: d.type_code,
        category: d.category ?? '',
        tags: d.tags.join(';'),
        documentDate: d.document_date,
        counterparty: d.counterparty,
        customerCodes: customerCodes.join(';'),
        confidentiality: d.confidentiality,
        owner: d.owner ?? '',
        versionNo: v.version_no,
        isCurrent: v.version_no === d.current_version,
        file: rel,
        fileName: v.name,
        mime: v.mime,
        size: Number(v.size),
        sha256: v.sha256,
        extractionStatus: v.extraction_status,
      };
      flat.push(row);
      vs.push({ versionNo: v.version_no, file: rel, fileName: v.name, mime: v.mime, size: Number(v.size), sha256: v.sha256, comment: v.comment, extractionStatus: v.extraction_status, createdAt: new Date(v.created_at).toISOString() });
    }
    json.push({
      number: d.number,
      title: d.title,
      typeCode: d.type_code,
      category: d.category,
      tags: d.tags,
      documentDate: d.document_date,
      counterparty: d.counterparty,
      notes: d.notes,
      confidentiality: d.confidentiality,
      owner: d.owner,
      currentVersion: d.current_version,
      createdAt: new Date(d.created_at).toISOString(),
      links: docLinks.map((l) => ({ type: l.entity_type, ref: l.customer_code ?? l.contract_number ?? l.order_number })),
      grants: (grantsOf.get(d.id) ?? []).map((g) => (g.email ? { user: g.email } : { role: g.role })),
      versions: vs,
    });
  }
  const locs = await allLocations(db);
  const paths = locationPaths(locs);
  const codeOf = new Map(locs.map((l) => [l.id, l.code]));
  const paper = await db
    .selectFrom('archive_paper_items as p')
    .leftJoin('archive_documents as d', 'd.id', 'p.document_id')
    .leftJoin('customers as c', 'c.id', 'p.customer_id')
    .leftJoin('contracts as ct', 'ct.id', 'p.contract_id')
    .leftJoin('users as u', 'u.id', 'p.borrower_id')
    .select(['p.number', 'p.title', 'p.type_code', 'p.confidentiality', 'p.location_id', 'p.status', 'p.due_on', 'd.number as document', 'c.code as customer', 'ct.number as contract', 'u.email as borrower'])
    .orderBy('p.number')
    .execute();
  const paperRows: PaperExport[] = paper.map((p) => ({
    number: p.number,
    title: p.title,
    type: p.type_code,
    document: p.document ?? '',
    customer: p.customer ?? '',
    contract: p.contract ?? '',
    confidentiality: p.confidentiality,
    location_code: codeOf.get(p.location_id) ?? '',
    location: paths.get(p.location_id) ?? '',
    status: p.status,
    borrower: p.borrower ?? '',
    due_on: p.due_on ?? '',
  }));
  const locationRows: LocationExport[] = locs.map((l) => ({ code: l.code, kind: l.kind, name: l.name, parent: l.parent_id ? codeOf.get(l.parent_id) ?? '' : '', path: paths.get(l.id) ?? '', archived: l.is_archived ? 'yes' : 'no' }));
  const csv = async <R>(name: string, rows: R[], columns: ExportColumn<R>[]) =>
    fs.promises.writeFile(path.join(dir, name), (await buildExport(rows, columns, { format: 'csv', locale: 'en', name, sheet: { en: name, zh: name } })).body);
  await csv('metadata.csv', flat, versionColumns);
  await csv('paper.csv', paperRows, paperColumns);
  await csv('locations.csv', locationRows, locationColumns);
  await fs.promises.writeFile(path.join(dir, 'metadata.json'), JSON.stringify({ exportedAt: new Date().toISOString(), documents: json, paper: paperRows, locations: locationRows }, null, 2));
  return { documents: docs.length, versions: flat.length, paper: paperRows.length, bytes };
}

// ---------------------------------------------------------------- import

const HEADERS: Record<string, string[]> = {
  file: ['file', 'path', '文件'],
  title: ['title', '标题'],
  type: ['type', '类型'],
  category: ['category', '分类'],
  tags: ['tags', '标签'],
  date: ['date', '日期'],
  counterparty: ['counterparty', '往来单位', '对方'],
  customer: ['customer', 'customer code', '客户编码', '客户'],
  confidentiality: ['confidentiality', '密级'],
};
const LEVELS: Record<string, DocumentMetadata['confidentiality']> = { internal: 'internal', confidential: 'confidential', secret: 'secret', 内部: 'internal', 机密: 'confidential', 秘密: 'confidential', 绝密: 'secret' };

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}
export interface ImportReport {
  rows: number;
  imported: number;
  unchanged: number;
  errors: ImportRowError[];
}

/** A CSV in UTF-8 (with or without BOM) or GB18030, as Excel in China saves it. */
function readCsv(file: string): Record<string, string>[] {
  const buf = fs.readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
  return rows;
}

/** Undo the export's formula guard ("'=x" was written for "=x"). */
const unguard = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);

class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Files a folder of files described by a metadata CSV (file, title, type, category,
 * tags, date, counterparty, customer code, confidentiality — English or Chinese
 * headers), as `actor`. Each row is checked, then stored in its own transaction;
 * a bad row is reported and stores nothing; a file already filed under the same
 * title (same sha256) is left as it is.
 */
export async function importArchive(db: Kysely<Database>, stores: FileStores, actor: Actor, dir: string, metadataFile: string, opts: { limitBytes: number; dryRun?: boolean }): Promise<ImportReport> {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new AppError('bad_request', `${dir} is not a folder`);
  const rows = readCsv(metadataFile);
  const headerOf = (row: Record<string, string>, field: string) => {
    for (const h of HEADERS[field]) if (h in row) return unguard(row[h] ?? '');
    return '';
  };
  if (rows.length && !HEADERS.file.some((h) => h in rows[0])) throw new AppError('bad_request', 'The metadata CSV needs a "file" column (file, title, type, category, tags, date, counterparty, customer, confidentiality)');
  const types = await db.selectFrom('archive_document_types').select(['code', 'name_en', 'name_zh', 'is_active']).execute();
  const categories = await db.selectFrom('archive_categories').select(['id', 'name_en', 'name_zh']).execute();
  const report: ImportReport = { rows: rows.length, imported: 0, unchanged: 0, errors: [] };
  for (const [i, row] of rows.entries()) {
    const rowNo = i + 2; // the header is line 1
    try {
      const rel = headerOf(row, 'file');
      if (!rel) throw new RowError('file', 'is required');
      const full = path.resolve(root, rel);
      if (!full.startsWith(root + path.sep)) throw new RowError('file', 'must be a file inside the folder');
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) throw new RowError('file', `${rel} does not exist`);
      const meta: DocumentMetadata = {};
      const title = headerOf(row, 'title');
      meta.title = (title || path.basename(rel).replace(/\.[^.]{1,8}$/, '')).slice(0, 300);
      const type = headerOf(row, 'type');
      if (type) {
        const t = types.find((x) => x.is_active && [x.code, x.name_en.toLowerCase(), x.name_zh].includes(type.toLowerCase()));
        if (!t) throw new RowError('type', `unknown document type "${type}"`);
        meta.typeCode = t.code;
      }
      const category = headerOf(row, 'category');
      if (category) {
        const c = categories.find((x) => x.name_en.toLowerCase() === category.toLowerCase() || x.name_zh === category);
        if (!c) throw new RowError('category', `unknown category "${category}"`);
        meta.categoryId = c.id;
      }
      const tags = headerOf(row, 'tags');
      if (tags) meta.tags = [...new Set(tags.split(/[;,|；，]/).map((s) => s.trim()).filter(Boolean))].slice(0, 30).map((s) => s.slice(0, 50));
      const date = headerOf(row, 'date').replace(/\//g, '-');
      if (date) {
        const parsed = new Date(`${date}T00:00:00Z`);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) throw new RowError('date', `"${date}" is not a date (YYYY-MM-DD)`);
        meta.documentDate = date;
      }
      const counterparty = headerOf(row, 'counterparty');
      if (counterparty) meta.counterparty = counterparty.slice(0, 200);
      const customers = headerOf(row, 'customer');
      if (customers) {
        meta.customerIds = [];
        for (const code of customers.split(/[;,|]/).map((s) => s.trim()).filter(Boolean)) {
          const c = await db.selectFrom('customers').select('id').where('code', '=', code).executeTakeFirst();
          if (!c) throw new RowError('customer', `no customer with code "${code}"`);
          meta.customerIds.push(c.id);
        }
      }
      const level = headerOf(row, 'confidentiality');
      if (level) {
        const l = LEVELS[level.toLowerCase()];
        if (!l) throw new RowError('confidentiality', `"${level}" is not internal, confidential or secret`);
        meta.confidentiality = l;
      }
      const staged = await stageUpload(actor, { stream: fs.createReadStream(full), filename: path.basename(full), purpose: 'document', limitBytes: opts.limitBytes, isTruncated: () => false }).catch((err: unknown) => {
        throw new RowError('file', err instanceof AppError ? err.message : String((err as Error)?.message ?? err));
      });
      try {
        const already = await db
          .selectFrom('archive_documents as d')
          .innerJoin('archive_document_versions as v', 'v.document_id', 'd.id')
          .innerJoin('files as f', 'f.id', 'v.file_id')
          .select('d.id')
          .where('d.title', '=', meta.title)
          .where('f.sha256', '=', staged.sha256)
          .executeTakeFirst();
        if (already) {
          report.unchanged++;
          continue;
        }
        if (!opts.dryRun) await createDocuments(db, stores, actor, [staged], meta);
        report.imported++;
      } finally {
        await staged.discard();
      }
    } catch (err) {
      if (err instanceof RowError) report.errors.push({ row: rowNo, field: err.field, message: err.message });
      else if (err instanceof AppError) report.errors.push({ row: rowNo, field: err.fields?.[0]?.field ?? '', message: err.message });
      else report.errors.push({ row: rowNo, field: '', message: String((err as Error)?.message ?? err).slice(0, 300) });
    }
  }
  return report;
}
