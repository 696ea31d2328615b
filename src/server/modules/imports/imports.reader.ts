import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { AppError } from '../../http/app-error';
import { CsvTokenizer } from './imports.csv';

/**
 * Reads an import file as rows of strings, streaming: CSV (UTF-8 with or without
 * BOM, or GBK/GB18030; comma, semicolon, tab or pipe) and XLSX (first worksheet).
 * Encoding is decided by trying strict UTF-8 first, then strict GB18030 (a superset
 * of GBK); anything else is refused. Bad files are 400s that name the problem.
 */
export const MAX_COLUMNS = 200;
const SAMPLE_BYTES = 256 * 1024;

export interface FileFormat {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'gb18030' | null;
  hasBom: boolean;
  delimiter: string | null;
}

export const badFile = (message: string, code = 'invalid') => new AppError('validation_failed', message, { fields: [{ field: 'file', code, message }] });

function readSample(path: string): Buffer {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const n = fs.readSync(fd, buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** A sample cut at an arbitrary byte may end inside a UTF-8 sequence; drop that tail. */
function trimIncompleteUtf8(b: Buffer): Buffer {
  let i = b.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (b[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return b;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? b.subarray(0, i) : b;
}

function detectEncoding(sample: Buffer, wanted: 'auto' | 'utf-8' | 'gb18030', isWholeFile: boolean): { encoding: 'utf-8' | 'gb18030'; hasBom: boolean } {
  const hasBom = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (hasBom) return { encoding: 'utf-8', hasBom };
  if (sample.includes(0)) throw badFile('The file is not text in UTF-8 or GBK/GB18030 (it contains NUL bytes: UTF-16 or a binary file?)', 'encoding');
  const tryDecode = (enc: string, b: Buffer) => {
    try {
      new TextDecoder(enc, { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };
  const utf8Part = isWholeFile ? sample : trimIncompleteUtf8(sample);
  if (wanted !== 'gb18030' && tryDecode('utf-8', utf8Part)) return { encoding: 'utf-8', hasBom };
  if (wanted === 'utf-8') throw badFile('The file is not valid UTF-8', 'encoding');
  // A GB18030 sample may end in the middle of a two- or four-byte character: drop up to 3 trailing bytes.
  for (let cut = 0; cut <= (isWholeFile ? 0 : 3); cut++) {
    if (tryDecode('gb18030', sample.subarray(0, sample.length - cut))) return { encoding: 'gb18030', hasBom };
  }
  throw badFile('The file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 and try again', 'encoding');
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines into the same number (> 1) of fields, most fields first. */
function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return ',';
  const countOutsideQuotes = (line: string, d: string) => {
    let n = 0;
    let q = false;
    for (const ch of line) {
      if (ch === '"') q = !q;
      else if (!q && ch === d) n++;
    }
    return n;
  };
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.slice(0, lines.length > 1 ? lines.length - 1 : 1).map((l) => countOutsideQuotes(l, d));
    const first = counts[0];
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

export function isXlsx(sample: Buffer): boolean {
  return sample.length >= 4 && sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
}

export interface OpenOptions {
  encoding?: 'auto' | 'utf-8' | 'gb18030';
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
}

export interface OpenedFile {
  meta: FileFormat;
  size: number;
  /** Rows (header first) as strings; `bytesRead()` tells how far the stream got (for progress). */
  rows(): AsyncGenerator<string[]>;
  bytesRead(): number;
}

/** Opens a file for reading; throws a 400 for an empty file, an undecodable one, or a damaged XLSX. */
export function openImportFile(path: string, opts: OpenOptions = {}): OpenedFile {
  const size = fs.statSync(path).size;
  if (size === 0) throw badFile('The file is empty', 'empty');
  const sample = readSample(path);
  let read = 0;
  if (isXlsx(sample)) {
    return {
      meta: { format: 'xlsx', encoding: null, hasBom: false, delimiter: null },
      size,
      bytesRead: () => read,
      rows: () => xlsxRows(path, (n) => (read = n)),
    };
  }
  const { encoding, hasBom } = detectEncoding(sample, opts.encoding ?? 'auto', sample.length === size);
  const head = encoding === 'utf-8' ? new TextDecoder('utf-8').decode(trimIncompleteUtf8(sample)) : iconv.decode(sample, 'gb18030');
  const delimiter = !opts.delimiter || opts.delimiter === 'auto' ? detectDelimiter(head.replace(/^\uFEFF/, '')) : opts.delimiter;
  return {
    meta: { format: 'csv', encoding, hasBom, delimiter },
    size,
    bytesRead: () => read,
    rows: () => csvRows(path, encoding, delimiter, (n) => (read += n)),
  };
}

async function* csvRows(path: string, encoding: 'utf-8' | 'gb18030', delimiter: string, onBytes: (n: number) => void): AsyncGenerator<string[]> {
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8', { fatal: true }) : null;
  const gb = encoding === 'gb18030' ? iconv.getDecoder('gb18030') : null;
  const csv = new CsvTokenizer(delimiter);
  const input = fs.createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of input) {
      const buf = chunk as Buffer;
      onBytes(buf.length);
      let text: string;
      try {
        text = decoder ? decoder.decode(buf, { stream: true }) : gb!.write(buf);
      } catch {
        throw badFile('The file is not valid UTF-8 further in: save it as CSV UTF-8 (or GBK) throughout', 'encoding');
      }
      const rows = csv.push(text);
      for (const r of rows) {
        if (r.length > MAX_COLUMNS) throw badFile(`A row has ${r.length} columns; at most ${MAX_COLUMNS} are accepted`, 'too_many_columns');
        yield r;
      }
    }
    let rest: string;
    try {
      rest = decoder ? decoder.decode() : (gb!.end() ?? '');
    } catch {
      throw badFile('The file ends in the middle of a character', 'encoding');
    }
    if (rest) for (const r of csv.push(rest)) yield r;
    for (const r of csv.end()) yield r;
  } finally {
    input.destroy();
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[]; error?: string; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return '';
    return '';
  }
  return String(v);
}

/**
 * Inflates every entry of the workbook once (yauzl checks sizes and CRCs): the
 * streaming XLSX reader does not always report damaged compressed data — it can wait
 * forever — so a damaged file is found here first and refused.
 */
function checkXlsxZip(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => reject(badFile(`The XLSX file is damaged (${(err as Error)?.message ?? err})`, 'xlsx'));
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return fail(err);
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return fail(e2);
          stream.on('error', fail);
          stream.on('end', () => zip.readEntry());
          stream.resume();
        });
      });
      zip.readEntry();
    });
  });
}

async function* xlsxRows(path: string, onBytes: (n: number) => void): AsyncGenerator<string[]> {
  await checkXlsxZip(path);
  const input = fs.createReadStream(path);
  let bytes = 0;
  input.on('data', (c) => onBytes((bytes += (c as Buffer).length)));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const out: string[] = [];
        for (let i = 1; i < values.length; i++) out.push(cellText(values[i]).trim());
        if (out.every((c) => c === '')) continue;
        yield out;
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badFile(`The XLSX file is damaged or not a spreadsheet (${(err as Error).message ?? err})`, 'xlsx');
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw badFile('The XLSX file has no worksheet', 'xlsx');
}

/** Checks the header row: present, not too wide; blank names become "Column N", repeats get a suffix. */
export function checkHeader(row: string[] | undefined): string[] {
  if (!row || row.every((c) => c.trim() === '')) throw badFile('The file is empty', 'empty');
  if (row.length > MAX_COLUMNS) throw badFile(`The file has ${row.length} columns; at most ${MAX_COLUMNS} are accepted (is the delimiter right?)`, 'too_many_columns');
  const seen = new Map<string, number>();
  return row.map((h, i) => {
    let name = h.replace(/^\uFEFF/, '').trim() || `Column ${i + 1}`;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) name = `${name} (${n + 1})`;
    return name;
  });
}
