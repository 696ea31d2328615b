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
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name }).click();
  // The whole page re-renders in the new language (and refetches server-translated texts): slow on a loaded machine.
  await page.locator('html').and(page.locator(`[lang="${name === 'English' ? 'en' : 'zh-CN'}"]`)).waitFor({ timeout: 30_000 });
}

/** Errors the app itself raised; a failed fetch's console line (401 on the sign-in probe) is the browser's, not ours. */
export function appErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource/.test(e));
}

export function expectNoAppErrors(errors: string[]): void {
  expect(appErrors(errors)).toEqual([]);
}
