/**
 * Watermarks for confidential downloads: every page of a PDF gets the reader and the
 * time, diagonally across the page and in the footer; a PNG or JPEG image is placed
 * on a page of its own and marked the same way (so a confidential image reaches a
 * non-owner only as a marked PDF). Uses the optional `pdf-lib` package (pure JS);
 * without it, or for a PDF that cannot be rewritten (encrypted, damaged), there is no
 * watermarked copy and the caller refuses the download.
 */
export type WatermarkResult = { ok: true; data: Buffer; mime: string; fileName: string } | { ok: false; reason: string };

interface PdfLib {
  PDFDocument: {
    load(data: Uint8Array, opts?: Record<string, unknown>): Promise<any>;
    create(): Promise<any>;
  };
  StandardFonts: { Helvetica: string };
  rgb(r: number, g: number, b: number): unknown;
  degrees(d: number): unknown;
}

let pdfLibModule: Promise<PdfLib | undefined> | undefined;
function loadPdfLib(): Promise<PdfLib | undefined> {
  const name = 'pdf-lib';
  pdfLibModule ??= import(name).then((m) => (m.default?.PDFDocument ? m.default : m) as PdfLib).catch(() => undefined);
  return pdfLibModule;
}

export async function isWatermarkAvailable(): Promise<boolean> {
  return (await loadPdfLib()) !== undefined;
}

/**
 * The line printed on every page. The standard PDF fonts carry no Chinese glyphs, so
 * the reader is named by e-mail (always ASCII) and, when it is Latin, the display name.
 */
export function watermarkLine(reader: { displayName: string; email: string }, at: Date): string {
  const latinName = /^[\x20-\x7E]+$/.test(reader.displayName) ? `${reader.displayName} ` : '';
  return `CONFIDENTIAL - ${latinName}<${reader.email}> - ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export async function watermark(data: Buffer, mime: string, fileName: string, line: string): Promise<WatermarkResult> {
  const lib = await loadPdfLib();
  if (!lib) return { ok: false, reason: 'watermarking is not installed on this server (npm package pdf-lib)' };
  try {
    let doc: any;
    if (mime === 'application/pdf') {
      doc = await lib.PDFDocument.load(new Uint8Array(data));
    } else if (mime === 'image/png' || mime === 'image/jpeg') {
      doc = await lib.PDFDocument.create();
      const img = mime === 'image/png' ? await doc.embedPng(new Uint8Array(data)) : await doc.embedJpg(new Uint8Array(data));
      const page = doc.addPage([img.width, img.height + 30]);
      page.drawImage(img, { x: 0, y: 30, width: img.width, height: img.height });
    } else {
      return { ok: false, reason: `a ${mime} file cannot carry a watermark` };
    }
    const font = await doc.embedFont(lib.StandardFonts.Helvetica);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      const size = Math.max(8, Math.min(28, (width * 1.1) / Math.max(1, line.length) / 0.5));
      page.drawText(line, { x: width * 0.08, y: height * 0.3, size, font, color: lib.rgb(0.75, 0.1, 0.1), opacity: 0.28, rotate: lib.degrees(35) });
      page.drawText(line, { x: 12, y: 10, size: 8, font, color: lib.rgb(0.5, 0.1, 0.1), opacity: 0.8 });
    }
    const out = Buffer.from(await doc.save());
    return { ok: true, data: out, mime: 'application/pdf', fileName: mime === 'application/pdf' ? fileName : `${fileName}.pdf` };
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    return { ok: false, reason: name.includes('Encrypted') ? 'the PDF is encrypted and cannot carry a watermark' : 'the file could not be watermarked (damaged?)' };
  }
}
