import type { Browser, Page } from 'playwright-core';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clickUntilGone, expectNoAppErrors, switchLanguage } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'root@admin.example', password: 'Velvet-Compass-Morning-31' };

/** Calls the API from inside the page, with its session and CSRF token: what "someone else" does in another tab. */
async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    },
    [method, path, body] as const,
  );
}

describe('admin pages and profile', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    const context = await newContext(browser, server.url);
    page = await context.newPage();
    errors = watchErrors(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await switchLanguage(page, 'English');
  });

  afterEach(async (ctx) => {
    // A failed step leaves a picture behind, for whoever reads the CI log.
    if (ctx.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), `salesdesk-e2e-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('users: API field errors land on the form fields; a stale edit shows the conflict and reloads', async () => {
    const created = await apiCall<{ id: string; version: number }>(page, 'POST', '/api/v1/users', {
      email: 'mei@admin.example',
      displayName: 'Mei Lin',
      password: 'Paper-Lantern-River-9',
      roles: ['assistant'],
      locale: 'en',
    });
    expect(created.status).toBe(201);

    await page.goto('/admin/users');
    await page.getByTestId('create-user').click();
    const drawer = page.locator('.ant-drawer-content');
    await drawer.getByLabel('Email', { exact: true }).fill('mei@admin.example');
    await drawer.getByLabel('Name', { exact: true }).fill('Another Mei');
    await drawer.getByLabel('Initial password').fill('password123');
    await chooseOption(page, drawer.getByLabel('Roles'), 'Viewer');
    await drawer.getByRole('button', { name: 'Save' }).click();
    // The server's answers, on the fields they concern (one at a time: the policy runs before the duplicate check).
    await drawer.locator('.ant-form-item-explain-error').filter({ hasText: /too common/ }).waitFor();
    await drawer.getByLabel('Initial password').fill('Granite-Meadow-Swift-4');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.locator('.ant-form-item-explain-error').filter({ hasText: 'This value is already in use' }).waitFor();
    await drawer.getByRole('button', { name: 'Cancel' }).click();

    // Open Mei for editing, let "someone else" save first, then save: 409 is shown, not swallowed.
    await page.getByTestId('edit-mei@admin.example').click();
    await drawer.getByLabel('Title').fill('Senior assistant');
    const other = await apiCall(page, 'PATCH', `/api/v1/users/${created.body.id}`, { phone: '+86 21 5555 0101', version: created.body.version });
    expect(other.status).toBe(200);
    await drawer.getByRole('button', { name: 'Save' }).click();
    await drawer.getByText('Changed by someone else').waitFor();
    await drawer.getByRole('button', { name: 'Reload the latest version' }).click();
    await drawer.getByText('Changed by someone else').waitFor({ state: 'detached' });
    await expect(drawer.getByLabel('Phone').inputValue()).resolves.toBe('+86 21 5555 0101');
    await drawer.getByLabel('Title').fill('Senior assistant');
    await drawer.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Changes to Mei Lin are saved').waitFor();

    // Disable from the row menu (once the list has reloaded: the row must carry the new version).
    await page.waitForLoadState('networkidle');
    await page.getByTestId('more-mei@admin.example').click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Disable' }).click();
    // The row's new state is the proof (the toast may come and go while a loaded machine renders).
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached', timeout: 30_000 });
    const row = page.locator('.ant-table-row').filter({ hasText: 'mei@admin.example' });
    await row.filter({ hasText: 'Disabled' }).waitFor({ timeout: 30_000 });
  });

  it('departments: create under a parent, then archive', async () => {
    await page.goto('/admin/departments');
    await page.getByRole('button', { name: 'New department' }).click();
    const modal = page.locator('.ant-modal-content');
    await modal.getByLabel('Name').fill('East China Sales');
    await modal.getByLabel('Code').fill('EAST');
    await chooseOption(page, modal.getByLabel('Parent department'), /Salesdesk|HQ/);
    await modal.getByRole('button', { name: 'Save' }).click();
    await page.getByText('East China Sales is created').waitFor();
    const row = page.locator('.ant-table-row').filter({ hasText: 'East China Sales' });
    await expect(row.innerText()).resolves.toContain('EAST');
    await row.getByText('More').click();
    // exact: the side menu's "Archive" group (the document archive) is a menuitem too.
    await page.getByRole('menuitem', { name: 'Archive', exact: true }).click();
    await page.locator('.ant-modal-confirm').waitFor();
    await clickUntilGone(page.locator('.ant-modal-confirm').getByRole('button', { name: 'Archive' }), page.locator('.ant-modal-confirm'));
    // Archived departments are hidden until asked for.
    await page.locator('.ant-table-row').filter({ hasText: 'East China Sales' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByLabel('Show archived').click();
    await page.locator('.ant-table-row').filter({ hasText: 'East China Sales' }).waitFor();
  });

  it('settings, roles and audit: save the company name, see the matrix, filter the log and open an entry', async () => {
    await page.goto('/admin/settings');
    await page.getByLabel('Company name').fill('Huadong Instruments Ltd.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Company settings saved').waitFor();
    await page.locator('.ant-pro-layout-header, .ant-pro-global-header').first().getByText('Huadong Instruments Ltd.').waitFor();

    await page.goto('/admin/roles');
    await page.getByTestId('role-rep').first().getByRole('link').click();
    await page.waitForURL('**/admin/users?role=rep');

    await page.goto('/admin/audit');
    await page.getByLabel('Action (or beginning of it)').fill('settings.');
    const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=settings.'));
    await page.getByRole('button', { name: 'Query' }).click();
    expect((await filtered).status()).toBe(200);
    const rows = page.locator('.ant-table-row');
    await rows.first().filter({ hasText: 'Settings changed' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await rows.filter({ hasNotText: 'Settings changed' }).count()).toBe(0);
    await rows.first().locator('.ant-table-row-expand-icon').click();
    const diff = page.getByTestId('audit-diff').first();
    await diff.getByText('companyName: "Huadong Instruments Ltd."').waitFor();
  });

  it('profile: a wrong current password is named on its field; an API token is shown once and can be revoked', async () => {
    await page.goto('/profile');
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('Harbour-Signal-Copper-77');
    await page.getByLabel('Confirm new password').fill('Harbour-Signal-Copper-77');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: 'The current password is wrong' }).waitFor();

    await page.getByTestId('new-token').click();
    const modal = page.locator('.ant-modal-content').filter({ hasText: 'New API token' });
    await modal.getByLabel('Name').fill('nightly export');
    await modal.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByTestId('token-secret').innerText();
    expect(secret).toMatch(/^sdk_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    // The token works for scripts…
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret.trim()}` } });
    expect(res.status).toBe(200);
    // …until revoked.
    const row = page.getByTestId('tokens-table').locator('.ant-table-row').filter({ hasText: 'nightly export' });
    await row.getByText('Revoke').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Token "nightly export" is revoked').waitFor();
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret.trim()}` } })).status).toBe(401);
  });

  it('an unknown address shows the 404 page inside the layout', async () => {
    await page.goto('/no/such/page');
    await page.getByText('Page not found').waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByTestId('greeting').waitFor();
    expectNoAppErrors(errors);
  });

  it('a dialog zooms in, except for a user whose system asks for reduced motion', async () => {
    // Whether the dialog's zoom ever runs: rc-motion marks the running phase with `ant-zoom-appear-active`. With reduced
    // motion antd's motion is off and the dialog goes from its first (prepare) classes straight to shown.
    const zoomedWhenOpening = async (target: Page) => {
      await target.goto('/admin/departments');
      await target.locator('.ant-table-row').first().waitFor();
      await target.evaluate(() => {
        const seen = { zoom: false };
        (window as unknown as { __zoom: typeof seen }).__zoom = seen;
        new MutationObserver((records) => {
          for (const r of records) {
            const nodes = r.type === 'attributes' ? [r.target] : [...r.addedNodes];
            for (const n of nodes) if (n instanceof Element && (/ant-zoom-(appear|enter)-active/.test(n.className) || n.querySelector('[class*="-active"][class*="ant-zoom"]'))) seen.zoom = true;
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });
      await target.getByRole('button', { name: 'New department' }).click();
      await target.locator('.ant-modal-content').getByLabel('Name').waitFor();
      // The form is "visible" from the zoom's first frame (opacity counts for nothing): on a loaded machine the check
      // could run before the zoom's active phase. Wait until no zoom class is left (the zoom ended, or never ran).
      await target.waitForFunction(() => !document.querySelector('.ant-modal[class*="ant-zoom"], .ant-modal [class*="ant-zoom"]'));
      return target.evaluate(() => (window as unknown as { __zoom: { zoom: boolean } }).__zoom.zoom);
    };
    // This page's context asks for reduced motion (helpers/browser.ts): no zoom.
    expect(await zoomedWhenOpening(page)).toBe(false);
    // A context that does not ask: the dialog zooms in as usual.
    const moving = await browser.newContext({ baseURL: server.url, locale: 'en-US', viewport: { width: 1440, height: 900 }, reducedMotion: 'no-preference' });
    try {
      const other = await moving.newPage();
      await signIn(other, ADMIN.email, ADMIN.password);
      expect(await zoomedWhenOpening(other)).toBe(true);
    } finally {
      await moving.close();
    }
    await page.keyboard.press('Escape');
    expectNoAppErrors(errors);
  });

  it('a session that ended sends the user to sign in, and back to where they were going', async () => {
    await page.goto('/admin/departments');
    await page.locator('.ant-table-row').first().waitFor();
    await page.context().clearCookies(); // as after the idle timeout, or a sign-out elsewhere
    await page.locator('[data-testid="nav-item"][data-path="/people"]').click();
    await page.waitForURL(/\/login\?next=%2Fpeople/);
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    await page.locator('input#email').fill(ADMIN.email);
    await page.locator('input#password').fill(ADMIN.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/people');
    await page.locator('.ant-table-row').first().waitFor();
    expectNoAppErrors(errors);
  });
});
