import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, okResponse, pageOf } from '../../platform/schema/common.schema';
import {
  categoryDto,
  createCategoryBody,
  createPriceListBody,
  createProductBody,
  exportFormatQuery,
  exportProductsQuery,
  listPriceListsQuery,
  listProductsQuery,
  priceListDetailDto,
  priceListDto,
  priceQuery,
  priceQuoteDto,
  productDto,
  setPriceListItemsBody,
  updateCategoryBody,
  updatePriceListBody,
  updateProductBody,
  versionBody,
} from './products.schema';
import {
  createCategory,
  createPriceList,
  createProduct,
  deleteProduct,
  exportPriceList,
  exportProducts,
  getCategory,
  getPriceList,
  getProduct,
  listCategories,
  listPriceLists,
  listProducts,
  quotePrice,
  setPriceListItems,
  updateCategory,
  updatePriceList,
  updateProduct,
} from './products.service';

export function productsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];

  r.get('/api/v1/product-categories', { schema: { tags, summary: 'The category tree as flat rows (parentId makes the tree)', response: { 200: z.object({ items: z.array(categoryDto) }) } } }, async (req) => ({
    items: await listCategories(ctx.db(), actorOf(req)),
  }));
  r.get('/api/v1/product-categories/:id', { schema: { tags, params: idParams, response: { 200: categoryDto } } }, async (req) => getCategory(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/product-categories', { schema: { tags, body: createCategoryBody, response: { 201: categoryDto } } }, async (req, reply) => {
    reply.code(201);
    return createCategory(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/product-categories/:id', { schema: { tags, summary: 'Rename, move (parentId) or archive a category', params: idParams, body: updateCategoryBody, response: { 200: categoryDto } } }, async (req) =>
    updateCategory(ctx.db(), actorOf(req), req.params.id, req.body),
  );

  r.get('/api/v1/products', { schema: { tags, querystring: listProductsQuery, response: { 200: pageOf(productDto) } } }, async (req) => listProducts(ctx.db(), actorOf(req), req.query));
  r.get('/api/v1/products/export', { schema: { tags, summary: 'The product list as CSV or XLSX, with the same filters, in the caller’s language', querystring: exportProductsQuery } }, async (req, reply) => {
    const file = await exportProducts(ctx.db(), actorOf(req), req.query);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
      .header('cache-control', 'private, no-store')
      .send(file.body);
  });
  r.get('/api/v1/products/:id', { schema: { tags, params: idParams, response: { 200: productDto } } }, async (req) => getProduct(ctx.db(), actorOf(req), req.params.id));
  r.get(
    '/api/v1/products/:id/price',
    { schema: { tags, summary: 'The unit price for a quantity, date and currency (price lists, else the list price; null when none applies)', params: idParams, querystring: priceQuery, response: { 200: z.object({ quote: priceQuoteDto.nullable() }) } } },
    async (req) => ({ quote: await quotePrice(ctx.db(), actorOf(req), req.params.id, req.query) }),
  );
  r.post('/api/v1/products', { schema: { tags, body: createProductBody, response: { 201: productDto } } }, async (req, reply) => {
    reply.code(201);
    return createProduct(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/products/:id', { schema: { tags, summary: 'Change a product (status discontinued / active included)', params: idParams, body: updateProductBody, response: { 200: productDto } } }, async (req) =>
    updateProduct(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.delete('/api/v1/products/:id', { schema: { tags, summary: 'Delete a product no order line names (otherwise discontinue it)', params: idParams, body: versionBody, response: { 200: okResponse } } }, async (req) => {
    await deleteProduct(ctx.db(), actorOf(req), req.params.id, req.body.version);
    return { ok: true as const };
  });

  r.get('/api/v1/price-lists', { schema: { tags, querystring: listPriceListsQuery, response: { 200: z.object({ items: z.array(priceListDto) }) } } }, async (req) => ({
    items: await listPriceLists(ctx.db(), actorOf(req), req.query),
  }));
  r.get('/api/v1/price-lists/:id', { schema: { tags, params: idParams, response: { 200: priceListDetailDto } } }, async (req) => getPriceList(ctx.db(), actorOf(req), req.params.id));
  r.get('/api/v1/price-lists/:id/export', { schema: { tags, summary: 'A price list’s items as CSV or XLSX, in the caller’s language', params: idParams, querystring: exportFormatQuery } }, async (req, reply) => {
    const file = await exportPriceList(ctx.db(), actorOf(req), req.params.id, req.query.format);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
      .header('cache-control', 'private, no-store')
      .send(file.body);
  });
  r.post('/api/v1/price-lists', { schema: { tags, body: createPriceListBody, response: { 201: priceListDetailDto } } }, async (req, reply) => {
    reply.code(201);
    return createPriceList(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/price-lists/:id', { schema: { tags, params: idParams, body: updatePriceListBody, response: { 200: priceListDetailDto } } }, async (req) =>
    updatePriceList(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.put('/api/v1/price-lists/:id/items', { schema: { tags, summary: 'Replace every item of a price list', params: idParams, body: setPriceListItemsBody, response: { 200: priceListDetailDto } } }, async (req) =>
    setPriceListItems(ctx.db(), actorOf(req), req.params.id, req.body),
  );
}
