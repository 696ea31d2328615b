import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { approvedTrip, call, expenseWorld, type ExpenseWorld } from './helpers';

/** Trips and claims in the header search, by the expenses record rule: own for reps, the department for reviewers. */
let t: TestApp;
let w: ExpenseWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await expenseWorld(t);
}, 120_000);
afterAll(async () => t?.close());

const hits = async (s: Session, q: string) =>
  ((await call(s, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`, undefined, 200)).items as { kind: string; id: string; link: string }[]).filter((h) => h.kind === 'trip' || h.kind === 'expense_claim');

describe('header search over trips and claims', () => {
  it('finds a trip by number, purpose or destination, and a claim by number, for those who may see them', async () => {
    const trip = await approvedTrip(w, { purpose: 'Visit Zhuhai distributors', legs: [{ fromCity: '上海', toCity: '珠海', departOn: '2026-03-10', arriveOn: '2026-03-10', mode: 'flight', cityTier: 2 }] });
    const claim = await call(w.rep, 'POST', '/api/v1/claims', { title: 'Zhuhai taxi', tripId: trip.id, items: [{ date: '2026-03-10', category: 'local_transport', amount: 3_000 }] }, 201);
    for (const q of [trip.number, 'zhuhai distrib', '珠海']) {
      expect((await hits(w.rep, q)).map((h) => h.id), q).toContain(trip.id);
      expect((await hits(w.finance, q)).map((h) => h.id), q).toContain(trip.id);
      expect((await hits(w.repB, q)).map((h) => h.id), q).not.toContain(trip.id);
    }
    expect((await hits(w.rep, trip.number)).find((h) => h.id === trip.id)?.link).toBe(`/trips/${trip.id}`);
    expect((await hits(w.manager, claim.number)).map((h) => `${h.kind}:${h.id}`)).toContain(`expense_claim:${claim.id}`);
    expect((await hits(w.repOther, claim.number)).map((h) => h.id)).not.toContain(claim.id);
  });
});
