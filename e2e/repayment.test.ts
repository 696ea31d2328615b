import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const PASSWORD = 'salesdesk-demo-2026';
const apiGet = <T>(page: Page, url: string): Promise<T> => page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;
/** Digits of a money text ("¥1,234.56" → 123456). */
const cents = (text: string) => Number(text.replace(/[^\d-]/g, ''));
interface Account {
  advancePaid: number;
  repaid: number;
  outstanding: number;
  repayments: { id: string; amount: number; ledgerEntryId: string }[];
}

/**
 * The assistant records a traveller's repayment of an unused advance on the trip page: the card
 * shows what is outstanding, refuses more, records part (a double click records once), then the
 * rest; nothing is left, the form is gone, and the repayment's ledger entry links back to the trip.
 */
describe('repaying an unused travel advance in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: 'admin@repay.example', ADMIN_PASSWORD: 'Amber-Ledger-Otter-52', SEED_DEMO: 'true' }), launchBrowser()]);
    context = await newContext(browser, server.url);
    page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, 'assistant1@demo.salesdesk.test', PASSWORD);
    await switchLanguage(page, 'English');
  }, 300_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), 'salesdesk-e2e-repayment.png');
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}`);
    }
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('records part, then the rest; a double click records once; the entry links back to the trip', async () => {
    // A demo trip whose paid claim left part of its advance unused.
    const trips = (await apiGet<{ items: { id: string }[] }>(page, '/api/v1/trips?limit=100')).items;
    let tripId = '';
    let account: Account | undefined;
    for (const t of trips) {
      const a = await apiGet<Account>(page, `/api/v1/trips/${t.id}/repayments`);
      if (a.outstanding > 200) {
        tripId = t.id;
        account = a;
        break;
      }
    }
    expect(account, 'a demo trip with an unused advance').toBeDefined();
    const outstanding = account!.outstanding;
    const okButton = () => page.locator('.ant-modal:visible').getByRole('button', { name: 'OK', exact: true });

    await page.goto(`/trips/${tripId}`);
    const card = page.getByTestId('advance-repayment-card');
    await expect.poll(async () => cents(await card.getByTestId('advance-outstanding').innerText())).toBe(outstanding);

    // More than is outstanding is refused on the field.
    await card.getByTestId('record-repayment').click();
    const amount = page.getByTestId('repayment-amount');
    await amount.fill(String(outstanding / 100 + 1));
    await okButton().click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: 'outstanding' }).waitFor();

    // 1.00 now, with a double click on OK: one repayment.
    await amount.fill('1');
    await okButton().dblclick();
    await page.getByText('Repayment of ¥1.00 recorded').first().waitFor();
    await expect.poll(async () => cents(await card.getByTestId('advance-outstanding').innerText())).toBe(outstanding - 100);
    const afterPart = await apiGet<Account>(page, `/api/v1/trips/${tripId}/repayments`);
    expect(afterPart.repayments.length - account!.repayments.length).toBe(1);
    expect(afterPart.repaid - account!.repaid).toBe(100);

    // The rest (the form proposes it): nothing is outstanding and the form is gone.
    await card.getByTestId('record-repayment').click();
    await expect.poll(async () => cents(await page.getByTestId('repayment-amount').inputValue())).toBe(outstanding - 100);
    await okButton().click();
    await card.getByText('Nothing outstanding').waitFor();
    await expect.poll(() => card.getByTestId('record-repayment').count()).toBe(0);
    expect(await card.getByTestId('repayments-table').locator('.ant-table-row').count()).toBe(afterPart.repayments.length + 1);

    // The last repayment's entry: Dr bank, Cr 1221, its source links back to the trip.
    await card.getByTestId('repayments-table').locator('.ant-table-row').last().getByRole('link').click();
    await page.waitForURL('**/ledger/entries/**');
    const source = page.getByTestId('source-link');
    await expect.poll(() => source.innerText()).toBe('Advance repaid');
    await source.click();
    await page.waitForURL(`**/trips/${tripId}`);
    expectNoAppErrors(errors);
  });
});
