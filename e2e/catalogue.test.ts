import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@catalogue.example', password: 'Amber-Lighthouse-Otter-52' };
const PASSWORD = 'Quiet-Harbour-Lantern-81';
const ASSISTANT = { email: 'assistant@catalogue.example', displayName: 'Lin Assistant' };
const REP = { email: 'rep@catalogue.example', displayName: 'Zhou Rep' };
const CODE = 'E2E-SEN-001';

/** A signed-in API caller (the admin), to create the people the test needs without the demo seed. */
async function apiSession(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json();
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/** The open modal or drawer (forms of this module open in one). */
const dialog = (page: Page): Locator => page.locator('.ant-modal:visible, .ant-drawer-content:visible').last();

/** The table row whose text contains `text`. */
const row = (page: Page, text: string): Locator => page.locator('tr.ant-table-row').filter({ hasText: text });

async function openRowMenu(page: Page, rowText: string, testId: string, item: string) {
  await row(page, rowText).getByTestId(testId).click();
  await page.locator('.ant-dropdown:visible').last().getByTestId(item).click();
}

describe('catalogue in the browser: categories, products with exact prices, price lists, export, regions and reps', () => {
  let server: RunningServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  let api: Awaited<ReturnType<typeof apiSession>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    api = await apiSession(server.url, ADMIN.email, ADMIN.password);
    for (const [u, role] of [
      [ASSISTANT, 'assistant'],
      [REP, 'rep'],
    ] as const) {
      await api('POST', '/api/v1/users', { ...u, password: PASSWORD, roles: [role], locale: 'en' });
    }
    // A product outside the tree, so the category filter has something to leave out.
    await api('POST', '/api/v1/products', { code: 'E2E-OTHER', name: 'Uncategorised cable', listPrice: 100 });
    ctx = await newContext(browser, server.url);
    page = await ctx.newPage();
    errors = watchErrors(page);
    // The back office keeps the catalogue: a sales assistant (products:manage, regions:manage).
    await signIn(page, ASSISTANT.email, PASSWORD);
  }, 300_000);

  afterEach(async (c) => {
    if (c.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), 'salesdesk-e2e-catalogue.png');
      await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}\n${server?.output().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds a category tree: a parent and a child under it', async () => {
    await page.goto('/products/categories');
    await page.getByTestId('category-create').click();
    await dialog(page).getByLabel('Name').fill('Industrial control');
    await dialog(page).getByLabel('Code').fill('IC');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await row(page, 'Industrial control').waitFor();

    await openRowMenu(page, 'Industrial control', 'category-more', 'category-add-child');
    await dialog(page).getByLabel('Name').fill('Sensors');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    // The child sits one level below its parent in the tree table.
    await expect.poll(() => row(page, 'Sensors').getAttribute('class')).toContain('ant-table-row-level-1');
    await expect(row(page, 'Industrial control').getAttribute('class')).resolves.toContain('ant-table-row-level-0');
  });

  it('creates a product in the child category; 1234.56 is kept to the cent and shown as ¥1,234.56 in both languages', async () => {
    await page.goto('/products');
    await page.getByTestId('create-product').click();
    const form = dialog(page);
    await form.getByLabel('Code').fill(CODE);
    await form.getByLabel('Name', { exact: true }).fill('温度传感器 Temperature sensor PT100');
    await chooseOption(page, form.getByLabel('Category'), 'Sensors');
    await form.getByLabel('Unit').fill('pcs');
    await form.getByLabel('List price').fill('1,234.56');
    await form.getByLabel('Cost').fill('1000.5');
    await page.getByTestId('save-product').click();
    await row(page, CODE).waitFor();
    await expect(row(page, CODE).getByTestId('list-price').innerText()).resolves.toBe('¥1,234.56');
    expect(await page.locator('tr.ant-table-row').count()).toBe(2);

    // Exact minor units in the API: no float rounding on the way.
    const list = await api<{ items: { id: string; listPrice: number; cost: number; categoryName: string }[] }>('GET', `/api/v1/products?q=${CODE}`);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ listPrice: 123456, cost: 100050, categoryName: 'Sensors' });

    // Filtering by the parent category finds it (the filter takes the sub-categories).
    await chooseOption(page, page.locator('.ant-pro-query-filter').getByLabel('Category'), 'Industrial control');
    await page.getByRole('button', { name: 'Query' }).click();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(1);
    await row(page, CODE).waitFor();

    await switchLanguage(page, '简体中文');
    await page.goto('/products');
    await page.getByRole('columnheader', { name: '标准售价' }).waitFor();
    await expect(row(page, CODE).getByTestId('list-price').innerText()).resolves.toBe('¥1,234.56');
  });

  it('exports the product list as CSV with Chinese headers for a user who reads Chinese', async () => {
    await page.getByTestId('export-products').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-products-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toContain('产品编码');
    expect(header).toContain('标准售价');
    const line = lines.find((l) => l.includes(CODE));
    expect(line).toBeDefined();
    expect(line).toContain('1234.56');
    expect(line).toContain('在售');
    expect(lines.some((l) => l.includes('E2E-OTHER'))).toBe(true);
    await switchLanguage(page, 'English');
  });

  it('deletes a product that no order names', async () => {
    await page.goto('/products');
    await row(page, 'E2E-OTHER').waitFor();
    await row(page, 'E2E-OTHER').getByTestId('more-E2E-OTHER').click();
    await page.locator('.ant-dropdown:visible').getByTestId('delete-product').click();
    await page.getByTestId('confirm-delete').click();
    await row(page, 'E2E-OTHER').waitFor({ state: 'detached' });
    expect((await api<{ items: unknown[] }>('GET', '/api/v1/products?q=E2E-OTHER')).items).toEqual([]);
  });

  it('creates a price list with the product at another price and shows it on the list and the product page', async () => {
    await page.goto('/price-lists');
    await page.getByTestId('create-price-list').click();
    await dialog(page).getByLabel('Name').fill('Dealer 2026');
    await page.getByTestId('save-price-list').click();
    await page.waitForURL(/\/price-lists\/[0-9a-f-]{36}$/);
    await page.getByTestId('price-list-header').waitFor();

    await page.getByTestId('edit-items').click();
    await page.getByTestId('add-item').click();
    await page.getByTestId('item-product').click();
    await page.keyboard.type(CODE);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: CODE }).click();
    await page.getByTestId('item-price').fill('999.9');
    await page.getByTestId('save-items').click();
    await expect.poll(() => page.getByTestId('item-price-text').allInnerTexts()).toEqual(['¥999.90']);

    const listId = page.url().split('/').pop()!;
    const saved = await api<{ items: { price: number; minQuantity: string }[] }>('GET', `/api/v1/price-lists/${listId}`);
    expect(saved.items).toEqual([expect.objectContaining({ price: 99990, minQuantity: '1' })]);

    await row(page, CODE).getByRole('link', { name: CODE }).click();
    await page.getByTestId('product-details').waitFor();
    await expect(page.getByTestId('detail-list-price').innerText()).resolves.toBe('¥1,234.56');
    const carried = page.getByTestId('product-price-lists');
    await row(page, 'Dealer 2026').waitFor();
    await expect(carried.getByTestId('list-item-price').innerText()).resolves.toBe('¥999.90');
  });

  it('creates a region with a sub-region and assigns a rep to the sub-region', async () => {
    await page.goto('/regions');
    await page.getByTestId('region-create').click();
    await dialog(page).getByLabel('Name').fill('East China');
    await dialog(page).getByLabel('Code').fill('EAST');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await row(page, 'East China').waitFor();

    await openRowMenu(page, 'East China', 'region-more', 'region-add-child');
    await dialog(page).getByLabel('Name').fill('Shanghai');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row(page, 'Shanghai').getAttribute('class')).toContain('ant-table-row-level-1');

    await openRowMenu(page, 'Shanghai', 'region-more', 'region-assign-reps');
    await expect.poll(() => dialog(page).evaluate((d) => getComputedStyle(d).transform)).toBe('none');
    await page.getByTestId('reps-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: REP.displayName }).click();
    // A multiple select stays open after a choice; clicking the dialog's text closes it.
    await dialog(page).getByText('A rep may cover several regions').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await page.getByTestId('save-reps').click();
    await expect.poll(() => row(page, 'Shanghai').getByTestId('region-reps').innerText()).toContain(REP.displayName);

    const regions = await api<{ items: { name: string; reps: { name: string }[] }[] }>('GET', '/api/v1/regions');
    expect(regions.items.find((r) => r.name === 'Shanghai')?.reps.map((r) => r.name)).toEqual([REP.displayName]);
    expect(regions.items.find((r) => r.name === 'East China')?.reps).toEqual([]);
    expectNoAppErrors(errors);
  });

  it('a rep reads the catalogue but is offered no changes', async () => {
    const repCtx = await newContext(browser, server.url);
    const rep = await repCtx.newPage();
    const repErrors = watchErrors(rep);
    await signIn(rep, REP.email, PASSWORD);
    await rep.goto('/products');
    await row(rep, CODE).waitFor();
    expect(await rep.getByTestId('create-product').count()).toBe(0);
    await rep.goto('/regions');
    await row(rep, 'Shanghai').waitFor();
    expect(await rep.getByTestId('region-create').count()).toBe(0);
    expect(await rep.getByTestId('region-more').count()).toBe(0);
    expectNoAppErrors(repErrors);
    await repCtx.close();
  });
});
