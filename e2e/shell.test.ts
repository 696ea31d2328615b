import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, menuTexts, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, signOut, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@shell.example', password: 'Quiet-Harbour-Lantern-17' };
const REP = { email: 'rita.rep@shell.example', name: 'Rita Rep', password: 'Seven-Orchard-Kites-88' };

describe('the signed-in shell', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Waits until the home page's greeting reads like this (a language switch re-renders asynchronously). */
  const greetingMatches = (page: Page, text: RegExp | string) => page.getByTestId('greeting').filter({ hasText: text }).waitFor();
  const ZH = /^(早上好|下午好|晚上好)，/;
  const EN = /^Good (morning|afternoon|evening), /;

  it('switches language per user, creates a rep, and shows the rep only what a rep may use', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // A wrong password gets a clear answer.
    await page.goto('/login');
    await page.locator('input#email').fill(ADMIN.email);
    await page.locator('input#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await page.getByRole('alert').getByText('The email or password is wrong.').waitFor();

    await signIn(page, ADMIN.email, ADMIN.password);
    // The first admin speaks the company's default language (简体中文 on a new install), whatever the browser prefers.
    expect(await menuTexts(page)).toEqual(['首页', '我的审批', '申请', '任务', '任务看板', '客户', '销售', '统计', '产品与区域', '数据导入', '档案', '费用与账簿', '通讯录', '系统管理']);
    await switchLanguage(page, 'English');
    await greetingMatches(page, EN);
    expect(await menuTexts(page)).toEqual(['Home', 'My approvals', 'Requests', 'Tasks', "Leader's board", 'Customers', 'Sales', 'Statistics', 'Products & regions', 'Imports', 'Archive', 'Expenses & ledger', 'People', 'Administration']);

    // English → 简体中文: the texts change at once…
    await switchLanguage(page, '简体中文');
    await greetingMatches(page, ZH);
    expect(await menuTexts(page)).toEqual(['首页', '我的审批', '申请', '任务', '任务看板', '客户', '销售', '统计', '产品与区域', '数据导入', '档案', '费用与账簿', '通讯录', '系统管理']);
    // …survive a reload…
    await page.reload();
    await page.getByTestId('greeting').waitFor();
    await greetingMatches(page, ZH);
    // …and a new sign-in from a browser that has never seen this user (the choice is stored per user).
    await signOut(page);
    const other = await newContext(browser, server.url);
    const page2 = await other.newPage();
    await page2.goto('/login');
    await expect(page2.locator('h3').innerText()).resolves.toBe('Sign in');
    await signIn(page2, ADMIN.email, ADMIN.password);
    await greetingMatches(page2, ZH);
    // And back to English.
    await switchLanguage(page2, 'English');
    await greetingMatches(page2, EN);
    await page2.reload();
    await page2.getByTestId('greeting').waitFor();
    expect(await menuTexts(page2)).toEqual(['Home', 'My approvals', 'Requests', 'Tasks', "Leader's board", 'Customers', 'Sales', 'Statistics', 'Products & regions', 'Imports', 'Archive', 'Expenses & ledger', 'People', 'Administration']);

    // Create a rep through Administration → Users.
    await page2.getByTestId('nav-group').filter({ hasText: 'Administration' }).click();
    await page2.locator('[data-testid="nav-item"][data-path="/admin/users"]').click();
    await page2.waitForURL('**/admin/users');
    await page2.getByTestId('create-user').click();
    const drawer = page2.locator('.ant-drawer-content');
    await drawer.getByLabel('Email', { exact: true }).fill(REP.email);
    await drawer.getByLabel('Name', { exact: true }).fill(REP.name);
    await drawer.getByLabel('Initial password').fill(REP.password);
    await chooseOption(page2, drawer.getByLabel('Roles'), 'Sales rep');
    // New accounts start in the company's default language (简体中文); this one reads English.
    await chooseOption(page2, drawer.getByLabel('Language'), 'English');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await page2.getByText(`${REP.name} is created`).waitFor();
    await page2.locator('.ant-table-row').filter({ hasText: REP.email }).waitFor();
    await expect(page2.locator('.ant-table-row').filter({ hasText: REP.email }).innerText()).resolves.toContain('Sales rep');

    // The header's global search finds the new colleague and opens their page.
    await page2.getByTestId('global-search').locator('input').fill('Rita');
    await page2.getByTestId('search-hit').filter({ hasText: REP.name }).click();
    await page2.waitForURL('**/people/*');
    await page2.getByText(REP.email).first().waitFor();
    await signOut(page2);
    expectNoAppErrors(errors);
    await other.close();

    // The rep sees Home, approvals, requests, tasks and People, nothing of Administration, and the admin page answers 403.
    const repContext = await newContext(browser, server.url);
    const rep = await repContext.newPage();
    const repErrors = watchErrors(rep);
    await signIn(rep, REP.email, REP.password);
    await greetingMatches(rep, REP.name);
    expect(await menuTexts(rep)).toEqual(['Home', 'My approvals', 'Requests', 'Tasks', 'Customers', 'Sales', 'Statistics', 'Products & regions', 'Archive', 'Expenses & ledger', 'People']);
    await rep.goto('/admin/users');
    await rep.getByText('No access').waitFor();
    expect(await rep.locator('.ant-result-403').count()).toBe(1);
    expect(await rep.locator('.ant-table').count()).toBe(0);
    // The API agrees: the UI hid nothing the server would have allowed.
    const status = await rep.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ email: 'x@shell.example', displayName: 'X', password: 'Another-Long-Pass-1', roles: ['admin'] }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    expectNoAppErrors(repErrors);
    await repContext.close();
    await context.close();
  });
});
