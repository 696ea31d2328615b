/**
 * Screenshots of the archive pages in English and Chinese, wide and tablet, for looking at
 * what was built: `npx tsx e2e/archive-screens.ts [outDir] [name-filter]` (default
 * /tmp/archive-screens). Starts its own server and files a few documents through the API.
 * Not part of the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Page } from 'playwright-core';
import { launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { repoRoot, startServer } from './helpers/server';

const outDir = path.resolve(process.argv[2] ?? '/tmp/archive-screens');
const only = process.argv[3];
fs.mkdirSync(outDir, { recursive: true });
const ADMIN = { email: 'admin@screens.example', password: 'Correct-Horse-Battery-9' };
const FONT = path.join(repoRoot, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

function pdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.registerFont('cjk', FONT).font('cjk').fontSize(12);
    for (const l of lines) doc.text(l);
    doc.end();
  });
}

async function session(base: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json();
  const headers = () => ({ cookie, 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() });
  return {
    async json<T>(method: string, p: string, body?: unknown): Promise<T> {
      const res = await fetch(`${base}${p}`, { method, headers: { ...headers(), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    },
    async upload(name: string, content: Buffer, metadata: unknown): Promise<{ items: { id: string }[] }> {
      const form = new FormData();
      form.append('metadata', JSON.stringify(metadata));
      form.append('file', new Blob([new Uint8Array(content)]), name);
      const res = await fetch(`${base}/api/v1/archive/documents`, { method: 'POST', headers: headers(), body: form });
      if (!res.ok) throw new Error(`upload ${name}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items: { id: string }[] }>;
    },
  };
}

async function shot(page: Page, name: string) {
  if (only && !name.includes(only)) return;
  // A loaded machine may keep a connection open (the PDF viewer): a screenshot after 15 s is still useful.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(500);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log('wrote', file);
}

const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
const browser = await launchBrowser();
try {
  const api = await session(server.url);
  const customer = await api.json<{ id: string }>('POST', '/api/v1/customers', { name: '苏州星湖精密机械有限公司' });
  const root = await api.json<{ id: string }>('POST', '/api/v1/archive/categories', { nameEn: 'Sales', nameZh: '销售' });
  const sub = await api.json<{ id: string }>('POST', '/api/v1/archive/categories', { nameEn: 'Contracts 2026', nameZh: '2026 年合同', parentId: root.id });
  await api.json('POST', '/api/v1/archive/categories', { nameEn: 'Correspondence', nameZh: '往来函件' });
  const contract = await api.upload(
    '供货合同-苏州.pdf',
    await pdf(['工业品买卖合同', '甲方：苏州星湖精密机械有限公司', '第三条 交货：约定交货地点为苏州工业园区星湖街328号。', 'Article 3 Delivery: Suzhou Industrial Park.']),
    { typeCode: 'contract', categoryId: sub.id, tags: ['框架协议', '2026'], documentDate: '2026-03-01', counterparty: '苏州星湖精密机械有限公司', customerIds: [customer.id], confidentiality: 'confidential' },
  );
  await api.upload('delivery-note.txt', Buffer.from('送货单：约定交货地点为苏州工业园区。Delivery note.\n'), { typeCode: 'correspondence', documentDate: '2012-05-01', customerIds: [customer.id] });
  await api.upload('old-quotation.pdf', await pdf(['Quotation 2019', '报价单']), { typeCode: 'quotation', documentDate: '2019-01-10', tags: ['报价'] });
  const docId = contract.items[0].id;
  let paper = false;
  let stocktakeId = '';
  try {
    const room = await api.json<{ id: string }>('POST', '/api/v1/archive/locations', { kind: 'room', name: '档案室 1', code: 'R1' });
    const cab = await api.json<{ id: string }>('POST', '/api/v1/archive/locations', { kind: 'cabinet', name: 'Cabinet A', code: 'R1-A', parentId: room.id });
    const box = await api.json<{ id: string }>('POST', '/api/v1/archive/locations', { kind: 'box', name: 'Box 3', code: 'R1-A-3', parentId: cab.id });
    await api.json('POST', '/api/v1/archive/paper', { title: '供货合同（原件）', typeCode: 'contract', documentId: docId, locationId: box.id });
    const licence = await api.json<{ number: string }>('POST', '/api/v1/archive/paper', { title: 'Licence original', typeCode: 'licence', customerId: customer.id, locationId: box.id });
    await api.json('POST', '/api/v1/archive/paper', { title: '报价单原件', typeCode: 'quotation', locationId: cab.id });
    const st = await api.json<{ id: string }>('POST', '/api/v1/archive/stocktakes', { locationId: room.id });
    await api.json('POST', `/api/v1/archive/stocktakes/${st.id}/scans`, { code: licence.number });
    await api.json('POST', `/api/v1/archive/stocktakes/${st.id}/scans`, { code: 'PAP-1999-00001' });
    stocktakeId = st.id;
    paper = true;
  } catch (e) {
    console.log('no paper register yet:', (e as Error).message.slice(0, 200));
  }

  for (const [vpName, viewport] of Object.entries({ desktop: { width: 1440, height: 900 }, tablet: { width: 820, height: 1180 } })) {
    for (const [lang, locale] of Object.entries({ en: 'en', zh: 'zh-CN' })) {
      const tag = `${lang}-${vpName}`;
      const ctx = await newContext(browser, server.url, viewport);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.evaluate(async (l) => {
        const me = await (await fetch('/api/v1/me')).json();
        await fetch('/api/v1/me', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ locale: l }) });
        localStorage.setItem('salesdesk.locale', l);
      }, locale);
      await page.goto('/archive/documents?q=苏州工业园');
      await page.getByTestId('archive-hit').first().waitFor();
      await shot(page, `archive-search-${tag}`);
      await page.goto('/archive/upload');
      await page.getByTestId('archive-dropzone').locator('input[type=file]').setInputFiles([
        { name: 'scan.pdf', mimeType: 'application/pdf', buffer: await pdf(['scan']) },
        { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      ]);
      await shot(page, `archive-upload-${tag}`);
      await page.getByTestId('upload-submit').click();
      await page.locator('[data-testid="upload-row"][data-state="refused"]').waitFor();
      await page.locator('[data-testid="upload-row"][data-state="filed"]').waitFor();
      await shot(page, `archive-upload-done-${tag}`);
      await page.goto(`/archive/documents/${docId}`);
      await page.getByTestId('access-history').getByTestId('history-entry').first().waitFor();
      await shot(page, `archive-document-${tag}`);
      await page.getByTestId('doc-edit').click();
      await page.getByTestId('doc-edit-form').waitFor();
      await shot(page, `archive-document-edit-${tag}`);
      await page.keyboard.press('Escape');
      await page.goto('/archive/types');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `archive-types-${tag}`);
      await page.goto('/archive/categories');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `archive-categories-${tag}`);
      await page.goto('/archive/retention');
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, `archive-retention-${tag}`);
      await page.goto(`/customers/${customer.id}?tab=documents`);
      await page.getByTestId('documents-card').waitFor();
      await shot(page, `archive-customer-card-${tag}`);
      if (paper) {
        await page.goto('/archive/locations');
        await page.locator('.ant-table-row').first().waitFor();
        await shot(page, `archive-locations-${tag}`);
        await page.goto('/archive/paper');
        await page.getByTestId('paper-link').first().waitFor();
        await shot(page, `archive-paper-${tag}`);
        await page.getByTestId('paper-link').first().click();
        await page.getByTestId('paper-page').waitFor();
        await shot(page, `archive-paper-item-${tag}`);
        await page.getByTestId('paper-checkout').click();
        await page.getByTestId('paper-action-form').waitFor();
        await shot(page, `archive-paper-checkout-${tag}`);
        await page.keyboard.press('Escape');
        await page.goto('/archive/stocktakes');
        await page.getByTestId('stocktake-link').first().waitFor();
        await shot(page, `archive-stocktakes-${tag}`);
        await page.goto(`/archive/stocktakes/${stocktakeId}`);
        await page.getByTestId('stocktake-line').first().waitFor();
        await shot(page, `archive-stocktake-${tag}`);
      }
      if (errors.length) console.log(`errors in ${tag}:\n  ${errors.join('\n  ')}`);
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
