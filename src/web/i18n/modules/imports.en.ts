/** English texts of the imports pages (features/imports). Spread into en.ts; imports.zh-CN.ts mirrors it. */
export const importsEn = {
  imports: {
    title: 'Imports',
  },
};
