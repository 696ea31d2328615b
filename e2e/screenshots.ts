/**
 * Takes screenshots of the main pages in English and Chinese, on a wide screen and a
 * tablet, for looking at what was built: `npx tsx e2e/screenshots.ts [outDir]`
 * (default /tmp/screens). Starts its own servers (an empty one for the setup page,
 * one with demo data for the rest). Not part of the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer } from './helpers/server';

const outDir = path.resolve(process.argv[2] ?? '/tmp/screens');
const only = process.argv[3]; // optional page-name filter
fs.mkdirSync(outDir, { recursive: true });

const ADMIN = { email: 'admin@example.com', password: 'Correct-Horse-Battery-9' };
const viewports = { desktop: { width: 1440, height: 900 }, tablet: { width: 820, height: 1180 } };
const languages = { en: 'en', zh: 'zh-CN' } as const;

async function setLanguage(page: Page, locale: 'en' | 'zh-CN') {
  await page.evaluate(async (l) => {
    const me = await (await fetch('/api/v1/me')).json();
    await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ locale: l }) });
    localStorage.setItem('salesdesk.locale', l);
  }, locale);
}

async function shot(page: Page, name: string) {
  if (only && !name.includes(only)) return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400); // antd motion
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log('wrote', file);
}

const browser = await launchBrowser();
const fresh = await startServer();
const demo = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'true' });
try {
  for (const [vpName, viewport] of Object.entries(viewports)) {
    for (const [langName, locale] of Object.entries(languages)) {
      const tag = `${langName}-${vpName}`;
      // Pages before sign-in follow the browser's stored choice.
      const pre = await newContext(browser, fresh.url, viewport);
      await pre.addInitScript((l) => localStorage.setItem('salesdesk.locale', l), locale);
      const p0 = await pre.newPage();
      const errors0 = watchErrors(p0);
      await p0.goto('/');
      await p0.getByTestId('setup-form').waitFor();
      await shot(p0, `setup-${tag}`);
      await p0.goto(`${demo.url}/login`);
      await p0.getByTestId('login-form').waitFor();
      await shot(p0, `login-${tag}`);
      await pre.close();

      const ctx = await newContext(browser, demo.url, viewport);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signIn(page, ADMIN.email, ADMIN.password);
      await setLanguage(page, locale);
      await page.goto('/');
      await page.getByTestId('greeting').waitFor();
      await shot(page, `home-${tag}`);
      await page.goto('/admin/users');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `users-${tag}`);
      await page.locator('[data-testid="create-user"]').click();
      await page.locator('.ant-drawer-content').waitFor();
      await shot(page, `users-create-${tag}`);
      await page.keyboard.press('Escape');
      await page.goto('/admin/departments');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `departments-${tag}`);
      await page.goto('/admin/roles');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `roles-${tag}`);
      await page.goto('/admin/audit');
      await page.locator('.ant-table-row').first().waitFor();
      // Open an entry that changed something, to show before/after side by side.
      await page.locator('.ant-table-row').filter({ hasText: /Changed:|已修改：/ }).first().locator('.ant-table-row-expand-icon').click();
      await shot(page, `audit-${tag}`);
      await page.goto('/admin/settings');
      await page.locator('form').first().waitFor();
      await shot(page, `settings-${tag}`);
      await page.goto('/profile');
      await page.getByTestId('tokens-table').waitFor();
      await shot(page, `profile-${tag}`);
      await page.goto('/people');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `people-${tag}`);
      await page.locator('.ant-table-row a').nth(3).click();
      await page.waitForURL('**/people/*');
      await page.locator('.ant-descriptions').waitFor();
      await shot(page, `person-${tag}`);
      await page.goto('/no/such/page');
      await shot(page, `notfound-${tag}`);
      // Shared services, admin side.
      await page.goto('/admin/approval-flows');
      await page.getByTestId('flow-card').first().waitFor();
      await shot(page, `flows-${tag}`);
      await page.getByTestId('edit-flow-general_request').click();
      await page.getByTestId('flow-step').first().waitFor();
      await shot(page, `flows-edit-${tag}`);
      await page.keyboard.press('Escape');
      await page.goto('/admin/jobs');
      await page.getByTestId('schedules').locator('.ant-table-row').first().waitFor();
      await shot(page, `jobs-${tag}`);
      await page.goto('/admin/mail');
      await page.getByTestId('mail-form').waitFor();
      await shot(page, `mail-${tag}`);
      await ctx.close();

      // The manager: approvals, requests, tasks, the board, notifications.
      const mgrCtx = await newContext(browser, demo.url, viewport);
      const mgr = await mgrCtx.newPage();
      const mgrErrors = watchErrors(mgr);
      await signIn(mgr, 'manager@demo.salesdesk.test', 'salesdesk-demo-2026');
      await setLanguage(mgr, locale);
      await mgr.goto('/');
      await mgr.getByTestId('greeting').waitFor();
      await shot(mgr, `manager-home-${tag}`);
      await mgr.getByTestId('notification-bell').click();
      await mgr.getByTestId('notification-popover').getByTestId('notification-item').first().waitFor();
      await shot(mgr, `manager-bell-${tag}`);
      await mgr.keyboard.press('Escape');
      await mgr.goto('/approvals');
      await mgr.getByTestId('inbox-table').locator('.ant-table-row').first().waitFor();
      await shot(mgr, `approvals-${tag}`);
      await mgr.getByTestId('inbox-table').locator('.ant-table-row a').first().click();
      await mgr.getByTestId('approval-steps').waitFor();
      await shot(mgr, `approval-${tag}`);
      await mgr.getByTestId('reject').click();
      await mgr.locator('.ant-modal-content').waitFor();
      await shot(mgr, `approval-reject-${tag}`);
      await mgr.keyboard.press('Escape');
      await mgr.goto('/approvals?tab=away');
      await mgr.getByTestId('delegations').waitFor();
      await shot(mgr, `delegations-${tag}`);
      await mgr.goto('/requests?scope=all');
      await mgr.locator('.ant-table-row').first().waitFor();
      await shot(mgr, `requests-${tag}`);
      await mgr.getByTestId('request-link').first().click();
      await mgr.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
      await mgr.getByTestId('approval-history').waitFor();
      await shot(mgr, `request-${tag}`);
      await mgr.goto('/tasks?view=all');
      await mgr.locator('.ant-table-row').first().waitFor();
      await shot(mgr, `tasks-${tag}`);
      await mgr.getByTestId('task-link').first().click();
      await mgr.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      await mgr.getByTestId('task-comments').waitFor();
      await shot(mgr, `task-${tag}`);
      await mgr.goto('/tasks');
      await mgr.getByTestId('new-task').click();
      await mgr.getByTestId('task-form').waitFor();
      await shot(mgr, `task-new-${tag}`);
      await mgr.keyboard.press('Escape');
      await mgr.goto('/tasks/board');
      await mgr.getByTestId('task-board').locator('.ant-table-row').first().waitFor();
      await shot(mgr, `board-${tag}`);
      await mgr.goto('/notifications');
      await mgr.locator('.ant-table-row').first().waitFor();
      await shot(mgr, `notifications-${tag}`);
      await mgr.goto('/profile');
      await mgr.getByTestId('notification-preferences').locator('.ant-table-row').first().waitFor();
      await shot(mgr, `manager-profile-${tag}`);
      await mgrCtx.close();
      if (mgrErrors.length) console.log(`manager errors in ${tag}:\n  ${mgrErrors.join('\n  ')}`);

      // A rep: the narrow menu and the 403 page.
      const repCtx = await newContext(browser, demo.url, viewport);
      const rep = await repCtx.newPage();
      await signIn(rep, 'rep01@demo.salesdesk.test', 'salesdesk-demo-2026');
      await setLanguage(rep, locale);
      await rep.goto('/');
      await rep.getByTestId('greeting').waitFor();
      await shot(rep, `rep-home-${tag}`);
      await rep.goto('/admin/users');
      await shot(rep, `rep-forbidden-${tag}`);
      await rep.goto('/requests/new');
      await rep.getByTestId('request-form').waitFor();
      await shot(rep, `rep-request-new-${tag}`);
      await repCtx.close();
      const all = [...errors0, ...errors];
      if (all.length) console.log(`errors in ${tag}:\n  ${all.join('\n  ')}`);
    }
  }
} finally {
  await browser.close();
  await fresh.stop();
  await demo.stop();
}
