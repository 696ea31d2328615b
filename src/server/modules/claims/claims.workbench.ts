import { can } from '../../platform/access/guard';
import { dayInZone, getCompanySettings } from '../../platform/settings/settings.service';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import { canReadExpenseDoc, expenseScope, whereInScope } from '../trips/trips.service';
import { CLAIM, selectClaims } from './claims.repo';

/**
 * The home page: reviewers see submitted claims of their department with findings nobody has
 * overridden yet (the assistant checks tickets and invoices before a claim goes on); finance sees
 * approved claims waiting for payment. The header search finds claims and trips by number.
 */
export function registerClaimsWorkbench(): void {
  registerWorkbenchSection({
    key: 'claims_to_review',
    order: 25,
    async load(db, actor) {
      if (!can(actor, 'expenses:review')) return null;
      const rows = await whereInScope(selectClaims(db), await expenseScope(db, actor), 'c.claimant_id', 'c.department_id')
        .where('c.status', '=', 'submitted')
        .where('c.claimant_id', '!=', actor.userId)
        .where((eb) => eb.exists(eb.selectFrom('expense_claim_checks as f').select('f.id').whereRef('f.claim_id', '=', 'c.id').where('f.overridden_by', 'is', null)))
        .orderBy('c.submitted_at')
        .limit(20)
        .execute();
      const { timeZone } = await getCompanySettings(db);
      return {
        count: rows.length,
        link: '/claims?status=submitted&flagged=true',
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.number} ${r.title}`,
          subtitle: r.claimant_name,
          link: `/claims/${r.id}`,
          date: r.submitted_at ? dayInZone(r.submitted_at, timeZone) : null,
          severity: Number(r.worst_rank) >= 3 ? ('danger' as const) : ('warning' as const),
          meta: { open: Number(r.open_checks ?? 0) },
        })),
      };
    },
  });
  registerWorkbenchSection({
    key: 'claims_to_pay',
    order: 26,
    async load(db, actor) {
      if (!can(actor, 'expenses:pay')) return null;
      const rows = await whereInScope(selectClaims(db), await expenseScope(db, actor), 'c.claimant_id', 'c.department_id')
        .where('c.status', '=', 'approved')
        .where('c.claimant_id', '!=', actor.userId)
        .orderBy('c.decided_at')
        .limit(20)
        .execute();
      const { timeZone } = await getCompanySettings(db);
      return {
        count: rows.length,
        link: '/claims?status=approved',
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.number} ${r.title}`,
          subtitle: r.claimant_name,
          link: `/claims/${r.id}`,
          date: r.decided_at ? dayInZone(r.decided_at, timeZone) : null,
          severity: 'info' as const,
        })),
      };
    },
  });
  registerSearchProvider({
    kind: CLAIM,
    async search(db, actor, q, limit) {
      if (!can(actor, 'expenses:use')) return [];
      const like = likePattern(q);
      const rows = await selectClaims(db).where((eb) => eb.or([eb('c.number', 'ilike', like), eb('c.title', 'ilike', like)])).orderBy('c.created_at', 'desc').limit(limit * 4).execute();
      const hits = [];
      for (const r of rows) {
        if (hits.length >= limit) break;
        if (await canReadExpenseDoc(db, actor, CLAIM, { id: r.id, ownerId: r.claimant_id, departmentId: r.department_id })) {
          hits.push({ kind: CLAIM, id: r.id, title: `${r.number} ${r.title}`, subtitle: r.claimant_name, link: `/claims/${r.id}` });
        }
      }
      return hits;
    },
  });
}
