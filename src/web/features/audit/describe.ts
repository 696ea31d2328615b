import type { AuditEntry } from '../../api/types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A human name for the record an entry is about, taken from its snapshot (a user's name, a department's name). */
export function entitySummary(e: Pick<AuditEntry, 'before' | 'after'>): string | null {
  for (const snap of [e.after, e.before]) {
    if (!isObject(snap)) continue;
    for (const k of ['displayName', 'name', 'companyName', 'email', 'path']) {
      if (typeof snap[k] === 'string' && snap[k]) return snap[k] as string;
    }
  }
  return null;
}

/** Top-level keys whose value differs between the two snapshots. */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

export { isObject };
