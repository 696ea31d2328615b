import type { Texts } from './texts';
import type { analysisEn } from './analysis.en';

/** analysis 页面的中文文本；键与 analysis.en.ts 完全一致（tsc 检查）。 */
export const analysisZhCN: Texts<typeof analysisEn> = {
  analysis: {
    title: '客户分析',
  },
};
