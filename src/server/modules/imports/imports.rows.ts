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

/** A decimal with at most `scale` decimals → the integer value × 10^scale; undefined when not such a number. */
export function parseScaled(text: string, scale: number): number | undefined {
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

export class OrderLineMapper {
  private readonly lineKeys = new Set<string>();
  private readonly lineExts = new Set<string>();
  readonly orders = new Map<string, StagedOrder>();
  private readonly nextLineNo = new Map<string, number>();
  readonly badOrders = new Set<string>();
  readonly customers = new Map<string, StagedCustomer>();
  private readonly customerByExt = new Map<string, string>();
  private readonly customerByCredit = new Map<string, string>();
  private readonly customerByName = new Map<string, string>();
  readonly products = new Map<string, StagedProduct>();
  readonly regions = new Map<string, string>();
  private readonly col: Map<string, number>;
  // A file names the same few thousand customers and days over and over: their checks are
  // memoised (by the text as written), which takes most of the per-row cost off the
  // Chinese name folding, the credit-code checksum and the date parsing.
  private readonly nameKeys = new Memo<string>(companyNameKey);
  private readonly creditChecks = new Memo(checkCreditCode);
  private readonly dates = new Memo(parseDate);

  constructor(private readonly ctx: MapContext, columns: Map<string, number>) {
    this.col = columns;
  }

  private cell(row: string[], field: string): string {
    const i = this.col.get(field);
    if (i === undefined) return '';
    const v = row[i];
    return v === undefined ? '' : v.trim();
  }

  /** The file's customer this row names: one key per company, whichever of its ids a row carries. */
  private customerKey(ext: string | null, credit: string | null, nameKey: string): string | undefined {
    return (ext && this.customerByExt.get(ext)) || (credit && this.customerByCredit.get(credit)) || this.customerByName.get(nameKey);
  }

  /** Returns the COPY line (tab-separated, no newline) or the row's errors. */
  map(batchId: string, row: string[], rowNo: number): { line?: string; errors: RowError[] } {
    const errors: RowError[] = [];
    const err = (field: string | null, code: string, message: string, value: string | null, params?: RowError['params']) => errors.push({ rowNo, field, code, message, value, ...(params && { params }) });
    const c = (f: string) => this.cell(row, f);

    const orderExt = c('order.externalId');
    if (!orderExt) err('order.externalId', 'required', 'The order number is missing', null);
    const dateText = c('order.date');
    const date = dateText ? this.dates.get(dateText) : undefined;
    if (!dateText) err('order.date', 'required', 'The date is missing', null);
    else if (!date) err('order.date', 'bad_date', `"${dateText}" is not a date (use 2026-03-05)`, dateText);

    const customerExt = c('customer.externalId') || null;
    const customerName = c('customer.name') || customerExt || '';
    const creditRaw = c('customer.creditCode').toUpperCase();
    let credit: string | null = null;
    if (creditRaw) {
      const check = this.creditChecks.get(creditRaw);
      if (!check.ok && check.reason === 'format') err('customer.creditCode', 'bad_credit_code', `"${creditRaw}" is not a unified social credit code`, creditRaw);
      else credit = creditRaw;
    }
    if (!customerName) err('customer.name', 'required', 'The customer name is missing', null);
    const nameKey = customerName ? this.nameKeys.get(customerName) : '';
    if (customerName && !nameKey) err('customer.name', 'invalid', `"${customerName}" is not a usable company name`, customerName);
    if (!this.ctx.createCustomers && this.ctx.customerKeys && !(customerExt && this.ctx.customerKeys.has(`x:${customerExt}`)) && !(credit && this.ctx.customerKeys.has(`c:${credit}`)) && !this.ctx.customerKeys.has(`n:${nameKey}`)) {
      err('customer.name', 'unknown_customer', `No customer "${customerName}"`, customerName);
    }

    const productCode = c('product.code');
    if (!productCode) err('product.code', 'required', 'The product code is missing', null);
    else if (!this.ctx.createProducts && this.ctx.productCodes && !this.ctx.productCodes.has(productCode.toLowerCase())) {
      err('product.code', 'unknown_product', `No product with code "${productCode}"`, productCode);
    }

    const qText = c('quantity');
    const q4 = qText ? parseScaled(qText, 4) : undefined;
    if (!qText) err('quantity', 'required', 'The quantity is missing', null);
    else if (q4 === undefined) err('quantity', 'bad_number', `"${qText}" is not a quantity (at most 4 decimals)`, qText);
    else if (q4 < 0) err('quantity', 'negative_quantity', `The quantity ${qText} is negative (enter returns as returns)`, qText);
    else if (q4 === 0) err('quantity', 'zero_quantity', 'The quantity is zero', qText);

    const pText = c('unitPrice');
    const price = pText ? parseAmount(pText) : undefined;
    if (!pText) err('unitPrice', 'required', 'The unit price is missing', null);
    else if (price === undefined) err('unitPrice', 'bad_amount', `"${pText}" is not an amount (at most 2 decimals)`, pText);
    else if (price < 0) err('unitPrice', 'negative_price', `The unit price ${pText} is negative`, pText);

    const dText = c('discount');
    const d6 = parseRate(dText);
    if (d6 === undefined || d6 >= 1_000_000) err('discount', 'bad_rate', `"${dText}" is not a discount (0–99.99 %)`, dText);
    const tText = c('taxRate');
    const t6 = parseRate(tText);
    if (t6 === undefined || t6 >= 1_000_000) err('taxRate', 'bad_rate', `"${tText}" is not a tax rate`, tText);

    const currency = (c('currency') || this.ctx.currency).toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) err('currency', 'bad_currency', `"${currency}" is not a currency code`, currency);

    let net: number | undefined;
    if (q4 !== undefined && q4 > 0 && price !== undefined && price >= 0 && d6 !== undefined && d6 < 1_000_000) {
      const expected = netAmount(q4, price, d6);
      const aText = c('amount');
      if (aText) {
        const amount = parseAmount(aText);
        if (amount === undefined) err('amount', 'bad_amount', `"${aText}" is not an amount`, aText);
        else if (Math.abs(amount - expected) > AMOUNT_TOLERANCE) {
          err('amount', 'amount_mismatch', `The amount ${aText} is not quantity × unit price × (1 − discount) = ${(expected / 100).toFixed(2)}`, aText, { expected: (expected / 100).toFixed(2) });
        } else net = amount;
      } else net = expected;
    }

    let owner: UserRef | undefined;
    const rep = c('rep');
    if (rep) {
      owner = this.ctx.users.get(rep.toLowerCase()) ?? this.ctx.users.get(rep);
      if (!owner) err('rep', 'unknown_rep', `No active user "${rep}" (give the email or the display name)`, rep);
    }

    // Line identity: explicit line id, else order + line no (or the line's position in the order).
    const lineNoText = c('order.lineNo');
    let lineNo: number | undefined;
    if (lineNoText) {
      lineNo = /^\d{1,9}$/.test(lineNoText) ? Number(lineNoText) : undefined;
      if (!lineNo) err('order.lineNo', 'bad_number', `"${lineNoText}" is not a line number`, lineNoText);
    } else if (orderExt) {
      lineNo = (this.nextLineNo.get(orderExt) ?? 0) + 1;
    }
    if (orderExt && lineNo) this.nextLineNo.set(orderExt, Math.max(lineNo, this.nextLineNo.get(orderExt) ?? 0));
    const explicitLineExt = c('order.lineExternalId');
    const lineExt = explicitLineExt || (orderExt && lineNo ? `${orderExt}#${lineNo}` : '');
    if (orderExt && lineNo) {
      const key = `${orderExt}\u0000${lineNo}`;
      if (this.lineKeys.has(key) || (explicitLineExt && this.lineExts.has(explicitLineExt))) {
        err('order.lineNo', 'duplicate_line', `Line ${lineNo} of order ${orderExt} appears twice in the file`, String(lineNo));
      }
      this.lineKeys.add(key);
      if (explicitLineExt) this.lineExts.add(explicitLineExt);
    }

    let custKey = '';
    if (errors.length === 0) {
      custKey = this.customerKey(customerExt, credit, nameKey) ?? (customerExt ? `x:${customerExt}` : credit ? `c:${credit}` : `n:${nameKey}`);
      const seen = this.orders.get(orderExt);
      const regionText = c('region');
      const regionKey = regionText ? regionText.toLowerCase() : null;
      if (seen && (seen.date !== date || seen.custKey !== custKey || seen.currency !== currency)) {
        err('order.externalId', 'inconsistent_order', `Order ${orderExt} has another date, customer or currency on row ${seen.rowNo}`, orderExt, { row: seen.rowNo });
      } else {
        if (!this.customers.has(custKey)) {
          this.customers.set(custKey, { cust_key: custKey, ext: customerExt, name: customerName, name_key: nameKey, credit_code: credit, owner_id: owner?.id ?? null, department_id: owner?.departmentId ?? null, region_k: regionKey });
        }
        if (customerExt) this.customerByExt.set(customerExt, custKey);
        if (credit) this.customerByCredit.set(credit, custKey);
        this.customerByName.set(nameKey, custKey);
        const pk = productCode.toLowerCase();
        if (!this.products.has(pk)) this.products.set(pk, { k: pk, code: productCode, name: c('product.name') || productCode, unit: c('product.unit') || 'pcs', price: price! });
        if (regionKey && !this.regions.has(regionKey)) this.regions.set(regionKey, regionText);
        const tax = taxAmount(net!, t6!);
        if (seen) {
          seen.net += net!;
          seen.tax += tax;
        } else {
          this.orders.set(orderExt, { date: date!, custKey, currency, regionKey, ownerId: owner?.id ?? null, departmentId: owner?.departmentId ?? null, net: net!, tax, rowNo });
        }
        const fields = [batchId, copyText(orderExt), String(lineNo), copyText(lineExt), copyText(pk), scaledText(q4!, 4), String(price), scaledText(d6!, 6), scaledText(t6!, 6), String(net), String(tax)];
        return { line: fields.join('\t'), errors };
      }
    }
    if (orderExt) this.badOrders.add(orderExt);
    return { errors };
  }

  /** The orders stage rows (COPY text), without the orders that have a bad line. */
  *orderCopyLines(batchId: string): Generator<string> {
    for (const [ext, o] of this.orders) {
      if (this.badOrders.has(ext)) continue;
      yield [batchId, copyText(ext), o.date, o.currency, copyText(o.custKey), copyText(o.regionKey), o.ownerId ?? '\\N', o.departmentId ?? '\\N', String(o.net), String(o.tax)].join('\t');
    }
  }
}

export const LINE_STAGE_COLUMNS = 'batch_id, order_ext, line_no, line_ext, product_key, quantity, unit_price, discount_rate, tax_rate, net_amount, tax_amount';
export const ORDER_STAGE_COLUMNS = 'batch_id, order_ext, order_date, currency, cust_key, region_key, owner_id, department_id, net_total, tax_total';

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
