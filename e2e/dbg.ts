import { launchBrowser, newContext, signIn } from './helpers/browser';
const browser = await launchBrowser();
const ctx = await newContext(browser, 'http://127.0.0.1:3200');
const page = await ctx.newPage();
const seen = new Set<string>();
page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') { const k = m.text().slice(0, 300); if (!seen.has(k)) { seen.add(k); console.log(m.type(), k); } } });
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
await signIn(page, 'admin@example.com', 'Tr0ub4dor-horse-42');
for (const p of ['/admin/users', '/admin/departments', '/admin/roles', '/admin/audit', '/admin/settings', '/profile', '/people']) {
  console.log('--', p);
  await page.goto(p);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
}
await page.goto('/admin/users');
await page.getByTestId('create-user').click();
await page.waitForTimeout(800);
await page.keyboard.press('Escape');
await page.locator('[data-testid^="more-"]').nth(1).click();
await page.getByRole('menuitem').first().click();
await page.waitForTimeout(800);
await page.keyboard.press('Escape');
await page.goto('/admin/departments');
await page.locator('.ant-table-row a').first().click();
await page.waitForTimeout(800);
await page.goto('/profile');
await page.getByTestId('new-token').click();
await page.waitForTimeout(800);
await browser.close();
