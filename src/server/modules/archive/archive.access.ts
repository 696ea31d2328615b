import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope, type RecordScope } from '../../platform/access/scope';
import { customerScopeWhere } from '../customers/customers.access';
import { subtreeIds } from '../../db/subtree';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Who reads an archived document (one rule, used as SQL by every door: detail,
 * download, versions, search, link listings, counts):
 * - admins: every document;
 * - confidential and secret documents: only their owner and the users or roles they
 *   are granted to — whatever the role otherwise allows (a manager without a grant
 *   does not see them);
 * - internal documents: a department-wide role (manager, assistant, finance, viewer)
 *   those filed by their departments or linked to a customer it sees; a rep those
 *   linked to a customer they own, and unlinked ones filed by their own department;
 *   everyone their own uploads and documents granted to them.
 * Anything else does not exist for the caller (404).
 */
export interface ArchiveVisibility {
  actor: Actor;
  scope: RecordScope;
  /** The departments whose unlinked internal documents a rep sees. */
  repDepartments: string[];
}

export async function archiveVisibility(db: Db, actor: Actor): Promise<ArchiveVisibility> {
  requirePermission(actor, 'archive:read');
  const scope = await recordScope(db, actor);
  const repDepartments = scope.kind === 'own' && actor.departmentId ? await subtreeIds(db, 'departments', actor.departmentId) : [];
  return { actor, scope, repDepartments };
}

/** The visibility rule as a WHERE condition on archive_documents aliased `d`. */
export function visibleWhere(v: ArchiveVisibility) {
  return (eb: ExpressionBuilder<any, any>) => {
    const { actor, scope } = v;
    if (scope.kind === 'all') return eb.lit(true);
    const me = actor.userId;
    const ownerOrGranted = eb.or([
      eb('d.owner_id', '=', me),
      eb.exists(
        eb
          .selectFrom('archive_document_grants as g')
          .select(eb.lit(1).as('one'))
          .whereRef('g.document_id', '=', 'd.id')
          .where((g) => g.or([g('g.user_id', '=', me), ...(actor.roles.length ? [g('g.role', 'in', actor.roles)] : [])])),
      ),
    ]);
    const linkedToVisibleCustomer = eb.exists(
      eb
        .selectFrom('archive_document_links as l')
        .innerJoin('customers as c', 'c.id', 'l.entity_id')
        .select(eb.lit(1).as('one'))
        .whereRef('l.document_id', '=', 'd.id')
        .where('l.entity_type', '=', 'customer')
        .where(customerScopeWhere(scope, 'c')),
    );
    let internalRule;
    if (scope.kind === 'departments') {
      internalRule = eb.or([eb('d.department_id', 'in', scope.departmentIds), linkedToVisibleCustomer]);
    } else {
      const unlinkedOfMyDepartment = v.repDepartments.length
        ? eb.and([
            eb('d.department_id', 'in', v.repDepartments),
            eb.not(eb.exists(eb.selectFrom('archive_document_links as l2').select(eb.lit(1).as('one')).whereRef('l2.document_id', '=', 'd.id'))),
          ])
        : eb.lit(false);
      internalRule = eb.or([linkedToVisibleCustomer, unlinkedOfMyDepartment]);
    }
    return eb.or([ownerOrGranted, eb.and([eb('d.confidentiality', '=', 'internal'), internalRule])]);
  };
}

/** Confidentiality and grants are the owner's and the admins' to change. */
export const isOwnerOrAdmin = (actor: Actor, doc: { owner_id: string | null }) => actor.roles.includes('admin') || doc.owner_id === actor.userId;

/** Editing: archive:write, and on a confidential document only its owner or an admin (a grant lets one read, not edit). */
export const canEditDocument = (actor: Actor, doc: { owner_id: string | null; confidentiality: string }) =>
  actor.permissions.has('archive:write') && (doc.confidentiality === 'internal' || isOwnerOrAdmin(actor, doc));

/**
 * Who sees a paper original (as SQL on archive_paper_items aliased `p`): one linked to
 * its electronic copy is seen exactly by those who see that document (the document's
 * confidentiality applies); an unlinked one follows the same rule with its own level,
 * customer and department — confidential or secret: its registrar (owner) and admins;
 * internal: the department-wide roles for their departments' items and items of a
 * customer they see, a rep for items of their own customers and unlinked items of
 * their department.
 */
export function paperVisibleWhere(v: ArchiveVisibility) {
  return (eb: ExpressionBuilder<any, any>) => {
    const { actor, scope } = v;
    if (scope.kind === 'all') return eb.lit(true);
    const viaDocument = eb.exists(eb.selectFrom('archive_documents as d').select(eb.lit(1).as('one')).whereRef('d.id', '=', 'p.document_id').where(visibleWhere(v)));
    const customerSeen = eb.exists(eb.selectFrom('customers as pc').select(eb.lit(1).as('one')).whereRef('pc.id', '=', 'p.customer_id').where(customerScopeWhere(scope, 'pc')));
    const internalRule =
      scope.kind === 'departments'
        ? eb.or([eb('p.department_id', 'in', scope.departmentIds), customerSeen])
        : eb.or([customerSeen, v.repDepartments.length ? eb.and([eb('p.customer_id', 'is', null), eb('p.department_id', 'in', v.repDepartments)]) : eb.lit(false)]);
    const ownRule = eb.or([eb('p.owner_id', '=', actor.userId), eb.and([eb('p.confidentiality', '=', 'internal'), internalRule])]);
    return eb.or([eb.and([eb('p.document_id', 'is not', null), viaDocument]), eb.and([eb('p.document_id', 'is', null), ownRule])]);
  };
}
