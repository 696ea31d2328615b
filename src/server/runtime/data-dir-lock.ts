import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * PGlite does not lock its data directory and a second process would corrupt it.
 * We hold an exclusive lock (proper-lockfile: an atomic mkdir, refreshed while we
 * run) and write who holds it, so a second `npm start` or a CLI command refuses
 * with a message that names the running process.
 */
export class DataDirBusyError extends Error {
  constructor(dataDir: string, holder?: { pid: number; purpose: string; startedAt: string }) {
    super(
      holder
        ? `Another Salesdesk process is using ${dataDir} (pid ${holder.pid}, ${holder.purpose}, since ${holder.startedAt}).\n` +
            `Stop it first, or point DATA_DIR elsewhere. With the server running, use its web UI or API instead of this command.`
        : `Another Salesdesk process is using ${dataDir}. Stop it first, or point DATA_DIR elsewhere.`,
    );
  }
}

const holderFile = (dataDir: string) => path.join(dataDir, 'salesdesk.pid');

function readHolder(dataDir: string): { pid: number; purpose: string; startedAt: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(holderFile(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockDataDir(dataDir: string, purpose: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, '.salesdesk');
  const opts = { lockfilePath: path.join(dataDir, '.salesdesk.lock'), realpath: false, stale: 15_000, update: 5_000, retries: 0 };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      ...opts,
      onCompromised: (err) => {
        // Someone removed our lock: stop rather than risk two writers.
        console.error(`Lost the lock on ${dataDir}: ${err.message}. Stopping.`);
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = readHolder(dataDir);
    // A holder killed with -9 leaves its lock; a dead pid on this machine means it is safe to take over.
    if (holder && holder.pid !== process.pid && !isAlive(holder.pid)) {
      await lockfile.unlock(target, opts).catch(() => fs.rmSync(opts.lockfilePath, { recursive: true, force: true }));
      return lockDataDir(dataDir, purpose);
    }
    throw new DataDirBusyError(dataDir, holder);
  }
  fs.writeFileSync(holderFile(dataDir), JSON.stringify({ pid: process.pid, purpose, startedAt: new Date().toISOString() }));
  return async () => {
    try {
      fs.rmSync(holderFile(dataDir), { force: true });
      await release();
    } catch {
      // already released
    }
  };
}
