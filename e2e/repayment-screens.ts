/**
 * Screenshots of a trip's advance balance and repayments (AdvanceRepaymentCard) in English and
 * Chinese: a trip whose advance was repaid, one still owed with the Record repayment form open,
 * and the traveller's own view. `npx tsx e2e/repayment-screens.ts [outDir]` (default
 * /tmp/repayment-screens). Starts its own server with the demo data. Not part of the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer } from './helpers/server';

const outDir = path.resolve(process.argv[2] ?? '/tmp/repayment-screens');
fs.mkdirSync(outDir, { recursive: true });
const PASSWORD = 'salesdesk-demo-2026';
const email = (key: string) => `${key}@demo.salesdesk.test`;

async function shot(page: Page, name: string) {
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

/** The demo trips with an advance: [trip id, traveller id, outstanding, repaid]. */
function advanceTrips(page: Page) {
  return page.evaluate(async () => {
    const trips = (await (await fetch('/api/v1/trips?limit=100')).json()).items as { id: string; travellerId: string }[];
    const out: [string, string, number, number][] = [];
    for (const t of trips) {
      const a = await (await fetch(`/api/v1/trips/${t.id}/repayments`)).json();
      if (a.advancePaid > 0) out.push([t.id, t.travellerId, a.outstanding, a.repaid]);
    }
    return out;
  });
}

const server = await startServer({ SEED_DEMO: 'true', ADMIN_EMAIL: 'admin@screens.example', ADMIN_PASSWORD: 'Correct-Horse-Battery-9' });
const browser = await launchBrowser();
try {
  for (const locale of ['en', 'zh-CN'] as const) {
    const tag = locale === 'en' ? 'en' : 'zh';
    const ctx = await newContext(browser, server.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, email('finance'), PASSWORD);
    await setLanguage(page, locale);
    const trips = await advanceTrips(page);
    const repaid = trips.find((t) => t[3] > 0);
    const owed = trips.find((t) => t[2] > 0);
    if (repaid) {
      await page.goto(`/trips/${repaid[0]}`);
      await page.getByTestId('repayments-table').waitFor();
      await shot(page, `repaid-trip-${tag}`);
    }
    if (owed) {
      await page.goto(`/trips/${owed[0]}`);
      await page.getByTestId('record-repayment').click();
      await page.getByTestId('repayment-amount').waitFor();
      await shot(page, `record-repayment-${tag}`);
      await page.getByTestId('repayment-amount').fill('999999');
      await page.keyboard.press('Tab');
      await shot(page, `record-repayment-too-much-${tag}`);
    }
    if (errors.length) console.log('finance errors:', errors);
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
