/**
 * Screenshots of the statistics pages on the demo data, English and Chinese:
 * `npx tsx e2e/statistics-screens.ts [outDir]` (default /tmp/screens). Not part of the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer } from './helpers/server';

const outDir = path.resolve(process.argv[2] ?? '/tmp/screens');
fs.mkdirSync(outDir, { recursive: true });

async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  console.log('wrote', name);
}

const browser = await launchBrowser();
const demo = await startServer({ SEED_DEMO: 'true', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'Correct-Horse-Battery-9' });
try {
  for (const locale of ['en', 'zh-CN'] as const) {
    const ctx = await newContext(browser, demo.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'manager@demo.salesdesk.test', 'salesdesk-demo-2026');
    await page.evaluate(async (l) => {
      const me = await (await fetch('/api/v1/me')).json();
      await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ locale: l }) });
      localStorage.setItem('salesdesk.locale', l);
    }, locale);
    await page.goto('/statistics/sales');
    await page.getByTestId('report-table').locator('.ant-table-row').first().waitFor();
    await shot(page, `stats-report-${locale}`);
    // The customer counts' tooltip: what they count and why the rows do not add up.
    await page.getByTestId('activeCustomers-hint').hover();
    await page.locator('.ant-tooltip').first().waitFor();
    await page.screenshot({ path: path.join(outDir, `stats-report-hint-${locale}.png`) });
    await page.getByTestId('figure-total').click();
    await page.getByTestId('drill-sum').waitFor();
    await shot(page, `stats-drill-${locale}`);
    await page.keyboard.press('Escape');
    await page.goto('/statistics/dashboard');
    await page.getByTestId('kpi-year').locator('.ant-statistic-content').waitFor();
    await shot(page, `stats-dashboard-${locale}`);
    await page.goto('/statistics/pivot?period=year&value=2026&rows=region&columns=quarter&measure=netSales');
    await page.getByTestId('pivot-total').waitFor();
    await shot(page, `stats-pivot-${locale}`);
    console.log(locale, 'errors:', errors);
    await ctx.close();
  }
} finally {
  await browser.close();
  await demo.stop();
}
