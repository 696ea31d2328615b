import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { loadActor } from '../../platform/auth/actor-loader';
import type { ExportFile } from '../../platform/export/list-export';
import type { FileStores } from '../../platform/files/file-store';
import { openFile, storeStagedFile } from '../../platform/files/files.service';
import { defineQueue } from '../../platform/jobs/jobs.registry';
import { enqueue } from '../../platform/jobs/jobs.service';
import { createPdf } from '../../platform/pdf/pdf';
import type { CreateExportBody, ExportJobDto, SalesExportParams } from './statistics.export.schema';
import { salesPivot } from './statistics.pivot';
import type { PivotDto, PivotQuery } from './statistics.pivot.schema';
import type { SalesReportDto, StatGroup } from './statistics.schema';
import { salesReport } from './statistics.service';

/**
 * Report files in the reader's language: XLSX (one sheet per breakdown, frozen header row,
 * money as the company currency with two decimals, percentages, a totals row) and PDF
 * (the platform's builder: Noto Sans SC embedded, charts drawn from ECharts options, page
 * numbers). Small files are answered directly; the pages ask for a background job, whose
 * file is stored with the files service and can be fetched by its own user only.
 */
type Db = Kysely<Database>;
type Locale = 'en' | 'zh-CN';

export const EXPORT_QUEUE = 'statistics.export';

const T = {
  en: {
    title: 'Sales report',
    pivotTitle: 'Sales pivot',
    period: 'Period',
    previous: 'Previous period',
    lastYear: 'Same period last year',
    generated: 'Generated',
    total: 'Total',
    cols: ['Net sales', 'Previous period', 'Growth', 'Last year', 'YoY growth', 'Share', 'Rank', 'Orders', 'Sales', 'Returns', 'Gross margin', 'Active customers', 'New customers'],
    customersNote: 'Active and new customers are counts of distinct customers: a customer who bought in two rows is counted in each, so the rows need not add up to the total.',
    chartCurrent: 'This period',
    chartLastYear: 'Last year',
    groups: { none: 'Total', rep: 'Rep', department: 'Team', region: 'Region', product: 'Product', category: 'Category', customer: 'Customer', month: 'Month', quarter: 'Quarter', year: 'Year', segment: 'Customer level' },
    measures: { netSales: 'Net sales', sales: 'Sales', returns: 'Returns', orders: 'Orders', lines: 'Order lines', tax: 'Tax', cost: 'Cost', grossMargin: 'Gross margin' },
  },
  'zh-CN': {
    title: '销售统计报表',
    pivotTitle: '销售透视表',
    period: '期间',
    previous: '上期',
    lastYear: '去年同期',
    generated: '生成时间',
    total: '合计',
    cols: ['净销售额', '上期', '环比增长', '去年同期', '同比增长', '占比', '排名', '订单数', '销售额', '退货额', '毛利', '活跃客户数', '新客户数'],
    customersNote: '活跃客户数与新客户数按不重复客户计数：同一客户在多行中成交则每行各计一次，故各行之和可能不等于合计。',
    chartCurrent: '本期',
    chartLastYear: '去年同期',
    groups: { none: '合计', rep: '业务员', department: '团队', region: '区域', product: '产品', category: '产品类别', customer: '客户', month: '月份', quarter: '季度', year: '年度', segment: '客户等级' },
    measures: { netSales: '净销售额', sales: '销售额', returns: '退货额', orders: '订单数', lines: '订单行数', tax: '税额', cost: '成本', grossMargin: '毛利' },
  },
} as const;

const SYMBOL: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' };
/** An Excel number format for money in the company currency, two decimals. */
export const moneyFormat = (currency: string) => (SYMBOL[currency] ? `"${SYMBOL[currency]}"#,##0.00;-"${SYMBOL[currency]}"#,##0.00` : `#,##0.00 "${currency}"`);
export const PERCENT_FORMAT = '0.00%';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const money = (cents: number | null) => (cents === null ? null : cents / 100);
const sheetName = (s: string) => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
const stamp = () => new Date().toISOString().slice(0, 10);

/** One sheet per breakdown: label, net sales, previous, growth, last year, YoY growth, share, rank, orders, sales, returns, margin, active and new customers; a bold totals row; the customer counts' headers note that they do not add up. */
export async function salesWorkbook(reports: SalesReportDto[], locale: Locale): Promise<Buffer> {
  const t = T[locale];
  const wb = new ExcelJS.Workbook();
  wb.created = new Date();
  for (const rep of reports) {
    const ws = wb.addWorksheet(sheetName(t.groups[rep.groupBy]), { views: [{ state: 'frozen', ySplit: 1 }] });
    const fmt = moneyFormat(rep.currency);
    ws.columns = [
      { header: t.groups[rep.groupBy], width: 28 },
      ...t.cols.map((h, i) => ({ header: h, width: [2, 4, 5].includes(i) ? 11 : i === 6 || i === 7 ? 9 : i >= 11 ? 12 : 16 })),
    ];
    ws.getRow(1).font = { bold: true };
    const line = (label: string, r: SalesReportDto['total'], share: number | null, rank: number | null) => [
      label,
      money(r.current.netSales),
      money(r.previous.netSales),
      r.growthPrevious,
      money(r.lastYear.netSales),
      r.growthLastYear,
      share,
      rank,
      r.current.orders,
      money(r.current.sales),
      money(r.current.returns),
      money(r.current.grossMargin),
      r.current.activeCustomers,
      r.current.newCustomers,
    ];
    for (const r of rep.rows) ws.addRow(line(r.label || t.total, r, r.share, r.rank));
    const total = ws.addRow(line(t.total, rep.total, rep.rows.length ? 1 : null, null));
    total.font = { bold: true };
    // The customer counts' headers carry the note (Excel shows it on hover), so the totals row stays the last row.
    for (const c of [13, 14]) ws.getRow(1).getCell(c).note = t.customersNote;
    for (const c of [2, 3, 5, 10, 11, 12]) ws.getColumn(c).numFmt = fmt;
    for (const c of [4, 6, 7]) ws.getColumn(c).numFmt = PERCENT_FORMAT;
    for (const c of [9, 13, 14]) ws.getColumn(c).numFmt = '#,##0';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const fmtMoney = (locale: Locale, currency: string) => {
  const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (cents: number | null) => (cents === null ? '' : nf.format(cents / 100));
};
const fmtPct = (locale: Locale) => {
  const nf = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (v: number | null) => (v === null ? '' : nf.format(v));
};

function reportChart(rep: SalesReportDto, locale: Locale) {
  const t = T[locale];
  const rows = rep.rows.slice(0, 15);
  const isTime = rep.groupBy === 'month' || rep.groupBy === 'quarter' || rep.groupBy === 'year';
  const labels = rows.map((r) => (r.label.length > 14 ? `${r.label.slice(0, 13)}…` : r.label));
  return {
    legend: { data: [t.chartCurrent, t.chartLastYear], top: 0 },
    grid: { left: 70, right: 20, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 30 : 0, fontSize: 9 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 9 } },
    series: [
      { name: t.chartCurrent, type: isTime ? 'line' : 'bar', data: rows.map((r) => r.current.netSales / 100) },
      { name: t.chartLastYear, type: isTime ? 'line' : 'bar', data: rows.map((r) => r.lastYear.netSales / 100) },
    ],
  };
}

/** A title, the periods, then per breakdown a chart (this period against last year) and the table with totals. */
export async function salesPdf(reports: SalesReportDto[], locale: Locale): Promise<Buffer> {
  const t = T[locale];
  const first = reports[0];
  const pdf = createPdf({ title: t.title, locale, landscape: true });
  const m = fmtMoney(locale, first.currency);
  const p = fmtPct(locale);
  pdf.heading(t.title);
  pdf.keyValues([
    [t.period, `${first.period.from} – ${first.period.to}`],
    [t.previous, `${first.previousPeriod.from} – ${first.previousPeriod.to}`],
    [t.lastYear, `${first.lastYearPeriod.from} – ${first.lastYearPeriod.to}`],
    [t.generated, new Date().toISOString().slice(0, 16).replace('T', ' ')],
  ]);
  pdf.paragraph(t.customersNote, { size: 8, color: '#666666' });
  for (const [i, rep] of reports.entries()) {
    if (i > 0) pdf.pageBreak();
    pdf.heading(`${t.title} · ${t.groups[rep.groupBy]}`, 2);
    if (rep.groupBy !== 'none' && rep.rows.length > 0) pdf.chart(reportChart(rep, locale), { height: 220 });
    const cols = [t.groups[rep.groupBy], ...t.cols.slice(0, 8), ...t.cols.slice(11)];
    const n = (x: number | null) => (x === null ? '' : String(x));
    pdf.table({
      columns: cols.map((header, c) => ({ header, width: c === 0 ? 2.4 : 1, align: c === 0 ? 'left' : 'right' })),
      rows: rep.rows.map((r) => [r.label || t.total, m(r.current.netSales), m(r.previous.netSales), p(r.growthPrevious), m(r.lastYear.netSales), p(r.growthLastYear), p(r.share), String(r.rank), n(r.current.orders), n(r.current.activeCustomers), n(r.current.newCustomers)]),
      total: [t.total, m(rep.total.current.netSales), m(rep.total.previous.netSales), p(rep.total.growthPrevious), m(rep.total.lastYear.netSales), p(rep.total.growthLastYear), '', '', n(rep.total.current.orders), n(rep.total.current.activeCustomers), n(rep.total.current.newCustomers)],
    });
  }
  return pdf.toBuffer();
}

/** The pivot as one sheet: the row dimension down, the column dimension across, a totals column and row. */
export async function pivotWorkbook(pv: PivotDto, q: PivotQuery, locale: Locale): Promise<Buffer> {
  const t = T[locale];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName(`${t.groups[q.rows]} × ${t.groups[q.columns]}`), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = [{ header: `${t.groups[q.rows]} \\ ${t.groups[q.columns]}`, width: 28 }, ...pv.columns.map((c) => ({ header: c.label, width: 14 })), { header: t.total, width: 16 }];
  ws.getRow(1).font = { bold: true };
  const v = (x: number | null) => (pv.isMoney ? money(x) : x);
  pv.rows.forEach((r, i) => ws.addRow([r.label, ...pv.cells[i].map(v), v(pv.rowTotals[i])]));
  const total = ws.addRow([t.total, ...pv.columnTotals.map(v), v(pv.total)]);
  total.font = { bold: true };
  ws.getColumn(pv.columns.length + 2).font = { bold: true };
  for (let c = 2; c <= pv.columns.length + 2; c++) ws.getColumn(c).numFmt = pv.isMoney ? moneyFormat(pv.currency) : '#,##0';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function pivotPdf(pv: PivotDto, q: PivotQuery, locale: Locale): Promise<Buffer> {
  const t = T[locale];
  const pdf = createPdf({ title: t.pivotTitle, locale, landscape: true });
  const m = fmtMoney(locale, pv.currency);
  const f = (x: number | null) => (x === null ? '' : pv.isMoney ? m(x) : String(x));
  pdf.heading(t.pivotTitle);
  pdf.keyValues([
    [t.period, `${q.from} – ${q.to}`],
    [`${t.groups[q.rows]} × ${t.groups[q.columns]}`, t.measures[q.measure]],
  ]);
  // A page is about a dozen money columns wide: wider pivots continue in further tables.
  const per = 10;
  for (let start = 0; start < Math.max(pv.columns.length, 1); start += per) {
    const cols = pv.columns.slice(start, start + per);
    const last = start + per >= pv.columns.length;
    pdf.table({
      columns: [{ header: t.groups[q.rows], width: 2 }, ...cols.map((c) => ({ header: c.label, align: 'right' as const })), ...(last ? [{ header: t.total, align: 'right' as const }] : [])],
      rows: pv.rows.map((r, i) => [r.label, ...pv.cells[i].slice(start, start + per).map(f), ...(last ? [f(pv.rowTotals[i])] : [])]),
      total: [t.total, ...pv.columnTotals.slice(start, start + per).map(f), ...(last ? [f(pv.total)] : [])],
    });
  }
  return pdf.toBuffer();
}

async function salesReports(db: Db, actor: Actor, p: SalesExportParams, progress?: (pct: number) => Promise<void>): Promise<SalesReportDto[]> {
  const { groupBys, ...filters } = p;
  const out: SalesReportDto[] = [];
  for (const [i, groupBy] of groupBys.entries()) {
    out.push(await salesReport(db, actor, { ...filters, groupBy: groupBy as StatGroup }));
    await progress?.(Math.round(((i + 1) / groupBys.length) * 80));
  }
  return out;
}

/** Builds the file of a report or pivot as the given user sees it (their record rules apply). */
async function buildFile(db: Db, actor: Actor, body: CreateExportBody, progress?: (pct: number) => Promise<void>): Promise<ExportFile> {
  const locale = actor.locale;
  const contentType = body.format === 'xlsx' ? XLSX_TYPE : 'application/pdf';
  if (body.kind === 'sales') {
    const reports = await salesReports(db, actor, body.params, progress);
    const fileBody = body.format === 'xlsx' ? await salesWorkbook(reports, locale) : await salesPdf(reports, locale);
    return { body: fileBody, contentType, fileName: `${T[locale].title}-${body.params.from}-${body.params.to}.${body.format}` };
  }
  const pv = await salesPivot(db, actor, body.params);
  await progress?.(80);
  const fileBody = body.format === 'xlsx' ? await pivotWorkbook(pv, body.params, locale) : await pivotPdf(pv, body.params, locale);
  return { body: fileBody, contentType, fileName: `${T[locale].pivotTitle}-${body.params.from}-${body.params.to}.${body.format}` };
}

/** A report file answered at once (small reports): the same content as the background export. */
export async function exportNow(db: Db, actor: Actor, body: CreateExportBody): Promise<ExportFile> {
  requirePermission(actor, 'sales:read');
  const file = await buildFile(db, actor, body);
  return { ...file, fileName: file.fileName.replace(/(\.\w+)$/, `-${stamp()}$1`) };
}

interface JobRow {
  id: string;
  kind: ExportJobDto['kind'];
  format: ExportJobDto['format'];
  status: ExportJobDto['status'];
  progress: number;
  file_name: string | null;
  message: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toJobDto = (r: JobRow): ExportJobDto => ({
  id: r.id,
  kind: r.kind,
  format: r.format,
  status: r.status,
  progress: r.progress,
  fileName: r.file_name ?? null,
  message: r.message,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

async function loadJob(db: Db, actor: Actor, id: string) {
  const row = await db
    .selectFrom('stats_exports as e')
    .leftJoin('files as f', 'f.id', 'e.file_id')
    .selectAll('e')
    .select('f.name as file_name')
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('statistics_export', id);
  // Another user's export is as missing as one that never existed, admins included: it holds their view of the figures.
  if (row.user_id !== actor.userId) throw deniedAsNotFound('statistics_export', id);
  return row;
}

/**
 * Starts a background export. The parameters are checked now (a filter naming someone
 * else's records is a 404 here, not a failed job later); the job runs as the user, in the language they asked in.
 */
export async function createExportJob(db: Db, actor: Actor, body: CreateExportBody): Promise<ExportJobDto> {
  requirePermission(actor, 'sales:read');
  if (body.kind === 'sales') await salesReport(db, actor, { ...body.params, groupBy: 'none' });
  else await salesPivot(db, actor, body.params);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('stats_exports')
      .values({ user_id: actor.userId, kind: body.kind, format: body.format, locale: actor.locale, params: JSON.stringify(body.params) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await enqueue(trx, EXPORT_QUEUE, { exportId: row.id });
    return row.id;
  });
  return toJobDto(await loadJob(db, actor, id));
}

/** An export's status and progress, for its own user only. */
export async function getExportJob(db: Db, actor: Actor, id: string): Promise<ExportJobDto> {
  requirePermission(actor, 'sales:read');
  return toJobDto(await loadJob(db, actor, id));
}

/** The finished file of an export, for its own user only (404 for anyone else; 409 while it is not ready). */
export async function openExportFile(db: Db, stores: FileStores, actor: Actor, id: string): Promise<{ name: string; mime: string; stream: Readable }> {
  requirePermission(actor, 'sales:read');
  const job = await loadJob(db, actor, id);
  if (job.status !== 'done' || !job.file_id) throw new AppError('conflict', job.status === 'failed' ? 'The export failed' : 'The export is not ready yet');
  const { file, stream } = await openFile(db, stores, actor, job.file_id, 'download');
  return { name: file.name, mime: file.mime, stream };
}

async function storeBuffer(db: Db, stores: FileStores, actor: Actor, file: ExportFile): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'salesdesk-export-'));
  try {
    const tmpPath = path.join(dir, 'export');
    await fs.promises.writeFile(tmpPath, file.body);
    const sha256 = crypto.createHash('sha256').update(file.body).digest('hex');
    const staged = { tmpPath, sha256, size: file.body.length, mime: file.contentType, kind: file.contentType === 'application/pdf' ? 'pdf' : 'office', name: file.fileName, purpose: 'export', discard: async () => undefined };
    const stored = await db.transaction().execute((trx) => storeStagedFile(trx, stores, actor, staged));
    return stored.id;
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Runs one export (the queue's handler): builds the file as its user, with progress, stores it, and marks the export done (or failed with the reason). */
export async function runExport(db: Db, stores: FileStores, exportId: string): Promise<void> {
  const job = await db.selectFrom('stats_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
  if (!job || job.status === 'done') return;
  const setProgress = async (progress: number) => void (await db.updateTable('stats_exports').set({ progress }).where('id', '=', job.id).execute());
  try {
    const user = await loadActor(db, job.user_id);
    if (!user) throw new AppError('forbidden', 'The user who asked for this export is no longer active');
    const actor: Actor = { ...user, locale: job.locale === 'zh-CN' ? 'zh-CN' : 'en' };
    await db.updateTable('stats_exports').set({ status: 'running', progress: 5 }).where('id', '=', job.id).execute();
    const body = { kind: job.kind, format: job.format, params: typeof job.params === 'string' ? JSON.parse(job.params) : job.params } as CreateExportBody;
    const file = await buildFile(db, actor, body, setProgress);
    await setProgress(90);
    const fileId = await storeBuffer(db, stores, actor, file);
    await db.updateTable('stats_exports').set({ status: 'done', progress: 100, file_id: fileId, finished_at: new Date() }).where('id', '=', job.id).execute();
  } catch (err) {
    await db.updateTable('stats_exports').set({ status: 'failed', message: (err as Error).message, finished_at: new Date() }).where('id', '=', job.id).execute();
    if (!(err instanceof AppError)) throw err;
  }
}

/** The export queue: builds the file as its user, with progress, stores it, and marks the export done (or failed with the reason). */
export function registerStatisticsJobs(stores: FileStores): void {
  defineQueue<{ exportId: string }>({
    queue: EXPORT_QUEUE,
    maxAttempts: 1,
    lockSeconds: 3600,
    handler: async (ctx, payload) => runExport(ctx.db, stores, payload.exportId),
  });
}
