import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCompanySettings, updateCompanySettings } from '../../src/server/platform/settings/settings.service';
import { bucketKey, bucketLabel, bucketsOf } from '../../src/server/modules/statistics/periods';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { seedStats, type StatsFixture } from './fixture';

/**
 * Fiscal quarters and years (the company's fiscal year starts in April here): the report's
 * quarter and year buckets, the pivot's time columns and the drill-down's bucket keys follow
 * it, are named after the year the fiscal year starts in (as statements are), and each
 * bucket's figures are those of its own days asked for directly.
 */
describe('statistics on a fiscal year starting in April', () => {
  let t: TestApp;
  let f: StatsFixture;
  const get = async (s: Session, url: string) => {
    const res = await s.request({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await seedStats(t);
    const settings = await getCompanySettings(t.db.handle.db);
    await updateCompanySettings(t.db.handle.db, { label: 'test' }, { ...settings, fiscalYearStartMonth: 4 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names and bounds fiscal buckets', () => {
    expect(bucketKey('2026-03-31', 'quarter', 4)).toBe('2025-Q4');
    expect(bucketKey('2026-04-01', 'quarter', 4)).toBe('2026-Q1');
    expect(bucketKey('2027-03-31', 'year', 4)).toBe('2026');
    expect(bucketKey('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(bucketLabel('2026-Q1', 'quarter', 'en')).toBe('FY2026 Q1');
    expect(bucketLabel('2026-Q1', 'quarter', 'zh-CN')).toBe('2026财年第1季度');
    expect(bucketLabel('2026', 'year', 'zh-CN')).toBe('2026财年');
    expect(bucketLabel('2026-03', 'month', 'en')).toBe('2026-03');
    expect(bucketsOf({ from: '2026-02-15', to: '2026-07-31' }, 'quarter', 4).map((b) => [b.key, b.covered, b.previous, b.lastYear])).toEqual([
      ['2025-Q4', { from: '2026-02-15', to: '2026-03-31' }, { from: '2025-11-15', to: '2025-12-31' }, { from: '2025-02-15', to: '2025-03-31' }],
      ['2026-Q1', { from: '2026-04-01', to: '2026-06-30' }, { from: '2026-01-01', to: '2026-03-31' }, { from: '2025-04-01', to: '2025-06-30' }],
      ['2026-Q2', { from: '2026-07-01', to: '2026-07-31' }, { from: '2026-04-01', to: '2026-04-30' }, { from: '2025-07-01', to: '2025-07-31' }],
    ]);
    expect(bucketsOf({ from: '2025-01-01', to: '2026-12-31' }, 'year', 7).map((b) => [b.key, b.covered.from, b.covered.to])).toEqual([
      ['2024', '2025-01-01', '2025-06-30'],
      ['2025', '2025-07-01', '2026-06-30'],
      ['2026', '2026-07-01', '2026-12-31'],
    ]);
  });

  it('report buckets are fiscal quarters and years, each equal to its own days asked for directly', async () => {
    for (const [groupBy, from, to, keys] of [
      ['quarter', '2025-04-01', '2026-06-30', ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']],
      ['quarter', '2025-02-10', '2026-05-20', ['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']],
      ['year', '2025-01-01', '2026-06-30', ['2024', '2025', '2026']],
    ] as const) {
      const report = await get(f.manager, `/api/v1/statistics/sales?from=${from}&to=${to}&groupBy=${groupBy}`);
      expect(report.rows.map((r: { key: string }) => r.key)).toEqual(keys);
      for (const [i, b] of bucketsOf({ from, to }, groupBy, 4).entries()) {
        const row = report.rows[i];
        expect(row.label).toBe(groupBy === 'quarter' ? `FY${b.key.slice(0, 4)} Q${b.key.slice(6)}` : `FY${b.key}`);
        const direct = await get(f.manager, `/api/v1/statistics/sales?from=${b.covered.from}&to=${b.covered.to}`);
        expect(row.current, `${groupBy} ${b.key}`).toEqual(direct.total.current);
        expect(row.lastYear, `${groupBy} ${b.key} last year`).toEqual(direct.total.lastYear);
        // The drill-down finds the same bucket by its fiscal key.
        const lines = await get(f.manager, `/api/v1/statistics/sales/lines?from=${from}&to=${to}&groupBy=${groupBy}&key=${b.key}&limit=1`);
        expect(lines.period).toEqual(b.covered);
        expect(lines.totals.netSales).toBe(row.current.netSales);
      }
    }
  });

  it('the pivot groups by the same fiscal quarters and years', async () => {
    const report = await get(f.manager, `/api/v1/statistics/sales?from=2025-04-01&to=2026-06-30&groupBy=quarter`);
    const pivot = await get(f.manager, `/api/v1/statistics/pivot?from=2025-04-01&to=2026-06-30&rows=rep&columns=quarter&measure=netSales`);
    const withFigures = report.rows.filter((r: { current: { lines: number; returns: number } }) => r.current.lines > 0 || r.current.returns > 0);
    expect(pivot.columns.map((c: { key: string }) => c.key)).toEqual(withFigures.map((r: { key: string }) => r.key));
    expect(pivot.columns.map((c: { label: string }) => c.label)).toEqual(withFigures.map((r: { label: string }) => r.label));
    expect(pivot.columnTotals).toEqual(withFigures.map((r: { current: { netSales: number } }) => r.current.netSales));
    const years = await get(f.manager, `/api/v1/statistics/pivot?from=2025-01-01&to=2026-06-30&rows=region&columns=year&measure=netSales`);
    expect(years.columns.map((c: { key: string }) => c.key)).toEqual(['2024', '2025', '2026']);
  });
});
