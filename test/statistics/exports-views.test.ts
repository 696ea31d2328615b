import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { seedStats, type StatsFixture } from './fixture';

/**
 * Report files and saved views: the XLSX has one sheet per breakdown with a frozen header,
 * money and percent formats and a totals row equal to the sum of the rows (and to the report);
 * the PDF is a PDF in the reader's language with page numbers; a background export is
 * fetched by its own user only; saved views are private (404 to others), versioned and unique by name.
 */
describe('statistics exports and saved views', () => {
  let t: TestApp;
  let f: StatsFixture;
  const params = { from: '2026-04-01', to: '2026-06-30', groupBys: ['region', 'rep', 'quarter'] };

  beforeAll(async () => {
    t = await createTestApp();
    f = await seedStats(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (s: Session, url: string, payload: object) => s.request({ method: 'POST', url, payload });

  it('a background XLSX export: progress, a file for its own user only, formatted sheets whose totals add up', async () => {
    const started = await post(f.manager, '/api/v1/statistics/exports', { kind: 'sales', format: 'xlsx', params });
    expect(started.statusCode, started.body).toBe(201);
    const job = started.json();
    expect(job.status).toBe('queued');
    const early = await f.manager.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}/download` });
    expect(early.statusCode).toBe(409);
    await runDueJobs(t.db.handle);
    const done = (await f.manager.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}` })).json();
    expect(done).toMatchObject({ status: 'done', progress: 100 });
    expect(done.fileName).toMatch(/\.xlsx$/);
    // Someone else — another rep, or even the manager's own admin — gets nothing.
    for (const other of [f.repA, await signIn(t.app, (await makeUser(t, ['admin'])).email)]) {
      expect((await other.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}` })).statusCode).toBe(404);
      expect((await other.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}/download` })).statusCode).toBe(404);
    }
    const file = await f.manager.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}/download` });
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Region', 'Rep', 'Quarter']);
    for (const [i, ws] of wb.worksheets.entries()) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(2).value).toBe('Net sales');
      expect(ws.getColumn(2).numFmt).toContain('¥');
      expect(ws.getColumn(2).numFmt).toContain('0.00');
      expect(ws.getColumn(4).numFmt).toBe('0.00%');
      const report = (await f.manager.request({ method: 'GET', url: `/api/v1/statistics/sales?from=${params.from}&to=${params.to}&groupBy=${params.groupBys[i]}` })).json();
      const last = ws.rowCount;
      expect(ws.getRow(last).getCell(1).value).toBe('Total');
      let cents = 0;
      for (let r = 2; r < last; r++) cents += Math.round(Number(ws.getRow(r).getCell(2).value) * 100);
      expect(Math.round(Number(ws.getRow(last).getCell(2).value) * 100)).toBe(cents);
      expect(cents).toBe(report.total.current.netSales);
      expect(last - 2).toBe(report.rows.length);
      // Active and new customers: the API's distinct counts, total included (not a sum of the rows).
      expect(ws.getRow(1).getCell(13).value).toBe('Active customers');
      expect(ws.getRow(last).getCell(13).value).toBe(report.total.current.activeCustomers);
      expect(ws.getRow(last).getCell(14).value).toBe(report.total.current.newCustomers);
      expect(ws.getRow(2).getCell(13).value).toBe(report.rows[0].current.activeCustomers);
    }
  });

  it('a PDF in Chinese with the title, the charts and page numbers', async () => {
    const zh = await makeUser(t, ['manager'], { departmentId: f.dep });
    await rawQuery(t.db.handle, `update users set locale = 'zh-CN' where id = $1`, [zh.id]);
    const s = await signIn(t.app, zh.email);
    const res = await s.request({ method: 'GET', url: `/api/v1/statistics/sales/export?from=2026-01-01&to=2026-06-30&groupBys=region,rep,month&format=pdf` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    expect(pdf.numPages).toBe(3);
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('销售统计报表');
    expect(text).toContain('华东 East');
    expect(text).toContain('第 3 页，共 3 页');
    expect(text).toContain('活跃客户数');
    // The background job makes the same kind of file.
    const job = (await post(s, '/api/v1/statistics/exports', { kind: 'pivot', format: 'pdf', params: { from: '2026-01-01', to: '2026-06-30', rows: 'region', columns: 'quarter', measure: 'netSales' } })).json();
    await runDueJobs(t.db.handle);
    const file = await s.request({ method: 'GET', url: `/api/v1/statistics/exports/${job.id}/download` });
    expect(file.statusCode).toBe(200);
    const { text: pivotText } = await extractText(await getDocumentProxy(new Uint8Array(file.rawPayload)), { mergePages: true });
    expect(pivotText).toContain('销售透视表');
  });

  it('a pivot XLSX: totals row and column equal the cells', async () => {
    const res = await f.manager.request({ method: 'GET', url: `/api/v1/statistics/pivot/export?from=2026-01-01&to=2026-06-30&rows=rep&columns=month&measure=netSales&format=xlsx` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cols = ws.columnCount;
    const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
    let grand = 0;
    for (let r = 2; r < ws.rowCount; r++) {
      let sum = 0;
      for (let c = 2; c < cols; c++) sum += cents(ws.getRow(r).getCell(c).value);
      expect(cents(ws.getRow(r).getCell(cols).value)).toBe(sum);
      grand += sum;
    }
    expect(cents(ws.getRow(ws.rowCount).getCell(cols).value)).toBe(grand);
  });

  it('an export naming another rep is refused at once, not as a failed job', async () => {
    const res = await post(f.repA, '/api/v1/statistics/exports', { kind: 'sales', format: 'xlsx', params: { ...params, ownerId: f.repIds[1] } });
    expect(res.statusCode).toBe(404);
    const bad = await post(f.repA, '/api/v1/statistics/exports', { kind: 'sales', format: 'xlsx', params: { ...params, groupBys: [] } });
    expect(bad.statusCode).toBe(400);
  });

  it('saved views are private to their user, versioned, unique by name', async () => {
    const created = await post(f.repA, '/api/v1/statistics/views', { name: 'Q2 by region', kind: 'sales', params: { groupBy: 'region', period: 'quarter' } });
    expect(created.statusCode, created.body).toBe(201);
    const v = created.json();
    expect((await post(f.repA, '/api/v1/statistics/views', { name: 'Q2 by region', kind: 'sales', params: {} })).statusCode).toBe(409);
    // The same name on another page, or by another user, is fine.
    expect((await post(f.repA, '/api/v1/statistics/views', { name: 'Q2 by region', kind: 'pivot', params: {} })).statusCode).toBe(201);
    expect((await post(f.repB, '/api/v1/statistics/views', { name: 'Q2 by region', kind: 'sales', params: {} })).statusCode).toBe(201);
    const mine = (await f.repA.request({ method: 'GET', url: '/api/v1/statistics/views?kind=sales' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([v.id]);
    for (const other of [f.repB, f.manager]) {
      expect((await other.request({ method: 'GET', url: `/api/v1/statistics/views/${v.id}` })).statusCode).toBe(404);
      expect((await other.request({ method: 'PATCH', url: `/api/v1/statistics/views/${v.id}`, payload: { name: 'mine now', version: 1 } })).statusCode).toBe(404);
      expect((await other.request({ method: 'DELETE', url: `/api/v1/statistics/views/${v.id}` })).statusCode).toBe(404);
    }
    const renamed = await f.repA.request({ method: 'PATCH', url: `/api/v1/statistics/views/${v.id}`, payload: { name: 'Second quarter', params: { groupBy: 'rep' }, version: 1 } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Second quarter', params: { groupBy: 'rep' }, version: 2 });
    expect((await f.repA.request({ method: 'PATCH', url: `/api/v1/statistics/views/${v.id}`, payload: { name: 'stale', version: 1 } })).statusCode).toBe(409);
    const blank = await post(f.repA, '/api/v1/statistics/views', { name: ' ', kind: 'sales', params: {} });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('name');
    expect((await f.repA.request({ method: 'DELETE', url: `/api/v1/statistics/views/${v.id}` })).statusCode).toBe(200);
    expect((await f.repA.request({ method: 'GET', url: `/api/v1/statistics/views/${v.id}` })).statusCode).toBe(404);
  });
});
