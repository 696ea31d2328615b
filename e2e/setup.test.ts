import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors } from './helpers/app';
import { launchBrowser, newContext, watchErrors } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

describe('first run in the browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an empty data directory shows the setup page; it creates the admin and lands on the home page', async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // Any address leads to setup while no admin exists.
    await page.goto('/admin/users');
    await page.waitForURL('**/setup');
    const form = page.getByTestId('setup-form');
    await expect(form.getByLabel('Company name').inputValue()).resolves.toBe('');
    await form.getByLabel('Company name').fill('Acme Trading Co.');
    // The defaults DESIGN.md asks for.
    await expect(form.locator('.ant-select-selection-item').allInnerTexts()).resolves.toEqual(expect.arrayContaining(['English', 'Asia/Shanghai', expect.stringMatching(/^CNY/)]));
    await form.getByLabel('Email', { exact: true }).fill('owner@acme.example');
    await form.getByLabel('Name', { exact: true }).fill('Ada Owner');
    await form.getByLabel('Password', { exact: true }).fill('short');
    await form.getByLabel('Confirm password').fill('different');
    await form.locator('button[type=submit]').click();
    // Client-side checks speak first: nothing is sent yet.
    await form.getByText('At least 10 characters', { exact: true }).waitFor();
    await form.getByText('The two passwords differ').waitFor();

    await form.getByLabel('Password', { exact: true }).fill('Tidy-Ledger-Morning-42');
    await form.getByLabel('Confirm password').fill('Tidy-Ledger-Morning-42');
    await form.locator('button[type=submit]').click();

    await page.getByTestId('greeting').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByTestId('greeting').innerText()).resolves.toMatch(/^Good (morning|afternoon|evening), Ada Owner$/);
    await expect(page.getByTestId('card-welcome').innerText()).resolves.toContain('Administrator');
    // The header names the company that setup created.
    await expect(page.locator('.ant-pro-global-header-logo, .ant-pro-layout-header').first().innerText()).resolves.toContain('Acme Trading Co.');

    // Setup is closed now, and the admin stays signed in across a reload.
    const status = await (await fetch(`${server.url}/api/v1/setup`)).json();
    expect(status).toEqual({ needed: false });
    await page.goto('/setup');
    await page.getByTestId('greeting').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    expectNoAppErrors(errors);
    await context.close();
  });
});
