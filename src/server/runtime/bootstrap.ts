import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { DbHandle } from '../db/connect';
import { seedDemo } from '../demo/seed';
import { AppError } from '../http/app-error';
import { isSetupDone } from '../platform/settings/settings.service';
import { DEFAULT_SETTINGS } from '../platform/settings/settings.schema';
import { runSetup } from '../platform/setup/setup.service';

/**
 * First-run work done at start: ADMIN_EMAIL/ADMIN_PASSWORD create the first admin
 * on an empty database (otherwise the browser shows the setup page), and
 * SEED_DEMO=true loads demo data into an empty database.
 */
export async function bootstrap(handle: DbHandle, config: Config, log: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<void> {
  const db = handle.db;
  const wasEmpty = !(await isSetupDone(db));
  if (wasEmpty && config.adminEmail && config.adminPassword) {
    try {
      await runSetup(db, { label: 'env:ADMIN_EMAIL' }, {
        settings: DEFAULT_SETTINGS,
        admin: { email: config.adminEmail.toLowerCase(), displayName: 'Administrator', password: config.adminPassword },
      });
      log.info({ email: config.adminEmail }, 'created the first admin from ADMIN_EMAIL');
    } catch (err) {
      // Instances starting together on one PostgreSQL: another one created the first admin a moment ago.
      if (!(err instanceof AppError && err.code === 'already_set_up')) throw err;
      log.info('another instance has just done the first-run setup');
    }
  } else if (wasEmpty) {
    log.info('no users yet: open the web UI to run setup, or run `salesdesk setup`');
  }
  if (config.seedDemo && (wasEmpty || !(await hasDemo(handle)))) {
    const { seeded } = await seedDemo(db, { label: 'env:SEED_DEMO' });
    if (seeded) log.info('loaded demo data');
  }
}

async function hasDemo(handle: DbHandle): Promise<boolean> {
  const row = await handle.db.selectFrom('settings').select('key').where('key', '=', 'demo_seeded').executeTakeFirst();
  return row !== undefined;
}
