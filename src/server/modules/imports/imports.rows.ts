import { lineAmounts, parseMoney } from '../../platform/money/money';
import { checkCreditCode, companyNameKey } from '../customers/customers.identity';
import { IMPORT_FIELDS, type ImportKind, type ImportMapping } from './imports.schema';

/**
 * Row checks and mapping, in JS, one row at a time (streaming): the text of a cell
 * becomes a typed value or an error with its reason. Order lines become COPY rows
 * for the staging table; the other kinds become one JSON record per row.
 */

export interface RowError {
  rowNo: number;
  field: string | null;
  code: string;
  message: string;
  value: string | null;
  /** Details the code alone does not carry (for the reader's language): e.g. { expected: '12.30' }, { row: 7 }. */
  params?: Record<string, string | number>;
}

export interface UserRef {
  id: string;
  departmentId: string | null;
}

export interface MapContext {
  kind: ImportKind;
  headers: string[];
  mapping: ImportMapping;
  currency: string;
  /** Users by lower-cased email and by display name (for the rep column). */
  users: Map<string, UserRef>;
  /** Existing product codes, lower case (only loaded when unknown products must not be created). */
  productCodes?: Set<string>;
  createProducts: boolean;
  createCustomers: boolean;
  /** Existing customers' external ids, credit codes and name keys (only when customers must not be created). */
  customerKeys?: Set<string>;
}

/** Amounts in the file may differ from quantity × price × (1 − discount) by this many minor units (rounding in the source system). */
export const AMOUNT_TOLERANCE = 1;

// ---------- value parsers ----------

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A calendar date from the usual spellings (2026-03-05, 2026/3/5, 2026.03.05, 20260305, 2026年3月5日); undefined when it is not a real day. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]) return undefined;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Plain decimals ("12", "-3.5", "1234.50"), by far the usual cell, read without a regex or
 * a copy; null hands anything else (signs, spaces, thousands separators, too many digits)
 * to the general rule below, which alone decides what is refused.
 */
function plainScaled(t: string, scale: number): number | null {
  const n = t.length;
  if (n === 0 || n > 24) return null;
  let i = 0;
  let neg = false;
  if (t.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  let int = 0;
  const intStart = i;
  let c = 0;
  for (; i < n; i++) {
    c = t.charCodeAt(i);
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 14) return null;
  let frac = 0;
  let fracDigits = 0;
  if (i < n) {
    if (c !== 46 || i + 1 === n) return null;
    for (i++; i < n; i++) {
      c = t.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      if (fracDigits < scale) {
        frac = frac * 10 + (c - 48);
        fracDigits++;
      } else if (c !== 48) return null;
    }
  }
  const v = int * 10 ** scale + frac * 10 ** (scale - fracDigits);
  if (!Number.isSafeInteger(v)) return null;
  return neg ? -v : v;
}

/** A decimal with at most `scale` decimals → the integer value × 10^scale; undefined when not such a number. */
export function parseScaled(text: string, scale: number): number | undefined {
  const fast = plainScaled(text, scale);
  if (fast !== null) return fast;
  const t = text.replace(/[\s,，]/g, '');
  const m = /^([+-]?)(\d{1,14})(?:\.(\d+))?$/.exec(t);
  if (!m) return undefined;
  let frac = m[3] ?? '';
  if (frac.length > scale) {
    if (/[^0]/.test(frac.slice(scale))) return undefined;
    frac = frac.slice(0, scale);
  }
  const n = Number(m[2]) * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
  if (!Number.isSafeInteger(n)) return undefined;
  return m[1] === '-' ? -n : n;
}

/** A rate as a fraction × 10^6: "5%", "0.05" or "5" (a number ≥ 1 is read as percent). */
export function parseRate(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return 0;
  const pct = t.endsWith('%');
  const v = parseScaled(pct ? t.slice(0, -1) : t, pct ? 4 : 6);
  if (v === undefined || v < 0) return undefined;
  if (pct) return v; // percent with 4 decimals = fraction with 6
  if (v >= 1_000_000) return v / 100 >= 1_000_000 ? undefined : Math.round(v / 100);
  return v;
}

/** Money typed in a file → minor units: plain decimals on the fast path, else parseMoney (currency signs, full-width commas). */
export const parseAmount = (text: string): number | undefined => parseScaled(text, 2) ?? parseMoney(text);

const scaledText = (n: number, scale: number) => {
  const s = String(Math.abs(n)).padStart(scale + 1, '0');
  return `${n < 0 ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`;
};

/**
 * round_half_up(q4 × price × (1e6 − d6) / 1e10): the net of a line in minor units, in
 * exact integer arithmetic while it fits in 2^53, else through decimal.js (lineAmounts).
 */
export function netAmount(q4: number, price: number, d6: number): number {
  const x = q4 * price * (1_000_000 - d6);
  if (Number.isSafeInteger(x)) {
    let q = Math.floor(x / 1e10);
    let r = x - q * 1e10;
    if (r < 0) {
      q--;
      r += 1e10;
    } else if (r >= 1e10) {
      q++;
      r -= 1e10;
    }
    return r * 2 >= 1e10 ? q + 1 : q;
  }
  // Past 2^53 (e.g. 250 units at 50,000.00 with a discount): the same rounding in BigInt.
  if (x > 0) {
    const big = BigInt(q4) * BigInt(price) * BigInt(1_000_000 - d6);
    const q = big / TEN_TO_10;
    return Number(big % TEN_TO_10 >= HALF_OF_10 ? q + 1n : q);
  }
  return lineAmounts({ quantity: scaledText(q4, 4), unitPrice: price, discountRate: scaledText(d6, 6) }).net;
}
const TEN_TO_10 = 10_000_000_000n;
const HALF_OF_10 = 5_000_000_000n;

export function taxAmount(net: number, t6: number): number {
  if (t6 === 0) return 0;
  const x = net * t6;
  if (Number.isSafeInteger(x)) {
    const q = Math.floor(x / 1e6);
    const r = x - q * 1e6;
    return r * 2 >= 1e6 ? q + 1 : q;
  }
  return lineAmounts({ quantity: '1', unitPrice: net, taxRate: scaledText(t6, 6) }).tax;
}

// ---------- COPY text format ----------

const NEEDS_ESCAPE = /[\\\t\n\r]/;
export function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

// ---------- the mappers ----------

/** Column index of each mapped field; a mapping that names a header the file lacks is a 400 (bad mapping). */
export function resolveColumns(kind: ImportKind, headers: string[], mapping: ImportMapping): { columns: Map<string, number>; problems: string[] } {
  const columns = new Map<string, number>();
  const problems: string[] = [];
  const known = new Set(IMPORT_FIELDS[kind].map((f) => f.field));
  for (const [field, header] of Object.entries(mapping)) {
    if (!header) continue;
    if (!known.has(field)) {
      problems.push(`${field}: not a field of ${kind} imports`);
      continue;
    }
    const idx = headers.indexOf(header);
    if (idx < 0) problems.push(`${field}: the file has no column "${header}"`);
    else columns.set(field, idx);
  }
  for (const f of IMPORT_FIELDS[kind]) {
    if (f.required && !columns.has(f.field)) {
      if (kind === 'contacts' || f.field !== 'customer.name' || !columns.has('customer.externalId')) problems.push(`${f.field}: is required; map a column to it`);
    }
  }
  if (kind === 'contacts' && !columns.has('customer.externalId') && !columns.has('customer.name')) problems.push('customer.name: map the customer name or the customer id');
  return { columns, problems };
}

export interface StagedOrder {
  date: string;
  custKey: string;
  currency: string;
  regionKey: string | null;
  ownerId: string | null;
  departmentId: string | null;
  net: number;
  tax: number;
  /** How many lines it has (for the summary tables' line counts, imports.repo.ts applyOrderStats). */
  lines: number;
  rowNo: number;
}

export interface StagedCustomer {
  cust_key: string;
  ext: string | null;
  name: string;
  name_key: string;
  credit_code: string | null;
  owner_id: string | null;
  department_id: string | null;
  region_k: string | null;
}

export interface StagedProduct {
  k: string;
  code: string;
  name: string;
  unit: string;
  price: number;
}

/**
 * Flat order lines → lean staging COPY rows. The few distinct customers, products,
 * regions and orders are gathered here in JS while streaming (so SQL never has to
 * de-duplicate a million rows), with what is needed to find duplicate lines and
 * orders whose lines disagree on date, customer or currency.
 */
/** A bounded cache of a pure function of a string (stops remembering past `limit` entries). */
class Memo<T> {
  private readonly values = new Map<string, T>();
  constructor(
    private readonly fn: (text: string) => T,
    private readonly limit = 200_000,
  ) {}
  get(text: string): T {
    const hit = this.values.get(text);
    if (hit !== undefined || this.values.has(text)) return hit as T;
    const value = this.fn(text);
    if (this.values.size < this.limit) this.values.set(text, value);
    return value;
  }
}

const ORDER_FIELDS = [
  'order.externalId',
  'order.date',
  'order.lineNo',
  'order.lineExternalId',
  'customer.externalId',
  'customer.name',
  'customer.creditCode',
  'product.code',
  'product.name',
  'product.unit',
  'quantity',
  'unitPrice',
  'discount',
  'taxRate',
  'currency',
  'amount',
  'rep',
  'region',
] as const;
const CURRENCY = /^[A-Z]{3}$/;

function pushError(errors: RowError[], rowNo: number, field: string | null, code: string, message: string, value: string | null, params?: RowError['params']) {
  errors.push({ rowNo, field, code, message, value, ...(params && { params }) });
}

function hasLine(l: OrderLines, no: number): boolean {
  return Array.isArray(l.nos) ? l.nos.includes(no) : l.nos.has(no);
}

function addLine(l: OrderLines, no: number): void {
  if (!Array.isArray(l.nos)) l.nos.add(no);
  else if (l.nos.length < 32) l.nos.push(no);
  else l.nos = new Set([...l.nos, no]);
}

/** The line numbers seen of one order: a short array (most orders have a few lines), a Set past 32. */
interface OrderLines {
  max: number;
  nos: number[] | Set<number>;
}
const trimmed = (v: string | undefined) => (v === undefined ? '' : v.trim());

export class OrderLineMapper {
  private readonly lineExts = new Set<string>();
  readonly orders = new Map<string, StagedOrder>();
  /** Per order of the file: the highest line number so far and the numbers seen (duplicate lines). */
  private readonly orderLines = new Map<string, OrderLines>();
  readonly badOrders = new Set<string>();
  readonly customers = new Map<string, StagedCustomer>();
  private readonly customerByExt = new Map<string, string>();
  private readonly customerByCredit = new Map<string, string>();
  private readonly customerByName = new Map<string, string>();
  readonly products = new Map<string, StagedProduct>();
  readonly regions = new Map<string, string>();
  // The column of each field, looked up once (-1: not mapped): map() runs a million times.
  private readonly ix: Record<(typeof ORDER_FIELDS)[number], number>;
  // A file names the same few thousand customers and days over and over: their checks are
  // memoised (by the text as written), which takes most of the per-row cost off the
  // Chinese name folding, the credit-code checksum and the date parsing.
  private readonly nameKeys = new Memo<string>(companyNameKey);
  private readonly creditChecks = new Memo(checkCreditCode);
  private readonly dates = new Memo(parseDate);

  constructor(private readonly ctx: MapContext, columns: Map<string, number>) {
    this.ix = Object.fromEntries(ORDER_FIELDS.map((f) => [f, columns.get(f) ?? -1])) as Record<(typeof ORDER_FIELDS)[number], number>;
  }

  /** The file's customer this row names: one key per company, whichever of its ids a row carries. */
  private customerKey(ext: string | null, credit: string | null, nameKey: string): string | undefined {
    return (ext && this.customerByExt.get(ext)) || (credit && this.customerByCredit.get(credit)) || this.customerByName.get(nameKey);
  }

  /** Returns the COPY line (tab-separated, no newline) or the row's errors. */
  map(batchId: string, row: string[], rowNo: number): { line?: string; errors: RowError[] } {
    const errors: RowError[] = [];
    const ix = this.ix;
    const err = pushError;
    const c = (i: number) => (i < 0 ? '' : trimmed(row[i]));

    const orderExt = c(ix['order.externalId']);
    if (!orderExt) err(errors, rowNo, 'order.externalId', 'required', 'The order number is missing', null);
    const dateText = c(ix['order.date']);
    const date = dateText ? this.dates.get(dateText) : undefined;
    if (!dateText) err(errors, rowNo, 'order.date', 'required', 'The date is missing', null);
    else if (!date) err(errors, rowNo, 'order.date', 'bad_date', `"${dateText}" is not a date (use 2026-03-05)`, dateText);

    const customerExt = c(ix['customer.externalId']) || null;
    const customerName = c(ix['customer.name']) || customerExt || '';
    const creditRaw = c(ix['customer.creditCode']).toUpperCase();
    let credit: string | null = null;
    if (creditRaw) {
      const check = this.creditChecks.get(creditRaw);
      if (!check.ok && check.reason === 'format') err(errors, rowNo, 'customer.creditCode', 'bad_credit_code', `"${creditRaw}" is not a unified social credit code`, creditRaw);
      else credit = creditRaw;
    }
    if (!customerName) err(errors, rowNo, 'customer.name', 'required', 'The customer name is missing', null);
    const nameKey = customerName ? this.nameKeys.get(customerName) : '';
    if (customerName && !nameKey) err(errors, rowNo, 'customer.name', 'invalid', `"${customerName}" is not a usable company name`, customerName);
    if (!this.ctx.createCustomers && this.ctx.customerKeys && !(customerExt && this.ctx.customerKeys.has(`x:${customerExt}`)) && !(credit && this.ctx.customerKeys.has(`c:${credit}`)) && !this.ctx.customerKeys.has(`n:${nameKey}`)) {
      err(errors, rowNo, 'customer.name', 'unknown_customer', `No customer "${customerName}"`, customerName);
    }

    const productCode = c(ix['product.code']);
    if (!productCode) err(errors, rowNo, 'product.code', 'required', 'The product code is missing', null);
    else if (!this.ctx.createProducts && this.ctx.productCodes && !this.ctx.productCodes.has(productCode.toLowerCase())) {
      err(errors, rowNo, 'product.code', 'unknown_product', `No product with code "${productCode}"`, productCode);
    }

    const qText = c(ix.quantity);
    const q4 = qText ? parseScaled(qText, 4) : undefined;
    if (!qText) err(errors, rowNo, 'quantity', 'required', 'The quantity is missing', null);
    else if (q4 === undefined) err(errors, rowNo, 'quantity', 'bad_number', `"${qText}" is not a quantity (at most 4 decimals)`, qText);
    else if (q4 < 0) err(errors, rowNo, 'quantity', 'negative_quantity', `The quantity ${qText} is negative (enter returns as returns)`, qText);
    else if (q4 === 0) err(errors, rowNo, 'quantity', 'zero_quantity', 'The quantity is zero', qText);

    const pText = c(ix.unitPrice);
    const price = pText ? parseAmount(pText) : undefined;
    if (!pText) err(errors, rowNo, 'unitPrice', 'required', 'The unit price is missing', null);
    else if (price === undefined) err(errors, rowNo, 'unitPrice', 'bad_amount', `"${pText}" is not an amount (at most 2 decimals)`, pText);
    else if (price < 0) err(errors, rowNo, 'unitPrice', 'negative_price', `The unit price ${pText} is negative`, pText);

    const dText = c(ix.discount);
    const d6 = parseRate(dText);
    if (d6 === undefined || d6 >= 1_000_000) err(errors, rowNo, 'discount', 'bad_rate', `"${dText}" is not a discount (0–99.99 %)`, dText);
    const tText = c(ix.taxRate);
    const t6 = parseRate(tText);
    if (t6 === undefined || t6 >= 1_000_000) err(errors, rowNo, 'taxRate', 'bad_rate', `"${tText}" is not a tax rate`, tText);

    const currencyText = c(ix.currency);
    const currency = currencyText ? currencyText.toUpperCase() : this.ctx.currency.toUpperCase();
    if (!CURRENCY.test(currency)) err(errors, rowNo, 'currency', 'bad_currency', `"${currency}" is not a currency code`, currency);

    let net: number | undefined;
    if (q4 !== undefined && q4 > 0 && price !== undefined && price >= 0 && d6 !== undefined && d6 < 1_000_000) {
      const expected = netAmount(q4, price, d6);
      const aText = c(ix.amount);
      if (aText) {
        const amount = parseAmount(aText);
        if (amount === undefined) err(errors, rowNo, 'amount', 'bad_amount', `"${aText}" is not an amount`, aText);
        else if (Math.abs(amount - expected) > AMOUNT_TOLERANCE) {
          err(errors, rowNo, 'amount', 'amount_mismatch', `The amount ${aText} is not quantity × unit price × (1 − discount) = ${(expected / 100).toFixed(2)}`, aText, { expected: (expected / 100).toFixed(2) });
        } else net = amount;
      } else net = expected;
    }

    let owner: UserRef | undefined;
    const rep = c(ix.rep);
    if (rep) {
      owner = this.ctx.users.get(rep.toLowerCase()) ?? this.ctx.users.get(rep);
      if (!owner) err(errors, rowNo, 'rep', 'unknown_rep', `No active user "${rep}" (give the email or the display name)`, rep);
    }

    // Line identity: explicit line id, else order + line no (or the line's position in the order).
    let seenLines: OrderLines | undefined;
    if (orderExt) {
      seenLines = this.orderLines.get(orderExt);
      if (!seenLines) this.orderLines.set(orderExt, (seenLines = { max: 0, nos: [] }));
    }
    const lineNoText = c(ix['order.lineNo']);
    let lineNo: number | undefined;
    if (lineNoText) {
      lineNo = /^\d{1,9}$/.test(lineNoText) ? Number(lineNoText) : undefined;
      if (!lineNo) err(errors, rowNo, 'order.lineNo', 'bad_number', `"${lineNoText}" is not a line number`, lineNoText);
    } else if (seenLines) {
      lineNo = seenLines.max + 1;
    }
    const explicitLineExt = c(ix['order.lineExternalId']);
    const lineExt = explicitLineExt || (orderExt && lineNo ? `${orderExt}#${lineNo}` : '');
    if (seenLines && lineNo) {
      if (lineNo > seenLines.max) seenLines.max = lineNo;
      if (hasLine(seenLines, lineNo) || (explicitLineExt && this.lineExts.has(explicitLineExt))) {
        err(errors, rowNo, 'order.lineNo', 'duplicate_line', `Line ${lineNo} of order ${orderExt} appears twice in the file`, String(lineNo));
      }
      addLine(seenLines, lineNo);
      if (explicitLineExt) this.lineExts.add(explicitLineExt);
    }

    let custKey = '';
    if (errors.length === 0) {
      custKey = this.customerKey(customerExt, credit, nameKey) ?? (customerExt ? `x:${customerExt}` : credit ? `c:${credit}` : `n:${nameKey}`);
      const seen = this.orders.get(orderExt);
      const regionText = c(ix.region);
      const regionKey = regionText ? regionText.toLowerCase() : null;
      if (seen && (seen.date !== date || seen.custKey !== custKey || seen.currency !== currency)) {
        err(errors, rowNo, 'order.externalId', 'inconsistent_order', `Order ${orderExt} has another date, customer or currency on row ${seen.rowNo}`, orderExt, { row: seen.rowNo });
      } else {
        if (!this.customers.has(custKey)) {
          this.customers.set(custKey, { cust_key: custKey, ext: customerExt, name: customerName, name_key: nameKey, credit_code: credit, owner_id: owner?.id ?? null, department_id: owner?.departmentId ?? null, region_k: regionKey });
        }
        if (customerExt) this.customerByExt.set(customerExt, custKey);
        if (credit) this.customerByCredit.set(credit, custKey);
        this.customerByName.set(nameKey, custKey);
        const pk = productCode.toLowerCase();
        if (!this.products.has(pk)) this.products.set(pk, { k: pk, code: productCode, name: c(ix['product.name']) || productCode, unit: c(ix['product.unit']) || 'pcs', price: price! });
        if (regionKey && !this.regions.has(regionKey)) this.regions.set(regionKey, regionText);
        const tax = taxAmount(net!, t6!);
        if (seen) {
          seen.net += net!;
          seen.tax += tax;
          seen.lines++;
        } else {
          this.orders.set(orderExt, { date: date!, custKey, currency, regionKey, ownerId: owner?.id ?? null, departmentId: owner?.departmentId ?? null, net: net!, tax, lines: 1, rowNo });
        }
        const line = `${batchId}\t${copyText(orderExt)}\t${lineNo}\t${copyText(lineExt)}\t${copyText(pk)}\t${scaledText(q4!, 4)}\t${price}\t${scaledText(d6!, 6)}\t${scaledText(t6!, 6)}\t${net}\t${tax}`;
        return { line, errors };
      }
    }
    if (orderExt) this.badOrders.add(orderExt);
    return { errors };
  }

  /** The orders stage rows (COPY text), without the orders that have a bad line. */
  *orderCopyLines(batchId: string): Generator<string> {
    for (const [ext, o] of this.orders) {
      if (this.badOrders.has(ext)) continue;
      yield [batchId, copyText(ext), o.date, o.currency, copyText(o.custKey), copyText(o.regionKey), o.ownerId ?? '\\N', o.departmentId ?? '\\N', String(o.net), String(o.tax), String(o.lines)].join('\t');
    }
  }
}

export const LINE_STAGE_COLUMNS = 'batch_id, order_ext, line_no, line_ext, product_key, quantity, unit_price, discount_rate, tax_rate, net_amount, tax_amount';
export const ORDER_STAGE_COLUMNS = 'batch_id, order_ext, order_date, currency, cust_key, region_key, owner_id, department_id, net_total, tax_total, line_count';

/** Customers, contacts and products: one checked record per row (written to the staging table as jsonb). */
export function mapRecord(ctx: MapContext, columns: Map<string, number>, row: string[], rowNo: number): { record?: Record<string, unknown>; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (field: string | null, code: string, message: string, value: string | null) => errors.push({ rowNo, field, code, message, value });
  const c = (f: string) => {
    const i = columns.get(f);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
  const opt = (f: string) => c(f) || null;
  const rec: Record<string, unknown> = {};
  const repOwner = () => {
    const rep = c('rep');
    if (!rep) return null;
    const u = ctx.users.get(rep.toLowerCase()) ?? ctx.users.get(rep);
    if (!u) err('rep', 'unknown_rep', `No active user "${rep}"`, rep);
    return u ?? null;
  };
  if (ctx.kind === 'customers') {
    const name = c('customer.name');
    if (!name) err('customer.name', 'required', 'The customer name is missing', null);
    const key = name ? companyNameKey(name) : '';
    if (name && !key) err('customer.name', 'invalid', `"${name}" is not a usable company name`, name);
    const credit = c('customer.creditCode').toUpperCase();
    const check = credit ? checkCreditCode(credit) : null;
    if (check && !check.ok && check.reason === 'format') err('customer.creditCode', 'bad_credit_code', `"${credit}" is not a unified social credit code`, credit);
    const level = c('customer.level').toUpperCase();
    if (level && !['A', 'B', 'C', 'D'].includes(level)) err('customer.level', 'invalid', `Level "${level}" is not one of A, B, C, D`, level);
    const statusText = c('customer.status').toLowerCase();
    const STATUS: Record<string, string> = { prospect: 'prospect', active: 'active', dormant: 'dormant', lost: 'lost', 潜在: 'prospect', 活跃: 'active', 休眠: 'dormant', 流失: 'lost' };
    const status = statusText ? STATUS[statusText] : 'prospect';
    if (!status) err('customer.status', 'invalid', `Status "${statusText}" is not one of prospect, active, dormant, lost`, statusText);
    const owner = repOwner();
    Object.assign(rec, {
      externalId: opt('customer.externalId'),
      name,
      nameKey: key,
      shortName: opt('customer.shortName'),
      creditCode: credit || null,
      creditCodeValid: check ? check.ok : null,
      taxpayerId: opt('customer.taxpayerId'),
      industry: opt('customer.industry'),
      source: opt('customer.source'),
      level: level || null,
      status,
      phone: opt('customer.phone'),
      website: opt('customer.website'),
      notes: c('customer.notes'),
      region: opt('region'),
      ownerId: owner?.id ?? null,
      departmentId: owner?.departmentId ?? null,
    });
  } else if (ctx.kind === 'contacts') {
    const name = c('contact.name');
    if (!name) err('contact.name', 'required', 'The contact name is missing', null);
    const customerExt = opt('customer.externalId');
    const customerName = c('customer.name');
    if (!customerExt && !customerName) err('customer.name', 'required', 'The customer is missing', null);
    const birthdayText = c('contact.birthday');
    const birthday = birthdayText ? parseDate(birthdayText) : null;
    if (birthdayText && !birthday) err('contact.birthday', 'bad_date', `"${birthdayText}" is not a date`, birthdayText);
    const email = c('contact.email').toLowerCase();
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) err('contact.email', 'invalid', `"${email}" is not an email address`, email);
    Object.assign(rec, {
      customerExt,
      customerNameKey: customerName ? companyNameKey(customerName) : null,
      customerLabel: customerExt ?? customerName,
      externalId: opt('contact.externalId'),
      name,
      title: opt('contact.title'),
      mobile: opt('contact.mobile'),
      phone: opt('contact.phone'),
      email: email || null,
      wechat: opt('contact.wechat'),
      qq: opt('contact.qq'),
      birthday,
    });
  } else if (ctx.kind === 'products') {
    const code = c('product.code');
    if (!code) err('product.code', 'required', 'The product code is missing', null);
    const name = c('product.name');
    if (!name) err('product.name', 'required', 'The product name is missing', null);
    const money = (f: string) => {
      const t = c(f);
      if (!t) return null;
      const v = parseMoney(t);
      if (v === undefined || v < 0) {
        err(f, 'bad_amount', `"${t}" is not an amount`, t);
        return null;
      }
      return v;
    };
    const statusText = c('product.status').toLowerCase();
    const STATUS: Record<string, string> = { active: 'active', discontinued: 'discontinued', 在售: 'active', 停售: 'discontinued', 停产: 'discontinued' };
    const status = statusText ? STATUS[statusText] : 'active';
    if (!status) err('product.status', 'invalid', `Status "${statusText}" is not active or discontinued`, statusText);
    const currency = (c('currency') || ctx.currency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) err('currency', 'bad_currency', `"${currency}" is not a currency code`, currency);
    Object.assign(rec, {
      code,
      name,
      category: opt('product.category'),
      unit: c('product.unit') || 'pcs',
      listPrice: money('product.listPrice') ?? 0,
      cost: money('product.cost'),
      status,
      description: c('product.description'),
      currency,
    });
  }
  return errors.length ? { errors } : { record: rec, errors };
}
