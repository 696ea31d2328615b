import type { Texts } from './texts';
import type { customersEn } from './customers.en';

/** customers 页面的中文文本；键与 customers.en.ts 完全一致（tsc 检查）。 */
export const customersZhCN: Texts<typeof customersEn> = {
  customers: {
    title: '客户',
  },
};
