import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless; no browser download. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A fresh browser profile (no cookies, no localStorage) that prefers English, as a first-time visitor would. */
export async function newContext(browser: Browser, baseURL: string, viewport = { width: 1440, height: 900 }): Promise<BrowserContext> {
  // Reduced motion: the app then turns antd's animations off, so a click never lands on a
  // dialog or drop-down that is still zooming in (the source of most flaky clicks in CI).
  const context = await browser.newContext({ baseURL, locale: 'en-US', viewport, timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Collects uncaught page errors and console errors, so a test can assert the app ran clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Chooses an option in an antd Select / TreeSelect (`field` is its search input, e.g.
 * getByLabel('Roles')). The input sits under the shown value, hence force; the newest
 * open popup is the one for this field (a multiple select stays open after a choice).
 */
export async function chooseOption(page: Page, field: Locator, optionText: string | RegExp): Promise<void> {
  // On a loaded machine a click can land while the modal around the select is still
  // animating in and the dropdown does not open: try again, a few times.
  const popup = page.locator('.ant-select-dropdown:visible').last();
  const option = popup.locator('.ant-select-item-option, .ant-select-tree-treenode').filter({ hasText: optionText }).first();
  for (let attempt = 1; ; attempt++) {
    // Click again only while this select is closed (a second click would close it while its options load).
    if (attempt === 1 || (await field.getAttribute('aria-expanded')) !== 'true') await field.click({ force: true });
    try {
      await option.click({ timeout: attempt < 3 ? 8_000 : 15_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-form').locator('input#email').fill(email);
  await page.getByTestId('login-form').locator('input#password').fill(password);
  await page.getByTestId('login-form').locator('button[type=submit]').click();
  await page.getByTestId('greeting').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  // On a loaded machine the user menu has closed under the click (its item "not stable", then
  // "not visible"), and once the sign-out was chosen with no sign-in page after 15 s. As a user
  // would, the menu is opened and chosen again while the user is still signed in (signing out
  // twice is harmless); short waits per try, one deadline for all.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await page.getByTestId('user-menu').click({ timeout: 5_000 });
      await page.getByTestId('sign-out').click({ timeout: 5_000 });
      await page.getByTestId('login-form').waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (await page.getByTestId('login-form').isVisible()) return;
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
}
