/** English texts of the sales pages (features/sales). Spread into en.ts; sales.zh-CN.ts mirrors it. */
export const salesEn = {
  sales: {
    title: 'Sales',
  },
};
