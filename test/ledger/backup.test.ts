import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupToFile, restoreFromFile } from '../../src/server/platform/backup/backup.service';
import { createTestApp, type TestApp } from '../helpers/app';
import { tempDir } from '../helpers/cli';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';
import { expectStatus, ledgerWorld, manualEntry, post, type LedgerWorld } from './helpers';

/**
 * The ledger's guards must not stop a restore: a backup with posted entries, a reversal, an account
 * added to the preset chart and a closed month loads into a fresh database row for row (the preset
 * chart that the migration wrote is replaced by the backup's), and the restored books stay guarded.
 */
let t: TestApp;
let w: LedgerWorld;
let target: TestDatabase | undefined;
const dir = tempDir('ledger-backup');

beforeAll(async () => {
  t = await createTestApp();
  w = await ledgerWorld(t);
});
afterAll(async () => {
  await target?.drop();
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ledgerRows = async (handle: TestDatabase['handle']) => {
  const out: Record<string, string[]> = {};
  for (const table of ['ledger_accounts', 'ledger_entries', 'ledger_lines', 'ledger_periods']) {
    // Timestamps to the millisecond: the backup carries them as JavaScript dates.
    const rows = await rawQuery<{ r: string }>(
      handle,
      `select (select jsonb_object_agg(k, case when k like '%_at' and v <> 'null'::jsonb then to_jsonb(date_trunc('milliseconds', (v #>> '{}')::timestamptz)) else v end)
               from jsonb_each(to_jsonb(x)) as f(k, v))::text as r
       from ${table} x order by 1`,
    );
    out[table] = rows.map((r) => r.r);
  }
  return out;
};

describe('backup and restore of the ledger', () => {
  it('restores posted entries, reversals, the edited chart and closed months, and the restored books stay guarded', { timeout: 180_000 }, async () => {
    const A = w.account;
    const added = await w.finance.request({ method: 'POST', url: '/api/v1/ledger/accounts', payload: { code: '660110', nameEn: 'Gifts', nameZh: '礼品费', type: 'expense', parentId: A['6601'] } });
    expectStatus(added, 201);
    const first = await post(w.finance, manualEntry('2026-01-10', [{ accountId: A['1221'], debit: 10_000, employeeId: w.rep.userId }, { accountId: A['1002'], credit: 10_000 }]));
    expectStatus(first, 201);
    expectStatus(await post(w.finance, manualEntry('2026-01-12', [{ accountId: added.json().id, debit: 2_500 }, { accountId: A['1001'], credit: 2_500 }])), 201);
    expectStatus(await w.finance.request({ method: 'POST', url: `/api/v1/ledger/entries/${first.json().id}/reverse`, payload: { reason: 'wrong rep', entryDate: '2026-01-20' } }), 201);
    expectStatus(await post(w.finance, manualEntry('2026-02-01', [{ accountId: A['1221'], debit: 1, employeeId: w.rep.userId }, { accountId: A['1002'], credit: 1 }], { post: false })), 201);
    expectStatus(await w.finance.request({ method: 'POST', url: '/api/v1/ledger/periods/2026-01/close', payload: {} }), 200);

    const file = path.join(dir, 'ledger.backup.gz');
    await backupToFile(t.db.handle, file);
    target = await createTestDatabase();
    await restoreFromFile(target.handle, file);

    expect(await ledgerRows(target.handle)).toEqual(await ledgerRows(t.db.handle));
    await expect(rawQuery(target.handle, `delete from ledger_lines where entry_id = $1`, [first.json().id])).rejects.toThrow(/posted/);
    await expect(rawQuery(target.handle, `insert into ledger_lines (entry_id, line_no, account_id, debit) values ($1, 9, $2, 5)`, [first.json().id, A['1001']])).rejects.toThrow(/posted/);
  });
});
