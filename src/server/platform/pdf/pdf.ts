/**
 * PDF documents for every module: reports, label sheets, generated demo files.
 *
 * One builder over pdfkit with Noto Sans SC embedded (regular and bold), so Chinese and
 * English print alike; pdfkit embeds only the glyphs a document uses, so a one-page report
 * stays small although each font file is ~10 MB. Charts are ECharts options rendered on the
 * server as SVG and drawn as vectors (svg-to-pdfkit); QR codes are drawn as vector squares.
 * `toBuffer()` stamps "Page x of y" / "第 x 页，共 y 页" on every page.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import QRCode from 'qrcode';
import * as echarts from 'echarts';

export type PdfLocale = 'en' | 'zh-CN';

export interface PdfOptions {
  title: string;
  locale: PdfLocale;
  author?: string;
  subject?: string;
  /** A4 portrait by default. */
  landscape?: boolean;
  /** Page margin in points (1/72 inch); 48 by default. */
  margin?: number;
  /** No "Page x of y" footers (label sheets). */
  pageNumbers?: boolean;
}

export interface PdfColumn {
  header: string;
  /** Relative width (default 1); the table spans the text width. */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

export interface PdfTable {
  columns: PdfColumn[];
  rows: string[][];
  /** A last row in bold, e.g. the totals. */
  total?: string[];
}

export const FONT_REGULAR = 'NotoSansSC';
export const FONT_BOLD = 'NotoSansSC-Bold';

const require = createRequire(import.meta.url);
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;

/** The font files are read once per process: every document after the first costs no disk read. */
function fonts(): { regular: Buffer; bold: Buffer } {
  fontFiles ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fontFiles;
}

const footerText: Record<PdfLocale, (page: number, pages: number) => string> = {
  en: (page, pages) => `Page ${page} of ${pages}`,
  'zh-CN': (page, pages) => `第 ${page} 页，共 ${pages} 页`,
};

const GREY = '#666666';
const RULE = '#d9d9d9';
const HEADER_FILL = '#f0f2f5';

export interface PdfBuilder {
  /** The raw pdfkit document, for drawing what the helpers do not cover. */
  readonly doc: PDFKit.PDFDocument;
  /** Usable width between the margins. */
  readonly width: number;
  heading(text: string, level?: 1 | 2 | 3): PdfBuilder;
  paragraph(text: string, options?: { size?: number; color?: string }): PdfBuilder;
  keyValues(pairs: [string, string][]): PdfBuilder;
  table(table: PdfTable): PdfBuilder;
  /** An ECharts option drawn as vectors, `width` × `height` points (default: full width × 260). */
  chart(option: echarts.EChartsCoreOption, size?: { width?: number; height?: number }): PdfBuilder;
  /** A QR code of `text` at a fixed place (label sheets), `size` points square. */
  qr(text: string, at: { x: number; y: number; size: number }): PdfBuilder;
  space(points?: number): PdfBuilder;
  pageBreak(): PdfBuilder;
  toBuffer(): Promise<Buffer>;
}

/** Starts a PDF with the CJK fonts registered and the title in its metadata. */
export function createPdf(options: PdfOptions): PdfBuilder {
  const margin = options.margin ?? 48;
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.landscape ? 'landscape' : 'portrait',
    margins: { top: margin, bottom: margin + 14, left: margin, right: margin },
    bufferPages: true,
    info: { Title: options.title, Author: options.author ?? 'Salesdesk', Subject: options.subject ?? options.title, Creator: 'Salesdesk' },
    lang: options.locale,
    displayTitle: true,
  } as PDFKit.PDFDocumentOptions);
  const files = fonts();
  doc.registerFont(FONT_REGULAR, files.regular);
  doc.registerFont(FONT_BOLD, files.bold);
  doc.font(FONT_REGULAR).fontSize(10).fillColor('black');

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = () => doc.page.margins.left;
  const textWidth = () => doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** A new page when fewer than `needed` points are left on this one. */
  const ensureRoom = (needed: number) => {
    if (doc.y + needed > bottom()) doc.addPage();
  };

  const builder: PdfBuilder = {
    doc,
    get width() {
      return textWidth();
    },
    heading(text, level = 1) {
      const size = level === 1 ? 18 : level === 2 ? 14 : 12;
      ensureRoom(size * 3);
      if (doc.y > doc.page.margins.top) doc.moveDown(0.6);
      doc.font(FONT_BOLD).fontSize(size).fillColor('black').text(text, left(), doc.y, { width: textWidth() });
      doc.moveDown(0.3).font(FONT_REGULAR).fontSize(10);
      return builder;
    },
    paragraph(text, opts = {}) {
      doc.font(FONT_REGULAR).fontSize(opts.size ?? 10).fillColor(opts.color ?? 'black');
      ensureRoom(doc.currentLineHeight(true) * 2);
      doc.text(text, left(), doc.y, { width: textWidth(), lineGap: 2 });
      doc.moveDown(0.4).fillColor('black').fontSize(10);
      return builder;
    },
    keyValues(pairs) {
      const labelWidth = Math.min(160, textWidth() * 0.35);
      for (const [label, value] of pairs) {
        doc.font(FONT_REGULAR).fontSize(10);
        const height = Math.max(doc.heightOfString(label, { width: labelWidth - 8 }), doc.heightOfString(value || ' ', { width: textWidth() - labelWidth }));
        ensureRoom(height + 4);
        const y = doc.y;
        doc.fillColor(GREY).text(label, left(), y, { width: labelWidth - 8 });
        doc.fillColor('black').text(value || ' ', left() + labelWidth, y, { width: textWidth() - labelWidth });
        doc.y = y + height + 4;
      }
      doc.x = left();
      doc.moveDown(0.3);
      return builder;
    },
    table(table) {
      drawTable(doc, table, { left, textWidth, bottom });
      return builder;
    },
    chart(option, size = {}) {
      const width = size.width ?? textWidth();
      const height = size.height ?? 260;
      ensureRoom(height + 8);
      const svg = renderChartSvg(option, width, height);
      const y = doc.y;
      SVGtoPDF(doc, svg, left(), y, { width, height, assumePt: true, fontCallback: (_family: string, bold: boolean) => (bold ? FONT_BOLD : FONT_REGULAR) });
      doc.font(FONT_REGULAR).fontSize(10).fillColor('black');
      doc.x = left();
      doc.y = y + height + 8;
      return builder;
    },
    qr(text, at) {
      drawQr(doc, text, at.x, at.y, at.size);
      return builder;
    },
    space(points = 10) {
      doc.y += points;
      return builder;
    },
    pageBreak() {
      doc.addPage();
      return builder;
    },
    async toBuffer() {
      if (options.pageNumbers !== false) stampPageNumbers(doc, options.locale);
      doc.end();
      return finished;
    },
  };
  return builder;
}

/** ECharts renders on the server without a DOM (SSR mode) straight to an SVG string; no animation in print. */
export function renderChartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_REGULAR }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** QR modules as filled squares: sharp at any print size, and no image decoding in the PDF reader. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2; // modules of white border each side, so a scanner finds the edge
  const cell = size / (count + quiet * 2);
  doc.save().fillColor('black');
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

function drawTable(doc: PDFKit.PDFDocument, table: PdfTable, page: { left: () => number; textWidth: () => number; bottom: () => number }): void {
  const totalWeight = table.columns.reduce((sum, c) => sum + (c.width ?? 1), 0);
  const widths = table.columns.map((c) => (page.textWidth() * (c.width ?? 1)) / totalWeight);
  const pad = 4;
  const fontSize = 9;

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - pad * 2 }))) + pad * 2;
  };
  const drawRow = (cells: string[], font: string, fill?: string) => {
    const height = rowHeight(cells, font);
    let x = page.left();
    const y = doc.y;
    if (fill) doc.save().rect(x, y, page.textWidth(), height).fill(fill).restore();
    doc.font(font).fontSize(fontSize).fillColor('black');
    cells.forEach((cell, i) => {
      doc.text(cell ?? '', x + pad, y + pad, { width: widths[i]! - pad * 2, align: table.columns[i]?.align ?? 'left' });
      x += widths[i]!;
    });
    doc.save().moveTo(page.left(), y + height).lineTo(page.left() + page.textWidth(), y + height).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.y = y + height;
  };
  const headers = table.columns.map((c) => c.header);
  const drawHeader = () => drawRow(headers, FONT_BOLD, HEADER_FILL);

  if (doc.y + rowHeight(headers, FONT_BOLD) * 2 > page.bottom()) doc.addPage();
  drawHeader();
  const body = table.total ? [...table.rows.map((r) => ({ r, bold: false })), { r: table.total, bold: true }] : table.rows.map((r) => ({ r, bold: false }));
  for (const { r, bold } of body) {
    const font = bold ? FONT_BOLD : FONT_REGULAR;
    // A row never splits across pages, and every page of a long table starts with its headers.
    if (doc.y + rowHeight(r, font) > page.bottom()) {
      doc.addPage();
      drawHeader();
    }
    drawRow(r, font);
  }
  doc.x = page.left();
  doc.font(FONT_REGULAR).fontSize(10);
  doc.moveDown(0.6);
}

function stampPageNumbers(doc: PDFKit.PDFDocument, locale: PdfLocale): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page: lift the margin while stamping.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT_REGULAR)
      .fontSize(8)
      .fillColor(GREY)
      .text(footerText[locale](i - range.start + 1, range.count), doc.page.margins.left, doc.page.height - bottomMargin + 10, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
}
