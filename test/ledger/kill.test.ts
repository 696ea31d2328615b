import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase } from '../helpers/db';
import { startServer, stopServer, tempDir, waitForHealthy, type ServerProcess } from '../helpers/cli';

/**
 * The kill test: the real server (`salesdesk serve`, a child process) takes a stream of postings
 * from several clients at once and is killed with SIGKILL in the middle of it. Started again on
 * the same data (the PGlite directory, or the PostgreSQL database when TEST_DATABASE_URL is set),
 * every posting that was confirmed with a 2xx is there, complete and balanced; no entry is
 * half-written (each has exactly the lines its request sent); the numbers still run without gaps.
 * A posting whose answer was lost in the kill may or may not be there, but only whole.
 */
const SLOW = 240_000;
const ADMIN = { email: 'books@kill.test', password: 'kill test admin pass 1' };
const WORKERS = 4;
/** Confirmed postings before the kill: the kill lands while the workers are still sending. */
const KILL_AFTER = 40;

interface Client {
  cookie: string;
  csrf: string;
}

async function signInOver(server: ServerProcess): Promise<Client> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken };
}

async function api(server: ServerProcess, c: Client, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Attempt n: 2 to 5 lines (n mod 4 + 2), amounts that say which attempt and line they belong to. */
function attempt(n: number, accounts: string[]) {
  const count = (n % 4) + 2;
  const debits = Array.from({ length: count - 1 }, (_, k) => ({ accountId: accounts[k % accounts.length], debit: n * 100 + k + 1, credit: 0 }));
  const total = debits.reduce((s, l) => s + l.debit, 0);
  return { entryDate: '2026-07-01', reason: `kill-${n}`, post: true, lines: [...debits, { accountId: accounts[accounts.length - 1], debit: 0, credit: total }] };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe(`kill -9 during a batch of postings (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, { timeout: SLOW }, () => {
  it('loses no confirmed posting and leaves no half-written entry', async () => {
    const dir = tempDir('ledger-kill');
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const env: Record<string, string> = { DATA_DIR: dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ARGON2_MEMORY_KIB: '4096' };
    if (process.env.TEST_DATABASE_URL) {
      const pg = await createThrowawayDatabase();
      cleanups.push(pg.drop);
      env.DATABASE_URL = pg.url;
    }

    const first = await startServer(env);
    cleanups.push(async () => void (await stopServer(first, 'SIGKILL')));
    await waitForHealthy(first);
    const c1 = await signInOver(first);
    const chart = (await api(first, c1, 'GET', '/api/v1/ledger/accounts')).body.items as { id: string; code: string }[];
    const accounts = ['660101', '660102', '660103', '1221', '1002'].map((code) => chart.find((a) => a.code === code)!.id);

    const confirmed = new Map<number, { id: string; number: string }>();
    let next = 1;
    let killed = false;
    const worker = async () => {
      while (!killed || first.child.exitCode === null) {
        const n = next++;
        try {
          const res = await api(first, c1, 'POST', '/api/v1/ledger/entries', attempt(n, accounts));
          if (res.status === 201) confirmed.set(n, { id: res.body.id, number: res.body.number });
          else throw new Error(`attempt ${n}: ${res.status} ${JSON.stringify(res.body)}`);
        } catch (err) {
          if (killed) return; // the connection died with the server
          throw err;
        }
        if (!killed && confirmed.size >= KILL_AFTER) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(confirmed.size).toBeGreaterThanOrEqual(KILL_AFTER);
    const attempted = next - 1;
    // The workers were still sending when the kill landed.
    expect(attempted).toBeGreaterThan(confirmed.size);

    const second = await startServer(env);
    cleanups.push(async () => void (await stopServer(second)));
    await waitForHealthy(second);
    const c2 = await signInOver(second);

    // Every entry on the books, page by page.
    const entries: { id: string; number: string; reason: string; status: string; totalDebit: number; totalCredit: number }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof entries; nextCursor: string | null } } = await api(second, c2, 'GET', `/api/v1/ledger/entries?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);

    // Every confirmed posting is there, posted, with exactly the lines it was sent with.
    for (const [n, got] of confirmed) {
      const res = await api(second, c2, 'GET', `/api/v1/ledger/entries/${got.id}`);
      expect(res.status, `confirmed attempt ${n} (${got.number}) is missing`).toBe(200);
      expect(res.body).toMatchObject({ status: 'posted', number: got.number, reason: `kill-${n}` });
      const sent = attempt(n, accounts).lines;
      expect(res.body.lines.map((l: { accountId: string; debit: number; credit: number }) => ({ accountId: l.accountId, debit: l.debit, credit: l.credit }))).toEqual(sent);
    }
    // Nothing half-written: every entry is posted, balanced and whole (its line count is its attempt's);
    // only attempts that were sent exist, each once.
    const seen = new Set<number>();
    for (const e of entries) {
      const n = Number(e.reason.replace('kill-', ''));
      expect(n >= 1 && n <= attempted && !seen.has(n), `unexpected entry ${e.reason}`).toBe(true);
      seen.add(n);
      expect(e.status).toBe('posted');
      expect(e.totalDebit).toBe(e.totalCredit);
      if (!confirmed.has(n)) {
        const full = await api(second, c2, 'GET', `/api/v1/ledger/entries/${e.id}`);
        expect(full.body.lines).toHaveLength((n % 4) + 2);
      }
    }
    expect(entries.length).toBeGreaterThanOrEqual(confirmed.size);
    const seqs = entries.map((e) => Number(e.number.slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
    const tb = await api(second, c2, 'GET', '/api/v1/ledger/reports/trial-balance?from=2026-01-01&to=2026-12-31');
    expect(tb.body.isBalanced).toBe(true);
    expect(tb.body.totals.periodDebit).toBe(entries.reduce((s, e) => s + e.totalDebit, 0));

    // And the restarted server keeps posting where the numbers left off.
    const after = await api(second, c2, 'POST', '/api/v1/ledger/entries', attempt(attempted + 1, accounts));
    expect(after.status).toBe(201);
    expect(Number(after.body.number.slice(-6))).toBe(entries.length + 1);
  });
});
