import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createPdf } from '../../src/server/platform/pdf/pdf';

async function textOf(pdf: Buffer): Promise<{ pages: number; text: string[] }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: false });
  return { pages: totalPages, text: text as string[] };
}

describe('PDF builder', () => {
  it('prints Chinese and English text, a table that repeats its headers on every page, a chart, and page numbers', async () => {
    const pdf = createPdf({ title: '销售月报 Sales report', locale: 'zh-CN' });
    pdf.heading('华东区 2026 年第三季度销售报告').paragraph('Net sales grew 12.5% against the same quarter last year.');
    pdf.keyValues([
      ['净销售额', '¥1,234,567.89'],
      ['Orders', '1,024'],
    ]);
    pdf.chart({
      xAxis: { type: 'category', data: ['一月', '二月', '三月'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: [120, 200, 150] }],
    });
    const rows = Array.from({ length: 120 }, (_, i) => [`销售代表 ${i + 1}`, `${(i + 1) * 100}.00`]);
    pdf.table({ columns: [{ header: '业务员 Rep', width: 2 }, { header: '金额 Amount', align: 'right' }], rows, total: ['合计 Total', '726000.00'] });
    const buffer = await pdf.toBuffer();

    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, text } = await textOf(buffer);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text[0]).toContain('华东区 2026 年第三季度销售报告');
    expect(text[0]).toContain('Net sales grew 12.5%');
    expect(text[0]).toContain(`第 1 页，共 ${pages} 页`);
    expect(text[pages - 1]).toContain(`第 ${pages} 页，共 ${pages} 页`);
    // The chart's axis labels are real text in the embedded font.
    expect(text[0]).toContain('二月');
    // Every page that continues the table starts with its headers; the total closes it.
    for (const pageText of text.slice(1)) expect(pageText).toContain('业务员 Rep');
    expect(text[pages - 1]).toContain('合计 Total');
    expect(text.join('\n')).toContain('销售代表 120');
    // Only the glyphs used are embedded, not the 10 MB font.
    expect(buffer.length).toBeLessThan(400_000);
  });

  it('numbers pages in English and draws QR codes for label sheets', async () => {
    const pdf = createPdf({ title: 'Labels', locale: 'en' });
    pdf.qr('PAP-2026-00001', { x: 60, y: 60, size: 80 });
    pdf.doc.text('PAP-2026-00001', 60, 150);
    const buffer = await pdf.toBuffer();
    const { pages, text } = await textOf(buffer);
    expect(pages).toBe(1);
    expect(text[0]).toContain('PAP-2026-00001');
    expect(text[0]).toContain('Page 1 of 1');
  });
});
