import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams } from '../../platform/schema/common.schema';
import {
  checkinBody,
  checkoutBody,
  createLocationBody,
  createPaperBody,
  finishStocktakeBody,
  labelsQuery,
  locationDto,
  locationsQuery,
  locationsResult,
  moveBody,
  movementsResult,
  paperItemDto,
  paperListQuery,
  paperListResult,
  scanBody,
  scanResult,
  startStocktakeBody,
  stocktakeDto,
  stocktakesQuery,
  stocktakesResult,
  updateLocationBody,
  updatePaperBody,
} from './archive.paper.schema';
import { paperLabelsPdf } from './archive.labels';
import {
  checkinPaperItem,
  checkoutPaperItem,
  createLocation,
  getPaperItem,
  listLocations,
  listPaperItems,
  movePaperItem,
  paperHistory,
  registerPaperItem,
  updateLocation,
  updatePaperItem,
} from './archive.paper.service';
import { finishStocktake, getStocktake, listStocktakes, scanStocktake, startStocktake } from './archive.stocktake.service';

/** The paper register under /api/v1/archive: locations, paper items (lending, moves, history, labels) and stocktakes. */
export function archivePaperRoutes(app: FastifyInstance, ctx: AppContext, base: string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archive'];

  // ---- locations
  r.get(`${base}/locations`, { schema: { tags, summary: 'Physical locations (room → cabinet → shelf → box), flat with parentId', querystring: locationsQuery, response: { 200: locationsResult } } }, async (req) => ({
    items: await listLocations(ctx.db(), actorOf(req), req.query),
  }));
  r.post(`${base}/locations`, { schema: { tags, summary: 'Add a location (archive:manage)', body: createLocationBody, response: { 201: locationDto } } }, async (req, reply) => {
    reply.code(201);
    return createLocation(ctx.db(), actorOf(req), req.body);
  });
  r.patch(`${base}/locations/:id`, { schema: { tags, summary: 'Rename, re-code, move or archive (when empty) a location', params: idParams, body: updateLocationBody, response: { 200: locationDto } } }, async (req) =>
    updateLocation(ctx.db(), actorOf(req), req.params.id, req.body),
  );

  // ---- paper items
  r.get(`${base}/paper`, { schema: { tags, summary: 'The paper register: items the caller may see, filtered', querystring: paperListQuery, response: { 200: paperListResult } } }, async (req) =>
    listPaperItems(ctx.db(), actorOf(req), req.query),
  );
  r.post(`${base}/paper`, { schema: { tags, summary: 'Register a paper original at a location (archive:write)', body: createPaperBody, response: { 201: paperItemDto } } }, async (req, reply) => {
    reply.code(201);
    return registerPaperItem(ctx.db(), actorOf(req), req.body);
  });
  r.get(`${base}/paper/labels.pdf`, { schema: { tags, summary: 'A4 sheet of QR labels (PDF) for the listed items or every item in a location subtree', querystring: labelsQuery } }, async (req, reply) => {
    const pdf = await paperLabelsPdf(ctx.db(), actorOf(req), req.query);
    return reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="paper-labels.pdf"').header('cache-control', 'private, no-store').send(pdf);
  });
  r.get(`${base}/paper/:id`, { schema: { tags, summary: 'A paper item', params: idParams, response: { 200: paperItemDto } } }, async (req) => getPaperItem(ctx.db(), actorOf(req), req.params.id));
  r.patch(`${base}/paper/:id`, { schema: { tags, summary: 'Edit a paper item (title, type, links, confidentiality, notes)', params: idParams, body: updatePaperBody, response: { 200: paperItemDto } } }, async (req) =>
    updatePaperItem(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/paper/:id/checkout`, { schema: { tags, summary: 'Lend the item to a person until a due date (reminders before and after)', params: idParams, body: checkoutBody, response: { 200: paperItemDto } } }, async (req) =>
    checkoutPaperItem(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/paper/:id/checkin`, { schema: { tags, summary: 'Take a lent item back (to its location or another)', params: idParams, body: checkinBody, response: { 200: paperItemDto } } }, async (req) =>
    checkinPaperItem(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/paper/:id/move`, { schema: { tags, summary: 'Move the item to another location (a missing item found again is back in place)', params: idParams, body: moveBody, response: { 200: paperItemDto } } }, async (req) =>
    movePaperItem(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.get(`${base}/paper/:id/history`, { schema: { tags, summary: 'Every movement of the item, newest first', params: idParams, response: { 200: movementsResult } } }, async (req) => ({
    items: await paperHistory(ctx.db(), actorOf(req), req.params.id),
  }));

  // ---- stocktakes
  r.get(`${base}/stocktakes`, { schema: { tags, summary: 'Stocktakes, newest first (archive:write)', querystring: stocktakesQuery, response: { 200: stocktakesResult } } }, async (req) =>
    listStocktakes(ctx.db(), actorOf(req), req.query),
  );
  r.post(`${base}/stocktakes`, { schema: { tags, summary: 'Start a stocktake of a location and everything below it', body: startStocktakeBody, response: { 201: stocktakeDto } } }, async (req, reply) => {
    reply.code(201);
    return startStocktake(ctx.db(), actorOf(req), req.body);
  });
  r.get(`${base}/stocktakes/:id`, { schema: { tags, summary: 'A stocktake and its report (found, missing, misplaced, unknown, lent)', params: idParams, response: { 200: stocktakeDto } } }, async (req) =>
    getStocktake(ctx.db(), actorOf(req), req.params.id),
  );
  r.post(`${base}/stocktakes/:id/scans`, { schema: { tags, summary: 'Record a scanned label (QR text or number)', params: idParams, body: scanBody, response: { 200: scanResult } } }, async (req) => ({
    line: await scanStocktake(ctx.db(), actorOf(req), req.params.id, req.body),
  }));
  r.post(`${base}/stocktakes/:id/finish`, { schema: { tags, summary: 'Finish: mark missing items missing, optionally move misplaced ones here', params: idParams, body: finishStocktakeBody, response: { 200: stocktakeDto } } }, async (req) =>
    finishStocktake(ctx.db(), actorOf(req), req.params.id, req.body),
  );
}
