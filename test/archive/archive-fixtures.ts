import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { LightMyRequestResponse } from 'fastify';
import type { Session } from '../helpers/app';

/** Files and uploads for the archive tests. */

export interface UploadPart {
  name: string;
  content: Buffer;
  mime?: string;
}

/** A multipart body with any number of "file" parts and optional text fields. */
export function multipartFiles(files: UploadPart[], fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----archive${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.mime ?? 'application/octet-stream'}\r\n\r\n`));
    chunks.push(f.content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function uploadDocs(s: Session, files: UploadPart[], metadata?: unknown): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartFiles(files, metadata === undefined ? {} : { metadata: JSON.stringify(metadata) });
  return s.request({ method: 'POST', url: '/api/v1/archive/documents', payload, headers });
}

/** Uploads and returns the first document's id (throws on anything but 201). */
export async function uploadDoc(s: Session, file: UploadPart, metadata?: unknown): Promise<string> {
  const res = await uploadDocs(s, [file], metadata);
  if (res.statusCode !== 201) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  return res.json().items[0].id;
}

export const txt = (name: string, text: string): UploadPart => ({ name, content: Buffer.from(text, 'utf8'), mime: 'text/plain' });

/** A minimal Word document whose body is the given paragraphs (runs split mid-phrase, as Word does). */
export async function docx(name: string, paragraphs: string[]): Promise<UploadPart> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs
    .map((p) => {
      const half = Math.ceil(p.length / 2);
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return `<w:p><w:r><w:t xml:space="preserve">${esc(p.slice(0, half))}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>${esc(p.slice(half))}</w:t></w:r></w:p>`;
    })
    .join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return { name, content: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
}

export async function xlsx(name: string, rows: (string | number)[][]): Promise<UploadPart> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('报价');
  for (const r of rows) ws.addRow(r);
  return { name, content: Buffer.from(await wb.xlsx.writeBuffer()), mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/** A small, valid one-page PDF (hand-written, uncompressed; its xref offsets are computed). */
export function pdf(text = 'Hello archive'): UploadPart {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name: 'scan.pdf', content: Buffer.from(out, 'latin1'), mime: 'application/pdf' };
}

/** A PDF whose trailer names an encryption dictionary (its content is not readable without a password). */
export function encryptedPdf(): UploadPart {
  const body = '%PDF-1.6\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>\nendobj\ntrailer\n<< /Root 1 0 R /Encrypt 2 0 R >>\nstartxref\n0\n%%EOF\n';
  return { name: 'locked.pdf', content: Buffer.from(body, 'latin1'), mime: 'application/pdf' };
}

/** Starts like a PDF, then stops: no objects, no end-of-file marker. */
export const brokenPdf = (): UploadPart => ({ name: 'broken.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Cat', 'latin1'), mime: 'application/pdf' });

/** A real PDF with the given paragraphs (Chinese and English) set in the embedded Noto Sans SC: its text is extractable. */
export async function textPdf(name: string, paragraphs: string[]): Promise<UploadPart> {
  const { default: PDFDocument } = await import('pdfkit');
  const { CJK_FONT_PATH } = await import('../../src/server/modules/archive/archive.watermark');
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.registerFont('noto', CJK_FONT_PATH);
  doc.font('noto').fontSize(12);
  for (const p of paragraphs) doc.text(p).moveDown();
  doc.end();
  await ended;
  return { name, content: Buffer.concat(chunks), mime: 'application/pdf' };
}

/** The text of a PDF as PDF.js reads it (all pages). */
export async function pdfText(data: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(data)), { mergePages: true });
  return text;
}

export async function pdfPages(data: Buffer): Promise<number> {
  const { getDocumentProxy } = await import('unpdf');
  return (await getDocumentProxy(new Uint8Array(data))).numPages;
}
