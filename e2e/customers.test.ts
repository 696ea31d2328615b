import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clickUntilGone, expectNoAppErrors, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@customers.example', password: 'Amber-Lighthouse-Otter-52' };
const PASSWORD = 'Quiet-Harbour-Lantern-81';
const ASSISTANT = { email: 'assistant@customers.example', displayName: 'Lin Assistant' };
const REP_A = { email: 'rep.a@customers.example', displayName: 'Zhou Rep A' };
const REP_B = { email: 'rep.b@customers.example', displayName: 'Qian Rep B' };
const FIRST = '上海明辉贸易有限公司';
const SECOND = '上海明辉贸易';
const OTHER_REPS = '杭州远航物流有限公司';

/** A signed-in API caller (the admin), to set the stage without the demo seed: a department, its people, another rep's customer. */
async function apiSession(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json();
  return async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
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

describe('customers in the browser: file, duplicates, contacts, hand-over, merge, record rules', () => {
  let server: RunningServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let errors: string[];
  const ids: { repA?: string; otherCustomer?: string; first?: string; second?: string } = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    const admin = await apiSession(server.url, ADMIN.email, ADMIN.password);
    const dept = await admin<{ id: string }>('POST', '/api/v1/departments', { name: 'East China sales' });
    const user = (u: { email: string; displayName: string }, role: string) =>
      admin<{ id: string }>('POST', '/api/v1/users', { ...u, password: PASSWORD, roles: [role], departmentId: dept.id, locale: 'en' });
    await user(ASSISTANT, 'assistant');
    ids.repA = (await user(REP_A, 'rep')).id;
    const repB = await user(REP_B, 'rep');
    ids.otherCustomer = (await admin<{ id: string }>('POST', '/api/v1/customers', { name: OTHER_REPS, ownerId: repB.id, departmentId: dept.id })).id;
    ctx = await newContext(browser, server.url);
    page = await ctx.newPage();
    errors = watchErrors(page);
    await signIn(page, ASSISTANT.email, PASSWORD);
  }, 300_000);

  afterEach(async (c) => {
    if (c.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), 'salesdesk-e2e-customers.png');
      await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}\n${server.output().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the back office files a customer through the form; a failing credit code is a warning, not an error', async () => {
    await page.goto('/customers');
    await page.getByTestId('new-customer').click();
    await page.waitForURL('**/customers/new');
    const form = page.getByTestId('customer-form');
    await form.getByLabel('Company name').fill(FIRST);
    await form.getByLabel('Short name').fill('明辉');
    await form.getByLabel('Unified social credit code').fill('91350100M000100Y44');
    await page.getByTestId('credit-code-warning').filter({ hasText: 'check character' }).waitFor();
    await form.getByLabel('Industry').fill('Trading');
    await form.getByLabel('Invoice title').fill(FIRST);
    await form.getByLabel('Taxpayer ID').fill('91350100M000100Y44');
    await page.getByTestId('save-customer').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    ids.first = page.url().split('/').pop();
    await page.getByTestId('customer-title').filter({ hasText: `C-000002 ${FIRST}` }).waitFor();
    await expect(page.getByTestId('customer-owner').innerText()).resolves.toContain(ASSISTANT.displayName);
    // Billing check per invoice type: an ordinary VAT invoice has what it needs, a special one lacks the bank details.
    const billing = page.getByTestId('billing-check');
    await billing.getByText('Complete').waitFor();
    await billing.getByText(/Missing: .*Bank account/).waitFor();
    await page.getByTestId('customer-timeline').getByTestId('timeline-event').filter({ hasText: 'Customer created' }).waitFor();
    expectNoAppErrors(errors);
  });

  it('a second customer with a similar name gets the duplicate warning; the user creates it anyway and adds a contact', async () => {
    await page.goto('/customers/new');
    const form = page.getByTestId('customer-form');
    await form.getByLabel('Company name').fill(SECOND);
    // While typing: the possible duplicate is listed with a link.
    const warning = page.getByTestId('duplicate-warning');
    await warning.getByRole('link', { name: new RegExp(FIRST) }).waitFor();
    await page.getByTestId('save-customer').click();
    // Saving asks first (the server refused with the matches); then "create anyway".
    const modal = page.locator('.ant-modal').filter({ hasText: 'Create a new customer anyway?' });
    await modal.getByTestId('duplicate-match').filter({ hasText: FIRST }).filter({ hasText: 'same name' }).waitFor();
    await modal.getByTestId('create-anyway').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    ids.second = page.url().split('/').pop();
    expect(ids.second).not.toBe(ids.first);
    await page.getByTestId('customer-title').filter({ hasText: `C-000003 ${SECOND}` }).waitFor();

    await page.getByRole('tab', { name: /Contacts/ }).click();
    await page.getByTestId('new-contact').click();
    const contact = page.getByTestId('contact-form');
    await contact.getByLabel('Name').fill('王经理');
    await contact.getByLabel('Job title').fill('采购经理');
    await contact.getByLabel('Mobile').fill('13800138000');
    await page.locator('.ant-modal').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('contacts-tab').getByTestId('contact-row-name').filter({ hasText: '王经理' }).waitFor();
    await page.getByTestId('customer-timeline').getByTestId('timeline-event').filter({ hasText: 'Contact added' }).filter({ hasText: '王经理 (采购经理)' }).waitFor();
    expectNoAppErrors(errors);
  });

  it('the list takes its filters from the address and exports them', async () => {
    await page.goto('/customers?q=明辉');
    const table = page.getByTestId('customers-table');
    await expect.poll(() => table.getByTestId('customer-link').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([FIRST, SECOND]));
    expect(await table.getByTestId('customer-link').count()).toBe(2);
    await page.goto(`/customers?ownerId=${ids.repA}`);
    await table.getByText('No customers match these filters').waitFor();
    // The owner's name is looked up after the page loads (the address carries only the id).
    await expect.poll(() => page.getByLabel('Owner (sales rep)').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(), { timeout: 15_000 }).toContain(REP_A.displayName);
    // Export with the shown filters (q=明辉): both, and not the other rep's customer.
    await page.goto('/customers?q=明辉');
    await table.getByTestId('customer-link').first().waitFor();
    await page.getByTestId('export-customers').hover();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(FIRST);
    expect(csv).toContain(SECOND);
    expect(csv).not.toContain(OTHER_REPS);
    expectNoAppErrors(errors);
  });

  it('the back office hands the first customer to rep A and merges the duplicate into it; the merged one leads to the survivor', async () => {
    await page.goto(`/customers/${ids.first}`);
    await page.getByTestId('handover').click();
    const handover = page.getByTestId('handover-form');
    await chooseOption(page, handover.getByLabel('New owner'), REP_A.displayName);
    await handover.getByLabel('Note for the timeline').fill('Rep A covers Shanghai now');
    await clickUntilGone(page.locator('.ant-modal').getByRole('button', { name: 'Hand over' }), page.getByTestId('handover-form'));
    await expect.poll(() => page.getByTestId('customer-owner').innerText(), { timeout: 15_000 }).toContain(REP_A.displayName);
    await page
      .getByTestId('timeline-event')
      .filter({ hasText: 'Handed over' })
      .filter({ hasText: `${ASSISTANT.displayName} → ${REP_A.displayName}` })
      .filter({ hasText: 'Rep A covers Shanghai now' })
      .waitFor();

    await page.getByTestId('merge').click();
    const modal = page.locator('.ant-modal').filter({ hasText: 'Merge another customer' });
    await modal.locator('#merge-customer').fill('明辉贸易');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: `C-000003 ${SECOND}` }).click();
    await expect.poll(() => modal.getByTestId('merge-counts').innerText(), { timeout: 15_000 }).toMatch(/^1 contacts/);
    await modal.getByTestId('confirm-merge').click();
    await page.locator('.ant-message').getByText(/Merged: .*1 contacts/).waitFor();
    await page.getByTestId('timeline-event').filter({ hasText: 'Duplicate merged in' }).filter({ hasText: `C-000003 ${SECOND} merged into this customer` }).waitFor();
    await page.getByRole('tab', { name: 'Contacts (1)' }).waitFor();

    await page.goto(`/customers/${ids.second}`);
    await page.waitForURL(`**/customers/${ids.first}`);
    await page.getByTestId('merged-notice').waitFor();
    expectNoAppErrors(errors);
  });

  it('a rep sees only their own customers, gets the 404 page for another rep’s customer, and reads it all in Chinese', async () => {
    const repCtx = await newContext(browser, server.url);
    const rep = await repCtx.newPage();
    const repErrors = watchErrors(rep);
    await signIn(rep, REP_A.email, PASSWORD);
    await rep.goto('/customers');
    const table = rep.getByTestId('customers-table');
    await table.getByTestId('customer-link').first().waitFor();
    expect(await table.getByTestId('customer-link').allInnerTexts()).toEqual([FIRST]);
    // No hand-over or merge for a rep; editing their own customer, yes.
    await table.getByTestId('customer-link').first().click();
    await rep.getByTestId('edit-customer').waitFor();
    expect(await rep.getByTestId('handover').count()).toBe(0);
    expect(await rep.getByTestId('merge').count()).toBe(0);

    await rep.goto(`/customers/${ids.otherCustomer}`);
    await rep.getByText('Page not found').waitFor();
    expect(await rep.getByText(OTHER_REPS).count()).toBe(0);

    await switchLanguage(rep, '简体中文');
    await rep.goto(`/customers/${ids.first}`);
    await rep.getByTestId('customer-owner').filter({ hasText: `负责人：${REP_A.displayName}` }).waitFor();
    await rep.getByRole('tab', { name: '联系人（1）' }).waitFor();
    await rep.getByTestId('timeline-event').filter({ hasText: '客户已移交' }).waitFor();
    await rep.getByTestId('timeline-event').filter({ hasText: '已并入重复客户' }).waitFor();
    await rep.getByTestId('billing-check').getByText('增值税专用发票').waitFor();
    await rep.goto('/customers');
    await rep.getByRole('button', { name: /新建客户/ }).waitFor();
    expectNoAppErrors(repErrors);
    await repCtx.close();
  });
});
