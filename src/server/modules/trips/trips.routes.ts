import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf } from '../../platform/schema/common.schema';
import { advanceRepaymentRoutes } from './advance-repayment.routes';
import { createBooking, listBookings, payAdvance, updateBooking } from './bookings.service';
import {
  advanceDto,
  bookingDto,
  bookingParams,
  cancelTripBody,
  createAdvanceBody,
  createBookingBody,
  createTripBody,
  exportTripsQuery,
  listTripsQuery,
  tripDto,
  tripSummaryDto,
  updateBookingBody,
  updateTripBody,
  versionBody,
} from './trips.schema';
import type { ExportFile } from '../../platform/export/list-export';
import { exportTrips } from './trips.export';
import { cancelTrip, completeTrip, createTrip, getTrip, listTrips, submitTrip, updateTrip } from './trips.service';

const sendFile = (reply: FastifyReply, f: ExportFile) =>
  reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);

export function tripsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['trips'];
  r.get('/api/v1/trips', { schema: { tags, summary: 'Business trips I may see', querystring: listTripsQuery, response: { 200: pageOf(tripSummaryDto) } } }, async (req) => listTrips(ctx.db(), actorOf(req), req.query));
  r.post('/api/v1/trips', { schema: { tags, summary: 'Plan a trip (draft, or submit: true)', body: createTripBody, response: { 201: tripDto } } }, async (req, reply) => {
    reply.code(201);
    return createTrip(ctx.db(), actorOf(req), req.body);
  });
  r.get('/api/v1/trips/export', { schema: { tags, summary: 'The trips list as CSV or XLSX', querystring: exportTripsQuery } }, async (req, reply) =>
    sendFile(reply, await exportTrips(ctx.db(), actorOf(req), req.query)),
  );
  r.get('/api/v1/trips/:id', { schema: { tags, params: idParams, response: { 200: tripDto } } }, async (req) => getTrip(ctx.db(), actorOf(req), req.params.id));
  r.patch('/api/v1/trips/:id', { schema: { tags, summary: 'Edit a draft trip', params: idParams, body: updateTripBody, response: { 200: tripDto } } }, async (req) =>
    updateTrip(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/trips/:id/submit', { schema: { tags, summary: 'Send a draft trip into approval', params: idParams, body: versionBody, response: { 200: tripDto } } }, async (req) =>
    submitTrip(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.post('/api/v1/trips/:id/cancel', { schema: { tags, summary: 'Cancel a trip not travelled', params: idParams, body: cancelTripBody, response: { 200: tripDto } } }, async (req) =>
    cancelTrip(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/trips/:id/complete', { schema: { tags, summary: 'Mark an approved trip as done', params: idParams, body: versionBody, response: { 200: tripDto } } }, async (req) =>
    completeTrip(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.get('/api/v1/trips/:id/bookings', { schema: { tags, summary: "A trip's bookings", params: idParams, response: { 200: z.object({ items: z.array(bookingDto) }) } } }, async (req) => ({
    items: await listBookings(ctx.db(), actorOf(req), req.params.id),
  }));
  r.post('/api/v1/trips/:id/bookings', { schema: { tags, summary: 'Record a booking (approved trips)', params: idParams, body: createBookingBody, response: { 201: bookingDto } } }, async (req, reply) => {
    reply.code(201);
    return createBooking(ctx.db(), actorOf(req), req.params.id, req.body);
  });
  r.patch('/api/v1/trips/:id/bookings/:bookingId', { schema: { tags, summary: 'Correct, refund or change a booking', params: bookingParams, body: updateBookingBody, response: { 200: bookingDto } } }, async (req) =>
    updateBooking(ctx.db(), actorOf(req), req.params.id, req.params.bookingId, req.body),
  );
  r.post('/api/v1/trips/:id/advances', { schema: { tags, summary: 'Pay a travel advance (posts to the ledger)', params: idParams, body: createAdvanceBody, response: { 200: advanceDto, 201: advanceDto } } }, async (req, reply) => {
    const { advance, replayed } = await payAdvance(ctx.db(), actorOf(req), req.params.id, req.body);
    reply.code(replayed ? 200 : 201);
    return advance;
  });
  advanceRepaymentRoutes(app, ctx);
}
