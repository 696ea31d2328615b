import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@expenses.example', password: 'Amber-Ledger-Otter-52' };
const PASSWORD = 'salesdesk-demo-2026';
const email = (key: string) => `${key}@demo.salesdesk.test`;

/** A GET through the page's own session (the figures a test compares the screen with). */
const apiGet = <T>(page: Page, url: string): Promise<T> => page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;
/** Picks an option of a searchable select by typing (long lists render only the options in view). */
async function pick(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await select.locator('input').fill(text);
    try {
      await option.click({ timeout: attempt < 3 ? 8_000 : 15_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}
/** Digits of a money text ("¥1,234.56" → 123456). */
const cents = (text: string) => Number(text.replace(/[^\d-]/g, ''));

describe('expenses in the browser: a balanced manual entry in the trial balance; supplies requested, approved, issued and counted', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  const errors: Record<string, string[]> = {};

  const as = async (who: string): Promise<Page> => {
    if (pages[who]) return pages[who];
    const ctx = await newContext(browser, server.url);
    contexts.push(ctx);
    const page = await ctx.newPage();
    errors[who] = watchErrors(page);
    await signIn(page, email(who), PASSWORD);
    await switchLanguage(page, 'English');
    pages[who] = page;
    return page;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'true' }), launchBrowser()]);
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [who, p] of Object.entries(pages)) {
        const file = path.join(os.tmpdir(), `salesdesk-e2e-expenses-${who}.png`);
        await p.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`screenshot of the failure (${who}): ${file}`);
      }
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('finance posts a manual entry that must balance to the cent; the trial balance shows it, balanced', async () => {
    const page = await as('finance');
    const year = new Date().getFullYear();
    const range = `from=${year}-01-01&to=${year}-12-31`;
    const before = await apiGet<{ totals: { periodDebit: number } }>(page, `/api/v1/ledger/reports/trial-balance?${range}`);

    await page.goto('/ledger/entries/new');
    await pick(page, 'line-0-account', '660199');
    await pick(page, 'line-1-account', 'Cash on hand');
    await page.getByTestId('line-0-debit').fill('123.45');
    await page.getByTestId('line-1-credit').fill('100');
    // The difference is shown as one types, exact to the cent; posting waits until it is zero.
    await page.locator('[data-testid=difference][data-balanced=false]').filter({ hasText: '23.45' }).waitFor();
    await expect(page.getByTestId('post-now').isDisabled()).resolves.toBe(true);
    await page.getByTestId('line-1-credit').fill('123.45');
    await page.locator('[data-testid=difference][data-balanced=true]').waitFor();
    await page.getByTestId('entry-reason').fill('Petty cash: courier for samples');
    await page.getByTestId('entry-description').fill('Courier 快递');
    await page.getByTestId('post-now').click();
    await page.getByTestId('entry-status').filter({ hasText: 'Posted' }).waitFor();
    await expect(page.getByTestId('entry-lines').innerText()).resolves.toContain('¥123.45');

    await page.goto(`/ledger/trial-balance?${range}`);
    await page.locator('[data-testid=tb-balanced][data-balanced=true]').waitFor();
    const total = await page.getByTestId('tb-total-periodDebit').innerText();
    expect(cents(total)).toBe(before.totals.periodDebit + 12_345);
    expect(cents(await page.getByTestId('tb-total-periodCredit').innerText())).toBe(cents(total));
    const row = page.getByTestId('tb-table').locator('.ant-table-row').filter({ hasText: '660199' });
    await expect(row.innerText()).resolves.toContain('123.45');
    expectNoAppErrors(errors.finance);
  });

  it('a rep requests supplies, the manager approves, the assistant issues: stock down, the cost counted for the rep', async () => {
    const rep = await as('rep01');
    await rep.goto('/supplies/requests/new');
    await pick(rep, 'supply-line-0-item', 'PEN-GEL');
    await rep.getByTestId('supply-line-0-quantity').fill('3');
    await rep.getByTestId('supply-purpose').fill('Customer workshop in Suzhou');
    await rep.getByTestId('submit-supply-request').click();
    await rep.locator('[data-testid=supply-status][data-status=pending]').first().waitFor();
    const requestUrl = new URL(rep.url()).pathname;
    expect(requestUrl).toMatch(/^\/supplies\/requests\/[0-9a-f-]{36}$/);

    const manager = await as('manager');
    await manager.goto(requestUrl);
    await manager.getByTestId('approve').first().click();
    await manager.locator('#confirm-action').click();
    await manager.locator('[data-testid=supply-status][data-status=approved]').first().waitFor();

    const assistant = await as('assistant1');
    const items = await apiGet<{ items: { code: string; stockQty: number }[] }>(assistant, '/api/v1/supplies/items');
    const stockBefore = items.items.find((i) => i.code === 'PEN-GEL')!.stockQty;
    await assistant.goto(requestUrl);
    await assistant.getByTestId('issue-supplies').click();
    await assistant.getByTestId('confirm-issue').click();
    await assistant.locator('[data-testid=supply-status][data-status=issued]').first().waitFor();
    const issued = cents(await assistant.getByTestId('issued-total').innerText());
    expect(issued).toBeGreaterThan(0);

    await assistant.goto('/supplies');
    await assistant.getByTestId('stock-PEN-GEL').filter({ hasText: String(stockBefore - 3) }).waitFor();

    const repId = (await apiGet<{ user: { id: string } }>(rep, '/api/v1/me')).user.id;
    await assistant.goto('/supplies/report');
    const now = new Date();
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const report = await apiGet<{ byPerson: { id: string; name: string; amount: number }[] }>(
      assistant,
      `/api/v1/supplies/report?from=${day(new Date(now.getFullYear(), now.getMonth(), 1))}&to=${day(new Date(now.getFullYear(), now.getMonth() + 1, 0))}`,
    );
    const mine = report.byPerson.find((p) => p.id === repId)!;
    expect(mine.amount).toBeGreaterThanOrEqual(issued);
    const personRow = assistant.getByTestId('report-person').locator('.ant-table-row').filter({ hasText: mine.name });
    await expect(personRow.innerText().then(cents)).resolves.toBeGreaterThanOrEqual(issued);
    for (const who of ['rep01', 'manager', 'assistant1']) expectNoAppErrors(errors[who]);
  });

  it('the expense statistics show the rep only their own, and the department to finance', async () => {
    const rep = await as('rep01');
    await rep.goto('/expenses/statistics');
    await rep.getByText('Your own expenses.').waitFor();
    const finance = await as('finance');
    await finance.goto('/expenses/statistics');
    await finance.getByTestId('expense-total').waitFor();
    await finance.getByTestId('chart-category').waitFor();
    expectNoAppErrors(errors.finance);
  });
});
