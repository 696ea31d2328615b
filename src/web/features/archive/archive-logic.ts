/**
 * The archive pages' logic that does not need React: highlighting a search snippet, naming
 * an upload's refusal, retention in years, the access history's wording. Unit-tested.
 */

/** The search terms as the server splits them: white space, at most 8 terms. */
export function searchTerms(q: string | undefined | null): string[] {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8);
}

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Splits a snippet into plain and matching parts, every term found case-insensitively and
 * as a substring (Chinese has no spaces: 工业园 inside 苏州工业园区), overlapping matches merged.
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1; at = lower.indexOf(t, at + 1)) {
      for (let i = at; i < at + t.length && i < marks.length; i++) marks[i] = true;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1];
    if (last && last.match === marks[i]) last.text += text[i];
    else out.push({ text: text[i], match: marks[i] });
  }
  return out;
}

/** Why the server refused one file, as a key under archive.upload.errors (undefined: say the general error). */
export type UploadRefusal = 'empty' | 'tooLarge' | 'wrongType' | 'badName' | 'refused' | 'tooMany';

export function uploadRefusal(e: { status: number; code: string; fields: { field: string; code: string; message: string }[] }): UploadRefusal | undefined {
  const f = e.fields.find((x) => x.field === 'file');
  if (e.code === 'payload_too_large' || e.status === 413) return 'tooLarge';
  if (e.code === 'unsupported_media_type' || e.status === 415) return 'wrongType';
  if (!f) return undefined;
  if (f.code === 'invalid_name') return 'badName';
  if (f.code === 'too_many' || f.code === 'too_many_parts') return 'tooMany';
  // The files service names an empty file and a refused zip with the same code; its message tells them apart.
  if (f.code === 'invalid' && /empty/i.test(f.message)) return 'empty';
  if (f.code === 'invalid') return 'refused';
  return undefined;
}

/** Retention is kept in months; the pages speak in years where it divides evenly. */
export function retentionParts(months: number | null): { years: number } | { months: number } | null {
  if (months === null) return null;
  return months % 12 === 0 ? { years: months / 12 } : { months };
}

/** Years typed in the type form (decimals allowed: 1.5 years) → whole months, or null for "indefinitely". */
export function yearsToMonths(years: number | null | undefined): number | null {
  if (years === null || years === undefined || Number.isNaN(years)) return null;
  return Math.round(years * 12);
}

/** The verb of an access-history entry: `archive_document.download` → download, `access.denied` → denied. */
export function historyVerb(action: string): string {
  if (action === 'access.denied') return 'denied';
  const dot = action.lastIndexOf('.');
  return dot === -1 ? action : action.slice(dot + 1);
}

/** What an entry's detail says beyond its verb: the version, whether it was watermarked, who was granted. */
export function historyDetail(detail: unknown): { versionNo?: number; watermarked?: boolean; userId?: string; role?: string; level?: string } {
  if (!detail || typeof detail !== 'object') return {};
  const d = detail as Record<string, unknown>;
  return {
    versionNo: typeof d.versionNo === 'number' ? d.versionNo : undefined,
    watermarked: typeof d.watermarked === 'boolean' ? d.watermarked : undefined,
    userId: typeof d.userId === 'string' ? d.userId : undefined,
    role: typeof d.role === 'string' ? d.role : undefined,
    level: typeof d.level === 'string' ? d.level : undefined,
  };
}

/** Tags typed by a user: trimmed, de-duplicated, empty ones dropped (the server refuses empty tags). */
export function cleanTags(tags: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  for (const t of tags ?? []) {
    const v = t.trim();
    if (v) seen.add(v);
  }
  return [...seen];
}

/** What the document form holds (DocumentFields). */
export interface DocumentFormValues {
  title?: string;
  typeCode?: string;
  categoryId?: string | null;
  tags?: string[];
  documentDate?: string | null;
  counterparty?: string;
  notes?: string;
  confidentiality?: 'internal' | 'confidential' | 'secret';
  customerIds?: string[];
  contractIds?: string[];
  orderIds?: string[];
}

/**
 * The form as the API's metadata. On upload, what was left empty is left out (the server's
 * defaults apply); on edit every field is sent, so clearing a date, a category or a list of
 * links clears it on the document (a list given replaces the links of that kind).
 */
export function toMetadata(v: DocumentFormValues, mode: 'upload' | 'edit') {
  const text = (s: string | undefined) => (s ?? '').trim();
  if (mode === 'upload') {
    return {
      ...(v.typeCode ? { typeCode: v.typeCode } : {}),
      ...(v.categoryId ? { categoryId: v.categoryId } : {}),
      ...(cleanTags(v.tags).length ? { tags: cleanTags(v.tags) } : {}),
      ...(v.documentDate ? { documentDate: v.documentDate } : {}),
      ...(text(v.counterparty) ? { counterparty: text(v.counterparty) } : {}),
      ...(text(v.notes) ? { notes: text(v.notes) } : {}),
      ...(v.confidentiality ? { confidentiality: v.confidentiality } : {}),
      ...(v.customerIds?.length ? { customerIds: v.customerIds } : {}),
      ...(v.contractIds?.length ? { contractIds: v.contractIds } : {}),
      ...(v.orderIds?.length ? { orderIds: v.orderIds } : {}),
    };
  }
  return {
    title: text(v.title),
    ...(v.typeCode ? { typeCode: v.typeCode } : {}),
    categoryId: v.categoryId || null,
    tags: cleanTags(v.tags),
    documentDate: v.documentDate || null,
    counterparty: text(v.counterparty),
    notes: text(v.notes),
    customerIds: v.customerIds ?? [],
    contractIds: v.contractIds ?? [],
    orderIds: v.orderIds ?? [],
  };
}
