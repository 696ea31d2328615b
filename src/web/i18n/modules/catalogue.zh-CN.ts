import type { Texts } from './texts';
import type { catalogueEn } from './catalogue.en';

/** catalogue 页面的中文文本；键与 catalogue.en.ts 完全一致（tsc 检查）。 */
export const catalogueZhCN: Texts<typeof catalogueEn> = {
  catalogue: {
    title: '产品与区域',
  },
};
