import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { registerEntity } from '../../platform/files/entity-access';
import { defineQueue, defineSchedule } from '../../platform/jobs/jobs.registry';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from '../../platform/workbench/workbench.registry';
import { canReadCustomer, customerScopeWhere } from '../customers/customers.access';
import { CONTRACT, contractLink, expireContracts } from './contracts.service';
import { NEGOTIATION, negotiationLink } from './negotiations.service';
import { orderLink, SALES_ORDER } from './orders.service';
import { returnLink, SALES_RETURN } from './returns.service';
import type { Db } from './sales.repo';

/**
 * Sales records (orders, returns, contracts, negotiations) in the shared services:
 * files and tasks attach to them (visible exactly when the customer is; attaching
 * needs sales:write), order and contract numbers are found by the header search,
 * and people who keep sales records get "next steps due" and "contracts ending".
 */
export { createOrder, exportOrders, getOrder, listOrders, transitionOrder, updateOrder } from './orders.service';
export { createReturn, exportReturns, getReturn, listReturns, transitionReturn, updateReturn } from './returns.service';
export { createContract, exportContracts, expireContracts, getContract, listContracts, transitionContract, updateContract } from './contracts.service';
export { addMeeting, contractFromNegotiation, createNegotiation, exportNegotiations, getNegotiation, listNegotiations, setOutcome, updateNegotiation } from './negotiations.service';

const TABLES = { [SALES_ORDER]: 'sales_orders', [SALES_RETURN]: 'sales_returns', [CONTRACT]: 'contracts', [NEGOTIATION]: 'negotiations' } as const;
type SalesEntity = keyof typeof TABLES;

async function customerOf(db: Db, type: SalesEntity, id: string): Promise<string | undefined> {
  const row = await db.selectFrom(TABLES[type]).select('customer_id').where('id', '=', id).executeTakeFirst();
  return row?.customer_id;
}

async function labelOf(db: Db, type: SalesEntity, id: string): Promise<string | undefined> {
  switch (type) {
    case SALES_ORDER:
    case SALES_RETURN: {
      const r = await db.selectFrom(TABLES[type]).innerJoin('customers as c', 'c.id', 'customer_id').select(['number', 'c.name']).where(`${TABLES[type]}.id`, '=', id).executeTakeFirst();
      return r ? `${r.number} ${r.name}` : undefined;
    }
    case CONTRACT: {
      const r = await db.selectFrom('contracts').select(['number', 'title']).where('id', '=', id).executeTakeFirst();
      return r ? `${r.number} ${r.title}` : undefined;
    }
    case NEGOTIATION: {
      const r = await db.selectFrom('negotiations').select(['number', 'subject']).where('id', '=', id).executeTakeFirst();
      return r ? `${r.number} ${r.subject}` : undefined;
    }
  }
}

const LINKS: Record<SalesEntity, (id: string) => string> = { [SALES_ORDER]: orderLink, [SALES_RETURN]: returnLink, [CONTRACT]: contractLink, [NEGOTIATION]: negotiationLink };
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export const CONTRACTS_EXPIRY_QUEUE = 'contracts.expiry';

/** Record access for files and tasks, and the daily contract-expiry job. */
export function registerSales(): void {
  for (const type of Object.keys(TABLES) as SalesEntity[]) {
    registerEntity(type, {
      async canRead(db, actor, id) {
        if (!isUuid(id) || !can(actor, 'sales:read')) return false;
        const customerId = await customerOf(db, type, id);
        return !!customerId && (await canReadCustomer(db, actor, customerId));
      },
      async canAttach(db, actor, id) {
        if (!isUuid(id) || !can(actor, 'sales:write')) return false;
        const customerId = await customerOf(db, type, id);
        return !!customerId && (await canReadCustomer(db, actor, customerId));
      },
      label: (db, id) => (isUuid(id) ? labelOf(db, type, id) : Promise.resolve(undefined)),
      link: LINKS[type],
    });
  }
  defineQueue({ queue: CONTRACTS_EXPIRY_QUEUE, maxAttempts: 3, handler: async (ctx) => void (await expireContracts(ctx.db)) });
  defineSchedule({ name: 'contracts-expiry', cron: '5 0 * * *', queue: CONTRACTS_EXPIRY_QUEUE });
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Open negotiations whose next step is due (today or before), of customers the actor may see. */
export async function negotiationsDue(db: Kysely<Database>, actor: Actor, limit = 50) {
  const today = await businessToday(db);
  const scope = await recordScope(db, actor);
  const rows = await db
    .selectFrom('negotiations as n')
    .innerJoin('customers as c', 'c.id', 'n.customer_id')
    .select(['n.id', 'n.number', 'n.subject', 'n.next_step', 'n.next_step_on', 'c.name as customer_name'])
    .where(customerScopeWhere(scope, 'c'))
    .where('n.outcome', '=', 'open')
    .where('n.next_step_on', '<=', today)
    .orderBy('n.next_step_on')
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return { today, rows };
}

/** Active contracts ending within 30 days (or already past their end), of customers the actor may see. */
export async function contractsEnding(db: Kysely<Database>, actor: Actor, days = 30, limit = 50) {
  const today = await businessToday(db);
  const scope = await recordScope(db, actor);
  const rows = await db
    .selectFrom('contracts as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .select(['k.id', 'k.number', 'k.title', 'k.ends_on', 'c.name as customer_name'])
    .where(customerScopeWhere(scope, 'c'))
    .where('k.status', '=', 'active')
    .where('k.ends_on', 'is not', null)
    .where('k.ends_on', '<=', addDays(today, days))
    .orderBy('k.ends_on')
    .orderBy('k.id')
    .limit(limit)
    .execute();
  return { today, rows };
}

/** The home page's sales sections (for those who keep sales records) and the number search. */
export function registerSalesWorkbench(): void {
  registerWorkbenchSection({
    key: 'negotiations_due',
    order: 50,
    async load(db, actor) {
      if (!can(actor, 'sales:write')) return null;
      const { today, rows } = await negotiationsDue(db, actor);
      return {
        count: rows.length,
        link: '/sales/negotiations',
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.number} ${r.next_step ?? r.subject}`,
          subtitle: `${r.customer_name} · ${r.subject}`,
          link: negotiationLink(r.id),
          date: r.next_step_on,
          severity: r.next_step_on && r.next_step_on < today ? ('danger' as const) : ('warning' as const),
        })),
      };
    },
  });
  registerWorkbenchSection({
    key: 'contracts_ending',
    order: 55,
    async load(db, actor) {
      if (!can(actor, 'sales:write')) return null;
      const { today, rows } = await contractsEnding(db, actor);
      return {
        count: rows.length,
        link: '/sales/contracts',
        items: rows.slice(0, 10).map((r) => ({
          id: r.id,
          title: `${r.number} ${r.title}`,
          subtitle: r.customer_name,
          link: contractLink(r.id),
          date: r.ends_on,
          severity: r.ends_on && r.ends_on < addDays(today, 7) ? ('danger' as const) : ('warning' as const),
        })),
      };
    },
  });
  registerSearchProvider({
    kind: SALES_ORDER,
    async search(db, actor, q, limit) {
      if (!can(actor, 'sales:read')) return [];
      const scope = await recordScope(db, actor);
      const rows = await db
        .selectFrom('sales_orders as o')
        .innerJoin('customers as c', 'c.id', 'o.customer_id')
        .select(['o.id', 'o.number', 'o.order_date', 'c.name'])
        .where(customerScopeWhere(scope, 'c'))
        .where('o.number', 'ilike', likePattern(q))
        .orderBy('o.order_date', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ kind: SALES_ORDER, id: r.id, title: r.number, subtitle: `${r.name} · ${r.order_date}`, link: orderLink(r.id) }));
    },
  });
  registerSearchProvider({
    kind: CONTRACT,
    async search(db, actor, q, limit) {
      if (!can(actor, 'sales:read')) return [];
      const scope = await recordScope(db, actor);
      const like = likePattern(q);
      const rows = await db
        .selectFrom('contracts as k')
        .innerJoin('customers as c', 'c.id', 'k.customer_id')
        .select(['k.id', 'k.number', 'k.title', 'c.name'])
        .where(customerScopeWhere(scope, 'c'))
        .where((eb) => eb.or([eb('k.number', 'ilike', like), eb('k.title', 'ilike', like)]))
        .orderBy('k.created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ kind: CONTRACT, id: r.id, title: `${r.number} ${r.title}`, subtitle: r.name, link: contractLink(r.id) }));
    },
  });
}
