import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../src/cli/main';
import { runDueJobs } from '../../src/server/platform/jobs/jobs.service';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { runCli } from '../helpers/cli';
import { rawQuery } from '../helpers/sql';
import { flatCsv, upload } from './helpers';

let t: TestApp;
let s: Session;

beforeAll(async () => {
  t = await createTestApp();
  s = await signIn(t.app, (await makeUser(t, ['manager'])).email);
});
afterAll(async () => t?.close());

const business = async () => {
  const [r] = await rawQuery<Record<string, number>>(
    t.db.handle,
    `select (select count(*)::int from customers) customers, (select count(*)::int from products) products, (select count(*)::int from regions) regions,
            (select count(*)::int from sales_orders) orders, (select count(*)::int from sales_order_lines) lines, (select count(*)::int from contacts) contacts,
            (select count(*)::int from import_order_lines_stage) stage`,
  );
  return r;
};

const HEAD = 'Order no,Line,Date,Customer name,Product code,Qty,Unit price,Discount,Amount\n';
const BAD =
  HEAD +
  [
    'A-1,1,2026-02-30,Acme Ltd,P1,1,10.00,0,10.00', // 2 bad date
    'A-2,1,2026-02-01,Acme Ltd,P1,-3,10.00,0,-30.00', // 3 negative quantity
    'A-3,1,2026-02-01,Acme Ltd,P1,3,10.00,10%,30.00', // 4 amount ≠ q × p × (1 − d) = 27.00
    'A-4,1,2026-02-01,Acme Ltd,P1,1,10.00,0,10.00', // 5 fine
    'A-4,1,2026-02-01,Acme Ltd,P2,1,10.00,0,10.00', // 6 duplicate line
    'A-5,1,2026-02-01,,P1,1,10.00,0,10.00', // 7 missing customer
    'A-6,1,2026-02-01,Acme Ltd,NOPE,1,10.00,0,10.00', // 8 unknown product (when not creating)
    'A-7,1,2026-02-01,Acme Ltd,P1,2,3.333,0,6.67', // 9 bad price (3 decimals)
    'A-8,1,2026-02-01,Acme Ltd,P1,3,3.33,0,10.01', // 10 9.99 vs 10.01: beyond ±0.01
    'A-9,1,2026-02-01,Acme Ltd,P1,3,3.33,0,9.98', // 11 within ±1 minor unit: fine
  ].join('\n') +
  '\n';

describe('dry run', () => {
  it('lists every bad row with its reason, stores the list (paged) and writes nothing', async () => {
    await rawQuery(t.db.handle, `insert into products (code, name, currency) values ('P1', 'Product one', 'CNY'), ('P2', 'Product two', 'CNY')`);
    const before = await business();
    const res = await upload(s, 'orders', 'bad.csv', BAD);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().batch.id;
    const dry = await s.request({ method: 'POST', url: `/api/v1/imports/${id}/dry-run`, payload: { options: { createProducts: false } } });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().batch).toMatchObject({ status: 'validated', totalRows: 10, errorRows: 8, validRows: 2 });
    const byRow = new Map<number, string[]>();
    for (const e of dry.json().errors) byRow.set(e.rowNo, [...(byRow.get(e.rowNo) ?? []), e.code]);
    expect(Object.fromEntries(byRow)).toEqual({
      2: ['bad_date'],
      3: ['negative_quantity'],
      4: ['amount_mismatch'],
      6: ['duplicate_line'],
      7: ['required'],
      8: ['unknown_product'],
      9: ['bad_amount'],
      10: ['amount_mismatch'],
    });
    // Paged through the errors endpoint, each with a message a person can act on.
    const p1 = await s.request({ method: 'GET', url: `/api/v1/imports/${id}/errors?limit=5` });
    expect(p1.statusCode).toBe(200);
    expect(p1.json().items).toHaveLength(5);
    const p2 = await s.request({ method: 'GET', url: `/api/v1/imports/${id}/errors?limit=5&cursor=${p1.json().nextCursor}` });
    expect(p2.json().items).toHaveLength(3);
    expect(p2.json().nextCursor).toBeNull();
    expect(p1.json().items[0]).toMatchObject({ rowNo: 2, field: 'order.date', value: '2026-02-30' });
    expect(p1.json().items[0].message).toMatch(/not a date/);
    // The details a reader's language needs come apart from the English message.
    const mismatch = [...p1.json().items, ...p2.json().items].find((e: { rowNo: number }) => e.rowNo === 10);
    expect(mismatch).toMatchObject({ code: 'amount_mismatch', value: '10.01', params: { expected: '9.99' } });
    expect(await business()).toEqual(before);

    // The import itself refuses the file as a whole…
    const run = await s.request({ method: 'POST', url: `/api/v1/imports/${id}/run`, payload: { options: { createProducts: false } } });
    expect(run.statusCode).toBe(400);
    expect(run.json().title).toMatch(/8 of 10 rows have errors/);
    expect(await business()).toEqual(before);
    const batch = await s.request({ method: 'GET', url: `/api/v1/imports/${id}` });
    expect(batch.json()).toMatchObject({ status: 'failed', errorRows: 8 });
    // …or imports the good orders when asked to skip the bad rows (A-4 has a bad line: skipped whole).
    const skip = await s.request({ method: 'POST', url: `/api/v1/imports/${id}/run`, payload: { options: { createProducts: false, skipInvalidRows: true } } });
    expect(skip.statusCode, skip.body).toBe(200);
    expect(skip.json().batch.created).toMatchObject({ orders: 1, lines: 1, products: 0 });
    const orders = await rawQuery<{ external_id: string; net_total: number }>(t.db.handle, `select external_id, net_total from sales_orders`);
    expect(orders).toEqual([{ external_id: 'A-9', net_total: 998 }]);
  });
});

describe('customers, products and contacts', () => {
  it('imports each kind, matches existing records (credit code, folded name, code) and re-imports as unchanged', async () => {
    const customers = '客户编号,客户名称,统一社会信用代码,行业,等级\nK-1,北京长江机械有限公司,91110000100000000X,机械,A\nK-2,Hooli Co., Ltd.,,Software,B\n';
    const c1 = await upload(s, 'customers', 'customers.csv', customers.replace('Hooli Co., Ltd.', '"Hooli Co., Ltd."'));
    expect(c1.statusCode, c1.body).toBe(201);
    const r1 = await s.request({ method: 'POST', url: `/api/v1/imports/${c1.json().batch.id}/run`, payload: {} });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().batch.created).toMatchObject({ customers: 2 });
    const rows = await rawQuery<{ code: string; name_key: string; level: string }>(t.db.handle, `select code, name_key, level from customers where import_batch_id = $1 order by code`, [c1.json().batch.id]);
    expect(rows.map((r) => r.name_key)).toEqual(['北京长江机械', 'hooli']);
    expect(rows[0].code).toMatch(/^C-\d{6}$/);
    // Same companies spelled differently (full-width, suffix) and without ids: matched, nothing new.
    const again = await upload(s, 'customers', 'again.csv', 'Customer name\n北京长江机械（有限公司）\nＨＯＯＬＩ Ltd\n');
    const r2 = await s.request({ method: 'POST', url: `/api/v1/imports/${again.json().batch.id}/run`, payload: {} });
    expect(r2.json().batch).toMatchObject({ created: { customers: 0 }, unchanged: { customers: 2 } });

    const contacts = await upload(s, 'contacts', 'contacts.csv', '客户名称,联系人,手机,邮箱\n北京长江机械有限公司,王伟,13800000000,wang@example.cn\nNobody Inc,Ghost,,\n');
    const r3 = await s.request({ method: 'POST', url: `/api/v1/imports/${contacts.json().batch.id}/run`, payload: {} });
    expect(r3.statusCode, r3.body).toBe(200);
    expect(r3.json().batch.created).toMatchObject({ contacts: 1 });

    const products = await upload(s, 'products', 'products.csv', '产品编码,产品名称,类别,单位,单价\nM-1,电机,动力,台,1200.50\nM-2,齿轮,传动,个,35\n');
    const r4 = await s.request({ method: 'POST', url: `/api/v1/imports/${products.json().batch.id}/run`, payload: {} });
    expect(r4.statusCode, r4.body).toBe(200);
    expect(r4.json().batch.created).toMatchObject({ products: 2, categories: 2 });
    const [m1] = await rawQuery<{ list_price: number; unit: string }>(t.db.handle, `select list_price, unit from products where code = 'M-1'`);
    expect(m1).toEqual({ list_price: 120050, unit: '台' });
    const undo = await s.request({ method: 'POST', url: `/api/v1/imports/${products.json().batch.id}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await rawQuery(t.db.handle, `select 1 from products where code in ('M-1', 'M-2') union all select 1 from product_categories where name in ('动力', '传动')`)).toEqual([]);
  });
});

describe('background import', () => {
  it('runs as a job with progress, visible on the batch', async () => {
    const res = await upload(s, 'orders', 'bg.csv', flatCsv(300, 11).replace(/,rep\d+@bench\.example,/g, ',,'));
    const id = res.json().batch.id;
    const run = await s.request({ method: 'POST', url: `/api/v1/imports/${id}/run`, payload: { options: { background: true } } });
    expect(run.statusCode, run.body).toBe(202);
    expect(run.json()).toMatchObject({ queued: true, batch: { status: 'importing', progress: 0 } });
    await runDueJobs(t.db.handle);
    const done = await s.request({ method: 'GET', url: `/api/v1/imports/${id}` });
    expect(done.json()).toMatchObject({ status: 'imported', progress: 100, totalRows: 300, created: { lines: 300 } });
  });
});

describe('CLI', () => {
  it('salesdesk import orders FILE --mapping MAPPING.json [--dry-run], and export', { timeout: 240_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-cli-import-'));
    try {
      const file = path.join(dir, 'lines.csv');
      fs.writeFileSync(file, '单号,日期,客户,物料编码,数量,单价\nC-1,2026-05-01,深圳海天科技有限公司,H-1,2,50\nC-1,2026-05-01,深圳海天科技有限公司,H-2,1,20.5\nC-2,2026-05-02,深圳海天科技有限公司,H-1,-1,50\n');
      const mapping = path.join(dir, 'mapping.json');
      fs.writeFileSync(mapping, JSON.stringify({ 'order.externalId': '单号', 'order.date': '日期', 'customer.name': '客户', 'product.code': '物料编码', quantity: '数量', unitPrice: '单价' }));
      const env = { DATA_DIR: path.join(dir, 'data') };
      const commands = buildCli().commands;
      const help = commands.find((c) => c.name() === 'import')!.helpInformation();
      expect(help).toMatch(/--mapping <file>/);
      expect(help).toMatch(/--dry-run/);
      expect(commands.find((c) => c.name() === 'export')!.helpInformation()).toMatch(/orders, customers, products|FILE\.csv or FILE\.xlsx/);
      const dry = await runCli(['import', 'orders', file, '--mapping', mapping, '--dry-run'], env);
      expect(dry.code, dry.stderr).toBe(1);
      expect(dry.stdout).toMatch(/row 4 quantity: .*negative/);
      const ok = await runCli(['import', 'orders', file, '--mapping', mapping, '--skip-invalid'], env);
      expect(ok.code, ok.stderr).toBe(1);
      expect(ok.stdout).toMatch(/imported; 3 rows, 1 with errors/);
      expect(ok.stdout).toMatch(/created: .*"lines":2/);
      expect(ok.stdout).toMatch(/created: .*"orders":1/);
      const out = path.join(dir, 'export.csv');
      const exp = await runCli(['export', 'orders', out], env);
      expect(exp.code, exp.stderr).toBe(0);
      expect(exp.stdout).toMatch(/Exported 2 order lines/);
      const text = fs.readFileSync(out, 'utf8');
      expect(text.startsWith('\uFEFFOrder no,Line,Date')).toBe(true);
      expect(text).toMatch(/C-1,1,2026-05-01,C-\d{6},深圳海天科技有限公司,H-1,H-1,pcs,,,2,50.00,0,100.00,0,CNY/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
