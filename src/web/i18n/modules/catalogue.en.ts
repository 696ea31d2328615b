/** English texts of the catalogue pages (features/catalogue). Spread into en.ts; catalogue.zh-CN.ts mirrors it. */
export const catalogueEn = {
  catalogue: {
    title: 'Catalogue',
  },
};
