import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** The texts of the side menu's entries (groups and pages), in order. */
export async function menuTexts(page: Page): Promise<string[]> {
  await page.getByTestId('nav-item').first().waitFor();
  const texts = await page.locator('[data-testid="nav-item"], [data-testid="nav-group"]').allInnerTexts();
  return texts.map((t) => t.trim()).filter(Boolean);
}

/** Picks a language in the header's (or the sign-in page's) language switch. */
export async function switchLanguage(page: Page, name: 'English' | '简体中文'): Promise<void> {
  const lang = name === 'English' ? 'en' : 'zh-CN';
  const html = () => page.evaluate(() => document.documentElement.lang);
  // Open the menu and pick the language, as a user would; if the page has not switched after a
  // while (a click taken by a re-render or an animation on a loaded machine: CI saw the menu item
  // never become stable), the user picks again. Picking the language already chosen is harmless.
  // A plain loop, not expect.poll: this runs in beforeAll hooks too, where vitest refuses expect.poll.
  // Always pick once (the pick saves the language for the user), then again while the page has not switched.
  const deadline = Date.now() + 60_000;
  for (let first = true; first || (await html()) !== lang; first = false) {
    if (Date.now() > deadline) throw new Error(`the page did not switch to ${name} within 60 s (html lang is "${await html()}")`);
    try {
      await page.getByTestId('language-switch').click({ timeout: 5_000 });
      await page.getByRole('menuitem', { name }).click({ timeout: 5_000 });
      // The whole page re-renders in the new language (and refetches server-translated texts): slow on a loaded machine.
      await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 15_000 });
    } catch {
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
}

/**
 * Clicks a dialog's button until the dialog is gone, as a user would click again: on a loaded
 * machine CI saw a click land while the dialog was still zooming in, and the dialog stay open.
 * A second click on a button that is busy (loading) does nothing; the dialog closes once its
 * action is done. A plain loop with one 60 s deadline (usable in hooks, unlike expect.poll).
 */
export async function clickUntilGone(button: Locator, gone: Locator): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await gone.count()) > 0 && (await gone.first().isVisible())) {
    if (Date.now() > deadline) throw new Error('the dialog is still open after 60 s of clicking its button');
    await button.click({ timeout: 5_000 }).catch(() => undefined);
    await gone.first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }
}

/** Errors the app itself raised; a failed fetch's console line (401 on the sign-in probe) is the browser's, not ours. */
export function appErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource/.test(e));
}

export function expectNoAppErrors(errors: string[]): void {
  expect(appErrors(errors)).toEqual([]);
}
