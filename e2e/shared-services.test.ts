import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors, switchLanguage } from './helpers/app';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@shared.example', password: 'Amber-Lighthouse-Otter-52' };
const DEMO_PASSWORD = 'salesdesk-demo-2026';
const REP = 'rep01@demo.salesdesk.test';
const MANAGER = 'manager@demo.salesdesk.test';

/** A tiny but valid PDF (the upload checks the type from the content). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function unreadCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('unread-count').getAttribute('data-count'));
}

describe('shared services in the browser: a general request through approval, notifications, the task board', () => {
  let server: RunningServer;
  let browser: Browser;
  let repCtx: BrowserContext;
  let managerCtx: BrowserContext;
  let rep: Page;
  let manager: Page;
  let repErrors: string[];
  let managerErrors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'true' }), launchBrowser()]);
    repCtx = await newContext(browser, server.url);
    managerCtx = await newContext(browser, server.url);
    rep = await repCtx.newPage();
    manager = await managerCtx.newPage();
    repErrors = watchErrors(rep);
    managerErrors = watchErrors(manager);
    await signIn(rep, REP, DEMO_PASSWORD);
    await switchLanguage(rep, 'English');
    await signIn(manager, MANAGER, DEMO_PASSWORD);
    await switchLanguage(manager, 'English');
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [who, p] of [['rep', rep], ['manager', manager]] as const) {
        const file = path.join(os.tmpdir(), `salesdesk-e2e-shared-${who}.png`);
        await p?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`screenshot of the failure (${who}): ${file}`);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a rep submits a request with an attachment; the manager is notified live, approves; the rep sees it approved with its history', async () => {
    const title = `Trade fair booth deposit ${Date.now()}`;
    // The manager has the app open: the bell counts live (server-sent events).
    await manager.goto('/');
    await manager.getByTestId('greeting').waitFor();
    await manager.getByTestId('unread-count').waitFor({ state: 'attached' });
    const before = await unreadCount(manager);

    // The rep writes the request, uploads a file through the page, and submits.
    await rep.goto('/requests');
    await rep.getByTestId('new-request').click();
    await rep.waitForURL('**/requests/new');
    const form = rep.getByTestId('request-form');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Text').fill('Deposit for the booth at the Canton fair, payable this week.');
    await form.getByLabel(/^Amount/).fill('1,234.50');
    await rep.getByTestId('attachment-upload').locator('input[type=file]').setInputFiles({ name: '展位合同 booth contract.pdf', mimeType: 'application/pdf', buffer: PDF });
    await rep.locator('.ant-upload-list-item-done').waitFor();
    await rep.getByTestId('submit-request').click();
    await rep.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    await rep.getByTestId('request-status').filter({ hasText: 'Pending approval' }).waitFor();
    await rep.getByTestId('attachment-name').filter({ hasText: '展位合同 booth contract.pdf' }).waitFor();
    await expect(rep.getByText('¥1,234.50').first().isVisible()).resolves.toBe(true);

    // The manager's bell goes up without a reload, and the notification is in the bell's list.
    await expect.poll(() => unreadCount(manager), { timeout: 20_000 }).toBeGreaterThan(before);
    await manager.getByTestId('notification-bell').click();
    await manager.getByTestId('notification-popover').getByTestId('notification-item').filter({ hasText: title }).first().waitFor();
    await manager.keyboard.press('Escape');

    // My approvals: the request is waiting; open it and approve.
    await manager.goto('/approvals');
    const row = manager.getByTestId('inbox-table').locator('.ant-table-row').filter({ hasText: title });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('¥1,234.50');
    await row.getByRole('link', { name: title }).click();
    await manager.waitForURL(/\/approvals\/[0-9a-f-]{36}$/);
    // A reason is required to reject: an empty reason is refused on the form.
    await manager.getByTestId('reject').first().click();
    await manager.locator('#confirm-action').click();
    await manager.locator('.ant-form-item-explain-error').filter({ hasText: 'a reason is required' }).waitFor();
    await manager.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await manager.getByTestId('approve').first().click();
    await manager.getByTestId('action-comment').fill('Fine, go ahead.');
    await manager.locator('#confirm-action').click();
    await manager.getByTestId('approval-status').filter({ hasText: 'Approved' }).waitFor();
    await expect(manager.getByTestId('approve').count()).resolves.toBe(0);

    // The rep is notified (bell, live) and finds the request approved, with the whole history.
    await expect.poll(() => unreadCount(rep), { timeout: 20_000 }).toBeGreaterThan(0);
    await rep.getByTestId('notification-bell').click();
    const note = rep.getByTestId('notification-popover').getByTestId('notification-item').filter({ hasText: `Approved:` }).filter({ hasText: title }).first();
    await note.waitFor();
    await note.click();
    await rep.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    await rep.getByTestId('request-status').filter({ hasText: 'Approved' }).waitFor();
    const events = rep.getByTestId('history-event');
    await events.filter({ hasText: 'Approved' }).waitFor();
    await expect(events.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual(['submit', 'approve']);
    await expect(events.filter({ hasText: 'Approved' }).innerText()).resolves.toContain('Fine, go ahead.');
    // The attachment previews and downloads for whoever may read the request.
    const download = await rep.evaluate(async () => {
      const id = document.querySelector('[data-testid="attachments"] a[href$="/download"]')?.getAttribute('href');
      const res = await fetch(id!);
      return { status: res.status, disposition: res.headers.get('content-disposition') };
    });
    expect(download.status).toBe(200);
    expect(download.disposition).toContain("filename*=UTF-8''");

    expectNoAppErrors(repErrors);
    expectNoAppErrors(managerErrors);
  }, 180_000);

  it("the leader's board shows an overdue task per person, and the task list highlights it", async () => {
    await manager.goto('/tasks/board');
    const board = manager.getByTestId('task-board');
    await board.locator('.ant-table-row').first().waitFor();
    const overdue = await board.getByTestId('board-overdue').allInnerTexts();
    expect(overdue.map(Number).some((n) => n > 0)).toBe(true);
    // The person with most overdue tasks comes first (sorted by overdue); their list shows the overdue ones.
    await board.locator('.ant-table-row').first().getByRole('link').click();
    await manager.waitForURL(/\/tasks\?assigneeId=/);
    await manager.getByTestId('tasks-table').getByTestId('overdue').first().waitFor();
    expectNoAppErrors(managerErrors);
  }, 120_000);
});
