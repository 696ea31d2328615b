import type { Actor } from '../../src/server/platform/access/actor';
import { actOnRequest } from '../../src/server/platform/approvals/approvals.service';
import { createBooking, payAdvance } from '../../src/server/modules/trips/bookings.service';
import { createTrip } from '../../src/server/modules/trips/trips.service';
import { onlyFor, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Business trips: everyone but viewers plans their own (expenses:use); reviewers (manager,
 * assistant, finance) see the department's; the assistant and finance book and pay advances
 * (expenses:book) and record the repayment of an unused advance (never for their own trip).
 * Another rep's trip is a 404.
 */
const users = (status: number) => onlyFor({ admin: status, manager: status, assistant: status, rep: status, finance: status });
const reviewers = (status: number, rep = 404) => onlyFor({ admin: status, manager: status, assistant: status, finance: status, rep });
const bookers = (status: number) => onlyFor({ admin: status, assistant: status, finance: status });

export const tripBody = (over: Record<string, unknown> = {}) => ({
  purpose: 'Matrix trip',
  startDate: '2026-03-10',
  endDate: '2026-03-12',
  customerIds: [] as string[],
  legs: [{ fromCity: '上海', toCity: '北京', departOn: '2026-03-10', arriveOn: '2026-03-10', mode: 'train' as const, cityTier: 1 }],
  budget: [{ category: 'lodging' as const, amount: 100_000 }],
  advanceRequested: 0,
  ...over,
});

/** A draft trip of the caller (rep A's for a viewer, who may not plan one). */
async function ownDraft(ctx: MatrixContext, who: Who): Promise<string> {
  const actor: Actor = ctx.actors[who === 'anonymous' || who === 'viewer' ? 'rep' : who];
  return (await createTrip(ctx.t.db.handle.db, actor, tripBody())).id;
}

/** A trip of the given rep, submitted and approved by the manager. */
export async function approvedTripOf(ctx: MatrixContext, who: 'rep' | 'repB'): Promise<string> {
  const trip = await createTrip(ctx.t.db.handle.db, ctx.actors[who], { ...tripBody(), submit: true });
  await actOnRequest(ctx.t.db.handle.db, ctx.actors.manager, trip.approvalRequestId!, 'approve', {});
  return trip.id;
}

interface TripFixtures {
  repBTrip: string;
  repATrip: string;
}
const fx = (ctx: MatrixContext) => ctx.data.trips as TripFixtures;

export const tripsMatrix: MatrixModule = {
  name: 'trips',
  async setup(ctx) {
    ctx.data.trips = { repBTrip: await approvedTripOf(ctx, 'repB'), repATrip: await approvedTripOf(ctx, 'rep') } satisfies TripFixtures;
  },
  rows: [
    { name: 'trips I may see', method: 'GET', route: '/api/v1/trips', expect: users(200) },
    { name: 'trips as a spreadsheet', method: 'GET', route: '/api/v1/trips/export', url: () => '/api/v1/trips/export?format=xlsx', expect: users(200) },
    { name: 'plan a trip', method: 'POST', route: '/api/v1/trips', body: () => tripBody(), expect: users(201) },
    { name: "another rep's trip", method: 'GET', route: '/api/v1/trips/{id}', url: (ctx) => `/api/v1/trips/${fx(ctx).repBTrip}`, expect: reviewers(200) },
    {
      name: 'edit my draft trip',
      method: 'PATCH',
      route: '/api/v1/trips/{id}',
      url: async (ctx, who) => `/api/v1/trips/${await ownDraft(ctx, who)}`,
      body: async (ctx, _who, url) => ({ purpose: 'Edited', version: await ctx.version('trips', url.split('/')[4]) }),
      expect: users(200),
    },
    {
      name: 'submit my draft trip',
      method: 'POST',
      route: '/api/v1/trips/{id}/submit',
      url: async (ctx, who) => `/api/v1/trips/${await ownDraft(ctx, who)}/submit`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('trips', url.split('/')[4]) }),
      expect: users(200),
    },
    {
      name: 'cancel my draft trip',
      method: 'POST',
      route: '/api/v1/trips/{id}/cancel',
      url: async (ctx, who) => `/api/v1/trips/${await ownDraft(ctx, who)}/cancel`,
      body: async (ctx, _who, url) => ({ reason: 'Not needed', version: await ctx.version('trips', url.split('/')[4]) }),
      expect: users(200),
    },
    {
      name: "complete rep B's approved trip (reviewers; rep A does not see it)",
      method: 'POST',
      route: '/api/v1/trips/{id}/complete',
      url: async (ctx) => `/api/v1/trips/${await approvedTripOf(ctx, 'repB')}/complete`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('trips', url.split('/')[4]) }),
      expect: reviewers(200),
    },
    { name: "a trip's bookings", method: 'GET', route: '/api/v1/trips/{id}/bookings', url: (ctx) => `/api/v1/trips/${fx(ctx).repBTrip}/bookings`, expect: reviewers(200) },
    {
      name: 'book a ticket',
      method: 'POST',
      route: '/api/v1/trips/{id}/bookings',
      url: (ctx) => `/api/v1/trips/${fx(ctx).repATrip}/bookings`,
      body: () => ({ kind: 'train', passengerName: 'Rep A', ticketNumber: 'E0001', fromCity: '上海', toCity: '北京', travelDate: '2026-03-10', price: 55_300, bookedOn: '2026-03-01' }),
      expect: bookers(201),
    },
    {
      name: 'refund a ticket',
      method: 'PATCH',
      route: '/api/v1/trips/{id}/bookings/{bookingId}',
      url: async (ctx) => {
        const b = await createBooking(ctx.t.db.handle.db, ctx.actors.assistant, fx(ctx).repATrip, { kind: 'train', passengerName: 'Rep A', travelDate: '2026-03-10', price: 10_000, bookedOn: '2026-03-01' });
        return `/api/v1/trips/${fx(ctx).repATrip}/bookings/${b.id}`;
      },
      body: async (ctx, _who, url) => ({ status: 'refunded', refundAmount: 9_000, version: await ctx.version('trip_bookings', url.split('/')[6]) }),
      expect: bookers(200),
    },
    {
      name: 'pay a travel advance',
      method: 'POST',
      route: '/api/v1/trips/{id}/advances',
      url: (ctx) => `/api/v1/trips/${fx(ctx).repATrip}/advances`,
      body: () => ({ amount: 1_000, paidOn: '2026-03-05', method: 'bank' }),
      expect: bookers(201),
    },
    { name: "a trip's advance and its repayments", method: 'GET', route: '/api/v1/trips/{id}/repayments', url: (ctx) => `/api/v1/trips/${fx(ctx).repBTrip}/repayments`, expect: reviewers(200) },
    {
      name: 'record the repayment of an unused advance (rep A may see the trip, not record it)',
      method: 'POST',
      route: '/api/v1/trips/{id}/repayments',
      url: async (ctx) => {
        const tripId = await approvedTripOf(ctx, 'rep');
        await payAdvance(ctx.t.db.handle.db, ctx.actors.finance, tripId, { amount: 2_000, paidOn: '2026-03-05', method: 'bank' });
        return `/api/v1/trips/${tripId}/repayments`;
      },
      body: () => ({ amount: 2_000, repaidOn: '2026-03-25', method: 'bank' }),
      expect: bookers(201),
    },
  ],
};
