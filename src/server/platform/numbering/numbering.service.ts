import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database';

/**
 * Takes the next gap-free number of a sequence for a year (SO-2026-00042). Must run
 * inside the transaction that creates the document: the row lock serialises
 * takers across instances, and a rollback gives the number back.
 */
export async function nextNumber(trx: Transaction<Database>, name: string, year: number, prefix: string, digits = 5): Promise<string> {
  const result = await sql<{ last_value: number }>`
    insert into number_sequences (name, year, last_value) values (${name}, ${year}, 1)
    on conflict (name, year) do update set last_value = number_sequences.last_value + 1
    returning last_value`.execute(trx);
  const value = Number(result.rows[0].last_value);
  return `${prefix}-${year}-${String(value).padStart(digits, '0')}`;
}
