import type { AuditEntry } from '../../api/types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A human name for the record an entry is about, taken from its snapshot (a user's name, a department's name). */
export function entitySummary(e: Pick<AuditEntry, 'before' | 'after'>): string | null {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  for (const snap of [e.after, e.before]) {
    if (!isObject(snap)) continue;
    // A person or a department has a name; a document has a number and a title (a user's "title" is a job title, so names come first).
    const named = str(snap.displayName) ?? str(snap.name) ?? str(snap.companyName);
    if (named) return named;
    const doc = [str(snap.number), str(snap.title)].filter(Boolean).join(' ');
    if (doc) return doc;
    const other = str(snap.email) ?? str(snap.path);
    if (other) return other;
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
