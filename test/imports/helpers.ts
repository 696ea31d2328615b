import crypto from 'node:crypto';
import { orderLineCsv } from '../../bench/generate-order-lines';
import type { Session } from '../helpers/app';

export function multipartFile(name: string, data: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----imports${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a file and starts a batch; returns the response (201 with batch and preview, or the refusal). */
export function upload(s: Session, kind: string, name: string, data: Buffer | string) {
  return s.request({ method: 'POST', url: `/api/v1/imports/upload?kind=${kind}`, ...multipartFile(name, Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8')) });
}

/** A small flat order-line export (the benchmark's generator, without the rep column's users). */
export function flatCsv(lines: number, seed = 7): string {
  return [...orderLineCsv({ lines, customers: 40, products: 25, reps: 5, seed, days: 400 })].join('\n') + '\n';
}

/** Sums the Amount column per month (YYYY-MM) in minor units, straight from the CSV text. */
export function monthlyTotalsFromCsv(csv: string): Map<string, number> {
  const out = new Map<string, number>();
  const rows = csv.trim().split('\n').slice(1);
  for (const r of rows) {
    const cells = r.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const month = cells[2].slice(0, 7);
    const [i, f = ''] = cells[13].split('.');
    const minor = Number(i) * 100 + Number(f.padEnd(2, '0'));
    out.set(month, (out.get(month) ?? 0) + minor);
  }
  return out;
}
