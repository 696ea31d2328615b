import type { Texts } from './texts';
import type { expensesEn } from './expenses.en';

/** 费用统计页面的中文文本；键与 expenses.en.ts 完全一致（tsc 检查）。 */
export const expensesZhCN: Texts<typeof expensesEn> = {
  expenses: {
    stats: {
      title: '费用统计',
      subtitle: '账簿中已过账的净费用（{{currency}}），冲销已抵减。仅统计您有权查看的费用。',
      ownOnly: '仅您本人的费用。',
      range: '期间',
      grain: '周期',
      grains: { month: '月', quarter: '季度', year: '年' },
      person: '人员',
      department: '部门',
      all: '全部',
      total: '费用合计',
      lines: '分录行数',
      byCategory: '按费用科目',
      byPerson: '按人员',
      byDepartment: '按部门',
      byTrip: '按出差',
      byCustomer: '按客户',
      trend: '趋势',
      budget: '预算与实际',
      budgetPerTrip: '按出差',
      budgetPerPerson: '按出差人',
      budgetCol: '预算',
      actual: '实际',
      remaining: '结余',
      over: '超预算',
      amount: '金额',
      share: '占比',
      unassigned: '（未指定）',
      name: '名称',
      exportXlsx: '导出 XLSX',
      noData: '本期无费用',
    },
  },
};
