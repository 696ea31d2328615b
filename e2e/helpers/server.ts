import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  dataDir: string;
  engine: 'pglite' | 'postgres';
  /** The server's stdout and stderr so far (printed when a test fails). */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A throwaway database on the PostgreSQL server named by E2E_DATABASE_URL, dropped afterwards. */
async function throwawayDatabase(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `salesdesk_e2e_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Starts the real server (`node bin/salesdesk.mjs serve`) as a child process on a free
 * port and a fresh DATA_DIR — PGlite, or a throwaway PostgreSQL database when
 * E2E_DATABASE_URL is set — and waits until /healthz answers.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-e2e-'));
  const db = process.env.E2E_DATABASE_URL ? await throwawayDatabase(process.env.E2E_DATABASE_URL) : null;
  // Nothing from the outer environment may decide the first run (an ADMIN_EMAIL would skip the setup page).
  const base = { ...process.env };
  for (const k of ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SEED_DEMO', 'DATABASE_URL', 'PORT', 'HOST', 'DATA_DIR', 'WEB_DIST']) delete base[k];
  const child: ChildProcess = spawn(process.execPath, ['bin/salesdesk.mjs', 'serve'], {
    cwd: repoRoot,
    env: {
      ...base,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // The tests sign in a handful of times; argon2 at its production cost would only slow them.
      ARGON2_MEMORY_KIB: '4096',
      ...(db ? { DATABASE_URL: db.url } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let isExited = false;
  void exited.then(() => (isExited = true));

  const url = `http://127.0.0.1:${port}`;
  // Generous: a demo seed on a busy 2-core machine can take a minute or more.
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (isExited) throw new Error(`the server exited before it was healthy:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy in 240 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    dataDir,
    engine: db ? 'postgres' : 'pglite',
    output: () => output,
    async stop() {
      if (!isExited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      await db?.drop();
    },
  };
}
