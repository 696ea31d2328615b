import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAppErrors } from './helpers/app';
import { chooseOption, launchBrowser, newContext, signIn, watchErrors } from './helpers/browser';
import { repoRoot, startServer, type RunningServer } from './helpers/server';

const ADMIN = { email: 'admin@archive.example', password: 'Granite-Willow-Heron-63' };
const PASSWORD = 'Silver-Canal-Pagoda-47';
const ASSISTANT = { email: 'assistant@archive.example', displayName: 'Lin Assistant' };
const REP_GRANTED = { email: 'rita.rep@archive.example', displayName: 'Rita Granted' };
const REP_OTHER = { email: 'bob.rep@archive.example', displayName: 'Bob Other' };

/** A phrase from inside the contract PDF, and a part of it to search by (any substring of Chinese text is found). */
const PHRASE = '约定交货地点为苏州工业园区星湖街328号';
const SEARCH = '苏州工业园区星湖街';
const PDF_NAME = '供货合同-苏州.pdf';
const NOTE_NAME = 'delivery-note.txt';
const FONT = path.join(repoRoot, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** A Chinese contract as a real PDF (pdfkit with Noto Sans SC), with the phrase in its text. */
function chineseContractPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', FONT).font('cjk');
    doc.fontSize(18).text('工业品买卖合同', { align: 'center' });
    doc.moveDown().fontSize(11);
    doc.text('甲方（买方）：苏州星湖精密机械有限公司');
    doc.text('乙方（卖方）：上海明辉贸易有限公司');
    doc.text(`第三条 交货：${PHRASE}，乙方负责运输。`);
    doc.text('Article 3 Delivery: the seller delivers to Suzhou Industrial Park.');
    doc.end();
  });
}

/** A signed-in API caller, to set the stage without the demo seed (a department and its people). */
async function apiSession(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json();
  return async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, 'idempotency-key': crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

/** Signs in a person in a fresh browser profile. */
async function personPage(browser: Browser, url: string, email: string): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await newContext(browser, url);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, email, PASSWORD);
  return { ctx, page, errors };
}

/** Runs a search from the archive page's one search box; resolves once the table shows the answer to it. */
async function search(page: Page, q: string) {
  await page.goto('/archive/documents');
  const input = page.getByTestId('archive-search-input');
  await input.fill(q);
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/archive/documents?') && decodeURIComponent(r.url()).includes(q) && r.status() === 200);
  await input.press('Enter');
  await answered;
  await expect.poll(() => page.getByTestId('archive-table').locator('.ant-spin-spinning').count()).toBe(0);
}

const totalShown = async (page: Page) => Number(await page.getByTestId('archive-total').getAttribute('data-total'));

describe('the archive in the browser: a confidential Chinese contract, found, granted, watermarked, and invisible to others', () => {
  let server: RunningServer;
  let browser: Browser;
  let assistant: { ctx: BrowserContext; page: Page; errors: string[] };
  let documentId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }), launchBrowser()]);
    const admin = await apiSession(server.url, ADMIN.email, ADMIN.password);
    const dept = await admin<{ id: string }>('POST', '/api/v1/departments', { name: 'East China sales' });
    for (const [u, role] of [
      [ASSISTANT, 'assistant'],
      [REP_GRANTED, 'rep'],
      [REP_OTHER, 'rep'],
    ] as const) {
      await admin('POST', '/api/v1/users', { ...u, password: PASSWORD, roles: [role], departmentId: dept.id, locale: 'en' });
    }
    assistant = await personPage(browser, server.url, ASSISTANT.email);
  }, 300_000);

  afterEach(async (c) => {
    if (c.task.result?.state === 'fail') {
      const file = path.join(os.tmpdir(), `salesdesk-e2e-archive-${c.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`);
      await assistant?.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      console.error(`screenshot of the failure: ${file}\n${server.output().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the assistant drops a Chinese contract PDF, a delivery note and an empty file: two are filed, the empty one is refused with its reason', async () => {
    const { page } = assistant;
    await page.goto('/archive/upload');
    await page.getByTestId('archive-dropzone').locator('input[type=file]').setInputFiles([
      { name: PDF_NAME, mimeType: 'application/pdf', buffer: await chineseContractPdf() },
      { name: NOTE_NAME, mimeType: 'text/plain', buffer: Buffer.from(`送货单：货物已送达，${PHRASE}。\nDelivery note for the Suzhou order.\n`, 'utf8') },
      { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
    ]);
    await expect.poll(() => page.getByTestId('upload-row').count()).toBe(3);
    await chooseOption(page, page.getByTestId('upload-form').locator('#typeCode'), 'Contract');
    await page.getByTestId('upload-form').locator('#counterparty').fill('苏州星湖精密机械有限公司');
    await page.getByTestId('upload-submit').click();

    const row = (name: string) => page.locator(`[data-testid="upload-row"][data-name="${name}"]`);
    await expect.poll(() => row(PDF_NAME).getAttribute('data-state'), { timeout: 30_000 }).toBe('filed');
    await expect.poll(() => row(NOTE_NAME).getAttribute('data-state'), { timeout: 30_000 }).toBe('filed');
    await expect.poll(() => row('empty.pdf').getAttribute('data-state'), { timeout: 30_000 }).toBe('refused');
    expect(await row('empty.pdf').getByTestId('upload-error').innerText()).toBe('The file is empty.');
    await page.getByTestId('upload-partly').waitFor();

    await row(PDF_NAME).getByTestId('upload-filed-link').click();
    await page.waitForURL(/\/archive\/documents\/[0-9a-f-]{36}$/);
    documentId = page.url().split('/').pop()!;
    expect(await page.getByTestId('doc-title').innerText()).toBe('供货合同-苏州');
    expect(await page.getByTestId('doc-type-text').innerText()).toBe('Contract');
    // The text is read in the background; the page follows it until it is done.
    await expect.poll(() => page.getByTestId('extraction-card').getByTestId('extraction-status').getAttribute('data-value'), { timeout: 60_000 }).toBe('done');
    await page.getByTestId('preview-frame').waitFor();
    expectNoAppErrors(assistant.errors);
  });

  it('she finds it by a Chinese phrase from inside the PDF, the match highlighted', async () => {
    const { page } = assistant;
    await search(page, SEARCH);
    const hit = page.locator(`[data-testid="archive-hit"][data-id="${documentId}"]`);
    await hit.waitFor();
    expect(await hit.getByTestId('archive-snippet').innerText()).toContain(PHRASE);
    expect(await hit.getByTestId('archive-mark').first().innerText()).toBe(SEARCH);
    // The delivery note says the same: both are found.
    expect(await totalShown(page)).toBe(2);
    expect(await page.getByTestId('archive-hit').count()).toBe(2);
    // The same list as a spreadsheet: the shown search, both documents.
    await page.getByTestId('archive-export').hover();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toContain('DOC-');
  });

  it('she marks it confidential and grants it to one rep; the grant is listed', async () => {
    const { page } = assistant;
    await page.goto(`/archive/documents/${documentId}`);
    await page.getByTestId('access-card').waitFor();
    await page.getByTestId('level-confidential').click();
    await expect.poll(() => page.getByTestId('doc-heading').getByTestId('confidentiality').getAttribute('data-value')).toBe('confidential');
    await chooseOption(page, page.getByTestId('grant-user').locator('input'), REP_GRANTED.displayName);
    await page.getByTestId('grant-submit').click();
    await expect.poll(() => page.getByTestId('grant-row').allInnerTexts()).toEqual([expect.stringContaining(REP_GRANTED.displayName)]);
    expectNoAppErrors(assistant.errors);
  });

  it('another rep gets nothing: the page is a 404, the download URL a 404, the search has no hit and does not count it', async () => {
    const other = await personPage(browser, server.url, REP_OTHER.email);
    try {
      await other.page.goto(`/archive/documents/${documentId}`);
      await other.page.locator('.ant-result-404').waitFor();
      expect(await other.page.getByTestId('document-page').count()).toBe(0);
      for (const suffix of ['', '/download', '/preview', '/versions/1/download', '/versions']) {
        const res = await other.page.request.get(`/api/v1/archive/documents/${documentId}${suffix}`);
        expect(res.status(), suffix).toBe(404);
      }
      await search(other.page, SEARCH);
      // The delivery note (internal, of their department) is found; the contract is not, and is not counted.
      expect(await totalShown(other.page)).toBe(1);
      expect(await other.page.locator(`[data-testid="archive-hit"][data-id="${documentId}"]`).count()).toBe(0);
      expect(await other.page.getByTestId('archive-hit').count()).toBe(1);
    } finally {
      await other.ctx.close();
    }
  });

  it("the granted rep reads it; the download carries the watermark with the rep's name", async () => {
    const rep = await personPage(browser, server.url, REP_GRANTED.email);
    try {
      await search(rep.page, SEARCH);
      await rep.page.locator(`[data-testid="archive-hit"][data-id="${documentId}"]`).getByTestId('archive-hit-link').click();
      await rep.page.getByTestId('document-page').waitFor();
      // Not the owner: no access controls, no history.
      expect(await rep.page.getByTestId('access-card').count()).toBe(0);
      const href = await rep.page.getByTestId('doc-download').getAttribute('href');
      const res = await rep.page.request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()['x-watermarked']).toBe('true');
      const pdf = await getDocumentProxy(new Uint8Array(await res.body()));
      const { text } = await extractText(pdf, { mergePages: true });
      expect(text).toContain(REP_GRANTED.displayName);
      expect(text).toContain('工业品买卖合同');
      expectNoAppErrors(rep.errors);
    } finally {
      await rep.ctx.close();
    }
  });

  it('the access history shows the grant, the watermarked download, and the refused attempts', async () => {
    const { page } = assistant;
    await page.goto(`/archive/documents/${documentId}`);
    const history = page.getByTestId('access-history');
    await history.getByTestId('history-entry').first().waitFor();
    const entries = async () => (await history.getByTestId('history-entry').allInnerTexts()).map((s) => s.replace(/\s+/g, ' '));
    await expect.poll(entries).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Access granted → ${REP_GRANTED.displayName} — ${ASSISTANT.displayName}`)),
        expect.stringMatching(new RegExp(`^Downloaded version 1 watermarked — ${REP_GRANTED.displayName}`)),
        expect.stringMatching(new RegExp(`^Refused — ${REP_OTHER.displayName}`)),
        expect.stringMatching(/^Confidentiality changed → Confidential/),
      ]),
    );
    expectNoAppErrors(assistant.errors);
  });

  it('an edit of details someone else changed meanwhile shows the conflict, and the latest details reload', async () => {
    const { page } = assistant;
    await page.goto(`/archive/documents/${documentId}`);
    await page.getByTestId('doc-edit').click();
    const form = page.getByTestId('doc-edit-form');
    await form.locator('#counterparty').waitFor();
    // Someone else saves first (the same assistant in another tab: the API with the version read).
    const herApi = await apiSession(server.url, ASSISTANT.email, PASSWORD);
    const doc = await herApi<{ version: number }>('GET', `/api/v1/archive/documents/${documentId}`);
    await herApi('PATCH', `/api/v1/archive/documents/${documentId}`, { counterparty: '苏州星湖精密机械股份有限公司', version: doc.version });
    await form.locator('#notes').fill('原件存档案室 1');
    await page.getByTestId('doc-edit-save').click();
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => form.locator('#counterparty').inputValue()).toBe('苏州星湖精密机械股份有限公司');
    await form.locator('#notes').fill('原件存档案室 1');
    await page.getByTestId('doc-edit-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('document-page').innerText()).toContain('原件存档案室 1');
    expectNoAppErrors(assistant.errors);
  });

  // ---- the paper register: a paper original registered, labelled, lent, reminded, returned, found in a stocktake.

  let paperId = '';
  let paperNumber = '';

  it('the assistant sets up a room with a cabinet and registers the paper original there, linked to its electronic copy', async () => {
    const { page } = assistant;
    await page.goto('/archive/locations');
    await page.getByTestId('location-create').click();
    const form = page.getByTestId('location-form');
    await form.locator('#name').fill('档案室 1');
    await form.locator('#code').fill('R1');
    await page.getByTestId('location-save').click();
    await page.getByTestId('location-name').filter({ hasText: '档案室 1' }).waitFor();
    await page.locator('tr', { hasText: '档案室 1' }).getByTestId('location-more').click();
    await page.getByTestId('location-add-child').click();
    await form.locator('#name').fill('Cabinet A');
    await form.locator('#code').fill('R1-A');
    await page.getByTestId('location-save').click();
    await page.getByTestId('location-name').filter({ hasText: 'Cabinet A' }).waitFor();

    await page.goto('/archive/paper');
    await page.getByTestId('paper-register').click();
    const paper = page.getByTestId('paper-form');
    await paper.locator('#title').fill('工业品买卖合同（原件）');
    await chooseOption(page, paper.locator('#locationId'), 'Cabinet A');
    await chooseOption(page, page.getByTestId('paper-document-select').locator('input'), /供货合同-苏州/);
    await page.getByTestId('paper-save').click();
    await page.waitForURL(/\/archive\/paper\/[0-9a-f-]{36}$/);
    paperId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('paper-heading').getByTestId('paper-status').getAttribute('data-value')).toBe('in_place');
    paperNumber = (await page.getByTestId('paper-heading').innerText()).trim().split(/\s+/)[0];
    expect(paperNumber).toMatch(/^PAP-\d{4}-\d{5}$/);
    expect(await page.getByTestId('paper-location').innerText()).toBe('档案室 1 / Cabinet A');
    expectNoAppErrors(assistant.errors);
  });

  it('its label sheet is a PDF naming it', async () => {
    const { page } = assistant;
    const href = await page.getByTestId('paper-label').getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const body = await res.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
    expect(text).toContain(paperNumber);
  });

  it('it is lent to the granted rep until today, who is reminded on her home page; it comes back', async () => {
    const { page } = assistant;
    await page.getByTestId('paper-checkout').click();
    const form = page.getByTestId('paper-action-form');
    await chooseOption(page, form.locator('#borrowerId'), REP_GRANTED.displayName);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await form.locator('#dueOn').fill(today);
    await form.locator('#dueOn').press('Enter');
    await page.getByTestId('paper-action-save').click();
    await expect.poll(() => page.getByTestId('paper-heading').getByTestId('paper-status').getAttribute('data-value')).toBe('lent');
    expect(await page.getByTestId('paper-due').innerText()).toBe(today);

    const rep = await personPage(browser, server.url, REP_GRANTED.email);
    try {
      const reminders = rep.page.getByTestId('section-reminders');
      await expect.poll(() => reminders.innerText(), { timeout: 30_000 }).toContain(paperNumber);
      // The reminder leads to the original's page.
      await reminders.getByText(paperNumber).first().click();
      await rep.page.waitForURL(`**/archive/paper/${paperId}`);
      await rep.page.getByTestId('paper-page').waitFor();
      expectNoAppErrors(rep.errors);
    } finally {
      await rep.ctx.close();
    }

    await page.reload();
    await page.getByTestId('paper-checkin').click();
    await page.getByTestId('paper-action-form').waitFor();
    await page.getByTestId('paper-action-save').click();
    await expect.poll(() => page.getByTestId('paper-heading').getByTestId('paper-status').getAttribute('data-value')).toBe('in_place');
    await expect.poll(() => page.getByTestId('paper-movement').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['checkin', 'checkout', 'register']);
    expectNoAppErrors(assistant.errors);
  });

  it('a stocktake of the room finds it by its scanned label and reports another original as missing', async () => {
    const { page } = assistant;
    // A second original in the cabinet (filed by her, through the API), never scanned: the stocktake must report it missing.
    const herApi = await apiSession(server.url, ASSISTANT.email, PASSWORD);
    const locations = await herApi<{ items: { id: string; code: string }[] }>('GET', '/api/v1/archive/locations');
    const cabinet = locations.items.find((l) => l.code === 'R1-A')!;
    const lost = await herApi<{ number: string }>('POST', '/api/v1/archive/paper', { title: 'Licence original', typeCode: 'licence', locationId: cabinet.id });

    await page.goto('/archive/stocktakes');
    await page.getByTestId('stocktake-start').click();
    await chooseOption(page, page.locator('.ant-modal').locator('#locationId'), '档案室 1');
    await page.getByTestId('stocktake-start-save').click();
    await page.waitForURL(/\/archive\/stocktakes\/[0-9a-f-]{36}$/);
    const scan = page.getByTestId('stocktake-scan').locator('input');
    // What a scanner types: the QR code's text, then Enter.
    await scan.fill(`${paperNumber} /archive/paper/${paperId}`);
    await scan.press('Enter');
    await expect.poll(() => page.locator(`[data-testid="stocktake-line"][data-code="${paperNumber}"]`).getAttribute('data-result')).toBe('found');
    expect(await page.getByTestId('stocktake-last-scan').innerText()).toContain('Found');

    await page.getByTestId('stocktake-finish').click();
    await page.getByTestId('stocktake-finish-ok').click();
    await expect.poll(() => page.getByTestId('stocktake-heading').getAttribute('data-status')).toBe('finished');
    expect(await page.locator(`[data-testid="stocktake-line"][data-code="${paperNumber}"]`).getAttribute('data-result')).toBe('found');
    expect(await page.locator(`[data-testid="stocktake-line"][data-code="${lost.number}"]`).getAttribute('data-result')).toBe('missing');
    expect((await page.getByTestId('stocktake-missing').innerText()).replace(/\D/g, '')).toBe('1');
    expectNoAppErrors(assistant.errors);
  });
});
