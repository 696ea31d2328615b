import { can } from '../../platform/access/guard';
import { likePattern, registerSearchProvider } from '../../platform/workbench/workbench.registry';
import { canReadExpenseDoc } from './trips.access';
import { selectTrips, TRIP } from './trips.repo';

/**
 * Trips in the header search: by number, purpose or a destination, newest first, each checked
 * by the trips' record rule (the traveller, their department's reviewers, the trip's approvers).
 */
export function registerTripSearch(): void {
  registerSearchProvider({
    kind: TRIP,
    async search(db, actor, q, limit) {
      if (!can(actor, 'expenses:use')) return [];
      const like = likePattern(q);
      const rows = await selectTrips(db)
        .where((eb) =>
          eb.or([
            eb('t.number', 'ilike', like),
            eb('t.purpose', 'ilike', like),
            eb.exists(eb.selectFrom('trip_legs as l').select('l.id').whereRef('l.trip_id', '=', 't.id').where('l.to_city', 'ilike', like)),
          ]),
        )
        .orderBy('t.created_at', 'desc')
        .limit(limit * 4)
        .execute();
      const hits = [];
      for (const r of rows) {
        if (hits.length >= limit) break;
        if (await canReadExpenseDoc(db, actor, TRIP, { id: r.id, ownerId: r.traveller_id, departmentId: r.department_id })) {
          hits.push({ kind: TRIP, id: r.id, title: `${r.number} ${r.purpose}`, subtitle: `${r.traveller_name} · ${r.start_date} – ${r.end_date}`, link: `/trips/${r.id}` });
        }
      }
      return hits;
    },
  });
}
