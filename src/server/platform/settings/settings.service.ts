import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { AuditActor } from '../access/actor';
import { recordAudit } from '../audit/audit.service';
import { checkCreditCode } from '../schema/credit-code';
import { type CompanySettings, DEFAULT_SETTINGS, type SavedSettings, companySettingsSchema } from './settings.schema';

type Db = Kysely<Database> | Transaction<Database>;
const KEY = 'company';

export async function getCompanySettings(db: Db): Promise<CompanySettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<CompanySettings>) ?? {}) };
}

/** Replaces the company settings (validated whole) and audits before/after. */
export async function updateCompanySettings(db: Db, actor: AuditActor, input: CompanySettings): Promise<CompanySettings> {
  const run = async (trx: Transaction<Database>) => {
    const before = await getCompanySettings(trx);
    // A form that does not send the taxpayer id (older clients, the CLI) keeps the stored one as it is; '' clears it.
    const value = companySettingsSchema.parse(input);
    if (value.taxpayerId === undefined && before.taxpayerId) value.taxpayerId = before.taxpayerId;
    await trx
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, { action: 'settings.update', entityType: 'settings', entityId: KEY, before, after: value });
    return value;
  };
  return db.isTransaction ? run(db as Transaction<Database>) : (db as Kysely<Database>).transaction().execute(run);
}

/** Saved settings worth a second look: a taxpayer id of the right shape whose GB 32100 check character does not match. */
export function settingsWarnings(s: CompanySettings): SavedSettings['warnings'] {
  const check = s.taxpayerId ? checkCreditCode(s.taxpayerId) : null;
  if (check && !check.ok && check.reason === 'checksum') {
    return [{ field: 'taxpayerId', code: 'credit_code_checksum', message: 'The check character does not match (GB 32100); compare it with the business licence' }];
  }
  return [];
}

export async function isSetupDone(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The calendar day of an instant in the business time zone ('YYYY-MM-DD'): what "today" and "dated" mean to users. */
export function dayInZone(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}
