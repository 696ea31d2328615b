/**
 * The one place where value types are made the same for PGlite and `pg`.
 *
 * - int8 (bigint, counts, money in minor units) → JS number. A value beyond
 *   Number.MAX_SAFE_INTEGER (±9e15, i.e. ±90 trillion yuan in fen) is returned as a
 *   decimal string rather than silently rounded; money columns never get there.
 * - numeric (quantities, rates) → decimal string, never a float.
 * - date → 'YYYY-MM-DD' string: a calendar day has no time zone.
 * - timestamptz → Date.
 */
export const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

export function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

const identity = (value: string) => value;

export const textParsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: parseInt8,
  [OID.numeric]: identity,
  [OID.date]: identity,
};
