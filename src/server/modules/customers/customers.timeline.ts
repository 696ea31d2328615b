import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { keysetPage, type Page, type PageRequest } from '../../platform/pagination';
import { canReadCustomer } from './customers.access';

/**
 * The customer 360 timeline. Every module adds its events through addCustomerEvent
 * (calls, visits, complaints, shipments, samples, gifts, invoices, payments later;
 * orders, returns, contracts, negotiations, hand-overs and merges now), inside the
 * transaction that makes the change.
 */
export interface CustomerEventInput {
  customerId: string;
  /** A stable code the web translates: 'order.confirmed', 'customer.handover', … */
  kind: string;
  /** Text from the record itself (a number, a subject), not a sentence: the web builds the sentence. */
  title: string;
  entity?: { type: string; id: string };
  actorId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

export async function addCustomerEvent(trx: Transaction<Database> | Kysely<Database>, e: CustomerEventInput): Promise<void> {
  await trx
    .insertInto('customer_events')
    .values({
      customer_id: e.customerId,
      kind: e.kind,
      title: e.title,
      entity_type: e.entity?.type ?? null,
      entity_id: e.entity?.id ?? null,
      actor_id: e.actorId ?? null,
      data: JSON.stringify(e.data ?? {}),
      ...(e.at && { at: e.at }),
    })
    .execute();
}

export interface CustomerEventDto {
  id: number;
  at: string;
  kind: string;
  title: string;
  entityType: string | null;
  entityId: string | null;
  actorId: string | null;
  actorName: string | null;
  data: unknown;
}

/** A customer's timeline, newest first, for anyone who may see the customer. */
export async function listCustomerTimeline(db: Kysely<Database>, actor: Actor, customerId: string, page: PageRequest & { kinds?: string[] }): Promise<Page<CustomerEventDto>> {
  if (!(await canReadCustomer(db, actor, customerId))) {
    const exists = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
    throw exists ? deniedAsNotFound('customer', customerId) : notFound('customer', customerId);
  }
  let q = db
    .selectFrom('customer_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.title', 'e.entity_type', 'e.entity_id', 'e.actor_id', 'u.display_name as actor_name', 'e.data'])
    .where('e.customer_id', '=', customerId);
  if (page.kinds?.length) q = q.where('e.kind', 'in', page.kinds);
  const result = await keysetPage(q, { sortRef: 'e.id', idRef: 'e.id', direction: 'desc', page, sortValueOf: (r) => r.id, idOf: (r) => r.id });
  return {
    nextCursor: result.nextCursor,
    items: result.items.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      kind: r.kind,
      title: r.title,
      entityType: r.entity_type,
      entityId: r.entity_id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      data: r.data,
    })),
  };
}
