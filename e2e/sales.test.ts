import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/** A tiny but valid PDF (the upload checks the type from the content). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const ADMIN = { email: 'sales.admin@sales.example', password: 'Copper-Harbour-Pelican-74' };

/** Calls the API from inside the page, with its session and CSRF token. */
async function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const res = await page.evaluate(
    async ([m, p, b]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: r.status, body: await r.json() };
    },
    [method, url, body] as const,
  );
  if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Picks a record in one of the sales search selects (customer, product, …) by its test id. */
async function pick(page: Page, testId: string, text: string | RegExp) {
  await chooseOption(page, page.getByTestId(testId).locator('input'), text);
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().innerText()).trim();

describe('sales records in the browser: an order with exact totals, its delivery and a return; a negotiation won into a contract', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let orderId = '';
  let orderNumber = '';
  let returnNumber = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    page = await (await newContext(browser, server.url)).newPage();
    errors = watchErrors(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await switchLanguage(page, 'English');
    // The records the sales pages work on, made through the API.
    const customer = await apiCall<{ id: string }>(page, 'POST', '/api/v1/customers', { name: 'Lotus Harbour Trading Co.' });
    await apiCall(page, 'POST', `/api/v1/customers/${customer.id}/contacts`, { name: 'Wang Fang' });
    await apiCall(page, 'POST', '/api/v1/products', { code: 'E2E-WIDGET', name: 'Brass widget', unit: 'pcs', listPrice: 1999, currency: 'CNY' });
    await apiCall(page, 'POST', '/api/v1/products', { code: 'E2E-PUMP', name: 'Circulation pump', unit: 'set', listPrice: 99_000, currency: 'CNY' });
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), `salesdesk-e2e-sales-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}\n${server.output().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an order of two lines shows the same total, to the cent, as the server computes; it is confirmed and delivered', async () => {
    await page.goto('/sales/orders');
    await page.getByTestId('new-record').click();
    await page.waitForURL('**/sales/orders/new');
    await page.getByTestId('order-form').waitFor();
    await pick(page, 'customer-select', 'Lotus Harbour');

    // Line 1: the price comes from the product (list price 19.99); 3 pieces, 10 % off, 13 % tax.
    await pick(page, 'line-product-0', 'Brass widget');
    await expect.poll(() => page.getByTestId('line-price-0').inputValue()).toBe('19.99');
    await page.getByTestId('line-quantity-0').fill('3');
    await page.getByTestId('line-discount-0').fill('10');
    await expect.poll(() => text(page, 'line-net-0')).toBe('¥53.97');
    // 3 × 19.99 × 0.9 = 53.973 → 53.97; tax 7.0161 → 7.02
    expect(await text(page, 'line-tax-0')).toBe('¥7.02');

    // Line 2: one pump at a price typed over the list price.
    await page.getByTestId('add-line').click();
    await pick(page, 'line-product-1', 'Circulation pump');
    await expect.poll(() => page.getByTestId('line-price-1').inputValue()).toBe('990.00');
    await page.getByTestId('line-price-1').fill('1000.00');
    await expect.poll(() => text(page, 'form-gross-total')).toBe('¥1,190.99');
    expect(await text(page, 'form-net-total')).toBe('¥1,053.97');
    expect(await text(page, 'form-tax-total')).toBe('¥137.02');
    const previewTotal = await text(page, 'form-gross-total');

    await page.getByTestId('save-order').click();
    await page.waitForURL(/\/sales\/orders\/[0-9a-f-]{36}$/);
    orderId = page.url().split('/').pop()!;
    const saved = await apiCall<{ number: string; netTotal: number; taxTotal: number; grossTotal: number; status: string }>(page, 'GET', `/api/v1/sales/orders/${orderId}`);
    orderNumber = saved.number;
    expect(saved).toMatchObject({ netTotal: 105_397, taxTotal: 13_702, grossTotal: 119_099, status: 'draft' });
    expect(await text(page, 'order-totals-gross')).toBe(previewTotal);
    await expect.poll(() => page.getByTestId('order-status').getAttribute('data-value')).toBe('draft');

    await page.getByTestId('order-confirmed').click();
    await expect.poll(() => page.getByTestId('order-status').getAttribute('data-value')).toBe('confirmed');
    await page.getByTestId('order-delivered').click();
    await expect.poll(() => page.getByTestId('order-status').getAttribute('data-value')).toBe('delivered');
    // The history lists both moves.
    await expect.poll(() => page.getByTestId('history').innerText()).toMatch(/Delivered[\s\S]*Confirmed[\s\S]*Created/);

    // The list shows it with the same total, and its export takes the list's filters.
    await page.goto('/sales/orders');
    const row = page.getByTestId('orders-table').locator('tr', { hasText: orderNumber });
    expect((await row.getByTestId('order-gross').innerText()).trim()).toBe('¥1,190.99');
    const search = page.locator('.ant-pro-table-search');
    await chooseOption(page, search.getByLabel('Status'), 'Delivered');
    await search.getByRole('button', { name: 'Query' }).click();
    await expect.poll(() => page.getByTestId('order-link').count()).toBe(1);
    await page.getByTestId('export').hover();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(orderNumber);
    expect(csv).toContain('1190.99');
    expectNoAppErrors(errors);
  });

  it('a return of one line is made from the order, confirmed, and listed on the order', async () => {
    await page.goto(`/sales/orders/${orderId}`);
    await page.getByTestId('order-new-return').click();
    await page.waitForURL(/\/sales\/returns\/new\?orderId=/);
    await page.getByTestId('return-quantity-1').waitFor();
    // At most the 3 ordered can go back.
    await page.getByTestId('return-quantity-1').fill('4');
    await page.getByTestId('return-reason').fill('Two widgets arrived scratched');
    await page.getByTestId('save-return').click();
    await page.getByText('At most 3').waitFor();
    await page.getByTestId('return-quantity-1').fill('2');
    await page.getByTestId('save-return').click();
    await page.waitForURL(/\/sales\/returns\/[0-9a-f-]{36}$/);
    await page.getByTestId('return-confirmed').click();
    await expect.poll(() => page.getByTestId('return-status').getAttribute('data-value')).toBe('confirmed');
    returnNumber = (await page.locator('.ant-page-header-heading-title').innerText()).trim().split(/\s/)[0];
    // Two of the three: the share of the line's amounts (net 53.97 → 35.98, tax 7.02 → 4.68).
    expect(await text(page, 'return-totals-gross')).toBe('¥40.66');

    await page.getByTestId('return-order').click();
    await page.waitForURL(`**/sales/orders/${orderId}`);
    await expect.poll(() => page.getByTestId('order-returns').innerText()).toContain(returnNumber);
    // The order and its returns are two queries refetched on arrival: the returned column may land after the list.
    await expect.poll(() => page.getByTestId('order-lines').locator('tr', { hasText: 'Brass widget' }).innerText()).toMatch(/\b2\s*$/);
    expectNoAppErrors(errors);
  });

  it('a negotiation (a stale edit shows the conflict), with a meeting, is won and leads to its contract, which takes the scan', async () => {
    await page.goto('/sales/negotiations/new');
    await page.getByTestId('negotiation-form').waitFor();
    await pick(page, 'customer-select', 'Lotus Harbour');
    await page.getByTestId('negotiation-subject').fill('Pump supply 2027');
    await page.getByTestId('negotiation-value').fill('250000');
    await chooseOption(page, page.getByTestId('contacts-select').locator('input'), 'Wang Fang');
    await page.getByTestId('negotiation-next-step').fill('Send the revised quotation');
    await page.getByTestId('save-negotiation').click();
    await page.waitForURL(/\/sales\/negotiations\/[0-9a-f-]{36}$/);
    const negotiationId = page.url().split('/').pop()!;

    // Someone else changes it while the form is open: the save says so and reloads their version.
    await page.getByTestId('negotiation-edit').click();
    await page.getByTestId('negotiation-form').waitFor();
    const current = await apiCall<{ version: number }>(page, 'GET', `/api/v1/sales/negotiations/${negotiationId}`);
    await apiCall(page, 'PATCH', `/api/v1/sales/negotiations/${negotiationId}`, { nextStep: 'Changed in another tab', version: current.version });
    await page.getByTestId('negotiation-next-step').fill('Call the buyer');
    await page.getByTestId('save-negotiation').click();
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('negotiation-next-step').inputValue()).toBe('Changed in another tab');
    await page.getByTestId('negotiation-next-step').fill('Call the buyer');
    await page.getByTestId('save-negotiation').click();
    await page.waitForURL(`**/sales/negotiations/${negotiationId}`);
    await page.locator('.ant-descriptions').getByText('Call the buyer').waitFor();

    await page.getByTestId('meeting-notes').fill('Agreed on volume; price still open.');
    await page.getByTestId('add-meeting').click();
    await expect.poll(() => page.getByTestId('meetings').innerText()).toContain('Agreed on volume');

    await page.getByTestId('negotiation-won').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.getByTestId('outcome-status').getAttribute('data-value'), { timeout: 30_000 }).toBe('won');
    await page.getByTestId('negotiation-create-contract').click();
    await page.waitForURL(/\/sales\/contracts\/[0-9a-f-]{36}$/);
    expect(await text(page, 'contract-title-text')).toBe('Pump supply 2027');
    expect(await text(page, 'contract-value-text')).toBe('¥250,000.00');
    await expect.poll(() => page.getByTestId('contract-status').getAttribute('data-value')).toBe('draft');
    await page.getByTestId('contract-negotiation').waitFor();
    // The scanned contract goes with it.
    await page.getByTestId('attachment-upload').locator('input[type=file]').setInputFiles({ name: '合同扫描件 signed.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.getByTestId('attachment-name').allInnerTexts()).toContain('合同扫描件 signed.pdf');
    expectNoAppErrors(errors);
  });

  it('in Chinese: the order page names its status and totals in Chinese', async () => {
    await switchLanguage(page, '简体中文');
    await page.goto(`/sales/orders/${orderId}`);
    await expect.poll(() => text(page, 'order-status')).toBe('已发货');
    expect(await page.getByTestId('order-totals').innerText()).toContain('价税合计');
    expect(await text(page, 'order-totals-gross')).toBe('¥1,190.99');
    await switchLanguage(page, 'English');
    expectNoAppErrors(errors);
  });
});
