import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/**
 * Sales statistics in the browser (issue 5, first part of "done when"): the manager opens the
 * quarterly report by region with year-on-year growth, as the API figures it, exports it to
 * XLSX and PDF through the background job and downloads both; a figure drills down to lines
 * summing to it. A rep sees only their own area.
 */
const ADMIN = { email: 'admin@stats.example', password: 'Amber-Compass-Meadow-42' };
const MANAGER = { email: 'mia.manager@stats.example', password: 'Quiet-Lantern-Harbour-31' };
const REP = { email: 'ray.rep@stats.example', password: 'Seven-Orchard-Kites-55' };
const REP2 = { email: 'rita.rep@stats.example', password: 'Nine-Harbour-Lamps-77' };

async function adminApi(base: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T = { id: string; version: number }>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

const today = new Date().toISOString().slice(0, 10);
const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const lastYear = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;

interface ReportRow {
  key: string | null;
  label: string;
  current: { netSales: number };
  growthLastYear: number | null;
}
interface Report {
  period: { from: string; to: string };
  rows: ReportRow[];
  total: { current: { netSales: number } };
}

async function download(page: Page, button: string): Promise<{ name: string; body: Buffer }> {
  await page.getByTestId(button).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.and(page.locator('[data-status="done"]')).waitFor({ timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const body = Buffer.concat(await (async () => {
    const chunks: Buffer[] = [];
    for await (const c of (await file.createReadStream())!) chunks.push(c as Buffer);
    return chunks;
  })());
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  return { name: file.suggestedFilename(), body };
}

describe('sales statistics', () => {
  let server: RunningServer;
  let browser: Browser;
  let regions: { east: string; north: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JOBS_POLL_MS: '300' }), launchBrowser()]);
    const post = await adminApi(server.url);
    const dept = await post('/api/v1/departments', { name: 'East sales' });
    await post('/api/v1/users', { ...MANAGER, displayName: 'Mia Manager', roles: ['manager'], departmentId: dept.id, locale: 'en' });
    const ray = await post('/api/v1/users', { ...REP, displayName: 'Ray Rep', roles: ['rep'], departmentId: dept.id, locale: 'en' });
    const rita = await post('/api/v1/users', { ...REP2, displayName: 'Rita Rep', roles: ['rep'], departmentId: dept.id, locale: 'en' });
    regions = { east: (await post('/api/v1/regions', { name: '华东 East' })).id, north: (await post('/api/v1/regions', { name: '华北 North' })).id };
    const product = await post('/api/v1/products', { code: 'W-1', name: 'Widget', listPrice: 10_000 });
    // Ray sells in the east, Rita in the north; both this quarter and a year before.
    const plan: [string, string, string, [string, number][]][] = [
      ['Apex Trading', ray.id, regions.east, [[quarterStart, 40], [lastYear(quarterStart), 25], [today, 7]]],
      ['Birch Metals', rita.id, regions.north, [[quarterStart, 12], [lastYear(quarterStart), 30]]],
    ];
    for (const [name, ownerId, regionId, orders] of plan) {
      const customer = await post('/api/v1/customers', { name, ownerId, regionId });
      for (const [orderDate, quantity] of orders) {
        const order = await post('/api/v1/sales/orders', { customerId: customer.id, orderDate, lines: [{ productId: product.id, quantity: String(quantity) }] });
        await post(`/api/v1/sales/orders/${order.id}/transition`, { to: 'confirmed', version: order.version });
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the manager opens the quarterly report by region with year-on-year growth, exports it, and drills into a figure', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, MANAGER.email, MANAGER.password);
    await page.getByTestId('nav-group').filter({ hasText: 'Statistics' }).click();
    await page.locator('[data-testid="nav-item"][data-path="/statistics/sales"]').click();
    await page.waitForURL('**/statistics/sales**');
    // The page opens on this quarter by region; the manager picks the year-on-year comparison (after a look at the previous quarter).
    await page.getByTestId('period-quarter').click();
    // A click that lands while the segmented control still moves its thumb can be lost on a loaded machine:
    // choosing again is harmless, so click until the address says so.
    const choose = async (testId: string, inUrl: RegExp) =>
      expect
        .poll(
          async () => {
            await page.getByTestId(testId).click();
            return page.url();
          },
          { timeout: 20_000, interval: 1000 },
        )
        .toMatch(inUrl);
    await choose('compare-previous', /compare=previous/);
    await choose('compare-lastYear', /compare=lastYear/);
    await page.getByTestId('report-table').locator('.ant-table-row').first().waitFor();
    expect(await page.getByTestId('period-shown').innerText()).toContain(quarterStart);

    const q = new URL(page.url()).searchParams;
    expect(q.get('groupBy')).toBe('region');
    expect(q.get('period')).toBe('quarter');
    const period = (await page.getByTestId('period-shown').innerText()).match(/(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/)!;
    const report = (await (await page.request.get(`/api/v1/statistics/sales?from=${period[1]}&to=${period[2]}&groupBy=region`)).json()) as Report;
    expect(report.rows.map((r) => r.label).sort()).toEqual(['华东 East', '华北 North']);
    for (const r of report.rows) {
      const pct = r.growthLastYear === null ? '–' : new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(r.growthLastYear);
      // The table follows the chosen comparison as soon as it has re-rendered: wait for it, do not read it once.
      await expect.poll(() => page.getByTestId(`growth-${r.key}`).innerText(), { message: r.label, timeout: 15_000 }).toBe(pct);
    }
    const east = report.rows.find((r) => r.key === regions.east)!;
    expect(east.growthLastYear).toBe(Math.round(((47 - 25) / 25) * 10_000) / 10_000);

    // XLSX: one sheet per breakdown, frozen header, totals equal to the report.
    const xlsx = await download(page, 'export-xlsx');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Region', 'Rep', 'Month']);
    const sheet = wb.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('Total');
    expect(Math.round(Number(sheet.getRow(sheet.rowCount).getCell(2).value) * 100)).toBe(report.total.current.netSales);

    // PDF: a PDF with the report's title, regions and page numbers.
    const pdf = await download(page, 'export-pdf');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await getDocumentProxy(new Uint8Array(pdf.body));
    const { text } = await extractText(doc, { mergePages: true });
    expect(text).toContain('Sales report');
    expect(text).toContain('华东 East');
    expect(text).toContain(`Page ${doc.numPages} of ${doc.numPages}`);

    // A figure drills down to the lines behind it, and they add up to it.
    await page.getByTestId(`figure-${regions.east}`).click();
    const sum = page.getByTestId('drill-sum');
    await sum.waitFor();
    expect(Number(await sum.getAttribute('data-net'))).toBe(east.current.netSales);
    expect(await page.getByTestId('drill').locator('.ant-table-row').count()).toBe(2);
    expectNoAppErrors(errors);
    await context.close();
  });

  it('a breakdown by customer shows the largest customers and one row for all others', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, MANAGER.email, MANAGER.password);
    const quarter = `${quarterStart.slice(0, 4)}-Q${Math.floor((Number(quarterStart.slice(5, 7)) - 1) / 3) + 1}`;
    // Customers open cut to the top 100: both fit, no row of others.
    await page.goto(`/statistics/sales?period=quarter&value=${quarter}&groupBy=customer&compare=lastYear`);
    const rows = page.getByTestId('report-table').locator('.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('report-top').innerText()).toBe('Top 100');
    expect(await page.getByTestId('report-others').count()).toBe(0);
    // Cut to the largest one (a link can ask any cut): Apex, then Birch folded into "All other customers (1)".
    await page.goto(`/statistics/sales?period=quarter&value=${quarter}&groupBy=customer&compare=lastYear&top=1`);
    await page.getByTestId('report-others').waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('Apex Trading');
    expect(await page.getByTestId('report-others').innerText()).toBe('All other customers (1)');
    expect(await page.getByTestId('report-top-note').innerText()).toContain('The 1 largest');
    expect(await rows.nth(1).getByTestId('figure-others').innerText()).toBe('¥1,200.00');
    expect(await page.getByTestId('figure-total').innerText()).toBe('¥5,900.00');
    // "All rows" lists every customer again.
    await page.getByTestId('report-top').click();
    await page.locator('.ant-select-item-option', { hasText: 'All rows' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('top'), { timeout: 30_000 }).toBe('all');
    await expect.poll(() => page.getByTestId('report-others').count(), { timeout: 30_000 }).toBe(0);
    expect(await rows.count()).toBe(2);
    expectNoAppErrors(errors);
    await context.close();
  });

  it('a rep sees only their own area', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, REP.email, REP.password);
    await page.goto('/statistics/sales?period=quarter&value=' + `${quarterStart.slice(0, 4)}-Q${Math.floor((Number(quarterStart.slice(5, 7)) - 1) / 3) + 1}` + '&groupBy=region&compare=lastYear');
    await page.getByTestId('report-table').locator('.ant-table-row').first().waitFor();
    const rows = page.getByTestId('report-table').locator('.ant-table-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('华东 East');
    await page.getByTestId('figure-total').click();
    const sum = page.getByTestId('drill-sum');
    await sum.waitFor();
    expect(Number(await sum.getAttribute('data-net'))).toBe(47 * 10_000);
    // Another rep's figures answer as if they did not exist.
    const me = (await (await page.request.get('/api/v1/me')).json()) as { user: { id: string } };
    const users = (await (await page.request.get(`/api/v1/statistics/sales?from=${quarterStart}&to=${today}&groupBy=rep`)).json()) as Report;
    expect(users.rows.map((r) => r.key)).toEqual([me.user.id]);
    const north = await page.request.get(`/api/v1/statistics/sales/lines?from=${quarterStart}&to=${today}&groupBy=region&key=${regions.north}`);
    expect(north.status()).toBe(200);
    expect(((await north.json()) as { totals: { netSales: number } }).totals.netSales).toBe(0);
    expectNoAppErrors(errors);
    await context.close();
  });
});
