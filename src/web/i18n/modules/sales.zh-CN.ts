import type { Texts } from './texts';
import type { salesEn } from './sales.en';

/** sales 页面的中文文本；键与 sales.en.ts 完全一致（tsc 检查）。 */
export const salesZhCN: Texts<typeof salesEn> = {
  sales: {
    title: '销售',
  },
};
