import type { advanceRepaymentEn } from './advance-repayment.en';
import type { Texts } from './texts';

/** 出差借款余额与还款的中文文本；键与 advance-repayment.en.ts 完全一致（tsc 检查）。 */
export const advanceRepaymentZhCN: Texts<typeof advanceRepaymentEn> = {
  advanceRepayment: {
    title: '借款余额与还款',
    help: '出差人仍持有的差旅借款：已支付的借款，减去已付报销冲抵的部分，再减去已归还的部分。',
    paid: '已付借款',
    cleared: '报销冲抵',
    repaid: '已还款',
    outstanding: '未还余额',
    settled: '借款已结清',
    record: '登记还款',
    recordTitle: '登记借款还款',
    recordHelp: '未还余额最多 {{amount}}。还款将记账：借记银行存款或库存现金，贷记{{name}}的其他应收款—员工借款（1221）。',
    amount: '金额',
    repaidOn: '还款日期',
    method: '收款方式',
    methods: { bank: '银行转账', cash: '现金' },
    note: '备注',
    recordedBy: '登记人',
    ledgerEntry: '凭证',
    none: '暂无还款',
    recorded: '已登记还款 {{amount}}',
    amountRequired: '请输入大于零的金额',
    overOutstanding: '未还余额最多 {{amount}}',
  },
};
