import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app';
import { seedStats, type StatsFixture } from './fixture';

/**
 * Drill-down and pivot against the report: the lines behind every figure add up to it
 * (this period, the one before and last year; every breakdown), and every pivot total is
 * the sum of its cells and equals the report's. A rep drills only into their own figures.
 */
describe('statistics drill-down and pivot', () => {
  let t: TestApp;
  let f: StatsFixture;
  const range = 'from=2026-01-01&to=2026-06-30';
  const get = async (s: Session, url: string) => {
    const res = await s.request({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    f = await seedStats(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every line of a drill-down, page after page. */
  async function allLines(s: Session, query: string) {
    const items: { netAmount: number; kind: string; customerId: string }[] = [];
    let cursor: string | null = null;
    let totals: { netSales: number; lines: number; returnLines: number; customers: number } | undefined;
    do {
      const r = await get(s, `/api/v1/statistics/sales/lines?${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      items.push(...r.body.items);
      totals = r.body.totals;
      cursor = r.body.nextCursor;
    } while (cursor);
    return { items, totals: totals! };
  }

  it('the lines behind every figure of every breakdown add up to it', async () => {
    for (const groupBy of ['none', 'region', 'rep', 'quarter', 'month', 'segment', 'product', 'category', 'customer', 'department']) {
      const report = await get(f.manager, `/api/v1/statistics/sales?${range}&groupBy=${groupBy}`);
      expect(report.status).toBe(200);
      expect(report.body.rows.length).toBeGreaterThan(0);
      for (const row of report.body.rows) {
        const key = groupBy === 'none' ? '' : `&key=${row.key ?? 'none'}`;
        for (const period of ['current', 'previous', 'lastYear'] as const) {
          const { items, totals } = await allLines(f.manager, `${range}&groupBy=${groupBy}${key}&period=${period}`);
          const figure = row[period];
          expect(totals.netSales, `${groupBy} ${row.label} ${period}`).toBe(figure.netSales);
          expect(items.reduce((s, l) => s + l.netAmount, 0)).toBe(figure.netSales);
          expect(totals.lines).toBe(figure.lines);
          expect(items.length).toBe(totals.lines + totals.returnLines);
          // The distinct customers of the sale lines are the row's active customers (not counted per product or category).
          expect(totals.customers).toBe(new Set(items.filter((l) => l.kind === 'sale').map((l) => l.customerId)).size);
          if (groupBy === 'product' || groupBy === 'category') expect(figure.activeCustomers).toBeNull();
          else expect(figure.activeCustomers, `${groupBy} ${row.label} ${period} customers`).toBe(totals.customers);
        }
      }
    }
    const total = await get(f.manager, `/api/v1/statistics/sales?${range}`);
    expect(total.body.total.current.netSales).toBeGreaterThan(0);
    expect((await allLines(f.manager, range)).totals.netSales).toBe(total.body.total.current.netSales);
  });

  it('a rep drills into their own figures only; another rep as a key or filter is a 404', async () => {
    const own = await get(f.repA, `/api/v1/statistics/sales?${range}&groupBy=rep`);
    expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual([f.repIds[0]]);
    const { totals } = await allLines(f.repA, `${range}&groupBy=rep&key=${f.repIds[0]}`);
    expect(totals.netSales).toBe(own.body.rows[0].current.netSales);
    expect((await get(f.repA, `/api/v1/statistics/sales/lines?${range}&groupBy=rep&key=${f.repIds[1]}`)).status).toBe(404);
    expect((await get(f.repA, `/api/v1/statistics/sales/lines?${range}&ownerId=${f.repIds[1]}`)).status).toBe(404);
    expect((await get(f.repA, `/api/v1/statistics/sales/lines?${range}&groupBy=customer&key=${f.customers[1]}`)).status).toBe(404);
    // Region keys name no one's records: the rep's own lines of that region.
    const byRegion = await allLines(f.repA, `${range}&groupBy=region&key=${f.regions[0]}`);
    expect(byRegion.items.length).toBeGreaterThan(0);
    const bad = await get(f.manager, `/api/v1/statistics/sales/lines?${range}&groupBy=quarter&key=2031-Q1`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('key');
  });

  it('exports the lines of a figure', async () => {
    const res = await f.manager.request({ method: 'GET', url: `/api/v1/statistics/sales/lines/export?${range}&groupBy=region&key=${f.regions[0]}&format=csv` });
    expect(res.statusCode).toBe(200);
    const { totals } = await allLines(f.manager, `${range}&groupBy=region&key=${f.regions[0]}`);
    expect(res.body.trim().split('\r\n').length).toBe(1 + totals.lines + totals.returnLines);
  });

  it('pivot totals are the sums of their cells and equal the report', async () => {
    const combos: [string, string, string][] = [
      ['region', 'quarter', 'netSales'],
      ['rep', 'month', 'orders'],
      ['product', 'region', 'netSales'],
      ['segment', 'year', 'sales'],
      ['category', 'rep', 'returns'],
      ['customer', 'quarter', 'grossMargin'],
    ];
    for (const [rows, columns, measure] of combos) {
      const { status, body } = await get(f.manager, `/api/v1/statistics/pivot?${range}&rows=${rows}&columns=${columns}&measure=${measure}`);
      expect(status, JSON.stringify(body)).toBe(200);
      const n = (v: number | null) => v ?? 0;
      body.rows.forEach((_: unknown, i: number) => expect(n(body.rowTotals[i])).toBe(body.cells[i].reduce((s: number, v: number | null) => s + n(v), 0)));
      body.columns.forEach((_: unknown, j: number) => expect(n(body.columnTotals[j])).toBe(body.cells.reduce((s: number, r: (number | null)[]) => s + n(r[j]), 0)));
      expect(n(body.total)).toBe(body.rowTotals.reduce((s: number, v: number | null) => s + n(v), 0));
      const report = await get(f.manager, `/api/v1/statistics/sales?${range}`);
      const key = measure === 'orders' ? 'orders' : measure;
      expect(n(body.total), `${rows}×${columns} ${measure}`).toBe(n(report.body.total.current[key]));
    }
    const rep = await get(f.repA, `/api/v1/statistics/pivot?${range}&rows=rep&columns=quarter`);
    expect(rep.body.rows.map((r: { key: string }) => r.key)).toEqual([f.repIds[0]]);
    expect((await get(f.repA, `/api/v1/statistics/pivot?${range}&rows=region&columns=quarter&ownerId=${f.repIds[1]}`)).status).toBe(404);
    const same = await get(f.manager, `/api/v1/statistics/pivot?${range}&rows=region&columns=region`);
    expect(same.status).toBe(400);
  });
});
