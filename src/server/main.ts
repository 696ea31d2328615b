import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { bootstrap } from './runtime/bootstrap';
import { openDatabase } from './runtime/open-database';
import { startWorker, type Worker } from './platform/jobs/jobs.service';

/** config → database (locked, migrated) → first-run → app → listen; SIGTERM/SIGINT drain and close. */
export async function serve(config: Config = loadConfig()): Promise<void> {
  const opened = await openDatabase(config, `server on ${config.host}:${config.port}`);
  const app = await buildApp({ handle: opened.handle, config });
  try {
    await bootstrap(opened.handle, config, app.log);
  } catch (err) {
    app.log.error({ err }, 'first-run bootstrap failed');
    await app.close();
    await opened.close();
    throw err;
  }
  // Jobs and schedules: every instance runs a worker; SKIP LOCKED gives each job to one of them.
  const worker: Worker | undefined = config.jobsEnabled ? startWorker(opened.handle, app.log, config.jobsPollMs) : undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await worker?.stop(); // lets a running job finish
      await app.close(); // stops accepting, waits for in-flight requests
      await opened.close(); // PGlite closed cleanly, lock released
      app.log.info('stopped');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}
