import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, menuTexts, switchLanguage } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/**
 * Customer analysis in the browser: a manager opens the page from the menu, the RFM chart and
 * table show the API's counts, a click on a segment lists exactly its customers (in both
 * languages); a rep has no menu entry and gets the 403 page.
 */
const ADMIN = { email: 'admin@analysis.example', password: 'Amber-Compass-Meadow-42' };
const MANAGER = { email: 'mia.manager@analysis.example', password: 'Quiet-Lantern-Harbour-31' };
const REP = { email: 'ray.rep@analysis.example', password: 'Seven-Orchard-Kites-55' };

/** The API as the admin, from Node: session cookie, CSRF token and an idempotency key per POST. */
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

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('customer analysis', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    const post = await adminApi(server.url);
    const dept = await post('/api/v1/departments', { name: 'East sales' });
    await post('/api/v1/users', { ...MANAGER, displayName: 'Mia Manager', roles: ['manager'], departmentId: dept.id, locale: 'en' });
    const rep = await post('/api/v1/users', { ...REP, displayName: 'Ray Rep', roles: ['rep'], departmentId: dept.id, locale: 'en' });
    const product = await post('/api/v1/products', { code: 'W-1', name: 'Widget', listPrice: 10_000 });
    // Apex buys often and much, Cedar once lately, Birch long ago, Dune a little twice.
    const plan: [string, number[], number][] = [
      ['Apex Trading', [5, 35, 65, 95], 40],
      ['Cedar Foods', [12], 3],
      ['Birch Metals', [420, 500], 10],
      ['Dune Textiles', [150, 200], 1],
    ];
    for (const [name, ages, quantity] of plan) {
      const customer = await post('/api/v1/customers', { name, ownerId: rep.id });
      for (const age of ages) {
        const order = await post('/api/v1/sales/orders', { customerId: customer.id, orderDate: daysAgo(age), lines: [{ productId: product.id, quantity: String(quantity) }] });
        await post(`/api/v1/sales/orders/${order.id}/transition`, { to: 'confirmed', version: order.version });
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager sees the RFM segments as the API counts them and opens the customers of one', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, MANAGER.email, MANAGER.password);
    await page.getByTestId('nav-group').filter({ hasText: 'Customers' }).click();
    await page.locator('[data-testid="nav-item"][data-path="/analysis/customers"]').click();
    await page.waitForURL('**/analysis/customers');
    await page.getByTestId('rfm-segments').waitFor();

    const rfm = (await (await page.request.get('/api/v1/analysis/customers/rfm')).json()) as { customers: number; segments: { segment: string; customers: number }[] };
    expect(rfm.customers).toBe(4);
    for (const s of rfm.segments) expect(await page.getByTestId(`rfm-count-${s.segment}`).innerText(), s.segment).toBe(String(s.customers));
    // The chart draws the same counts (SVG text on the bars) and the segment names.
    const chartTexts = await page.getByTestId('rfm-chart').locator('svg text').allTextContents();
    expect(chartTexts).toContain('Champions');
    for (const s of rfm.segments) expect(chartTexts, s.segment).toContain(String(s.customers));

    // A click on the biggest segment opens exactly its customers.
    const top = [...rfm.segments].sort((a, b) => b.customers - a.customers)[0];
    const members = (await (await page.request.get(`/api/v1/analysis/customers/members?analysis=rfm&segment=${top.segment}`)).json()) as { items: { name: string }[] };
    expect(members.items).toHaveLength(top.customers);
    await page.getByTestId(`rfm-count-${top.segment}`).click();
    await page.waitForURL(/\/analysis\/customers\/members\?.*segment=/);
    await page.getByTestId('member-link').first().waitFor();
    expect(await page.getByTestId('member-link').allInnerTexts()).toEqual(members.items.map((i) => i.name));
    expect(await page.getByTestId('members-title').innerText()).toMatch(/^RFM segment: /);

    // The same list in Chinese.
    await switchLanguage(page, '简体中文');
    await expect.poll(() => page.getByTestId('members-title').innerText()).toMatch(/^RFM 分群: /);
    expect(await page.getByTestId('member-link').allInnerTexts()).toEqual(members.items.map((i) => i.name));
    await switchLanguage(page, 'English');
    expectNoAppErrors(errors);
    await context.close();
  });

  it('a rep has no menu entry and gets the 403 page at the address', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await signIn(page, REP.email, REP.password);
    await page.getByTestId('nav-group').filter({ hasText: 'Customers' }).click();
    await page.locator('[data-testid="nav-item"][data-path="/customers"]').waitFor();
    const menu = await menuTexts(page);
    expect(menu).toContain('Contacts');
    expect(menu).not.toContain('Customer analysis');
    await page.goto('/analysis/customers');
    await page.locator('.ant-result-403').waitFor();
    expect((await page.request.get('/api/v1/analysis/customers/rfm')).status()).toBe(403);
    await context.close();
  });
});
