import { fileTypeFromFile } from 'file-type';
import fs from 'node:fs';
import yauzl from 'yauzl';

/**
 * What an uploaded file really is, decided from its content, never from its name.
 * Each use names an allow-list of kinds; SVG and HTML are never allowed (script).
 */
export type FileKind = 'pdf' | 'image' | 'office' | 'ofd' | 'zip' | 'text';

export const PURPOSES: Record<string, FileKind[]> = {
  attachment: ['pdf', 'image', 'office', 'ofd', 'zip', 'text'],
  image: ['image'],
  receipt: ['pdf', 'image', 'ofd'],
  document: ['pdf', 'image', 'office', 'ofd', 'text'],
  import: ['office', 'text'],
};

const IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff', 'image/heic']);
const OFFICE_MIMES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/x-cfb',
]);

export interface Detected {
  kind: FileKind | 'other';
  mime: string;
  ext: string;
}

/** True when the bytes are text: valid UTF-8 (or GB18030) with no NUL bytes. */
function looksLikeText(sample: Buffer): { ok: boolean; charset?: string } {
  if (sample.length === 0) return { ok: false };
  if (sample.includes(0)) return { ok: false };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, trimIncompleteUtf8(sample)));
    return { ok: true, charset: 'utf-8' };
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(sample);
      return { ok: true, charset: 'gb18030' };
    } catch {
      return { ok: false };
    }
  }
}

/** A sample cut at an arbitrary byte may end inside a UTF-8 sequence; drop that tail. */
function trimIncompleteUtf8(b: Buffer): number {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i];
    if ((byte & 0xc0) === 0x80) continue;
    if ((byte & 0xe0) === 0xc0 && i < 2) return end - i;
    if ((byte & 0xf0) === 0xe0 && i < 3) return end - i;
    if ((byte & 0xf8) === 0xf0 && i < 4) return end - i;
    break;
  }
  return end;
}

/**
 * Text a browser would take for markup: XML, SVG, or any start that the WHATWG MIME
 * sniffing rules identify as HTML (`<body `, `<iframe>`, `<!--`, `<p>`…), not only
 * `<html>`: such a file is refused rather than kept as "text".
 */
const MARKUP = /^\s*(<\?xml|<svg|<!--|<!doctype[\s>]|<(html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|img|object|embed|meta|link|base|form|math)[\s/>])/i;

export async function detectFileType(filePath: string): Promise<Detected> {
  const ft = await fileTypeFromFile(filePath);
  if (ft) {
    if (ft.mime === 'application/pdf') return { kind: 'pdf', mime: ft.mime, ext: ft.ext };
    if (IMAGE_MIMES.has(ft.mime)) return { kind: 'image', mime: ft.mime, ext: ft.ext };
    if (OFFICE_MIMES.has(ft.mime)) return { kind: 'office', mime: ft.mime, ext: ft.ext };
    if (ft.mime === 'application/zip') {
      return (await isOfd(filePath)) ? { kind: 'ofd', mime: 'application/ofd', ext: 'ofd' } : { kind: 'zip', mime: ft.mime, ext: ft.ext };
    }
    return { kind: 'other', mime: ft.mime, ext: ft.ext };
  }
  const fd = await fs.promises.open(filePath, 'r');
  const sample = Buffer.alloc(65536);
  const { bytesRead } = await fd.read(sample, 0, sample.length, 0);
  await fd.close();
  const head = sample.subarray(0, bytesRead);
  const text = looksLikeText(head);
  if (text.ok) {
    const start = head.toString('utf8', 0, Math.min(512, head.length)).replace(/^\uFEFF/, '');
    // SVG, HTML and XML can carry script: they are never accepted as text.
    if (MARKUP.test(start)) return { kind: 'other', mime: 'text/html', ext: 'html' };
    return { kind: 'text', mime: `text/plain; charset=${text.charset}`, ext: 'txt' };
  }
  return { kind: 'other', mime: 'application/octet-stream', ext: 'bin' };
}

/** OFD (China's e-invoice format) is a zip whose root holds OFD.xml. */
async function isOfd(filePath: string): Promise<boolean> {
  const entries = await listZipEntries(filePath, 50).catch(() => []);
  return entries.some((e) => e.name.toUpperCase() === 'OFD.XML');
}

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalUncompressed: 1024 * 1024 * 1024, maxRatio: 200 };

async function listZipEntries(filePath: string, max: number): Promise<{ name: string; compressed: number; uncompressed: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      const out: { name: string; compressed: number; uncompressed: number }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, compressed: e.compressedSize, uncompressed: e.uncompressedSize });
        if (out.length >= max) {
          zip.close();
          resolve(out);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * Checks a zip (docx, xlsx, ofd and plain zips are all zips) from its central
 * directory alone, before anything is unpacked: entry count, total declared size,
 * compression ratio, and names that would climb out of a folder.
 */
export async function checkZip(filePath: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string | undefined> {
  let entries;
  try {
    entries = await listZipEntries(filePath, limits.maxEntries + 1);
  } catch (e) {
    return `the archive is damaged (${(e as Error).message})`;
  }
  if (entries.length > limits.maxEntries) return `the archive has more than ${limits.maxEntries} entries`;
  let total = 0;
  let compressed = 0;
  for (const e of entries) {
    total += e.uncompressed;
    compressed += e.compressed;
    if (e.name.startsWith('/') || e.name.split(/[\\/]/).includes('..')) return `the archive has an unsafe entry name (${e.name.slice(0, 100)})`;
    if (e.uncompressed > 1024 * 1024 && e.compressed > 0 && e.uncompressed / e.compressed > limits.maxRatio) return 'the archive expands too much (a zip bomb?)';
  }
  if (total > limits.maxTotalUncompressed) return 'the archive would unpack to more than the allowed size';
  if (total > 1024 * 1024 && compressed > 0 && total / compressed > limits.maxRatio) return 'the archive expands too much (a zip bomb?)';
  return undefined;
}

/** A file name safe to show and to put in a header: the last path part, no control characters, NFC, ≤ 200 chars. */
export function cleanFileName(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}
