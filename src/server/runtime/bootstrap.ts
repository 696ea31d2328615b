import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import type { DbHandle } from '../db/connect';
import { seedDemo } from '../demo/seed';
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
    await runSetup(db, { label: 'env:ADMIN_EMAIL' }, {
      settings: DEFAULT_SETTINGS,
      admin: { email: config.adminEmail.toLowerCase(), displayName: 'Administrator', password: config.adminPassword },
    });
    log.info({ email: config.adminEmail }, 'created the first admin from ADMIN_EMAIL');
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
