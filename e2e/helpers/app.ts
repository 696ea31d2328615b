import { expect } from 'vitest';
import type { Page } from 'playwright-core';

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
  await expect
    .poll(
      async () => {
        if ((await html()) === lang) return lang;
        try {
          await page.getByTestId('language-switch').click({ timeout: 5_000 });
          await page.getByRole('menuitem', { name }).click({ timeout: 5_000 });
          // The whole page re-renders in the new language (and refetches server-translated texts): slow on a loaded machine.
          await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 15_000 });
        } catch {
          await page.keyboard.press('Escape').catch(() => undefined);
        }
        return html();
      },
      { timeout: 60_000, interval: 100 },
    )
    .toBe(lang);
}

/** Errors the app itself raised; a failed fetch's console line (401 on the sign-in probe) is the browser's, not ours. */
export function appErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource/.test(e));
}

export function expectNoAppErrors(errors: string[]): void {
  expect(appErrors(errors)).toEqual([]);
}
