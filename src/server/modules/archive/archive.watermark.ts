import fs from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb } from 'pdf-lib';

/**
 * Watermarks for confidential downloads: every page of a PDF gets the reader and the
 * time, diagonally across the page and in the footer; a PNG or JPEG image is placed
 * on a page of its own and marked the same way (so a confidential image reaches a
 * non-owner only as a marked PDF). The text is set in Noto Sans SC, embedded as a
 * subset (only the glyphs of the line, a few KB), so Chinese reader names print.
 * A PDF that cannot be rewritten (encrypted, damaged) has no watermarked copy and
 * the caller refuses the download.
 */
export type WatermarkResult = { ok: true; data: Buffer; mime: string; fileName: string } | { ok: false; reason: string };

export const CJK_FONT_PATH = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

let fontBytes: Promise<Buffer> | undefined;
/** The 10 MB font is read once per process, on the first watermark. */
const cjkFont = () => (fontBytes ??= fs.promises.readFile(CJK_FONT_PATH));

/** The line printed on every page: the reader's name and e-mail and the time (UTC, to the minute). */
export function watermarkLine(reader: { displayName: string; email: string }, at: Date): string {
  return `机密 CONFIDENTIAL - ${reader.displayName} <${reader.email}> - ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export async function watermark(data: Buffer, mime: string, fileName: string, line: string): Promise<WatermarkResult> {
  try {
    let doc: PDFDocument;
    if (mime === 'application/pdf') {
      doc = await PDFDocument.load(new Uint8Array(data));
    } else if (mime === 'image/png' || mime === 'image/jpeg') {
      doc = await PDFDocument.create();
      const img = mime === 'image/png' ? await doc.embedPng(new Uint8Array(data)) : await doc.embedJpg(new Uint8Array(data));
      // A small image gets a page large enough for the mark to be read.
      const page = doc.addPage([Math.max(img.width, 420), Math.max(img.height + 30, 300)]);
      page.drawImage(img, { x: 0, y: page.getHeight() - img.height, width: img.width, height: img.height });
    } else {
      return { ok: false, reason: `a ${mime} file cannot carry a watermark` };
    }
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(await cjkFont(), { subset: true });
    const lineWidthAt1 = font.widthOfTextAtSize(line, 1);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      // Across the page's diagonal-ish, never larger than 28 pt.
      const size = Math.max(6, Math.min(28, (width * 1.05) / Math.max(1, lineWidthAt1)));
      page.drawText(line, { x: width * 0.08, y: height * 0.3, size, font, color: rgb(0.75, 0.1, 0.1), opacity: 0.28, rotate: degrees(35) });
      page.drawText(line, { x: 12, y: 10, size: Math.min(8, (width - 24) / Math.max(1, lineWidthAt1)), font, color: rgb(0.5, 0.1, 0.1), opacity: 0.8 });
    }
    const out = Buffer.from(await doc.save());
    return { ok: true, data: out, mime: 'application/pdf', fileName: mime === 'application/pdf' ? fileName : `${fileName}.pdf` };
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    const message = (err as Error)?.message ?? '';
    return { ok: false, reason: name.includes('Encrypted') || /encrypt/i.test(message) ? 'the PDF is encrypted and cannot carry a watermark' : 'the file could not be watermarked (damaged?)' };
  }
}
