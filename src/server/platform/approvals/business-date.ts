import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A business date that stands in for today within one async call chain. Only the demo seed uses
 * it, to replay a year of documents on the days they happened: the services date what they post
 * (a claim's approval entry, a payment's default date) by businessToday, and the ledger refuses to
 * change an entry's date once posted, so the date has to be right when the entry is written.
 */
const storage = new AsyncLocalStorage<string>();

/** Runs fn with businessToday answering `day` (YYYY-MM-DD) for everything it awaits. */
export function atBusinessDate<T>(day: string, fn: () => Promise<T>): Promise<T> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Not a date: ${day}`);
  return storage.run(day, fn);
}

/** The business date set by atBusinessDate around the current call chain, if any. */
export function businessDateOverride(): string | undefined {
  return storage.getStore();
}
