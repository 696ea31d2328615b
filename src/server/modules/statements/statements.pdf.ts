import { formatMoney } from '../../platform/i18n/server-messages';
import { createPdf } from '../../platform/pdf/pdf';
import { MONEY_FIGURES, type Figure, type ReportContentDto } from './statements.schema';

type Locale = 'en' | 'zh-CN';

/** The department report's own words, in both languages (the PDF leaves the server already written). */
const T = {
  en: {
    title: (dep: string, period: string) => `${dep} — sales report ${period}`,
    kinds: { month: 'Month', quarter: 'Quarter', year: 'Year' },
    number: 'Number',
    version: 'Version',
    period: 'Period',
    consolidatedBy: 'Consolidated by',
    consolidatedAt: 'Consolidated on',
    closeReason: 'Missing statements — reason',
    totals: 'Department totals',
    system: 'System',
    reported: 'Reported',
    perRep: 'Per rep: system figures, reported where different',
    rep: 'Rep',
    status: 'Status',
    flags: 'Flags',
    missing: 'missing',
    flagged: 'Flagged differences',
    noFlags: 'No reported figure differs from the system beyond the tolerance.',
    commentary: 'Commentary',
    market: 'Market',
    problems: 'Problems',
    nextSteps: 'Next steps',
    trend: 'Net sales per month',
    share: 'Net sales per rep',
    figures: { netSales: 'Net sales', grossSales: 'Gross sales', returns: 'Returns', orders: 'Orders', newCustomers: 'New customers', activeCustomers: 'Active customers', grossMargin: 'Gross margin' },
    statuses: { open: 'open', submitted: 'submitted', queried: 'queried', resubmitted: 'resubmitted', accepted: 'accepted' },
  },
  'zh-CN': {
    title: (dep: string, period: string) => `${dep} — ${period} 销售报告`,
    kinds: { month: '月度', quarter: '季度', year: '年度' },
    number: '编号',
    version: '版本',
    period: '期间',
    consolidatedBy: '汇总人',
    consolidatedAt: '汇总日期',
    closeReason: '缺交报表的原因',
    totals: '部门合计',
    system: '系统',
    reported: '上报',
    perRep: '按业务员：系统数据，与上报不同处列出上报数',
    rep: '业务员',
    status: '状态',
    flags: '差异',
    missing: '缺交',
    flagged: '标记的差异',
    noFlags: '没有超出容差的上报数据差异。',
    commentary: '情况说明',
    market: '市场情况',
    problems: '存在问题',
    nextSteps: '下一步计划',
    trend: '每月净销售额',
    share: '各业务员净销售额',
    figures: { netSales: '净销售额', grossSales: '销售总额', returns: '退货', orders: '订单数', newCustomers: '新客户', activeCustomers: '活跃客户', grossMargin: '毛利' },
    statuses: { open: '未提交', submitted: '已提交', queried: '被质询', resubmitted: '已重新提交', accepted: '已接受' },
  },
} as const;

export const reportTexts = T;

const value = (f: Figure, v: number | null, currency: string, locale: Locale) => (v === null ? '—' : MONEY_FIGURES.includes(f) ? formatMoney(v, currency, locale) : v.toLocaleString('en'));

export interface ReportPdfInput {
  number: string;
  versionNo: number;
  kind: 'month' | 'quarter' | 'year';
  periodKey: string;
  currency: string;
  createdByName: string;
  createdAt: string;
  content: ReportContentDto;
}

/** The department report as a PDF in one language: key figures, the per-rep table with flags, the charts, the commentary. */
export async function renderReportPdf(r: ReportPdfInput, locale: Locale): Promise<Buffer> {
  const t = T[locale];
  const c = r.content;
  const period = `${t.kinds[r.kind]} ${r.periodKey}`;
  const pdf = createPdf({ title: t.title(c.departmentName, r.periodKey), locale, landscape: true });
  pdf.heading(t.title(c.departmentName, r.periodKey));
  pdf.keyValues([
    [t.number, `${r.number} (${t.version} ${r.versionNo})`],
    [t.period, `${period}: ${c.from} – ${c.to}`],
    [t.consolidatedBy, r.createdByName],
    [t.consolidatedAt, r.createdAt.slice(0, 10)],
    ...(c.closeReason ? ([[t.closeReason, c.closeReason]] as [string, string][]) : []),
  ]);
  pdf.heading(t.totals, 2);
  const figs = Object.keys(t.figures) as Figure[];
  pdf.table({
    columns: [{ header: '', width: 2 }, { header: t.system, align: 'right' }, { header: t.reported, align: 'right' }],
    rows: figs.map((f) => [t.figures[f], value(f, c.totals[f], r.currency, locale), value(f, c.reportedTotals[f], r.currency, locale)]),
  });
  pdf.heading(t.perRep, 2);
  const shown: Figure[] = ['netSales', 'grossSales', 'returns', 'orders', 'activeCustomers', 'grossMargin'];
  pdf.table({
    columns: [{ header: t.rep, width: 1.6 }, { header: t.status }, ...shown.map((f) => ({ header: t.figures[f], align: 'right' as const, width: 1.3 })), { header: t.flags, align: 'right' as const, width: 0.6 }],
    rows: c.rows.map((row) => [
      row.repName,
      row.status && row.isIn ? t.statuses[row.status] : t.missing,
      ...shown.map((f) => {
        const flag = row.flags.find((x) => x.figure === f);
        return flag ? `${value(f, row.system[f], r.currency, locale)} / ${value(f, flag.reported, r.currency, locale)}` : value(f, row.system[f], r.currency, locale);
      }),
      String(row.flags.length),
    ]),
    total: ['', '', ...shown.map((f) => value(f, c.totals[f], r.currency, locale)), String(c.rows.reduce((n, x) => n + x.flags.length, 0))],
  });
  const flagged = c.rows.flatMap((row) => row.flags.map((f) => [row.repName, t.figures[f.figure], value(f.figure, f.system, r.currency, locale), value(f.figure, f.reported, r.currency, locale), value(f.figure, f.difference, r.currency, locale)]));
  pdf.heading(t.flagged, 2);
  if (flagged.length) pdf.table({ columns: [{ header: t.rep }, { header: '' }, { header: t.system, align: 'right' }, { header: t.reported, align: 'right' }, { header: 'Δ', align: 'right' }], rows: flagged });
  else pdf.paragraph(t.noFlags);
  const yuan = (minor: number) => minor / 100; // chart scale only: figures in the tables are exact
  pdf.chart(
    {
      title: { text: t.trend, textStyle: { fontSize: 12 } },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: c.trend.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: [{ type: c.trend.length > 1 ? 'line' : 'bar', data: c.trend.map((m) => yuan(m.netSales)) }],
    },
    { height: 200 },
  );
  pdf.chart(
    {
      title: { text: t.share, textStyle: { fontSize: 12 } },
      grid: { left: 70, right: 20, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: c.rows.map((row) => row.repName), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: c.rows.map((row) => yuan(row.system.netSales ?? 0)) }],
    },
    { height: 220 },
  );
  if (c.excerpts.length) {
    pdf.heading(t.commentary, 2);
    for (const e of c.excerpts) {
      pdf.heading(e.repName, 3);
      pdf.keyValues([
        [t.market, e.market],
        [t.problems, e.problems],
        [t.nextSteps, e.nextSteps],
      ]);
    }
  }
  return pdf.toBuffer();
}
