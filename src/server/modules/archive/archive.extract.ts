import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import yauzl from 'yauzl';
import type { ExtractionStatus } from '../../db/database';

/**
 * Text extraction for search: TXT (UTF-8 or GB18030), DOCX (the XML inside the zip),
 * XLSX (exceljs) and PDF (unpdf: PDF.js, pure JS).
 * Never throws: a file that cannot be read gets a status and a reason, and is kept
 * without text (an encrypted or damaged PDF is still a valid archive document).
 */
export interface Extraction {
  status: Exclude<ExtractionStatus, 'pending'>;
  text: string | null;
  error: string | null;
}

/** Extracted text kept per version (characters); longer text is cut there, the file itself stays whole. */
export const MAX_TEXT_CHARS = 300_000;
const MAX_XML_BYTES = 64 * 1024 * 1024;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function extractText(filePath: string, mime: string): Promise<Extraction> {
  try {
    let text: string;
    if (mime.startsWith('text/plain')) text = await readText(filePath, mime);
    else if (mime === DOCX_MIME) text = await readDocx(filePath);
    else if (mime === XLSX_MIME) text = await readXlsx(filePath);
    else if (mime === 'application/pdf') {
      const pdf = await readPdf(filePath);
      if ('status' in pdf) return pdf;
      text = pdf.text;
    } else return { status: 'unsupported', text: null, error: `no text extraction for ${mime}` };
    const cleaned = normalise(text);
    return cleaned ? { status: 'done', text: cleaned.slice(0, MAX_TEXT_CHARS), error: null } : { status: 'empty', text: null, error: null };
  } catch (err) {
    return { status: 'failed', text: null, error: String((err as Error)?.message ?? err).slice(0, 500) };
  }
}

/** One space for runs of blanks, at most one empty line, no NULs (PostgreSQL text refuses them). */
function normalise(text: string): string {
  return text
    .replace(/\u0000/g, '')
    .replace(/[ \t\u00A0\u3000]+/g, ' ')
    .replace(/\s*\n\s*\n\s*/g, '\n\n')
    .trim();
}

async function readText(filePath: string, mime: string): Promise<string> {
  const buf = await fs.promises.readFile(filePath);
  const charset = /charset=gb18030/i.test(mime) ? 'gb18030' : 'utf-8';
  return new TextDecoder(charset).decode(buf).replace(/^\uFEFF/, '');
}

/** The named entries of a zip, as UTF-8 text (entries above the limit are refused). */
function readZipEntries(filePath: string, wanted: (name: string) => boolean): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      const out = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > MAX_XML_BYTES) return reject(new Error(`${entry.fileName} is too large to index`));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return XML_ENTITIES[e] ?? m;
  });

/** WordprocessingML: text runs (<w:t>) in body, headers, footers, footnotes; paragraphs, breaks and tabs kept as white space. */
async function readDocx(filePath: string): Promise<string> {
  const parts = await readZipEntries(filePath, (n) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(n));
  const body = parts.get('word/document.xml');
  if (body === undefined) throw new Error('not a Word document (no word/document.xml)');
  const ordered = [body, ...[...parts.entries()].filter(([n]) => n !== 'word/document.xml').map(([, x]) => x)];
  return ordered
    .map((xml) =>
      xml
        .replace(/<w:tab\/>/g, '\t')
        .replace(/<w:(br|cr)\/>/g, '\n')
        .replace(/<\/w:p>/g, '\n')
        .replace(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g, (_m, t: string) => `\u0001${t}\u0002`)
        .replace(/<[^>]+>/g, '')
        .replace(/\u0002\u0001/g, '')
        .replace(/[\u0001\u0002]/g, ''),
    )
    .map(decodeXml)
    .join('\n');
}

async function readXlsx(filePath: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(filePath);
  const lines: string[] = [];
  wb.eachSheet((sheet) => {
    lines.push(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const t = cell.text;
        if (t) cells.push(t);
      });
      if (cells.length) lines.push(cells.join('\t'));
    });
  });
  return lines.join('\n');
}

/** PDF: encrypted and damaged files are flagged before any parser runs; then PDF.js (unpdf) reads the text of every page. */
async function readPdf(filePath: string): Promise<{ text: string } | Extraction> {
  const buf = await fs.promises.readFile(filePath);
  const tail = buf.subarray(Math.max(0, buf.length - 2048)).toString('latin1');
  if (!buf.subarray(0, 1024).toString('latin1').includes('%PDF-') || !tail.includes('%%EOF')) {
    return { status: 'failed', text: null, error: 'the PDF is damaged (no header or end-of-file marker)' };
  }
  if (/\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(buf.toString('latin1'))) return { status: 'encrypted', text: null, error: 'the PDF is encrypted' };
  try {
    const doc = await getDocumentProxy(new Uint8Array(buf));
    const { text } = await extractPdfText(doc, { mergePages: true });
    return { text };
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    if (name === 'PasswordException') return { status: 'encrypted', text: null, error: 'the PDF is encrypted' };
    return { status: 'failed', text: null, error: `the PDF could not be read: ${String((err as Error)?.message ?? err).slice(0, 300)}` };
  }
}
