import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rowCounts } from '../helpers/sql';
import { buildZip, docxParts, multipart, tinyPdf, tinyPng } from './support/fixtures';

/**
 * Uploads through POST /api/v1/files as a signed-in user: hostile files are refused
 * with a clear 4xx naming the field and leave nothing behind (no row, no stored
 * content, no temporary file); accepted ones are stored by what their bytes are,
 * served so that a browser never runs them, and readable only under the record rule.
 */

// Each test file runs in its own process: upload temporaries go to a folder of ours, to prove nothing is left there.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-files-test-'));
const uploadTmp = path.join(root, 'tmp');
fs.mkdirSync(uploadTmp);
process.env.TMPDIR = uploadTmp;

const LIMIT = 2 * 1024 * 1024;
const FILE_TABLES = ['files', 'file_blobs', 'file_links', 'file_blob_chunks'] as const;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

interface World {
  t: TestApp;
  dataDir: string;
  repA: Session;
  repB: Session;
  manager: Session;
  admin: Session;
}

async function makeWorld(store: 'disk' | 'db'): Promise<World> {
  const dataDir = path.join(root, `data-${store}`);
  const t = await createTestApp({ dataDir, fileStore: store, uploadLimitBytes: LIMIT });
  const hq = await makeDepartment(t, 'HQ');
  const sales = await makeDepartment(t, 'Sales', hq);
  const m = await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager Wang' });
  const a = await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep A' });
  const b = await makeUser(t, ['rep'], { departmentId: sales, managerId: m.id, name: 'Rep B' });
  const ad = await makeUser(t, ['admin'], { departmentId: hq });
  return { t, dataDir, repA: await signIn(t.app, a.email), repB: await signIn(t.app, b.email), manager: await signIn(t.app, m.email), admin: await signIn(t.app, ad.email) };
}

function upload(s: Session, file: { name: string; data: Buffer; type?: string }, query = 'purpose=attachment') {
  return s.request({ method: 'POST', url: `/api/v1/files?${query}`, ...multipart(file) });
}

/** What a refused upload must not have changed: file rows, stored contents, temporary files. */
async function snapshot(w: World) {
  return { rows: await rowCounts(w.t.db.handle, FILE_TABLES), stored: walk(path.join(w.dataDir, 'files')).sort(), tmp: walk(uploadTmp) };
}

function expectProblem(res: LightMyRequestResponse, status: number, field: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.errors?.map((e: { field: string }) => e.field), res.body).toContain(field);
  return body;
}

/** Uploads and expects a refusal that wrote nothing anywhere. */
async function expectRefused(w: World, s: Session, file: { name: string; data: Buffer }, status: number, field = 'file', query?: string) {
  const before = await snapshot(w);
  const res = await upload(s, file, query);
  const body = expectProblem(res, status, field);
  expect(await snapshot(w)).toEqual(before);
  return body;
}

describe('uploads on the disk store', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld('disk');
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it('stores a GIF/HTML polyglot only as the GIF its magic bytes say, and serves it so that nothing runs', async () => {
    const polyglot = Buffer.concat([Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'), Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')]);
    const up = await upload(w.repA, { name: 'page.html', data: polyglot, type: 'text/html' });
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json();
    expect(file.mime).toBe('image/gif');
    const dl = await w.repA.request({ url: `/api/v1/files/${file.id}/download` });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/gif');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(String(dl.headers['content-security-policy'])).toMatch(/sandbox/);
    expect(String(dl.headers['content-security-policy'])).toMatch(/default-src 'none'/);
    expect(dl.rawPayload.equals(polyglot)).toBe(true);
  });

  it('stores a PDF/HTML polyglot as a PDF and serves it as one', async () => {
    const polyglot = Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await upload(w.repA, { name: 'invoice.html', data: polyglot, type: 'text/html' });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().mime).toBe('application/pdf');
    const dl = await w.repA.request({ url: `/api/v1/files/${up.json().id}/download` });
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(String(dl.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(String(dl.headers['content-security-policy'])).toMatch(/sandbox/);
  });

  it('refuses HTML and SVG however they are named or dressed (415)', async () => {
    const markup = [
      '<!DOCTYPE html><html><script>alert(1)</script></html>',
      '<html><script>alert(1)</script></html>',
      '  \n<script>alert(1)</script>',
      '\uFEFF<html><body onload="alert(1)"></body></html>',
      '<body onload="alert(1)">invoice</body>',
      '<!-- note --><script>alert(1)</script>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ];
    for (const text of markup) {
      const body = await expectRefused(w, w.repA, { name: 'notes.txt', data: Buffer.from(text) }, 415);
      expect(body.code, text).toBe('unsupported_media_type');
    }
  });

  it('refuses an SVG with a script (415), whatever the purpose', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script type="text/javascript">fetch("/api/v1/me")</script><rect width="10" height="10"/></svg>');
    for (const purpose of ['attachment', 'image', 'document']) {
      await expectRefused(w, w.repA, { name: 'logo.svg', data: svg }, 415, 'file', `purpose=${purpose}`);
    }
  });

  it('accepts a file exactly at the limit and refuses one byte over (413)', async () => {
    const at = await upload(w.repA, { name: 'at-limit.txt', data: Buffer.alloc(LIMIT, 'a') });
    expect(at.statusCode, at.body).toBe(201);
    expect(at.json().size).toBe(LIMIT);
    const body = await expectRefused(w, w.repA, { name: 'over-limit.txt', data: Buffer.alloc(LIMIT + 1, 'b') }, 413);
    expect(body.code).toBe('payload_too_large');
  });

  it('refuses a zip bomb before unpacking it (400), also when it is named and built as a .docx', async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const bomb = buildZip([{ name: 'zeros.bin', data: zeros }]);
    expect(bomb.length).toBeLessThan(LIMIT);
    let body = await expectRefused(w, w.repA, { name: 'photos.zip', data: bomb }, 400);
    expect(body.code).toBe('validation_failed');
    body = await expectRefused(w, w.repA, { name: 'contract.docx', data: buildZip([...docxParts(), { name: 'word/media/image1.bin', data: zeros }]) }, 400);
    expect(body.code).toBe('validation_failed');
    // A central directory that lies about the size (3 GB declared for a few bytes).
    await expectRefused(w, w.repA, { name: 'liar.zip', data: buildZip([{ name: 'big.bin', data: Buffer.from('tiny'), declaredSize: 3_000_000_000 }]) }, 400);
    // More than 10,000 entries.
    const many = buildZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `f/${i}.txt`, data: Buffer.alloc(0), method: 0 as const })));
    await expectRefused(w, w.repA, { name: 'many.zip', data: many }, 400);
    // A sane zip and a sane docx are fine.
    expect((await upload(w.repA, { name: 'ok.zip', data: buildZip([{ name: 'a.txt', data: Buffer.from('hello') }]) })).statusCode).toBe(201);
    const docx = await upload(w.repA, { name: 'ok.docx', data: buildZip(docxParts()) });
    expect(docx.statusCode, docx.body).toBe(201);
    expect(docx.json().mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('refuses a zip whose entries would climb out of their folder', async () => {
    for (const name of ['../../evil.txt', '/etc/cron.d/evil', 'docs/../../evil.txt']) {
      await expectRefused(w, w.repA, { name: 'innocent.zip', data: buildZip([{ name: 'readme.txt', data: Buffer.from('hi') }, { name, data: Buffer.from('evil') }]) }, 400);
    }
  });

  it('cleans a path-traversal file name and writes nothing outside the store', async () => {
    const outside = walk(root).filter((f) => !f.startsWith(path.join(w.dataDir, 'files')) && !f.startsWith(uploadTmp));
    for (const [raw, clean] of [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\x.pdf', 'x.pdf'],
      ['....//....//boot.ini.pdf', 'boot.ini.pdf'],
      ['.hidden.pdf', 'hidden.pdf'],
    ]) {
      const res = await upload(w.repA, { name: raw, data: tinyPdf(raw) });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().name).toBe(clean);
      const dl = await w.repA.request({ url: `/api/v1/files/${res.json().id}/download` });
      expect(String(dl.headers['content-disposition'])).toMatch(new RegExp(`filename="?${clean.replace(/\./g, '\\.')}"?(;|$)`));
    }
    expect(walk(root).filter((f) => !f.startsWith(path.join(w.dataDir, 'files')) && !f.startsWith(uploadTmp))).toEqual(outside);
    // The store holds content under its hash only; no name a user chose appears in it.
    for (const f of walk(path.join(w.dataDir, 'files'))) {
      expect(path.relative(path.join(w.dataDir, 'files'), f)).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
    }
    expect(walk(uploadTmp)).toEqual([]);
  });

  it('refuses an empty file (400), a body that is not multipart (415), a missing file part (400) and an unknown purpose (400)', async () => {
    let body = await expectRefused(w, w.repA, { name: 'empty.pdf', data: Buffer.alloc(0) }, 400);
    expect(body.code).toBe('validation_failed');

    const before = await snapshot(w);
    const json = await w.repA.request({ method: 'POST', url: '/api/v1/files', payload: { file: 'JVBERi0xLjQK' } });
    expectProblem(json, 415, 'file');
    const plain = await w.repA.request({ method: 'POST', url: '/api/v1/files', payload: '%PDF-1.4 raw', headers: { 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(415);
    const octets = await w.repA.request({ method: 'POST', url: '/api/v1/files', payload: tinyPdf(), headers: { 'content-type': 'application/pdf' } });
    expect(octets.statusCode).toBe(415);
    expect(octets.json().code).toBe('unsupported_media_type');

    const boundary = '----nofile';
    const noFile = await w.repA.request({
      method: 'POST',
      url: '/api/v1/files',
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expectProblem(noFile, 400, 'file');
    expect(await snapshot(w)).toEqual(before);

    body = await expectRefused(w, w.repA, { name: 'a.pdf', data: tinyPdf() }, 400, 'purpose', 'purpose=malware');
    expect(body.code).toBe('validation_failed');
    // A type that its purpose does not allow: a PDF is not an image.
    await expectRefused(w, w.repA, { name: 'a.pdf', data: tinyPdf() }, 415, 'file', 'purpose=image');
    // Half of a record reference.
    await expectRefused(w, w.repA, { name: 'a.pdf', data: tinyPdf() }, 400, 'entityId', 'entityType=general_request');
  });

  it('stores identical content once (content-addressed) under two file records', async () => {
    const data = tinyPdf('the same bytes twice');
    const before = await rowCounts(w.t.db.handle, FILE_TABLES);
    const one = (await upload(w.repA, { name: 'one.pdf', data })).json();
    const two = (await upload(w.repB, { name: 'two.pdf', data })).json();
    expect(one.id).not.toBe(two.id);
    expect(one.sha256).toBe(two.sha256);
    const after = await rowCounts(w.t.db.handle, FILE_TABLES);
    expect(after.files - before.files).toBe(2);
    expect(after.file_blobs - before.file_blobs).toBe(1);
    expect(walk(path.join(w.dataDir, 'files')).filter((f) => f.endsWith(one.sha256))).toHaveLength(1);
    // Each uploader reads their own record of it.
    expect((await w.repB.request({ url: `/api/v1/files/${two.id}/download` })).rawPayload.equals(data)).toBe(true);
  });

  it('stores new identical content once when it is uploaded several times at the same moment', async () => {
    const data = tinyPdf(`concurrent ${Date.now()}`);
    const before = await rowCounts(w.t.db.handle, FILE_TABLES);
    const results = await Promise.all([w.repA, w.repB, w.manager, w.repA].map((s, i) => upload(s, { name: `same-${i}.pdf`, data })));
    expect(results.map((r) => r.statusCode), results.map((r) => r.body).join('\n')).toEqual([201, 201, 201, 201]);
    const after = await rowCounts(w.t.db.handle, FILE_TABLES);
    expect(after.files - before.files).toBe(4);
    expect(after.file_blobs - before.file_blobs).toBe(1);
    expect(walk(path.join(w.dataDir, 'files')).filter((f) => f.endsWith(results[0].json().sha256))).toHaveLength(1);
    expect(walk(path.join(w.dataDir, 'files')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('round-trips a Chinese file name in content-disposition', async () => {
    const name = '季度报告 2026（终稿）.pdf';
    const up = await upload(w.repA, { name, data: tinyPdf('zh') });
    expect(up.json().name).toBe(name);
    const dl = await w.repA.request({ url: `/api/v1/files/${up.json().id}/download` });
    const cd = String(dl.headers['content-disposition']);
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    // The plain fallback is ASCII only.
    expect(/filename="([^"]*)"/.exec(cd)?.[1]).toMatch(/^[\x20-\x7e]+$/);
    const meta = await w.repA.request({ url: `/api/v1/files/${up.json().id}` });
    expect(meta.json().name).toBe(name);
  });

  it('previews PDFs and PNGs inline, and refuses to preview text', async () => {
    const pdf = (await upload(w.repA, { name: 'quote.pdf', data: tinyPdf('preview') })).json();
    const png = (await upload(w.repA, { name: 'photo.png', data: tinyPng() }, 'purpose=image')).json();
    const txt = (await upload(w.repA, { name: 'notes.txt', data: Buffer.from('plain notes\n') })).json();
    expect([pdf.canPreview, png.canPreview, txt.canPreview]).toEqual([true, true, false]);
    expect(png.mime).toBe('image/png');
    expect(txt.mime).toMatch(/^text\/plain/);
    for (const [f, mime] of [
      [pdf, 'application/pdf'],
      [png, 'image/png'],
    ] as const) {
      const res = await w.repA.request({ url: `/api/v1/files/${f.id}/preview` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(mime);
      expect(String(res.headers['content-disposition'])).toMatch(/^inline;/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const refused = await w.repA.request({ url: `/api/v1/files/${txt.id}/preview` });
    expect(refused.statusCode).toBe(415);
    // Text downloads as text, never as HTML.
    const dl = await w.repA.request({ url: `/api/v1/files/${txt.id}/download` });
    expect(dl.headers['content-type']).toMatch(/^text\/plain/);
  });

  describe('who may read a file', () => {
    let requestId: string;
    let attached: { id: string };
    let loose: { id: string };
    beforeAll(async () => {
      const gr = await w.repA.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Customer visit in Suzhou' } });
      expect(gr.statusCode).toBe(201);
      requestId = gr.json().id;
      const up = await upload(w.repA, { name: 'itinerary.pdf', data: tinyPdf('itinerary') }, `purpose=attachment&entityType=general_request&entityId=${requestId}`);
      expect(up.statusCode, up.body).toBe(201);
      attached = up.json();
      loose = (await upload(w.repA, { name: 'draft.pdf', data: tinyPdf('draft') })).json();
    });

    const doors = (fileId: string, recordId: string) => [
      `/api/v1/files/${fileId}`,
      `/api/v1/files/${fileId}/download`,
      `/api/v1/files/${fileId}/preview`,
      `/api/v1/files?entityType=general_request&entityId=${recordId}`,
    ];

    it("hides a file on rep A's general request from rep B at every door (404)", async () => {
      for (const url of doors(attached.id, requestId)) {
        const res = await w.repB.request({ url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code).toBe('not_found');
      }
    });

    it('lets the manager of the department read it, and the uploader', async () => {
      for (const s of [w.manager, w.repA]) {
        for (const url of doors(attached.id, requestId)) expect((await s.request({ url })).statusCode, url).toBe(200);
        const list = await s.request({ url: `/api/v1/files?entityType=general_request&entityId=${requestId}` });
        expect(list.json().items.map((f: { id: string }) => f.id)).toEqual([attached.id]);
      }
    });

    it('lets only its uploader (and admins) read a file attached to nothing', async () => {
      expect((await w.repA.request({ url: `/api/v1/files/${loose.id}` })).statusCode).toBe(200);
      expect((await w.admin.request({ url: `/api/v1/files/${loose.id}` })).statusCode).toBe(200);
      for (const s of [w.repB, w.manager]) {
        for (const url of doors(loose.id, requestId).slice(0, 3)) expect((await s.request({ url })).statusCode, url).toBe(404);
      }
    });

    it('answers a hidden file exactly like a missing one', async () => {
      const hidden = await w.repB.request({ url: `/api/v1/files/${attached.id}` });
      const missing = await w.repB.request({ url: '/api/v1/files/00000000-0000-4000-8000-000000000000' });
      const shape = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.json().code, title: r.json().title });
      expect(shape(hidden)).toEqual(shape(missing));
    });

    it('refuses to attach to a record one may not attach to (404), and writes nothing', async () => {
      // Uploading straight onto rep A's request (or onto a request that does not exist).
      for (const entityId of [requestId, '00000000-0000-4000-8000-000000000000']) {
        const before = await snapshot(w);
        const res = await upload(w.repB, { name: 'sneaky.pdf', data: tinyPdf('sneaky') }, `entityType=general_request&entityId=${entityId}`);
        expect(res.statusCode, res.body).toBe(404);
        expect(res.json().code).toBe('not_found');
        expect(await snapshot(w)).toEqual(before);
      }
      // Linking one's own file to rep A's request, or to a type nobody registered.
      const own = (await upload(w.repB, { name: 'mine.pdf', data: tinyPdf('mine') })).json();
      const before = await snapshot(w);
      for (const payload of [
        { entityType: 'general_request', entityId: requestId },
        { entityType: 'no_such_type', entityId: requestId },
      ]) {
        const res = await w.repB.request({ method: 'POST', url: `/api/v1/files/${own.id}/links`, payload });
        expect(res.statusCode, res.body).toBe(404);
      }
      // Linking rep A's file (which rep B cannot see) to rep B's own draft: the same answer as a missing file.
      const mineGr = (await w.repB.request({ method: 'POST', url: '/api/v1/requests', payload: { title: 'Rep B draft' } })).json();
      const snap = await snapshot(w);
      const theirs = await w.repB.request({ method: 'POST', url: `/api/v1/files/${loose.id}/links`, payload: { entityType: 'general_request', entityId: mineGr.id } });
      const ghost = await w.repB.request({ method: 'POST', url: '/api/v1/files/00000000-0000-4000-8000-000000000000/links', payload: { entityType: 'general_request', entityId: mineGr.id } });
      expect(theirs.statusCode).toBeGreaterThanOrEqual(400);
      expect(theirs.statusCode).toBeLessThan(500);
      expect({ s: theirs.statusCode, c: theirs.json().code }).toEqual({ s: ghost.statusCode, c: ghost.json().code });
      // Detaching from rep A's request.
      const detach = await w.repB.request({ method: 'DELETE', url: `/api/v1/files/${attached.id}/links?entityType=general_request&entityId=${requestId}` });
      expect(detach.statusCode).toBe(404);
      expect((await snapshot(w)).rows).toEqual(snap.rows);
      expect(before.rows.file_links).toBe(snap.rows.file_links);
      expect((await w.manager.request({ url: `/api/v1/files?entityType=general_request&entityId=${requestId}` })).json().items).toHaveLength(1);
    });
  });
});

describe('uploads on the database store', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld('db');
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it('stores identical content once, in chunks, and reads it back whole', async () => {
    // 1.5 MB of text: two chunks of the 1 MB chunk size.
    const data = Buffer.from('0123456789abcdef\n'.repeat(Math.ceil((1.5 * 1024 * 1024) / 17)).slice(0, 1.5 * 1024 * 1024));
    const before = await rowCounts(w.t.db.handle, FILE_TABLES);
    const one = await upload(w.repA, { name: 'big.txt', data });
    const two = await upload(w.repA, { name: 'big-again.txt', data });
    expect([one.statusCode, two.statusCode], one.body).toEqual([201, 201]);
    const after = await rowCounts(w.t.db.handle, FILE_TABLES);
    expect(after.files - before.files).toBe(2);
    expect(after.file_blobs - before.file_blobs).toBe(1);
    expect(after.file_blob_chunks - before.file_blob_chunks).toBe(2);
    expect(walk(path.join(w.dataDir, 'files'))).toEqual([]);
    const dl = await w.repA.request({ url: `/api/v1/files/${two.json().id}/download` });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(data)).toBe(true);
  });

  it('stores new identical content once when it is uploaded several times at the same moment', async () => {
    const data = tinyPdf(`concurrent ${Date.now()}`);
    const before = await rowCounts(w.t.db.handle, FILE_TABLES);
    const results = await Promise.all([w.repA, w.repB, w.manager, w.repA].map((s, i) => upload(s, { name: `same-${i}.pdf`, data })));
    expect(results.map((r) => r.statusCode), results.map((r) => r.body).join('\n')).toEqual([201, 201, 201, 201]);
    const after = await rowCounts(w.t.db.handle, FILE_TABLES);
    expect(after.files - before.files).toBe(4);
    expect(after.file_blobs - before.file_blobs).toBe(1);
    expect(after.file_blob_chunks - before.file_blob_chunks).toBe(1);
    expect((await w.repB.request({ url: `/api/v1/files/${results[1].json().id}/download` })).rawPayload.equals(data)).toBe(true);
  });

  it('refuses the same hostile files without writing a chunk', async () => {
    await expectRefused(w, w.repA, { name: 'bomb.zip', data: buildZip([{ name: 'zeros.bin', data: Buffer.alloc(20 * 1024 * 1024) }]) }, 400);
    await expectRefused(w, w.repA, { name: 'over.txt', data: Buffer.alloc(LIMIT + 1, 'x') }, 413);
    await expectRefused(w, w.repA, { name: 'x.svg', data: Buffer.from('<svg><script>alert(1)</script></svg>') }, 415);
  });
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
