import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../access/actor';

/**
 * The one small interface through which every module feeds each user's home page
 * and the header search. The home page renders whatever sections come back, so
 * adding a module never means editing it.
 */
export interface WorkbenchItem {
  id: string;
  title: string;
  subtitle?: string | null;
  link?: string | null;
  /** A calendar day this is due or dated. */
  date?: string | null;
  severity?: 'info' | 'warning' | 'danger';
  /** Structured facts the web renders in the reader's language (e.g. { overdue: 2 } or { status: 'returned' }). */
  meta?: Record<string, string | number>;
}

export interface WorkbenchSection {
  key: string;
  order: number;
  /** null when the section does not apply to this user (e.g. a board for leaders). */
  load(db: Kysely<Database>, actor: Actor): Promise<{ count: number; items: WorkbenchItem[]; link?: string } | null>;
}

export interface SearchHit {
  kind: string;
  id: string;
  title: string;
  subtitle?: string | null;
  link: string;
}

export interface SearchProvider {
  kind: string;
  search(db: Kysely<Database>, actor: Actor, q: string, limit: number): Promise<SearchHit[]>;
}

const sections = new Map<string, WorkbenchSection>();
const providers = new Map<string, SearchProvider>();

export function registerWorkbenchSection(section: WorkbenchSection): void {
  sections.set(section.key, section);
}
export function registerSearchProvider(provider: SearchProvider): void {
  providers.set(provider.kind, provider);
}

/** Loads every section for the actor; a failing section is reported as such instead of breaking the page. */
export async function loadWorkbench(db: Kysely<Database>, actor: Actor) {
  const out: { key: string; count: number; items: WorkbenchItem[]; link?: string; error?: boolean }[] = [];
  for (const s of [...sections.values()].sort((a, b) => a.order - b.order)) {
    try {
      const result = await s.load(db, actor);
      if (result) out.push({ key: s.key, ...result });
    } catch {
      out.push({ key: s.key, count: 0, items: [], error: true });
    }
  }
  return out;
}

/** Escapes LIKE wildcards in user input. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export async function globalSearch(db: Kysely<Database>, actor: Actor, q: string, limitPerKind = 5, kinds?: string[]): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  for (const p of providers.values()) {
    if (kinds && !kinds.includes(p.kind)) continue;
    hits.push(...(await p.search(db, actor, q, limitPerKind)));
  }
  return hits;
}
