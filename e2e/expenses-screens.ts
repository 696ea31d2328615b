/**
 * Screenshots of the ledger, supplies and expense statistics pages in English and Chinese, for
 * looking at what was built: `npx tsx e2e/expenses-screens.ts [outDir] [name-filter]` (default
 * /tmp/expenses-screens). Starts its own server with the demo data. Not part of the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer } from './helpers/server';

const outDir = path.resolve(process.argv[2] ?? '/tmp/expenses-screens');
const only = process.argv[3];
fs.mkdirSync(outDir, { recursive: true });
const PASSWORD = 'salesdesk-demo-2026';
const email = (key: string) => `${key}@demo.salesdesk.test`;

async function shot(page: Page, name: string) {
  if (only && !name.includes(only)) return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(600);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log('wrote', file);
}

async function setLanguage(page: Page, locale: 'en' | 'zh-CN') {
  await page.evaluate(async (l) => {
    const me = await (await fetch('/api/v1/me')).json();
    await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ locale: l }) });
    localStorage.setItem('salesdesk.locale', l);
  }, locale);
}

const server = await startServer({ SEED_DEMO: 'true', ADMIN_EMAIL: 'admin@screens.example', ADMIN_PASSWORD: 'Correct-Horse-Battery-9' });
const browser = await launchBrowser();
try {
  for (const locale of ['en', 'zh-CN'] as const) {
    const tag = locale === 'en' ? 'en' : 'zh';
    const visit = async (who: string, pages: [string, string, ((p: Page) => Promise<void>)?][]) => {
      const ctx = await newContext(browser, server.url);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signIn(page, email(who), PASSWORD);
      await setLanguage(page, locale);
      for (const [name, url, prepare] of pages) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        if (prepare) await prepare(page);
        await shot(page, `${name}-${tag}`);
      }
      if (errors.length) console.log(who, 'errors:', errors);
      await ctx.close();
    };
    await visit('finance', [
      ['ledger-entries', '/ledger/entries'],
      ['ledger-entry', '/ledger/entries', async (p) => { await p.getByTestId('entry-link').first().click(); await p.getByTestId('entry-lines').waitFor(); }],
      ['ledger-new-entry', '/ledger/entries/new', async (p) => { await p.getByTestId('line-0-debit').fill('123.45'); await p.getByTestId('line-1-credit').fill('100'); }],
      ['ledger-accounts', '/ledger/accounts'],
      ['ledger-general', '/ledger/general', async (p) => { await p.getByTestId('gl-account').click(); await p.keyboard.type('1411'); await p.keyboard.press('Enter'); await p.getByTestId('movements').waitFor(); }],
      ['ledger-subsidiary', '/ledger/subsidiary?dimension=expenseType&value=office_supplies'],
      ['ledger-trial-balance', '/ledger/trial-balance'],
      ['ledger-periods', '/ledger/periods'],
      ['expense-stats', '/expenses/statistics'],
    ]);
    await visit('assistant1', [
      ['supplies-catalogue', '/supplies'],
      ['supplies-requests', '/supplies/requests'],
      ['supplies-request', '/supplies/requests?status=approved', async (p) => { await p.getByTestId('supply-request-link').first().click(); await p.getByTestId('supply-lines').waitFor(); }],
      ['supplies-report', '/supplies/report'],
    ]);
    await visit('assistant1', [
      ['tc-trips', '/trips'],
      ['tc-trip', '/trips', async (p) => { await p.getByTestId('trip-link').first().click(); await p.getByTestId('bookings-table').waitFor(); }],
      ['tc-claims', '/claims'],
      ['tc-claim', '/claims?flagged=true', async (p) => { await p.getByTestId('claim-link').first().click(); await p.getByTestId('claim-checks').waitFor(); }],
    ]);
    await visit('rep01', [
      ['tc-trip-new', '/trips/new'],
      ['tc-claim-new', '/claims/new'],
      ['supplies-new', '/supplies/requests/new'],
      ['rep-expenses', '/expenses/statistics'],
      ['rep-subsidiary', '/ledger/subsidiary'],
    ]);
  }
} finally {
  await browser.close();
  await server.stop();
}
