import ExcelJS from 'exceljs';

/**
 * Spreadsheet output of a list, with its column headers in the reader's language.
 * CSV is UTF-8 with a BOM (so Excel opens Chinese text correctly), CRLF line ends,
 * RFC 4180 quoting; a cell that starts like a formula (= + - @) gets a leading
 * apostrophe so that opening the file never runs anything.
 */
export type Locale = 'en' | 'zh-CN';
export type Cell = string | number | null | undefined;

export interface ExportColumn<T> {
  key: string;
  en: string;
  zh: string;
  value: (row: T, locale: Locale) => Cell;
  /** Column width in characters (XLSX). */
  width?: number;
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const headerOf = <T>(c: ExportColumn<T>, locale: Locale) => (locale === 'zh-CN' ? c.zh : c.en);

const FORMULA_START = /^[=+\-@\t\r]/;
function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T>(columns: ExportColumn<T>[], rows: T[], locale: Locale): Buffer {
  const lines = [columns.map((c) => csvCell(headerOf(c, locale))).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(c.value(r, locale))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx<T>(sheetName: string, columns: ExportColumn<T>[], rows: T[], locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Salesdesk';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: headerOf(c, locale), key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, Cell> = {};
    for (const c of columns) {
      const v = c.value(r, locale);
      values[c.key] = v === undefined ? null : v;
    }
    ws.addRow(values);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function buildExport<T>(opts: { format: 'csv' | 'xlsx'; baseName: string; sheetName: string; columns: ExportColumn<T>[]; rows: T[]; locale: Locale; day: string }): Promise<ExportFile> {
  const fileName = `${opts.baseName}-${opts.day}.${opts.format}`;
  if (opts.format === 'csv') return { body: toCsv(opts.columns, opts.rows, opts.locale), contentType: 'text/csv; charset=utf-8', fileName };
  return {
    body: await toXlsx(opts.sheetName, opts.columns, opts.rows, opts.locale),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
  };
}

const yesNo = (v: boolean, locale: Locale) => (locale === 'zh-CN' ? (v ? '是' : '否') : v ? 'Yes' : 'No');
export const labels = {
  yesNo,
  status: (s: string, locale: Locale) =>
    locale === 'zh-CN' ? ({ prospect: '潜在', active: '活跃', dormant: '休眠', lost: '流失' } as Record<string, string>)[s] ?? s : ({ prospect: 'Prospect', active: 'Active', dormant: 'Dormant', lost: 'Lost' } as Record<string, string>)[s] ?? s,
};
