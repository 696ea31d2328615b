import { afterAll, describe, expect, it } from 'vitest';
import { registerServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { demoEmail, seedDemo } from '../../src/server/demo/seed';
import { board } from '../../src/server/modules/statements/statements.service';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/** The demo's statements: a consolidated report waiting for the manager, two late and reminded statements, planted discrepancies flagged. */
describe('demo statements', { timeout: 300_000 }, () => {
  let d: TestDatabase;
  afterAll(async () => {
    await d?.drop();
  });

  it('has late, reminded, escalated and flagged statements and one consolidated department report', async () => {
    registerServices(loadConfig({ ...process.env, DATABASE_URL: '' }));
    d = await createTestDatabase();
    const started = Date.now();
    expect(await seedDemo(d.handle.db, { label: 'test' })).toEqual({ seeded: true });
    const seconds = (Date.now() - started) / 1000;
    const [{ n: reports }] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from department_reports where status = 'pending'`);
    expect(reports).toBe(1);
    const [{ id: assistantId }] = await rawQuery<{ id: string }>(d.handle, `select id from users where email = $1`, [demoEmail('assistant1')]);
    const assistant = (await loadActor(d.handle.db, assistantId))!;
    const periods = await rawQuery<{ period_key: string }>(d.handle, `select distinct period_key from statements order by period_key`);
    expect(periods).toHaveLength(3);
    const m2 = await board(d.handle.db, assistant, { kind: 'month', periodKey: periods[1].period_key });
    expect(m2.counts).toEqual({ submitted: 9, late: 3, due: 0 });
    const late = m2.rows.filter((r) => r.state === 'late');
    // Two never handed in (reminded before, on the day, overdue; the manager told); one queried back.
    expect(late.filter((r) => r.status === 'open')).toHaveLength(2);
    for (const r of late.filter((x) => x.status === 'open')) expect(r.reminders).toMatchObject({ count: 3, escalatedToName: expect.stringContaining('Wang Jianguo') });
    expect(m2.rows.filter((r) => r.flagCount > 0).length).toBeGreaterThanOrEqual(2);
    const [{ n: notes }] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from notifications where kind = 'reminder.escalated' and entity_type = 'statement'`);
    // The two missing ones and the queried one (its reminder runs again until it is resubmitted).
    expect(notes).toBe(3);
    console.log(`demo seed with statements: ${seconds.toFixed(1)} s`);
  });
});
