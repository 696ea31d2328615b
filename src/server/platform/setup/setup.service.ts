import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { createDepartment } from '../../modules/departments/departments.service';
import { createUser } from '../../modules/users/users.service';
import type { SystemContext } from '../access/actor';
import { isSetupDone, updateCompanySettings } from '../settings/settings.service';
import type { CompanySettings } from '../settings/settings.schema';

/** Any constant: two instances (or a CLI and a browser) finishing setup at once serialise on it. */
const SETUP_LOCK = 7_300_417_003;

export interface SetupInput {
  settings: CompanySettings;
  admin: { email: string; displayName: string; password: string };
  departmentName?: string;
}

/**
 * First run: company settings, the first department and the first admin, in one
 * transaction. Refused once any user exists, so the setup page cannot be used to
 * take over an installed system.
 */
export async function runSetup(db: Kysely<Database>, ctx: SystemContext, input: SetupInput): Promise<{ adminId: string }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SETUP_LOCK})`.execute(trx);
    if (await isSetupDone(trx)) throw new AppError('already_set_up', 'Salesdesk is already set up; sign in instead');
    await updateCompanySettings(trx, ctx, input.settings);
    const dep = await createDepartment(trx, ctx, { name: input.departmentName || input.settings.companyName, code: 'HQ' });
    const admin = await createUser(trx, ctx, {
      email: input.admin.email,
      displayName: input.admin.displayName,
      password: input.admin.password,
      roles: ['admin'],
      departmentId: dep.id,
      locale: input.settings.defaultLocale,
    });
    return { adminId: admin.id };
  });
}
