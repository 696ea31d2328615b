import type { Texts } from './texts';
import type { importsEn } from './imports.en';

/** imports 页面的中文文本；键与 imports.en.ts 完全一致（tsc 检查）。 */
export const importsZhCN: Texts<typeof importsEn> = {
  imports: {
    title: '导入',
  },
};
