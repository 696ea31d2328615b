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
    // Past periods read like history: hand-ins on or before the due date (after the reminder for the second period), reminders on their days, nothing stamped with the seed's time.
    const seededAt = new Date(started - 1000);
    const stamped = await rawQuery<{ period_key: string; due_on: string; ends_on: string; submitted_at: Date | null; accepted_at: Date | null; queried_at: Date | null; before_at: Date | null; due_at: Date | null; overdue_at: Date | null; escalated_at: Date | null; remind_days_before: number }>(
      d.handle,
      `select s.period_key, s.due_on::text, s.ends_on::text, s.submitted_at, s.accepted_at, s.queried_at, r.sent_before_at as before_at, r.sent_due_at as due_at, r.sent_overdue_at as overdue_at, r.escalated_at, r.remind_days_before
         from statements s left join reminders r on r.entity_type = 'statement' and r.entity_id = s.id::text where s.period_key in ($1, $2)`,
      [periods[0].period_key, periods[1].period_key],
    );
    const businessDay = (x: Date) => new Date(x.getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // the demo's Asia/Shanghai
    const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const s of stamped) {
      // The oldest period is all in; the next has its two late ones still out.
      if (s.period_key === periods[0].period_key) expect(s.submitted_at, s.period_key).not.toBeNull();
      if (s.submitted_at === null) continue;
      expect(s.submitted_at < seededAt).toBe(true);
      expect(businessDay(s.submitted_at) > s.ends_on).toBe(true);
      expect(businessDay(s.submitted_at) <= s.due_on, `${s.period_key} handed in on time`).toBe(true);
      if (s.accepted_at) expect(s.accepted_at > s.submitted_at).toBe(true);
      if (s.queried_at) expect(s.queried_at > s.submitted_at).toBe(true);
      if (s.before_at) {
        expect(businessDay(s.before_at)).toBe(plus(s.due_on, -s.remind_days_before));
        expect(s.submitted_at > s.before_at, 'handed in after the reminder').toBe(true);
      }
    }
    for (const r of late.filter((x) => x.status === 'open')) {
      const [rem] = await rawQuery<{ due_on: string; sent_due_at: Date; sent_overdue_at: Date; escalated_at: Date }>(d.handle, `select due_on::text, sent_due_at, sent_overdue_at, escalated_at from reminders where entity_type = 'statement' and entity_id = $1`, [r.statementId]);
      expect(businessDay(rem.sent_due_at)).toBe(rem.due_on);
      expect(businessDay(rem.sent_overdue_at)).toBe(plus(rem.due_on, 1));
      expect(rem.escalated_at < seededAt).toBe(true);
    }
    const [report] = await rawQuery<{ created_at: Date }>(d.handle, `select created_at from department_reports where status = 'pending'`);
    expect(report.created_at < seededAt).toBe(true);
    console.log(`demo seed with statements: ${seconds.toFixed(1)} s`);
  });
});
