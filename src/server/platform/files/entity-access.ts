import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../access/actor';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * How the shared services (files, tasks, timeline, search) ask a module whether an
 * actor may see or change one of its records. Each module registers its entity
 * types once; an unregistered type is invisible to everyone but admins.
 */
export interface EntityAccess {
  canRead(db: Db, actor: Actor, id: string): Promise<boolean>;
  /** Attach files, link tasks; defaults to canRead. */
  canAttach?(db: Db, actor: Actor, id: string): Promise<boolean>;
  /** A label for lists ("GR-2026-00012 Printer toner"); undefined when missing. */
  label?(db: Db, id: string): Promise<string | undefined>;
  /** Where the record opens in the web app. */
  link?(id: string): string;
}

const registry = new Map<string, EntityAccess>();

export function registerEntity(type: string, access: EntityAccess): void {
  registry.set(type, access);
}

export function entityTypes(): string[] {
  return [...registry.keys()];
}

export async function canReadEntity(db: Db, actor: Actor, type: string, id: string): Promise<boolean> {
  const e = registry.get(type);
  if (!e) return false;
  return e.canRead(db, actor, id);
}

export async function canAttachEntity(db: Db, actor: Actor, type: string, id: string): Promise<boolean> {
  const e = registry.get(type);
  if (!e) return false;
  return (e.canAttach ?? e.canRead)(db, actor, id);
}

export async function entityLabel(db: Db, type: string, id: string): Promise<{ label?: string; link?: string }> {
  const e = registry.get(type);
  return { label: await e?.label?.(db, id), link: e?.link?.(id) };
}
