/**
 * Writes N flat order lines as CSV (one row per order line, the shape a sales export
 * from another system has), deterministically: ~5,000 customers, 500 products,
 * 8 regions, 50 reps (rep01…rep50@bench.example), 3 years of dates.
 *
 *   npx tsx bench/generate-order-lines.ts [N=1000000] [FILE=bench/data/order-lines.csv]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { netAmount } from '../src/server/modules/imports/imports.rows';

export const BENCH_HEADERS = ['Order no', 'Line', 'Date', 'Customer ID', 'Customer name', 'Product code', 'Product name', 'Unit', 'Region', 'Sales rep', 'Qty', 'Unit price', 'Discount', 'Amount'];
export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北', 'Export'];
export const repEmail = (i: number) => `rep${String(i + 1).padStart(2, '0')}@bench.example`;

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CN = ['华东电子', '长江机械', '新星贸易', '海天科技', '金桥物流', '宏达化工', '东方仪器', '天成建材', '瑞丰食品', '博远软件'];
const EN = ['Acme', 'Northwind', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Tyrell'];

export interface GenerateOptions {
  lines: number;
  customers?: number;
  products?: number;
  reps?: number;
  seed?: number;
  /** First and last order date (inclusive). */
  from?: string;
  days?: number;
}

/** Yields CSV lines (header first, no newline) for `lines` order lines. */
export function* orderLineCsv(opts: GenerateOptions): Generator<string> {
  const rnd = mulberry32(opts.seed ?? 42);
  const customers = opts.customers ?? 5000;
  const products = opts.products ?? 500;
  const reps = opts.reps ?? 50;
  const days = opts.days ?? 365 * 3;
  const start = Date.parse(`${opts.from ?? '2023-01-01'}T00:00:00Z`);
  const custName = (i: number) => (i % 2 === 0 ? `${['上海', '北京', '深圳', '杭州', '成都'][i % 5]}${CN[i % 10]}${i}号有限公司` : `${EN[i % 10]} ${i} Trading Co., Ltd.`);
  const price = Array.from({ length: products }, (_, i) => 100 + Math.floor(mulberry32(1000 + i)() * 500_000));
  yield BENCH_HEADERS.join(',');
  let written = 0;
  let order = 0;
  while (written < opts.lines) {
    order++;
    const nLines = Math.min(opts.lines - written, 1 + Math.floor(rnd() * 9));
    const day = Math.floor(((order * 5) / Math.max(1, opts.lines)) * days) % days;
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const c = Math.floor(rnd() * customers);
    const rep = c % reps;
    const region = REGIONS[c % REGIONS.length];
    const name = custName(c);
    const quoted = name.includes(',') ? `"${name}"` : name;
    for (let l = 1; l <= nLines; l++) {
      const p = Math.floor(rnd() * products);
      const q4 = rnd() < 0.1 ? (1 + Math.floor(rnd() * 40)) * 2500 : (1 + Math.floor(rnd() * 100)) * 10_000;
      const d6 = [0, 0, 0, 50_000, 100_000][Math.floor(rnd() * 5)];
      const net = netAmount(q4, price[p], d6);
      const qty = q4 % 10_000 === 0 ? String(q4 / 10_000) : (q4 / 10_000).toFixed(2);
      yield [
        `SO${String(order).padStart(7, '0')}`,
        l,
        date,
        `C${String(c + 1).padStart(5, '0')}`,
        quoted,
        `P${String(p + 1).padStart(4, '0')}`,
        `Product ${p + 1}`,
        'pcs',
        region,
        repEmail(rep),
        qty,
        (price[p] / 100).toFixed(2),
        d6 ? `${d6 / 10_000}%` : '0',
        (net / 100).toFixed(2),
      ].join(',');
      written++;
    }
  }
}

/** Writes the CSV to a file, buffered. */
export async function writeOrderLines(file: string, opts: GenerateOptions): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file);
  let buf: string[] = [];
  for (const line of orderLineCsv(opts)) {
    buf.push(line);
    if (buf.length >= 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const file = process.argv[3] ?? 'bench/data/order-lines.csv';
  const t0 = Date.now();
  await writeOrderLines(file, { lines: n });
  console.log(`Wrote ${n} order lines to ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
