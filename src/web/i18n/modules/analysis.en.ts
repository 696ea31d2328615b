/** English texts of the analysis pages (features/analysis). Spread into en.ts; analysis.zh-CN.ts mirrors it. */
export const analysisEn = {
  analysis: {
    title: 'Analysis',
  },
};
