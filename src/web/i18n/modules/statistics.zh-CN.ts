import type { Texts } from './texts';
import type { statisticsEn } from './statistics.en';

/** statistics 页面的中文文本；键与 statistics.en.ts 完全一致（tsc 检查）。 */
export const statisticsZhCN: Texts<typeof statisticsEn> = {
  statistics: {
    report: {
      title: '销售统计',
      subtitle: '净销售额以 {{currency}} 计，已扣除退货。点击任一数字可查看其背后的订单明细。',
    },
    dashboard: { title: '领导看板', subtitle: '关键指标与去年同期对比', thisMonth: '本月', thisQuarter: '本季度', yearToDate: '本年累计', top: '{{what}}排行' },
    pivot: { title: '透视分析', subtitle: '选择行、列和指标；合计等于各单元格之和。', rows: '行', columns: '列', measure: '指标', swap: '行列互换', empty: '本期间没有统计数据' },
    period: {
      kind: '期间',
      month: '月',
      quarter: '季度',
      year: '年度',
      range: '自定义',
      fiscalYear: '{{year}} 财年',
      fiscalQuarter: '{{year}} 财年第 {{quarter}} 季度',
      fiscalHint: '财年从 {{month}} 月开始',
      shown: '{{from}} 至 {{to}}',
    },
    groupBy: '分组维度',
    compareWith: '对比',
    compare: { previous: '上期（环比）', lastYear: '去年同期（同比）' },
    groups: {
      none: '不分组',
      rep: '业务员',
      department: '团队',
      region: '区域',
      product: '产品',
      category: '产品类别',
      customer: '客户',
      segment: '客户等级',
      month: '月份',
      quarter: '季度',
      year: '年度',
    },
    measures: { netSales: '净销售额', sales: '销售额', returns: '退货额', orders: '订单数', lines: '订单行数', tax: '税额', cost: '成本', grossMargin: '毛利', averageOrderValue: '平均订单金额' },
    columns: { label: '名称', value: '净销售额', comparison: '对比值', growth: '增长率', share: '占比', rank: '排名', orders: '订单数', margin: '毛利', total: '合计' },
    charts: { bars: '按{{what}}', trend: '趋势（近 12 个月）', treemap: '按区域', waterfall: '增减构成', current: '本期', before: '对比期', others: '其他', start: '对比期', end: '本期' },
    kpi: { netSales: '净销售额', orders: '订单数', aov: '平均订单金额', margin: '毛利', growth: '较对比期 {{pct}}', noBase: '无对比数据' },
    drill: {
      title: '{{what}} 的明细',
      period: '{{from}} 至 {{to}}',
      sum: '订单行 {{lines}} 条，退货行 {{returns}} 条：合计 {{net}}',
      kind: { sale: '销售', return: '退货' },
      columns: { date: '日期', document: '单据', customer: '客户', product: '产品', rep: '业务员', region: '区域', quantity: '数量', net: '净额' },
      more: '加载更多',
    },
    views: { placeholder: '已保存的视图', save: '保存视图', saveAs: '另存为新视图', name: '视图名称', update: '更新“{{name}}”', delete: '删除视图', saved: '视图已保存', deleted: '视图已删除' },
    export: {
      xlsx: '导出 XLSX',
      pdf: '导出 PDF',
      running: '正在生成文件…',
      queued: '等待开始…',
      done: '文件已生成',
      failed: '导出失败：{{message}}',
      download: '下载',
      title: '导出',
    },
  },
};
