/** English texts of the customers pages (features/customers). Spread into en.ts; customers.zh-CN.ts mirrors it. */
export const customersEn = {
  customers: {
    title: 'Customers',
  },
};
