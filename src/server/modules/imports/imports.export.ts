import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { DbHandle } from '../../db/connect';
import { AppError } from '../../http/app-error';
import { formatMinor } from '../../platform/money/money';

/**
 * `salesdesk export orders|customers|products FILE.csv|.xlsx`: the whole table in the
 * shape the import reads back (orders: the flat one-row-per-line export with the
 * headers the mapping suggestion knows), so an export re-imports with no mapping work.
 * CSV is UTF-8 with a BOM (Excel opens it right); XLSX is written streaming.
 */
export type ExportKind = 'orders' | 'customers' | 'products';

const QUERIES: Record<ExportKind, { headers: string[]; sql: string; row: (r: Record<string, unknown>) => unknown[] }> = {
  orders: {
    headers: ['Order no', 'Line', 'Date', 'Customer ID', 'Customer name', 'Product code', 'Product name', 'Unit', 'Region', 'Sales rep', 'Qty', 'Unit price', 'Discount', 'Amount', 'Tax rate', 'Currency'],
    sql: `select coalesce(o.external_id, o.number) as order_no, l.line_no, l.order_date::text as order_date, coalesce(c.external_id, c.code) as customer_id, c.name as customer_name,
                 p.code as product_code, p.name as product_name, p.unit, r.name as region, u.email as rep, l.quantity::text as quantity, l.unit_price,
                 l.discount_rate::text as discount, l.net_amount, l.tax_rate::text as tax_rate, o.currency
          from sales_order_lines l join sales_orders o on o.id = l.order_id join customers c on c.id = l.customer_id join products p on p.id = l.product_id
          left join regions r on r.id = l.region_id left join users u on u.id = l.owner_id
          where o.status <> 'cancelled' and l.id > $1 order by l.id limit $2`,
    row: (r) => [r.order_no, r.line_no, r.order_date, r.customer_id, r.customer_name, r.product_code, r.product_name, r.unit, r.region, r.rep, trimZeros(String(r.quantity)), formatMinor(Number(r.unit_price)), rate(String(r.discount)), formatMinor(Number(r.net_amount)), rate(String(r.tax_rate)), r.currency],
  },
  customers: {
    headers: ['Customer ID', 'Customer code', 'Customer name', 'Short name', 'Credit code', 'Taxpayer ID', 'Industry', 'Source', 'Level', 'Status', 'Phone', 'Website', 'Region', 'Sales rep', 'Notes'],
    sql: `select c.id::text as id, coalesce(c.external_id, c.code) as ext, c.code, c.name, c.short_name, c.credit_code, c.taxpayer_id, c.industry, c.source, c.level, c.status, c.phone, c.website, r.name as region, u.email as rep, c.notes
          from customers c left join regions r on r.id = c.region_id left join users u on u.id = c.owner_id
          where c.merged_into_id is null and not c.is_archived and c.id::text > $1 order by c.id limit $2`,
    row: (r) => [r.ext, r.code, r.name, r.short_name, r.credit_code, r.taxpayer_id, r.industry, r.source, r.level, r.status, r.phone, r.website, r.region, r.rep, r.notes],
  },
  products: {
    headers: ['Product code', 'Product name', 'Category', 'Unit', 'List price', 'Cost', 'Currency', 'Status', 'Description'],
    sql: `select p.id::text as id, p.code, p.name, pc.name as category, p.unit, p.list_price, p.cost, p.currency, p.status, p.description
          from products p left join product_categories pc on pc.id = p.category_id where p.id::text > $1 order by p.id limit $2`,
    row: (r) => [r.code, r.name, r.category, r.unit, formatMinor(Number(r.list_price)), r.cost === null ? '' : formatMinor(Number(r.cost)), r.currency, r.status, r.description],
  },
};

const trimZeros = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
const rate = (s: string) => {
  const v = Number(s);
  return v === 0 ? '0' : `${trimZeros((v * 100).toFixed(4))}%`;
};

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Writes every row of the kind to FILE (.csv or .xlsx), in pages; returns the row count. */
export async function exportToFile(handle: DbHandle, kind: ExportKind, file: string): Promise<number> {
  const def = QUERIES[kind];
  const isXlsx = /\.xlsx$/i.test(file);
  if (!isXlsx && !/\.csv$/i.test(file)) throw new AppError('validation_failed', 'The export file must end in .csv or .xlsx');
  const PAGE = 10_000;
  let count = 0;
  const pages = async function* () {
    let after: unknown = kind === 'orders' ? 0 : '';
    for (;;) {
      const r = await handle.withRaw((raw) => raw.query<Record<string, unknown>>(def.sql, [after, PAGE]));
      if (!r.rows.length) return;
      yield r.rows;
      const last = r.rows[r.rows.length - 1];
      after = kind === 'orders' ? await lastLineId(handle, after as number, r.rows.length) : last.id;
      if (r.rows.length < PAGE) return;
    }
  };
  if (isXlsx) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
    const ws = wb.addWorksheet(kind);
    ws.addRow(def.headers).commit();
    for await (const rows of pages()) {
      for (const r of rows) ws.addRow(def.row(r)).commit();
      count += rows.length;
    }
    ws.commit();
    await wb.commit();
  } else {
    const out = fs.createWriteStream(file);
    out.write('\uFEFF' + def.headers.map(csvCell).join(',') + '\n');
    for await (const rows of pages()) {
      const text = rows.map((r) => def.row(r).map(csvCell).join(',')).join('\n') + '\n';
      if (!out.write(text)) await new Promise<void>((res) => out.once('drain', () => res()));
      count += rows.length;
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  }
  return count;
}

/** The id of the last line of a page (orders page by line id). */
async function lastLineId(handle: DbHandle, after: number, n: number): Promise<number> {
  const r = await handle.withRaw((raw) => raw.query<{ id: number }>(`select max(id) as id from (select l.id from sales_order_lines l join sales_orders o on o.id = l.order_id where o.status <> 'cancelled' and l.id > $1 order by l.id limit $2) x`, [after, n]));
  return Number(r.rows[0].id);
}
