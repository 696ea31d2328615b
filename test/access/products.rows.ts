import { createCategory, createPriceList, createProduct } from '../../src/server/modules/products/products.service';
import { onlyFor, statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * The product catalogue is master data: every role reads it (products:read); the
 * back office (admin, manager, assistant: products:manage) changes it. There are no
 * record rules, so no 404s here: a role without the action gets 403.
 */
interface Records {
  category: string;
  product: string;
  priceList: string;
}
const rec = (ctx: MatrixContext) => ctx.data.products as Records;
const backOffice = (status: number) => onlyFor({ admin: status, manager: status, assistant: status });
const idOf = (url: string) => url.split('/')[4];

/** A fresh product (so that each caller deletes its own). */
async function freshProduct(ctx: MatrixContext): Promise<string> {
  const p = await createProduct(ctx.t.db.handle.db, ctx.actors.admin, { code: ctx.unique('MX'), name: 'Matrix product', listPrice: 1000 });
  return p.id;
}

export const productsMatrix: MatrixModule = {
  name: 'products',
  async setup(ctx) {
    const db = ctx.t.db.handle.db;
    const category = await createCategory(db, ctx.actors.admin, { code: ctx.unique('CAT'), name: '连接器 Connectors' });
    const product = await createProduct(db, ctx.actors.admin, { code: ctx.unique('CN'), name: '端子 Terminal', categoryId: category.id, listPrice: 250, cost: 120 });
    const priceList = await createPriceList(db, ctx.actors.admin, { name: ctx.unique('Dealers'), items: [{ productId: product.id, minQuantity: '100', price: 200 }] });
    ctx.data.products = { category: category.id, product: product.id, priceList: priceList.id } satisfies Records;
  },
  rows: [
    { name: 'the category tree', method: 'GET', route: '/api/v1/product-categories', expect: statuses(200) },
    { name: 'a category', method: 'GET', route: '/api/v1/product-categories/{id}', url: (ctx) => `/api/v1/product-categories/${rec(ctx).category}`, expect: statuses(200) },
    {
      name: 'add a category',
      method: 'POST',
      route: '/api/v1/product-categories',
      body: (ctx) => ({ code: ctx.unique('C'), name: 'New category', parentId: rec(ctx).category }),
      expect: backOffice(201),
    },
    {
      name: 'rename a category',
      method: 'PATCH',
      route: '/api/v1/product-categories/{id}',
      url: (ctx) => `/api/v1/product-categories/${rec(ctx).category}`,
      body: async (ctx, _who, url) => ({ name: ctx.unique('连接器 Connectors'), version: await ctx.version('product_categories', idOf(url)) }),
      expect: backOffice(200),
    },
    { name: 'the product list', method: 'GET', route: '/api/v1/products', url: () => '/api/v1/products?q=Terminal&sort=name', expect: statuses(200) },
    { name: 'export the product list', method: 'GET', route: '/api/v1/products/export', url: () => '/api/v1/products/export?format=csv&status=active', expect: statuses(200) },
    { name: 'a product', method: 'GET', route: '/api/v1/products/{id}', url: (ctx) => `/api/v1/products/${rec(ctx).product}`, expect: statuses(200) },
    { name: "a product's price", method: 'GET', route: '/api/v1/products/{id}/price', url: (ctx) => `/api/v1/products/${rec(ctx).product}/price?quantity=150`, expect: statuses(200) },
    {
      name: 'add a product',
      method: 'POST',
      route: '/api/v1/products',
      body: (ctx) => ({ code: ctx.unique('NP'), name: '新产品 New product', listPrice: 9900, cost: 5000, unit: 'pcs' }),
      expect: backOffice(201),
    },
    {
      name: 'change a product',
      method: 'PATCH',
      route: '/api/v1/products/{id}',
      url: (ctx) => `/api/v1/products/${rec(ctx).product}`,
      body: async (ctx, _who, url) => ({ description: ctx.unique('Tin-plated'), version: await ctx.version('products', idOf(url)) }),
      expect: backOffice(200),
    },
    {
      name: 'delete an unused product',
      method: 'DELETE',
      route: '/api/v1/products/{id}',
      url: async (ctx) => `/api/v1/products/${await freshProduct(ctx)}`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('products', idOf(url)) }),
      expect: backOffice(200),
    },
    { name: 'the price lists', method: 'GET', route: '/api/v1/price-lists', url: () => '/api/v1/price-lists?currency=CNY', expect: statuses(200) },
    { name: 'a price list with its items', method: 'GET', route: '/api/v1/price-lists/{id}', url: (ctx) => `/api/v1/price-lists/${rec(ctx).priceList}`, expect: statuses(200) },
    { name: 'export a price list', method: 'GET', route: '/api/v1/price-lists/{id}/export', url: (ctx) => `/api/v1/price-lists/${rec(ctx).priceList}/export?format=xlsx`, expect: statuses(200) },
    {
      name: 'add a price list',
      method: 'POST',
      route: '/api/v1/price-lists',
      body: (ctx) => ({ name: ctx.unique('Promotion'), currency: 'CNY', validFrom: '2026-01-01', validTo: '2026-12-31', items: [{ productId: rec(ctx).product, minQuantity: '1', price: 240 }] }),
      expect: backOffice(201),
    },
    {
      name: 'change a price list',
      method: 'PATCH',
      route: '/api/v1/price-lists/{id}',
      url: (ctx) => `/api/v1/price-lists/${rec(ctx).priceList}`,
      body: async (ctx, _who, url) => ({ name: ctx.unique('Dealers'), version: await ctx.version('price_lists', idOf(url)) }),
      expect: backOffice(200),
    },
    {
      name: "replace a price list's items",
      method: 'PUT',
      route: '/api/v1/price-lists/{id}/items',
      url: (ctx) => `/api/v1/price-lists/${rec(ctx).priceList}/items`,
      body: async (ctx, _who, url) => ({ items: [{ productId: rec(ctx).product, minQuantity: '100', price: 190 }], version: await ctx.version('price_lists', idOf(url)) }),
      expect: backOffice(200),
    },
  ],
};
