import { afterAll, describe, expect, it } from 'vitest';
import { registerServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { DEMO_PEOPLE, demoEmail, seedDemo } from '../../src/server/demo/seed';
import { dormancyAnalysis, rfmAnalysis } from '../../src/server/modules/analysis/analysis.service';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { publicTables, rawQuery } from '../helpers/sql';

/** The demo generator is seeded: two fresh databases get the same organisation. */
// Seeding runs the modules' demo records too (catalogue, customers, orders…): allow for it on a busy machine.
describe('demo data', { timeout: 300_000 }, () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  async function seeded(): Promise<TestDatabase> {
    const d = await createTestDatabase();
    dbs.push(d);
    expect(await seedDemo(d.handle.db, { label: 'test' })).toEqual({ seeded: true });
    return d;
  }

  const people = (d: TestDatabase) =>
    rawQuery<Record<string, unknown>>(
      d.handle,
      `select u.email, u.display_name, u.locale, u.title, u.is_active, d.name as department, d.code, m.email as manager,
              (select string_agg(role, ',' order by role) from user_roles r where r.user_id = u.id) as roles
         from users u
         left join departments d on d.id = u.department_id
         left join users m on m.id = u.manager_id
        order by u.email`,
    );

  async function tableCounts(d: TestDatabase): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of await publicTables(d.handle)) {
      if (t === 'schema_migrations') continue;
      out[t] = (await rawQuery<{ n: number }>(d.handle, `select count(*)::int as n from "${t}"`))[0].n;
    }
    return out;
  }

  it('gives the same people, roles, managers and department in two fresh databases', async () => {
    registerServices(loadConfig({ ...process.env, DATABASE_URL: '' }));
    const [a, b] = [await seeded(), await seeded()];
    const [pa, pb] = [await people(a), await people(b)];
    expect(pa).toEqual(pb);
    expect(pa).toHaveLength(16);
    expect(pa.map((p) => p.email).sort()).toEqual(DEMO_PEOPLE.map((p) => demoEmail(p.key)).sort());
    const manager = pa.find((p) => p.roles === 'manager')!;
    expect(manager.display_name).toBe('王建国 Wang Jianguo');
    expect(pa.filter((p) => p.roles === 'rep')).toHaveLength(12);
    expect(pa.filter((p) => p.roles === 'assistant')).toHaveLength(2);
    expect(pa.filter((p) => p.roles === 'finance')).toHaveLength(1);
    for (const p of pa) {
      expect(p.code).toBe('SALES');
      expect(p.manager).toBe(p === manager ? null : manager.email);
    }
    // Names in Chinese and English, and the language follows them.
    expect(pa.some((p) => /[\u4e00-\u9fff]/.test(String(p.display_name)) && p.locale === 'zh-CN')).toBe(true);
    expect(pa.some((p) => p.display_name === 'Emma Clark' && p.locale === 'en')).toBe(true);
    // The module records that follow the people are generated the same way too.
    expect(await tableCounts(a)).toEqual(await tableCounts(b));
  });

  it('gives the customer analysis every kind of customer: each RFM segment in some period, dormant ones and churn risks of both kinds', async () => {
    const d = dbs[0] ?? (await seeded());
    const [managerRow] = await rawQuery<{ id: string }>(d.handle, `select id from users where email = $1`, [demoEmail('manager')]);
    const manager = (await loadActor(d.handle.db, managerRow.id, {}))!;
    const dormancy = await dormancyAnalysis(d.handle.db, manager, { months: 12, dimension: 'none', dormantDays: 180 });
    expect(dormancy.dormant).toBeGreaterThan(0);
    expect(dormancy.drop).toBeGreaterThan(0);
    expect(dormancy.overdue).toBeGreaterThan(0);
    const rfm = await rfmAnalysis(d.handle.db, manager, { months: 36, dimension: 'none' });
    expect(rfm.segments.filter((x) => x.customers > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('loads once: a second run changes nothing', async () => {
    const d = dbs[0];
    const before = await people(d);
    const counts = await tableCounts(d);
    expect(await seedDemo(d.handle.db, { label: 'test' })).toEqual({ seeded: false });
    expect(await people(d)).toEqual(before);
    expect(await tableCounts(d)).toEqual(counts);
  });
});
