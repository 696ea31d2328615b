import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntilGone, expectNoAppErrors, switchLanguage } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/**
 * Statements in the browser, as the "done when" reads: the assistant opens a past
 * month's statements, sees the two late ones reminded and escalated, finds the planted
 * discrepancy flagged with both values, accepts it, closes the period with a reason and
 * consolidates the department report; the manager acknowledges it through the approval.
 */
const ADMIN = { email: 'admin@statements.example', password: 'Amber-Compass-Meadow-42' };
const MANAGER = { email: 'mia.manager@statements.example', password: 'Quiet-Lantern-Harbour-31' };
const ASSISTANT = { email: 'ada.assistant@statements.example', password: 'Paper-Kettle-Window-77' };
const REPS = [
  { email: 'amy.rep@statements.example', password: 'Seven-Orchard-Kites-55', displayName: 'Amy Rep' },
  { email: 'ben.rep@statements.example', password: 'Seven-Orchard-Kites-56', displayName: 'Ben Rep' },
  { email: 'cal.rep@statements.example', password: 'Seven-Orchard-Kites-57', displayName: 'Cal Rep' },
];

/** A signed-in API client from Node: session cookie, CSRF token, an idempotency key per write. */
async function apiAs(base: string, who: { email: string; password: string }) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T = { id: string; version: number }>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** The month before last: its statements are past their due date whatever day the test runs. */
function monthBeforeLast(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 2);
  return d.toISOString().slice(0, 7);
}

describe('statements', () => {
  let server: RunningServer;
  let browser: Browser;
  const period = monthBeforeLast();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    const admin = await apiAs(server.url, ADMIN);
    const dept = await admin('POST', '/api/v1/departments', { name: 'East sales' });
    const manager = await admin('POST', '/api/v1/users', { ...MANAGER, displayName: 'Mia Manager', roles: ['manager'], departmentId: dept.id, locale: 'en' });
    await admin('POST', '/api/v1/users', { ...ASSISTANT, displayName: 'Ada Assistant', roles: ['assistant'], departmentId: dept.id, managerId: manager.id, locale: 'en' });
    const product = await admin('POST', '/api/v1/products', { code: 'W-1', name: 'Widget', listPrice: 10_000 });
    for (const [i, rep] of REPS.entries()) {
      const user = await admin('POST', '/api/v1/users', { ...rep, roles: ['rep'], departmentId: dept.id, managerId: manager.id, locale: 'en' });
      const customer = await admin('POST', '/api/v1/customers', { name: `${rep.displayName}'s customer`, ownerId: user.id });
      const order = await admin('POST', '/api/v1/sales/orders', { customerId: customer.id, orderDate: `${period}-1${i}`, lines: [{ productId: product.id, quantity: String(3 + i) }] });
      await admin('POST', `/api/v1/sales/orders/${order.id}/transition`, { to: 'confirmed', version: order.version });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the assistant chases two late statements, finds the planted discrepancy, consolidates; the manager acknowledges', { timeout: 480_000 }, async () => {
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, ASSISTANT.email, ASSISTANT.password);
    await page.goto(`/statements/board?kind=month&period=${period}`);
    await page.getByTestId('open-period').click();
    const rows = page.getByTestId('board-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);

    // Amy hands in, reporting net sales 10,000.00 above the system's: the planted discrepancy.
    const amy = await apiAs(server.url, REPS[0]);
    // The board lists the department's reps before the period is open: wait for the opening itself (seen racing it in CI).
    const mineNow = async () => (await amy<{ items: { id: string }[] }>('GET', `/api/v1/statements?periodKey=${period}`)).items;
    await expect.poll(async () => (await mineNow()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const [mine] = await mineNow();
    const st = await amy<{ id: string; version: number; system: { netSales: number } }>('GET', `/api/v1/statements/${mine.id}`);
    const saved = await amy<{ version: number }>('PATCH', `/api/v1/statements/${st.id}`, { reported: { netSales: st.system.netSales + 1_000_000 }, market: 'Busy month', version: st.version });
    await amy('POST', `/api/v1/statements/${st.id}/submit`, { version: saved.version });

    // The board: one submitted, two late; the late ones were reminded and their manager told (the scan runs in the background).
    const late = rows.filter({ has: page.getByTestId('state-late') });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('board-table').waitFor();
          return [await late.count(), await late.filter({ has: page.getByTestId('escalated') }).count(), await late.filter({ has: page.getByTestId('reminded') }).count()];
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toEqual([2, 2, 2]);
    await expect.poll(() => rows.filter({ has: page.getByTestId('state-submitted') }).count()).toBe(1);
    const amyRow = rows.filter({ hasText: 'Amy Rep' });
    await expect.poll(() => amyRow.getByTestId('flag-count').count()).toBe(1);

    // Amy's statement: the flagged figure with both values; the assistant accepts it.
    await amyRow.getByTestId('board-rep').click();
    await page.getByTestId('flag-netSales').waitFor();
    const system = await page.getByTestId('system-netSales').innerText();
    const reported = await page.getByTestId('reported-netSales').innerText();
    expect(system).not.toBe(reported);
    expect(await page.getByTestId('flag-netSales').innerText()).toContain('10,000.00');
    await page.getByTestId('accept-statement').click();
    await page.getByTestId('status-accepted').waitFor();

    // Close the period with a reason for Ben and Cal, then consolidate.
    await page.goto(`/statements/board?kind=month&period=${period}`);
    await page.getByTestId('close-period').click();
    await page.getByTestId('close-reason').fill('Ben and Cal are at the trade fair');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    await page.getByTestId('period-closed').waitFor();
    await page.getByTestId('consolidate').click();
    // Consolidating writes the PDF (the CJK font's first use in this process): allow for it on a loaded machine.
    const failed = page.locator('.ant-message-error');
    await Promise.race([page.getByTestId('report-page').waitFor({ timeout: 90_000 }), failed.waitFor({ timeout: 90_000 })]).catch(async (err) => {
      await page.screenshot({ path: '/tmp/statements-consolidate-failed.png', fullPage: true });
      throw new Error(`${err}\n${server.output().slice(-3000)}`);
    });
    if (await failed.count()) throw new Error(`consolidation failed: ${await failed.innerText()}\n${server.output().slice(-3000)}`);
    await expect.poll(() => page.getByTestId('report-status').innerText()).toBe('With the leaders');
    expect(await page.getByTestId('report-flag').count()).toBe(1);
    const reportUrl = page.url();

    // In Chinese too.
    await switchLanguage(page, '简体中文');
    await expect.poll(() => page.getByTestId('report-status').innerText()).toBe('待领导阅知');
    await switchLanguage(page, 'English');
    expectNoAppErrors(errors);
    await ctx.close();

    // The manager acknowledges the report through the approval.
    const mctx = await newContext(browser, server.url);
    const mp = await mctx.newPage();
    const merrors = watchErrors(mp);
    await signIn(mp, MANAGER.email, MANAGER.password);
    await mp.goto(new URL(reportUrl).pathname);
    await mp.getByTestId('approve').click();
    await mp.locator('#confirm-action').waitFor();
    await clickUntilGone(mp.locator('#confirm-action'), mp.locator('#confirm-action'));
    await expect
      .poll(
        async () => {
          await mp.reload();
          await mp.getByTestId('report-page').waitFor();
          return mp.getByTestId('report-status').innerText();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('Acknowledged');
    expectNoAppErrors(merrors);
    await mctx.close();
  });
});
