import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { DbHandle } from '../../src/server/db/connect';
import { makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/** The ledger's people: finance posts and manages, an assistant posts, a manager reads, two reps. */
export interface LedgerWorld {
  departmentId: string;
  finance: Session;
  assistant: Session;
  manager: Session;
  rep: Session;
  repB: Session;
  /** Account ids of the preset chart by code (1221 employee advances, 1002 bank, 660102 lodging…). */
  account: Record<string, string>;
}

export async function ledgerWorld(t: TestApp): Promise<LedgerWorld> {
  const departmentId = await makeDepartment(t, 'Sales (ledger)');
  const [finance, assistant, manager, rep, repB] = [
    await makeUser(t, ['finance'], { departmentId }),
    await makeUser(t, ['assistant'], { departmentId }),
    await makeUser(t, ['manager'], { departmentId }),
    await makeUser(t, ['rep'], { departmentId, name: 'Rep A' }),
    await makeUser(t, ['rep'], { departmentId, name: 'Rep B' }),
  ];
  const rows = await rawQuery<{ id: string; code: string }>(t.db.handle, 'select id, code from ledger_accounts');
  return {
    departmentId,
    finance: await signIn(t.app, finance.email),
    assistant: await signIn(t.app, assistant.email),
    manager: await signIn(t.app, manager.email),
    rep: await signIn(t.app, rep.email),
    repB: await signIn(t.app, repB.email),
    account: Object.fromEntries(rows.map((r) => [r.code, r.id])),
  };
}

export interface LineSpec {
  accountId: string;
  debit?: number;
  credit?: number;
  employeeId?: string | null;
  departmentId?: string | null;
  expenseType?: string | null;
  customerId?: string | null;
  tripId?: string | null;
  description?: string;
}

export function manualEntry(entryDate: string, lines: LineSpec[], opts: { post?: boolean; reason?: string; description?: string } = {}) {
  return { entryDate, reason: opts.reason ?? 'test posting', description: opts.description ?? '', post: opts.post ?? true, lines };
}

export async function post(s: Session, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return s.request({ method: 'POST', url: '/api/v1/ledger/entries', payload: body as object, headers });
}

export function expectStatus(res: LightMyRequestResponse, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  expect(res.statusCode).toBe(status);
}

/** Every posted entry and line as text, hashed: what no later operation may change. */
export async function postedRowsHash(handle: DbHandle): Promise<string> {
  const [row] = await rawQuery<{ h: string }>(
    handle,
    `select md5(coalesce(string_agg(x, '|' order by x), '')) as h from (
       select e::text as x from ledger_entries e where status = 'posted'
       union all
       select l::text from ledger_lines l join ledger_entries e on e.id = l.entry_id where e.status = 'posted'
     ) s`,
  );
  return row.h;
}
