import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter } from '../src/server/modules/customers/customers.identity';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'root@imports.example', password: 'Granite-Harbour-Swallow-84' };
const CLERK = { email: 'clerk@imports.example', password: 'Paper-Lantern-Orchid-19', name: '王静 Wang Jing' };
const SHOTS = process.env.E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'salesdesk-e2e-imports');
const TEMPLATE = 'ERP 订单明细导出';

// ------------------------------------------------------------ the file "from another system"

/** A seeded random source, so a failure can be replayed with the same file. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function creditCode(n: number): string {
  const first17 = `91330100MA${String(2700000 + n * 7919).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** round_half_up(qty × price × (100 − discount %) / 100) in integer cents, as the server computes a line's net. */
const netCents = (qty: number, priceCents: number, discountPct: number) => Math.floor((qty * priceCents * (100 - discountPct) * 2 + 100) / 200);

// The headers the ERP writes; all but 项次 (item no.) are names the suggestion knows.
const HEADERS = ['订单号', '项次', '订单日期', '客户名称', '统一社会信用代码', '产品编码', '产品名称', '区域', '数量', '单价', '折扣', '金额'];
const HAND_MAPPED = { field: 'order.lineNo', header: '项次' };

interface Line {
  order: string;
  lineNo: number;
  date: string;
  customer: string;
  credit: string;
  code: string;
  product: string;
  region: string;
  qty: number;
  priceCents: number;
  discountPct: number;
  amountCents: number;
}

const CUSTOMERS = ['杭州澄江精密机械有限公司', '宁波远帆进出口贸易有限公司', '苏州青禾智能装备有限公司', '合肥长庚新材料科技有限公司', '南昌赣源电气设备有限公司', '福州闽海包装材料有限公司'];
const REGIONS = ['浙东片区', '苏南片区', '皖赣片区', '闽粤片区'];
const PRODUCTS = Array.from({ length: 10 }, (_, i) => ({ code: `ERP-${String(101 + i)}`, name: ['精密轴承', '液压缸', '伺服电机', '减速机', '传感器', '控制柜', '密封件', '联轴器', '导轨', '编码器'][i], priceCents: 1_000 + i * 23_457 }));

/** ~20 orders with ~10 lines each, over six months of 2026. */
function orderLines(): Line[] {
  const rand = rng(20260301);
  const lines: Line[] = [];
  for (let o = 0; o < 20; o++) {
    const month = 1 + (o % 6);
    const date = `2026-${String(month).padStart(2, '0')}-${String(3 + ((o * 5) % 25)).padStart(2, '0')}`;
    const c = o % CUSTOMERS.length;
    const region = REGIONS[c % REGIONS.length];
    const count = 8 + Math.floor(rand() * 5);
    for (let l = 1; l <= count; l++) {
      const p = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
      const qty = 1 + Math.floor(rand() * 40);
      const priceCents = p.priceCents + Math.floor(rand() * 997);
      const discountPct = [0, 0, 5, 10, 12.5][Math.floor(rand() * 5)];
      lines.push({ order: `XS26${String(o + 1).padStart(4, '0')}`, lineNo: l, date, customer: CUSTOMERS[c], credit: creditCode(c), code: p.code, product: p.name, region, qty, priceCents, discountPct, amountCents: netCents(qty, priceCents, discountPct) });
    }
  }
  return lines;
}

function csvOf(rows: (string | number)[][]): Buffer {
  const text = rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n') + '\r\n';
  // UTF-8 with a BOM, as Excel's "CSV UTF-8" writes it.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

const rowOf = (l: Line) => [l.order, l.lineNo, l.date, l.customer, l.credit, l.code, l.product, l.region, l.qty, money(l.priceCents), l.discountPct ? `${l.discountPct}%` : '0', money(l.amountCents)];

function monthlyCents(lines: { date: string; amountCents: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.date.slice(0, 7)] = (out[l.date.slice(0, 7)] ?? 0) + l.amountCents;
  return out;
}

// ------------------------------------------------------------ API and page helpers

/** Calls the API from inside the page, with its session and CSRF token. */
async function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    },
    [method, url, body] as const,
  );
}

async function getAll<T>(page: Page, url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await apiCall(page, 'GET', `${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

type Order = { id: string; orderDate: string; netTotal: number; lines?: { netAmount: number }[] };

/** Net totals per month of the orders' lines (each order read with its lines), and the number of lines. */
async function importedMonthlyCents(page: Page): Promise<{ months: Record<string, number>; lines: number; orders: number }> {
  const orders = await getAll<Order>(page, '/api/v1/sales/orders');
  const months: Record<string, number> = {};
  let lines = 0;
  for (const o of orders) {
    const detail = (await apiCall<Order>(page, 'GET', `/api/v1/sales/orders/${o.id}`)).body;
    const sum = detail.lines!.reduce((a, l) => a + l.netAmount, 0);
    // The header total is the sum of its lines.
    expect(detail.netTotal).toBe(sum);
    months[o.orderDate.slice(0, 7)] = (months[o.orderDate.slice(0, 7)] ?? 0) + sum;
    lines += detail.lines!.length;
  }
  return { months, lines, orders: orders.length };
}

let shotNo = 0;
async function shot(page: Page, name: string): Promise<void> {
  shotNo++;
  // A full-page shot of a scrolled page draws the fixed header in the middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** The wizard's first two steps: upload the file, see its preview, go on to the mapping. */
async function uploadThroughWizard(page: Page, name: string, file: Buffer, lang: string, expectHeaders = true): Promise<void> {
  await page.goto('/imports');
  await page.getByTestId('new-import').click();
  await page.waitForURL('**/imports/new');
  await page.getByTestId('import-kind-orders').click();
  await shot(page, `${lang}-wizard-upload`);
  await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: file });
  await page.getByTestId('import-preview').waitFor();
  if (expectHeaders) for (const h of HEADERS) await page.getByTestId('import-preview').locator('th', { hasText: h }).first().waitFor();
  await shot(page, `${lang}-wizard-preview`);
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('import-mapping').waitFor();
}

/** The column a mapping row's select shows. */
const mappedColumn = (page: Page, field: string) => page.getByTestId(`map-${field}`).locator('.ant-select-selection-item').textContent({ timeout: 2_000 }).catch(() => null);

async function dryRunAndImport(page: Page, lang: string): Promise<string> {
  await page.getByTestId('run-check').click();
  await page.getByTestId('check-ok').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('check-errors').textContent()).toBe('0');
  await shot(page, `${lang}-wizard-check`);
  await page.getByTestId('start-import').click();
  await page.getByTestId('import-progress').waitFor();
  await shot(page, `${lang}-wizard-importing`);
  await page.getByTestId('import-done').waitFor({ timeout: 90_000 });
  expect(await page.getByTestId('import-done').locator('.ant-progress').getAttribute('aria-valuenow')).toBe('100');
  await shot(page, `${lang}-wizard-done`);
  await page.getByTestId('view-batch').click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

type Batch = { id: string; number: string; status: string; totalRows: number; errorRows: number; created: Record<string, number>; unchanged: Record<string, number> };

describe('imports in the browser: an ERP order-line export through the wizard, re-imported, undone; a bad file explained', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** The admin sees every customer: imported ones without a rep have no owner or department (see the report on the server). */
  let admin: Page;
  let errors: string[];
  const lines = orderLines();
  const file = csvOf([HEADERS, ...lines.map(rowOf)]);
  const fileMonths = monthlyCents(lines);
  let firstBatch: Batch;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // A small import limit, so "too large" can be shown with a small file.
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, IMPORT_LIMIT_MB: '1' }), launchBrowser()]);
    admin = await (await newContext(browser, server.url)).newPage();
    page = await (await newContext(browser, server.url)).newPage();
    errors = watchErrors(page);
    // The admin adds a back-office clerk (an assistant); the clerk does the imports.
    await signIn(admin, ADMIN.email, ADMIN.password);
    const created = await apiCall(admin, 'POST', '/api/v1/users', { email: CLERK.email, displayName: CLERK.name, password: CLERK.password, roles: ['assistant'], locale: 'en' });
    expect(created.status).toBe(201);
    await signIn(page, CLERK.email, CLERK.password);
    await switchLanguage(page, 'English');
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), 'salesdesk-e2e-imports-failure.png');
      await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}\n${server?.output().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the file has what the issue describes: ~200 lines, ~20 orders over several months', () => {
    expect(lines.length).toBeGreaterThanOrEqual(180);
    expect(new Set(lines.map((l) => l.order)).size).toBe(20);
    expect(Object.keys(fileMonths).length).toBe(6);
  });

  it('imports the export: suggested columns, one mapped by hand, template saved, dry run clean, progress to the end; totals per month agree to the cent', async () => {
    expect((await apiCall<{ items: unknown[] }>(admin, 'GET', '/api/v1/sales/orders')).body.items).toEqual([]);
    await uploadThroughWizard(page, '销售订单明细_2026H1.csv', file, 'en');

    // Every header but 项次 was suggested; 项次 (item no.) is chosen by hand.
    expect(await mappedColumn(page, 'order.externalId')).toBe('订单号');
    expect(await mappedColumn(page, 'customer.creditCode')).toBe('统一社会信用代码');
    expect(await mappedColumn(page, 'amount')).toBe('金额');
    expect(await mappedColumn(page, HAND_MAPPED.field)).toBeNull();
    expect(await page.getByTestId('unused-columns').textContent()).toContain('项次');
    await chooseOption(page, page.getByTestId(`map-${HAND_MAPPED.field}`).locator('input'), HAND_MAPPED.header);
    expect(await mappedColumn(page, HAND_MAPPED.field)).toBe(HAND_MAPPED.header);
    expect(await page.getByTestId('unused-columns').count()).toBe(0);
    await shot(page, 'en-wizard-mapping');

    await page.getByTestId('save-template').click();
    await page.getByLabel('Name of the mapping').fill(TEMPLATE);
    await shot(page, 'en-wizard-save-template');
    await page.getByTestId('save-template-ok').click();
    await page.getByText(`Mapping “${TEMPLATE}” saved.`).waitFor();

    const batchId = await dryRunAndImport(page, 'en');
    await page.getByTestId('batch-summary').waitFor();
    await page.getByTestId('batch-mapping').getByText('项次').waitFor();
    expect(await page.getByTestId('count-rows').textContent()).toBe(String(lines.length));
    expect(await page.getByTestId('count-created').textContent()).toContain(`20 orders, ${lines.length} order lines`);
    await shot(page, 'en-batch');

    firstBatch = (await apiCall<Batch>(page, 'GET', `/api/v1/imports/${batchId}`)).body;
    expect(firstBatch.status).toBe('imported');
    expect(firstBatch.created).toMatchObject({ orders: 20, lines: lines.length, customers: CUSTOMERS.length, products: PRODUCTS.length, regions: REGIONS.length });

    // What was imported adds up, month by month, to the file's amounts.
    const imported = await importedMonthlyCents(admin);
    expect(imported.orders).toBe(20);
    expect(imported.lines).toBe(lines.length);
    expect(imported.months).toEqual(fileMonths);
    // …and the customers, products and regions the file named now exist.
    for (const name of CUSTOMERS) {
      const found = await getAll<{ name: string; creditCode: string | null }>(admin, `/api/v1/customers?q=${encodeURIComponent(name)}`);
      expect(found.map((c) => c.name)).toContain(name);
    }
    const products = await getAll<{ code: string; name: string }>(admin, '/api/v1/products?q=ERP-');
    expect(products.map((p) => p.code).sort()).toEqual(PRODUCTS.map((p) => p.code).sort());
    const regions = (await apiCall<{ items: { name: string }[] }>(admin, 'GET', '/api/v1/regions')).body.items.map((r) => r.name);
    for (const r of REGIONS) expect(regions).toContain(r);
    expectNoAppErrors(errors);
  });

  it('the same file again, in Chinese with the saved template: nothing changes, totals stay', async () => {
    await switchLanguage(page, '简体中文');
    await uploadThroughWizard(page, '销售订单明细_2026H1.csv', file, 'zh');
    expect(await mappedColumn(page, HAND_MAPPED.field)).toBeNull();
    await chooseOption(page, page.getByTestId('template-select').locator('input'), TEMPLATE);
    await page.getByText(`已载入对应关系“${TEMPLATE}”。`).waitFor();
    expect(await mappedColumn(page, HAND_MAPPED.field)).toBe(HAND_MAPPED.header);
    await shot(page, 'zh-wizard-mapping-template');

    const batchId = await dryRunAndImport(page, 'zh');
    const second = (await apiCall<Batch>(page, 'GET', `/api/v1/imports/${batchId}`)).body;
    expect(second.status).toBe('imported');
    expect(Object.values(second.created).every((n) => n === 0)).toBe(true);
    expect(second.unchanged).toMatchObject({ orders: 20, lines: lines.length, customers: CUSTOMERS.length, products: PRODUCTS.length });
    // The page says so too: nothing created, everything unchanged.
    expect(await page.getByTestId('count-created').textContent()).toBe('0');
    expect(await page.getByTestId('count-unchanged').textContent()).toContain(`订单 20，订单明细 ${lines.length}`);
    await shot(page, 'zh-batch-reimport');

    const imported = await importedMonthlyCents(admin);
    expect(imported.orders).toBe(20);
    expect(imported.months).toEqual(fileMonths);
    expectNoAppErrors(errors);
  });

  it('a file with bad rows: the dry run lists each with its row, column and reason — in Chinese, and in English on the batch page', async () => {
    await switchLanguage(page, '简体中文');
    const base = lines[0];
    const good = (order: string, lineNo: number, over: Partial<Line> = {}): Line => {
      const l = { ...base, order, lineNo, ...over };
      return { ...l, amountCents: over.amountCents ?? netCents(l.qty, l.priceCents, l.discountPct) };
    };
    // Each bad line in an order of its own, so each row has exactly its one problem. Row numbers count the header as row 1.
    const bad = [
      good('BAD-001', 1),
      good('BAD-002', 1, { date: '2026-02-30' }), // row 3
      good('BAD-003', 1, { code: 'NOPE-404', product: '不存在的产品' }), // row 4
      good('BAD-004', 1, { qty: -3 }), // row 5
      good('BAD-005', 1, { qty: 4, priceCents: 12_550, discountPct: 0, amountCents: 50_700 }), // row 6: 4 × 125.50 = 502.00
      good('BAD-006', 1),
    ];
    const rows = bad.map((l) => {
      const r = rowOf(l);
      if (l.qty < 0) r[HEADERS.indexOf('金额')] = '';
      return r;
    });
    await uploadThroughWizard(page, '有问题的订单.csv', csvOf([HEADERS, ...rows]), 'zh');
    await chooseOption(page, page.getByTestId('template-select').locator('input'), TEMPLATE);
    // Unknown products must not be created for this file: they are errors.
    await page.getByTestId('option-createProducts').uncheck();
    await page.getByTestId('run-check').click();
    await page.getByTestId('check-bad').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('check-errors').textContent()).toBe('4');
    expect(await page.getByTestId('check-bad').textContent()).toContain('6 行中有 4 行存在错误');
    expect(await page.getByTestId('start-import').isDisabled()).toBe(true);
    const reasonsZh = await errorReasons(page, 6);
    expect(reasonsZh).toEqual([
      [3, expect.stringContaining('订单日期'), '“2026-02-30”不是有效日期（请写作 2026-03-05 这样的格式）'],
      [4, expect.stringContaining('产品编码'), '不存在编码为“NOPE-404”的产品'],
      [5, expect.stringContaining('数量'), '数量 -3 为负数（退货请以退货单录入）'],
      [6, expect.stringContaining('金额'), '金额 507.00 不等于 数量 × 单价 × (1 − 折扣) = 502.00'],
    ]);
    await shot(page, 'zh-wizard-check-bad');

    // Only the valid rows may be imported, if the user says so.
    await page.getByTestId('skip-invalid').check();
    expect(await page.getByTestId('start-import').isEnabled()).toBe(true);

    // The batch page keeps the list; in English the reasons are English.
    const badBatchId = (await apiCall<{ items: Batch[] }>(page, 'GET', '/api/v1/imports?limit=1')).body.items[0].id;
    await switchLanguage(page, 'English');
    await page.goto(`/imports/${badBatchId}#errors`);
    await page.getByTestId('import-error-row').first().waitFor();
    expect((await errorReasons(page, 6)).map(([row, , reason]) => [row, reason])).toEqual([
      [3, '“2026-02-30” is not a date (write e.g. 2026-03-05)'],
      [4, 'There is no product with the code “NOPE-404”'],
      [5, 'The quantity -3 is negative (returns are entered as returns)'],
      [6, 'The amount 507.00 is not quantity × unit price × (1 − discount) = 502.00'],
    ]);
    await shot(page, 'en-batch-errors');
    expectNoAppErrors(errors);
  });

  it('refuses files it cannot read, saying why: wrong encoding, a damaged workbook, a single column, too large', async () => {
    await switchLanguage(page, 'English');
    const tryUpload = async (name: string, buffer: Buffer) => {
      await page.goto('/imports/new');
      await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    };
    await tryUpload('legacy.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x81, 0x2c, 0x31, 0x0a]));
    await page.getByTestId('upload-error').getByText('The file is neither an XLSX workbook nor CSV text in UTF-8 or GBK/GB18030').waitFor();
    await shot(page, 'en-upload-encoding');

    await tryUpload('huge.csv', Buffer.concat([Buffer.from(HEADERS.join(',') + '\n'), Buffer.alloc(1_200_000, 'x')]));
    await page.getByTestId('upload-error').getByText('The file is larger than the import limit.').waitFor();
    await shot(page, 'en-upload-too-large');

    // A file whose delimiter is not one of the usual reads as one column: the preview says so, the mapping cannot go on.
    const colons = Buffer.from([HEADERS.join(':'), ...lines.slice(0, 3).map((l) => rowOf(l).join(':'))].join('\n') + '\n');
    await switchLanguage(page, '简体中文');
    await uploadThroughWizard(page, 'colons.csv', colons, 'zh', false);
    await page.getByTestId('wizard-back').click();
    await page.getByTestId('single-column').getByText('该文件只有一列：分隔符与预期不符').waitFor();
    await shot(page, 'zh-preview-single-column');
    await page.getByTestId('wizard-next').click();
    await chooseOption(page, page.getByTestId('template-select').locator('input'), TEMPLATE);
    // The template's columns are not in this file: the user is told, and the required fields are flagged.
    await page.getByText('文件中没有列').waitFor();
    await page.getByTestId('missing-required').waitFor();
    expect(await page.getByTestId('run-check').isDisabled()).toBe(true);
    await shot(page, 'zh-mapping-missing');

    await tryUpload('broken.xlsx', await brokenXlsx());
    await page.getByTestId('upload-error').getByText('该 XLSX 文件已损坏或不是电子表格').waitFor();
    await shot(page, 'zh-upload-xlsx');
    expectNoAppErrors(errors);
  });

  it('history lists every batch; undoing the first import (with confirmation) removes its orders', async () => {
    await switchLanguage(page, '简体中文');
    await page.goto('/imports');
    await page.getByTestId('batch-row').first().waitFor();
    const row = page.locator(`[data-testid="batch-row"][data-number="${firstBatch.number}"]`);
    expect(await row.getByTestId('batch-rows').textContent()).toBe(String(lines.length));
    expect(await row.getByTestId('batch-created').textContent()).toBe(String(lines.length));
    expect(await row.getByText(CLERK.name).count()).toBe(1);
    await shot(page, 'zh-history');
    await switchLanguage(page, 'English');
    await page.getByTestId('batch-row').first().waitFor();
    await shot(page, 'en-history');

    await row.getByTestId('undo-import').click();
    await page.locator('.ant-modal-confirm-title', { hasText: `Undo import ${firstBatch.number}?` }).waitFor();
    await page.getByTestId('undo-confirm').waitFor();
    await page.waitForTimeout(500); // the dialog's zoom-in, for the screenshot
    await shot(page, 'en-history-undo-confirm');
    await page.getByTestId('undo-confirm').click();
    await page.getByText(`Import ${firstBatch.number} was undone.`).waitFor();
    await row.locator('[data-testid="import-status"][data-status="undone"]').waitFor();
    expect(await row.getByTestId('undo-import').count()).toBe(0);
    await shot(page, 'en-history-undone');

    expect((await apiCall<{ items: unknown[] }>(admin, 'GET', '/api/v1/sales/orders')).body.items).toEqual([]);
    expect(await getAll(admin, '/api/v1/products?q=ERP-')).toEqual([]);
    const undone = (await apiCall<Batch>(page, 'GET', `/api/v1/imports/${firstBatch.id}`)).body;
    expect(undone.status).toBe('undone');
    expectNoAppErrors(errors);
  });
});

/** The rows of the errors table: row number, column cell text, reason. */
async function errorReasons(page: Page, lastRow: number): Promise<[number, string, string][]> {
  // The table loads after the counts: wait for its last row.
  await page.locator(`[data-testid="import-error-row"][data-row="${lastRow}"]`).waitFor();
  const rows = page.getByTestId('import-error-row');
  const out: [number, string, string][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    out.push([Number(await r.getAttribute('data-row')), (await r.locator('td').nth(1).textContent()) ?? '', (await r.getByTestId('import-error-reason').textContent()) ?? '']);
  }
  return out;
}

/** A real workbook whose compressed sheet data is then damaged (the zip's directory is intact). */
async function brokenXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单');
  ws.addRow(HEADERS);
  for (let i = 0; i < 300; i++) ws.addRow([`XS${i}`, 1, '2026-01-05', '某公司', '', `P${i}`, '产品', '华东', i + 1, '10.00', '0', `${(i + 1) * 10}.00`]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  for (let i = 600; i < 900; i++) buf[i] = (buf[i] * 7 + 13) & 0xff;
  return buf;
}
