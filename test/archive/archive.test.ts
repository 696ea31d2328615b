import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { insertCustomer } from '../helpers/sales';
import { rawQuery, rowCounts } from '../helpers/sql';
import { PNG } from '../access/fixtures';
import { brokenPdf, docx, encryptedPdf, pdf, pdfText, textPdf, txt, uploadDoc, uploadDocs, xlsx } from './archive-fixtures';

/**
 * The electronic archive end to end through the API: uploads (one and many, bad
 * files refused whole), text extraction in the job, Chinese and English search with
 * filters and snippets, versions, retention, types and categories, the rep rule and
 * confidentiality at every door, grants, watermarks and the access history.
 */
const DOCS = '/api/v1/archive/documents';
const LIMIT = 256 * 1024;

describe('document archive', () => {
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let assistant: Session;
  let repA: Session;
  let repB: Session;
  let finance: Session;
  let customerA: string;
  let customerB: string;
  let contractA: string;

  const run = () => runDueJobs(t.db.handle);
  const get = (s: Session, url: string) => s.request({ method: 'GET', url });
  const search = async (s: Session, query: string) => {
    const res = await get(s, `${DOCS}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; items: { id: string; title: string; snippet: string | null }[] };
  };
  const archiveCounts = () => rowCounts(t.db.handle, ['archive_documents', 'archive_document_versions', 'files', 'jobs']);

  beforeAll(async () => {
    t = await createTestApp({ uploadLimitBytes: LIMIT });
    const sales = await makeDepartment(t, 'Sales East');
    admin = await signIn(t.app, (await makeUser(t, ['admin'], { name: 'Admin' })).email);
    manager = await signIn(t.app, (await makeUser(t, ['manager'], { departmentId: sales, name: 'Manager Wang' })).email);
    assistant = await signIn(t.app, (await makeUser(t, ['assistant'], { departmentId: sales, name: 'Assistant Li' })).email);
    repA = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, name: 'Rep Alice' })).email);
    repB = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: sales, name: 'Rep Bob' })).email);
    finance = await signIn(t.app, (await makeUser(t, ['finance'], { departmentId: sales, name: 'Finance Fu' })).email);
    customerA = await insertCustomer(t.db.handle, { ownerId: repA.userId, departmentId: sales, name: '上海华东贸易有限公司' });
    customerB = await insertCustomer(t.db.handle, { ownerId: repB.userId, departmentId: sales, name: 'Beijing North Trading' });
    const [c] = await rawQuery<{ id: string }>(t.db.handle, `insert into contracts (number, customer_id, title, value, currency, status) values ('CT-ARC-1', $1, '年度供货合同', 1000000, 'CNY', 'active') returning id`, [customerA]);
    contractA = c.id;
  });
  afterAll(async () => t?.close());

  describe('upload, extraction and search', () => {
    it('finds a TXT by a Chinese phrase inside it, and an English word, with a snippet', async () => {
      const id = await uploadDoc(assistant, txt('supply-agreement.txt', '甲方与乙方于二零二六年签订本供货框架协议，约定交货地点为苏州工业园区。\nThe buyer pays within thirty days of delivery.'), {
        typeCode: 'contract',
        customerIds: [customerA],
        tags: ['供货', 'framework'],
        documentDate: '2026-03-01',
      });
      const before = await search(assistant, `q=${encodeURIComponent('苏州工业园')}`);
      expect(before.items.map((i) => i.id)).not.toContain(id); // not extracted yet: only metadata is searchable
      expect(await run()).toBeGreaterThan(0);
      const detail = (await get(assistant, `${DOCS}/${id}`)).json();
      expect(detail.currentVersion.extractionStatus).toBe('done');
      expect(detail.links).toEqual(expect.arrayContaining([expect.objectContaining({ entityType: 'customer', entityId: customerA })]));

      const zh = await search(assistant, `q=${encodeURIComponent('苏州工业园')}`);
      expect(zh.items.map((i) => i.id)).toEqual([id]);
      expect(zh.total).toBe(1);
      expect(zh.items[0].snippet).toContain('苏州工业园区');
      // Two characters: no trigram, the same ILIKE still finds it.
      expect((await search(assistant, `q=${encodeURIComponent('框架')}`)).items.map((i) => i.id)).toContain(id);
      const en = await search(assistant, 'q=DELIVERY');
      expect(en.items.map((i) => i.id)).toContain(id);
      expect(en.items.find((i) => i.id === id)!.snippet).toMatch(/thirty days of delivery/);
      // Every term must match.
      expect((await search(assistant, `q=${encodeURIComponent('苏州 nonexistentword')}`)).total).toBe(0);
    });

    it('finds a DOCX by a Chinese phrase split across runs, and an XLSX by a cell', async () => {
      const word = await uploadDoc(assistant, await docx('报价说明.docx', ['报价有效期为九十天', '付款方式：银行承兑汇票 & 电汇']), { typeCode: 'quotation' });
      const sheet = await uploadDoc(assistant, await xlsx('price-list.xlsx', [['型号', '单价'], ['激光打印机XK-900', 12800]]), { typeCode: 'quotation' });
      await run();
      expect((await search(assistant, `q=${encodeURIComponent('有效期为九十')}`)).items.map((i) => i.id)).toEqual([word]);
      expect((await search(assistant, `q=${encodeURIComponent('承兑汇票 & 电汇')}`)).items.map((i) => i.id)).toEqual([word]);
      const hit = await search(assistant, `q=${encodeURIComponent('xk-900')}`);
      expect(hit.items.map((i) => i.id)).toEqual([sheet]);
      expect(hit.items[0].snippet).toContain('激光打印机XK-900');
    });

    it('ranks title hits first and filters by type, tag, category, customer and date', async () => {
      const parent = (await admin.request({ method: 'POST', url: '/api/v1/archive/categories', payload: { nameEn: 'Sales', nameZh: '销售' } })).json();
      const child = (await admin.request({ method: 'POST', url: '/api/v1/archive/categories', payload: { nameEn: 'Contracts 2026', nameZh: '2026合同', parentId: parent.id } })).json();
      const inBody = await uploadDoc(assistant, txt('a.txt', 'Notes about the Zephyrine shipment.'), { title: 'Shipment notes', typeCode: 'correspondence', documentDate: '2026-01-10', categoryId: parent.id });
      const inTitle = await uploadDoc(assistant, txt('b.txt', 'Unrelated body'), { title: 'Zephyrine agreement', typeCode: 'contract', documentDate: '2025-06-01', categoryId: child.id, tags: ['vip'], customerIds: [customerB] });
      await run();
      const ranked = await search(assistant, 'q=zephyrine');
      expect(ranked.items.map((i) => i.id)).toEqual([inTitle, inBody]);
      expect((await search(assistant, 'q=zephyrine&type=correspondence')).items.map((i) => i.id)).toEqual([inBody]);
      expect((await search(assistant, 'q=zephyrine&type=correspondence,contract')).total).toBe(2);
      expect((await search(assistant, 'q=zephyrine&tag=vip')).items.map((i) => i.id)).toEqual([inTitle]);
      expect((await search(assistant, `q=zephyrine&categoryId=${parent.id}`)).total).toBe(2);
      expect((await search(assistant, `q=zephyrine&categoryId=${parent.id}&includeSubcategories=false`)).items.map((i) => i.id)).toEqual([inBody]);
      expect((await search(assistant, `q=zephyrine&customerId=${customerB}`)).items.map((i) => i.id)).toEqual([inTitle]);
      expect((await search(assistant, 'q=zephyrine&dateFrom=2026-01-01&dateTo=2026-12-31')).items.map((i) => i.id)).toEqual([inBody]);
      // A category cannot move under its own child.
      const cyc = await admin.request({ method: 'PATCH', url: `/api/v1/archive/categories/${parent.id}`, payload: { parentId: child.id, version: parent.version } });
      expect(cyc.statusCode).toBe(400);
      expect(cyc.json().errors[0].field).toBe('parentId');
    });

    it('extracts Chinese and English text from a PDF and finds it by a phrase inside', async () => {
      const file = await textPdf('框架协议.pdf', ['年度框架采购协议', '双方约定质保期为二十四个月，自验收合格之日起计算。', 'Warranty: twenty-four months from acceptance.']);
      const id = await uploadDoc(assistant, file, { typeCode: 'contract', customerIds: [customerA] });
      await run();
      const doc = (await get(assistant, `${DOCS}/${id}`)).json();
      expect(doc.currentVersion).toMatchObject({ mime: 'application/pdf', extractionStatus: 'done' });
      const zh = await search(assistant, `q=${encodeURIComponent('质保期为二十四')}`);
      expect(zh.items.map((i) => i.id)).toEqual([id]);
      expect(zh.items[0].snippet).toContain('质保期为二十四个月');
      expect((await search(assistant, 'q=acceptance')).items.map((i) => i.id)).toContain(id);
      // Rep A owns the linked customer; rep B finds nothing.
      expect((await search(repA, `q=${encodeURIComponent('质保期')}`)).items.map((i) => i.id)).toEqual([id]);
      expect((await search(repB, `q=${encodeURIComponent('质保期')}`)).total).toBe(0);
    });

    it('uploads several files at once, each its own document', async () => {
      const res = await uploadDocs(assistant, [txt('one.txt', 'first batch file'), txt('two.txt', 'second batch file')], { typeCode: 'other', tags: ['batch'] });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().items.map((d: { title: string }) => d.title)).toEqual(['one', 'two']);
      expect((await search(assistant, 'tag=batch')).total).toBe(2);
    });
  });

  describe('a term found in more than 1,000 documents', () => {
    it('caps the total, pages newest first (walking by date), and still hides what the caller may not see', async () => {
      const seed = await uploadDoc(assistant, txt('seed.txt', 'seed'));
      const [file] = await rawQuery<{ file_id: string }>(t.db.handle, `select file_id from archive_document_versions where document_id = $1`, [seed]);
      const [owner] = await rawQuery<{ owner_id: string; department_id: string }>(t.db.handle, `select owner_id, department_id from archive_documents where id = $1`, [seed]);
      await rawQuery(
        t.db.handle,
        `with d as (
           insert into archive_documents (number, title, type_code, document_date, confidentiality, owner_id, department_id, search_text, updated_at)
           select 'DOC-T-' || i, 'Bulk ' || i, 'other', date '2010-01-01' + i, case when i % 2 = 0 then 'secret' else 'internal' end, $1, $2,
                  'bulk text with the word omnipresent number ' || i, now()
           from generate_series(1, 2400) i returning id, search_text)
         insert into archive_document_versions (document_id, version_no, file_id, extraction_status, extracted_text) select id, 1, $3, 'done', search_text from d`,
        [owner.owner_id, owner.department_id, file.file_id],
      );
      const own = await search(assistant, 'q=omnipresent&limit=5&offset=5');
      expect(own.total).toBe(1000);
      expect((await get(assistant, `${DOCS}?q=omnipresent`)).json().totalIsCapped).toBe(true);
      // Newest first: document dates 2010-01-01 + 2400 … descending, page 2.
      expect(own.items.map((i) => i.title)).toEqual(['Bulk 2395', 'Bulk 2394', 'Bulk 2393', 'Bulk 2392', 'Bulk 2391']);
      // The manager sees only the internal half (odd numbers), whatever the order walk met first.
      const mgr = await search(manager, 'q=omnipresent&limit=3');
      expect(mgr.items.map((i) => i.title)).toEqual(['Bulk 2399', 'Bulk 2397', 'Bulk 2395']);
      expect(mgr.items[0].snippet).toContain('omnipresent number 2399');
      // A term found in the titles too: title hits first, then the rest.
      const titled = await search(manager, `q=${encodeURIComponent('239 omnipresent')}&limit=3`);
      expect(titled.items[0].title).toBe('Bulk 239'); // the closest title
      for (const i of titled.items) expect(i.title).toContain('239');
      await rawQuery(t.db.handle, `delete from archive_document_versions where document_id in (select id from archive_documents where number like 'DOC-T-%')`);
      await rawQuery(t.db.handle, `delete from archive_documents where number like 'DOC-T-%'`);
    });
  });

  describe('bad input: a clear 4xx naming the field, nothing half-stored', () => {
    const refused = async (res: { statusCode: number; json(): any; body: string }, status: number, field: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    };

    it('refuses a batch whole when one file is bad', async () => {
      const before = await archiveCounts();
      await refused(await uploadDocs(assistant, [txt('good.txt', 'fine'), { name: 'page.txt', content: Buffer.from('<html><script>alert(1)</script></html>') }]), 415, 'file');
      await refused(await uploadDocs(assistant, [txt('good.txt', 'fine'), { name: 'blob.bin', content: Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]) }]), 415, 'file');
      await refused(await uploadDocs(assistant, [txt('empty.txt', '')]), 400, 'file');
      await refused(await uploadDocs(assistant, [{ name: 'big.txt', content: Buffer.alloc(LIMIT + 10, 'a') }]), 413, 'file');
      await refused(await uploadDocs(assistant, [txt('..\\..\\etc\\passwd.txt', 'x')]), 400, 'file');
      await refused(await uploadDocs(assistant, [txt('dir/name.txt', 'x')]), 400, 'file');
      await refused(await uploadDocs(assistant, [txt('bell\u0007.txt', 'x')]), 400, 'file');
      await refused(await uploadDocs(assistant, []), 400, 'file');
      await refused(await uploadDocs(assistant, [txt('ok.txt', 'x')], { typeCode: 'no_such_type' }), 400, 'typeCode');
      await refused(await uploadDocs(assistant, [txt('ok.txt', 'x')], { customerIds: ['not-a-uuid'] }), 400, 'metadata.customerIds.0');
      await refused(await uploadDocs(assistant, [txt('ok.txt', 'x'), txt('ok2.txt', 'y')], { title: 'One title for two' }), 400, 'title');
      const { payload, headers } = (await import('./archive-fixtures')).multipartFiles([txt('ok.txt', 'x')], { metadata: '{not json' });
      await refused(await assistant.request({ method: 'POST', url: DOCS, payload, headers }), 400, 'metadata');
      await refused(await assistant.request({ method: 'POST', url: DOCS, payload: { title: 'json' } }), 415, 'file');
      // A rep may not link a document to a customer they do not see (nor upload at all: no archive:write).
      expect((await uploadDocs(repA, [txt('r.txt', 'x')])).statusCode).toBe(403);
      await refused(await uploadDocs(assistant, [txt('ok.txt', 'x')], { customerIds: ['00000000-0000-4000-8000-000000000000'] }), 400, 'customerIds.0');
      expect(await archiveCounts()).toEqual(before);
    });

    it('stores encrypted and broken PDFs without text, flagged, never a 500', async () => {
      const locked = await uploadDoc(assistant, encryptedPdf(), { typeCode: 'invoice' });
      const broken = await uploadDoc(assistant, brokenPdf(), { typeCode: 'invoice' });
      const fine = await uploadDoc(assistant, pdf('Quarterly invoice'), { typeCode: 'invoice' });
      await run();
      const status = async (id: string) => (await get(assistant, `${DOCS}/${id}`)).json().currentVersion;
      expect(await status(locked)).toMatchObject({ extractionStatus: 'encrypted', extractionError: expect.stringContaining('encrypted') });
      expect(await status(broken)).toMatchObject({ extractionStatus: 'failed' });
      expect(await status(fine)).toMatchObject({ extractionStatus: 'done', extractionError: null });
      const failedJobs = await rawQuery(t.db.handle, `select id from jobs where queue = 'archive.extract' and status <> 'done'`);
      expect(failedJobs).toEqual([]);
      expect((await get(assistant, `${DOCS}/${broken}/download`)).statusCode).toBe(200);
    });
  });

  describe('versions and retention', () => {
    it('keeps old versions downloadable and searches the current one', async () => {
      const id = await uploadDoc(assistant, txt('terms.txt', 'Version one mentions Alderbrook.'), { typeCode: 'contract' });
      const doc = (await get(assistant, `${DOCS}/${id}`)).json();
      const { payload, headers } = (await import('./archive-fixtures')).multipartFiles([txt('terms-v2.txt', 'Version two mentions Birchwood.')]);
      const v2 = await assistant.request({ method: 'POST', url: `${DOCS}/${id}/versions?comment=signed`, payload, headers });
      expect(v2.statusCode, v2.body).toBe(201);
      expect(v2.json().currentVersion.versionNo).toBe(2);
      expect(v2.json().version).toBe(doc.version + 1);
      await run();
      const versions = (await get(assistant, `${DOCS}/${id}/versions`)).json().items;
      expect(versions.map((v: { versionNo: number; comment: string }) => [v.versionNo, v.comment])).toEqual([
        [2, 'signed'],
        [1, ''],
      ]);
      expect((await get(assistant, `${DOCS}/${id}/versions/1/download`)).body).toBe('Version one mentions Alderbrook.');
      expect((await get(assistant, `${DOCS}/${id}/download`)).body).toBe('Version two mentions Birchwood.');
      expect((await get(assistant, `${DOCS}/${id}/versions/3/download`)).statusCode).toBe(404);
      expect((await search(assistant, 'q=birchwood')).items.map((i) => i.id)).toEqual([id]);
      expect((await search(assistant, 'q=alderbrook')).total).toBe(0);
      // Stale edit: 409.
      const stale = await assistant.request({ method: 'PATCH', url: `${DOCS}/${id}`, payload: { title: 'x', version: doc.version } });
      expect(stale.statusCode).toBe(409);
    });

    it('lists documents whose retention period has run out', async () => {
      const old = await uploadDoc(assistant, txt('q.txt', 'old quotation'), { typeCode: 'quotation', documentDate: '2020-01-15' });
      const keep = await uploadDoc(assistant, txt('o.txt', 'kept forever'), { typeCode: 'other', documentDate: '2000-01-01' });
      const due = (asOf: string) => get(assistant, `${DOCS}/retention-due?asOf=${asOf}&type=quotation`).then((r) => r.json());
      expect((await due('2023-01-14')).items.map((i: { id: string }) => i.id)).not.toContain(old);
      const hit = (await due('2023-01-15')).items.find((i: { id: string }) => i.id === old);
      expect(hit).toMatchObject({ retentionMonths: 36, reviewDue: '2023-01-15' });
      const all = (await get(assistant, `${DOCS}/retention-due?asOf=2100-01-01&limit=200`)).json();
      expect(all.items.map((i: { id: string }) => i.id)).not.toContain(keep);
      // The retention period is editable (archive:manage); reps may not.
      const types = (await get(assistant, '/api/v1/archive/types')).json().items;
      const quotation = types.find((x: { code: string }) => x.code === 'quotation');
      expect(quotation).toMatchObject({ nameZh: '报价单', retentionMonths: 36 });
      expect((await repA.request({ method: 'PATCH', url: '/api/v1/archive/types/quotation', payload: { retentionMonths: 12, version: quotation.version } })).statusCode).toBe(403);
      const changed = await manager.request({ method: 'PATCH', url: '/api/v1/archive/types/quotation', payload: { retentionMonths: 12, version: quotation.version } });
      expect(changed.json()).toMatchObject({ retentionMonths: 12 });
      expect((await due('2021-01-15')).items.map((i: { id: string }) => i.id)).toContain(old);
      expect((await manager.request({ method: 'POST', url: '/api/v1/archive/types', payload: { code: 'licence', nameEn: 'x', nameZh: 'y' } })).statusCode).toBe(409);
      const created = await manager.request({ method: 'POST', url: '/api/v1/archive/types', payload: { code: 'tender', nameEn: 'Tender', nameZh: '投标文件', retentionMonths: 24 } });
      expect(created.statusCode).toBe(201);
    });
  });

  describe('who sees what', () => {
    it('a rep sees documents of their own customers and unlinked ones of their department, not other reps’', async () => {
      const ofA = await uploadDoc(assistant, txt('a.txt', 'Quillfeather for A'), { customerIds: [customerA] });
      const ofB = await uploadDoc(assistant, txt('b.txt', 'Quillfeather for B'), { customerIds: [customerB] });
      const unlinked = await uploadDoc(assistant, txt('c.txt', 'Quillfeather for everyone'));
      const viaContract = await uploadDoc(assistant, txt('d.txt', 'Quillfeather contract annex'), { contractIds: [contractA] });
      await run();
      const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort();
      expect(ids(await search(repA, 'q=quillfeather'))).toEqual([ofA, unlinked, viaContract].sort());
      expect(ids(await search(repB, 'q=quillfeather'))).toEqual([ofB, unlinked].sort());
      expect(ids(await search(finance, 'q=quillfeather'))).toEqual([ofA, ofB, unlinked, viaContract].sort());
      expect((await get(repA, `${DOCS}/${ofB}`)).statusCode).toBe(404);
      expect((await get(repA, `${DOCS}/${ofB}/download`)).statusCode).toBe(404);
      // A contract's documents, and its customer's (the contract brings its customer along).
      const contractDocs = (await get(repA, `/api/v1/archive/contracts/${contractA}/documents`)).json();
      expect(contractDocs.items.map((i: { id: string }) => i.id)).toEqual([viaContract]);
      expect((await get(repA, `/api/v1/archive/customers/${customerA}/documents`)).json().items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([ofA, viaContract]));
      expect((await get(repA, `/api/v1/archive/customers/${customerB}/documents`)).statusCode).toBe(404);
      expect((await get(repB, `/api/v1/archive/contracts/${contractA}/documents`)).statusCode).toBe(404);
    });

    it('hides a confidential document from everyone but owner, grantees and admins — at every door and in every count', async () => {
      const id = await uploadDoc(assistant, txt('secret-contract.txt', '本合同为机密文件，违约金为合同总额的百分之二十。Penalty clause Xanthoria.'), {
        typeCode: 'contract',
        customerIds: [customerA],
      });
      await run();
      const beforeList = (await get(repA, `/api/v1/archive/customers/${customerA}/documents`)).json();
      const beforeSearch = await search(repA, `q=${encodeURIComponent('违约金为合同总额')}`);
      expect(beforeSearch.items.map((i) => i.id)).toEqual([id]);
      const doc = (await get(assistant, `${DOCS}/${id}`)).json();
      const marked = await assistant.request({ method: 'POST', url: `${DOCS}/${id}/confidentiality`, payload: { level: 'confidential', version: doc.version } });
      expect(marked.statusCode, marked.body).toBe(200);
      expect(marked.json().confidentiality).toBe('confidential');

      const doors = [`${DOCS}/${id}`, `${DOCS}/${id}/download`, `${DOCS}/${id}/preview`, `${DOCS}/${id}/versions`, `${DOCS}/${id}/versions/1/download`, `${DOCS}/${id}/grants`, `${DOCS}/${id}/access-history`];
      for (const who of [repA, repB, manager, finance]) {
        for (const url of doors) expect((await get(who, url)).statusCode, `${who.email} ${url}`).toBe(404);
        expect((await search(who, `q=${encodeURIComponent('违约金为合同总额')}`)).total).toBe(0);
        expect((await search(who, 'q=xanthoria')).items).toEqual([]);
      }
      const afterList = (await get(repA, `/api/v1/archive/customers/${customerA}/documents`)).json();
      expect(afterList.total).toBe(beforeList.total - 1);
      expect(afterList.items.map((i: { id: string }) => i.id)).not.toContain(id);
      // A rep cannot even try to change it: the same 404.
      expect((await repA.request({ method: 'PATCH', url: `${DOCS}/${id}`, payload: { title: 'x', version: marked.json().version } })).statusCode).toBe(404);
      expect((await repA.request({ method: 'POST', url: `${DOCS}/${id}/grants`, payload: { userId: repA.userId } })).statusCode).toBe(404);
      // Admins see it.
      expect((await get(admin, `${DOCS}/${id}`)).statusCode).toBe(200);
      expect((await search(admin, 'q=xanthoria')).total).toBe(1);

      // Granted to rep A: rep A reads it (a text file: no watermark), rep B still gets nothing.
      const grant = await assistant.request({ method: 'POST', url: `${DOCS}/${id}/grants`, payload: { userId: repA.userId } });
      expect(grant.statusCode, grant.body).toBe(201);
      expect((await get(repA, `${DOCS}/${id}`)).json()).toMatchObject({ canEdit: false, canManageAccess: false });
      expect((await get(repA, `${DOCS}/${id}/download`)).statusCode).toBe(200);
      expect((await search(repA, 'q=xanthoria')).total).toBe(1);
      expect((await get(repA, `${DOCS}/${id}/access-history`)).statusCode).toBe(403);
      expect((await repA.request({ method: 'PATCH', url: `${DOCS}/${id}`, payload: { title: 'x', version: marked.json().version } })).statusCode).toBe(403);
      expect((await get(repB, `${DOCS}/${id}`)).statusCode).toBe(404);

      // Granted to a role: every finance user reads it.
      const roleGrant = await assistant.request({ method: 'POST', url: `${DOCS}/${id}/grants`, payload: { role: 'finance' } });
      expect(roleGrant.statusCode).toBe(201);
      expect((await get(finance, `${DOCS}/${id}`)).statusCode).toBe(200);

      // Revoked: gone again.
      const revoke = await assistant.request({ method: 'DELETE', url: `${DOCS}/${id}/grants/${grant.json().id}` });
      expect(revoke.statusCode).toBe(200);
      expect((await get(repA, `${DOCS}/${id}`)).statusCode).toBe(404);

      // The access history shows grants, revoke, views and downloads, with who.
      const history = (await get(assistant, `${DOCS}/${id}/access-history?limit=200`)).json().items as { action: string; actorName: string }[];
      const actions = history.map((h) => `${h.action}:${h.actorName}`);
      expect(actions).toEqual(
        expect.arrayContaining([
          'archive_document.grant:Assistant Li',
          'archive_document.revoke:Assistant Li',
          'archive_document.view:Rep Alice',
          'archive_document.download:Rep Alice',
          'archive_document.view:Finance Fu',
          'archive_document.confidentiality:Assistant Li',
        ]),
      );
      expect((await get(admin, `${DOCS}/${id}/access-history`)).statusCode).toBe(200);
    });

    it('watermarks a confidential PDF for a granted reader with their name and the time, never for the owner', async () => {
      const zhang = await signIn(t.app, (await makeUser(t, ['rep'], { departmentId: await makeDepartment(t, 'Sales West'), name: '张伟' })).email);
      const original = await textPdf('价格表.pdf', ['机密价格表 Confidential price list']);
      const id = await uploadDoc(assistant, original, { typeCode: 'contract', confidentiality: 'secret' });
      await assistant.request({ method: 'POST', url: `${DOCS}/${id}/grants`, payload: { userId: zhang.userId } });
      const own = await get(assistant, `${DOCS}/${id}/download`);
      expect(own.statusCode).toBe(200);
      expect(own.headers['x-watermarked']).toBe('false');
      expect(own.rawPayload.equals(original.content)).toBe(true);
      const before = Date.now();
      const theirs = await get(zhang, `${DOCS}/${id}/download`);
      expect(theirs.statusCode, theirs.body).toBe(200);
      expect(theirs.headers['x-watermarked']).toBe('true');
      expect(theirs.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(theirs.rawPayload);
      // The original text is still there, and the reader's Chinese name, e-mail and the minute of the download are on the page.
      expect(text).toContain('机密价格表');
      const mark = /机密 CONFIDENTIAL - 张伟 <([^>]+)> - (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(text);
      expect(mark, text).not.toBeNull();
      expect(mark![1]).toBe(zhang.email);
      const markedAt = Date.parse(`${mark![2].replace(' ', 'T')}:00Z`);
      expect(markedAt).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
      expect(markedAt).toBeLessThanOrEqual(Date.now());
      // The font is embedded as a subset: the marked copy stays small.
      expect(theirs.rawPayload.length).toBeLessThan(original.content.length + 60_000);
      // The preview is marked the same way.
      const preview = await get(zhang, `${DOCS}/${id}/preview`);
      expect(preview.headers['x-watermarked']).toBe('true');
      expect(await pdfText(preview.rawPayload)).toContain('张伟');
      const [entry] = await rawQuery<{ after: { watermarked?: boolean } }>(t.db.handle, `select after from audit_log where entity_id = $1 and action = 'archive_document.download' and actor_id = $2`, [id, zhang.userId]);
      expect(entry.after.watermarked).toBe(true);
    });

    it('hands a confidential image to a non-owner only as a marked PDF, and refuses an encrypted PDF rather than hand it out unmarked', async () => {
      const image = await uploadDoc(assistant, { name: 'seal.png', content: PNG, mime: 'image/png' }, { typeCode: 'licence', confidentiality: 'confidential' });
      await assistant.request({ method: 'POST', url: `${DOCS}/${image}/grants`, payload: { userId: repB.userId } });
      const img = await get(repB, `${DOCS}/${image}/download`);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('application/pdf');
      expect(img.headers['content-disposition']).toContain('seal.png.pdf');
      expect(await pdfText(img.rawPayload)).toContain('Rep Bob');
      expect((await get(assistant, `${DOCS}/${image}/download`)).headers['content-type']).toBe('image/png');

      const locked = await uploadDoc(assistant, encryptedPdf(), { typeCode: 'contract', confidentiality: 'confidential' });
      await assistant.request({ method: 'POST', url: `${DOCS}/${locked}/grants`, payload: { userId: repB.userId } });
      const refused = await get(repB, `${DOCS}/${locked}/download`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().meta.reason).toBe('watermark_unavailable');
      expect((await get(assistant, `${DOCS}/${locked}/download`)).statusCode).toBe(200);
    });

    it('the header search finds a document by text inside it and a paper original by its title, only for those who may see them', async () => {
      const id = await uploadDoc(assistant, txt('quote-header.txt', '报价有效期为三十天，含运费。Quotation Valdemarsvik.'), { typeCode: 'quotation', customerIds: [customerA] });
      await run();
      const header = async (s: Session, q: string) => (await get(s, `/api/v1/search?q=${encodeURIComponent(q)}`)).json().items as { kind: string; id: string; link: string }[];
      const hits = (await header(repA, '有效期为三十天')).filter((h) => h.kind === 'archive_document');
      expect(hits).toEqual([expect.objectContaining({ id, link: `/archive/documents/${id}` })]);
      const doc = (await get(assistant, `${DOCS}/${id}`)).json();
      await assistant.request({ method: 'POST', url: `${DOCS}/${id}/confidentiality`, payload: { level: 'secret', version: doc.version } });
      // Secret now: gone from a rep's header search, still there for its owner.
      expect((await header(repA, 'Valdemarsvik')).filter((h) => h.kind === 'archive_document')).toEqual([]);
      expect((await header(assistant, 'Valdemarsvik')).map((h) => h.id)).toContain(id);

      const room = await assistant.request({ method: 'POST', url: '/api/v1/archive/locations', payload: { kind: 'room', name: 'Header search room', code: 'HSR-1' } });
      expect(room.statusCode, room.body).toBe(201);
      const paper = await assistant.request({ method: 'POST', url: '/api/v1/archive/paper', payload: { title: 'Ørsted framework original', typeCode: 'contract', confidentiality: 'confidential', locationId: room.json().id } });
      expect(paper.statusCode, paper.body).toBe(201);
      const paperHits = (await header(assistant, 'Ørsted framework')).filter((h) => h.kind === 'archive_paper');
      expect(paperHits).toEqual([expect.objectContaining({ id: paper.json().id, link: `/archive/paper/${paper.json().id}` })]);
      expect((await header(repA, 'Ørsted framework')).filter((h) => h.kind === 'archive_paper')).toEqual([]);
    });

    it('exports the documents list with its filters, in the reader\'s language, without what the reader may not see', async () => {
      const open = await uploadDoc(assistant, txt('export-open.txt', 'Exportable Quillwort note'), { typeCode: 'correspondence', customerIds: [customerA] });
      const hidden = await uploadDoc(assistant, txt('export-hidden.txt', 'Exportable Quillwort secret'), { typeCode: 'contract', customerIds: [customerA], confidentiality: 'secret' });
      await run();
      const csv = await get(repA, `${DOCS}/export?q=${encodeURIComponent('Exportable Quillwort')}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const text = csv.body.replace(/^\uFEFF/, '');
      const numberOf = async (id: string) => (await get(assistant, `${DOCS}/${id}`)).json().number as string;
      expect(text.split('\r\n')[0]).toBe('Number,Title,Type,Document date,Counterparty,Tags,Confidentiality,Version,Updated');
      expect(text).toContain(await numberOf(open));
      expect(text).not.toContain(await numberOf(hidden));
      const own = await get(assistant, `${DOCS}/export?q=${encodeURIComponent('Exportable Quillwort')}`);
      expect(own.body).toContain(await numberOf(hidden));
      const bad = await get(repA, `${DOCS}/export?format=pdf`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('querystring.format');
    });
  });
});
