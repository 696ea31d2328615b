import ExcelJS from 'exceljs';

/**
 * CSV / XLSX of a filtered list, headers in the reader's language. CSV is UTF-8
 * with a BOM (Excel then reads Chinese correctly); a text cell that a spreadsheet
 * would run as a formula (= + - @) is prefixed with an apostrophe.
 */
export interface ExportColumn<R> {
  key: string;
  en: string;
  zh: string;
  value: (row: R) => string | number | null;
  /** Text (guarded against formulas); numbers and dates are written as they are. */
  kind?: 'text' | 'number' | 'money' | 'date';
  width?: number;
}

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The most rows one export returns; a wider list needs a narrower filter. */
export const EXPORT_LIMIT = 100_000;

const guard = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function csvCell(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function buildExport<R>(rows: R[], columns: ExportColumn<R>[], opts: { format: 'csv' | 'xlsx'; locale: 'en' | 'zh-CN'; name: string; sheet: { en: string; zh: string } }): Promise<ExportFile> {
  const headers = columns.map((c) => (opts.locale === 'zh-CN' ? c.zh : c.en));
  const cell = (c: ExportColumn<R>, r: R) => {
    const v = c.value(r);
    return typeof v === 'string' && (c.kind ?? 'text') === 'text' ? guard(v) : v;
  };
  const stamp = new Date().toISOString().slice(0, 10);
  if (opts.format === 'csv') {
    const lines = [headers.map(csvCell).join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvCell(cell(c, r))).join(','));
    return { body: Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${opts.name}-${stamp}.csv` };
  }
  const wb = new ExcelJS.Workbook();
  wb.created = new Date();
  const ws = wb.addWorksheet(opts.locale === 'zh-CN' ? opts.sheet.zh : opts.sheet.en);
  ws.columns = columns.map((c, i) => ({ header: headers[i], key: c.key, width: c.width ?? (c.kind === 'text' || !c.kind ? 24 : 14) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = cell(c, r);
        // Money is exported as a decimal text ("1234.56") in CSV; in XLSX as a number with two decimals shown.
        if (c.kind === 'money' && typeof v === 'string') return Number(v);
        return v;
      }),
    );
  }
  columns.forEach((c, i) => {
    if (c.kind === 'money') ws.getColumn(i + 1).numFmt = '#,##0.00';
  });
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${opts.name}-${stamp}.xlsx` };
}
