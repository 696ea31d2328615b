import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestMapping } from '../../src/server/modules/imports/imports.schema';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { multipartFile, upload } from './helpers';

let t: TestApp;
let s: Session;

beforeAll(async () => {
  t = await createTestApp({ importLimitBytes: 1024 * 1024 });
  s = await signIn(t.app, (await makeUser(t, ['assistant'])).email);
});
afterAll(async () => t?.close());

const written = async () => {
  const [r] = await rawQuery<Record<string, number>>(
    t.db.handle,
    `select (select count(*)::int from customers) customers, (select count(*)::int from products) products, (select count(*)::int from sales_orders) orders, (select count(*)::int from import_batches) batches`,
  );
  return r;
};

const ZH = '订单号,行号,日期,客户名称,产品编码,产品名称,区域,数量,单价,折扣,金额\n';
const zhRows = 'SO-1,1,2026-03-05,上海华东电子有限公司,P-01,螺丝,华东,2,10.00,0,20.00\nSO-1,2,2026-03-05,上海华东电子有限公司,P-02,螺母,华东,3,1.50,10%,4.05\n';

describe('encodings and delimiters', () => {
  it('reads GBK (GB18030), UTF-8 with a BOM and semicolon files, and imports them the same', async () => {
    const gbk = await upload(s, 'orders', 'gbk.csv', iconv.encode(ZH + zhRows, 'gbk'));
    expect(gbk.statusCode, gbk.body).toBe(201);
    expect(gbk.json().preview).toMatchObject({ encoding: 'gb18030', delimiter: ',', headers: ZH.trim().split(',') });
    expect(gbk.json().preview.rows[0][3]).toBe('上海华东电子有限公司');

    const bom = await upload(s, 'orders', 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ZH + zhRows)]));
    expect(bom.statusCode, bom.body).toBe(201);
    expect(bom.json().preview.encoding).toBe('utf-8');
    expect(bom.json().preview.headers[0]).toBe('订单号');

    const semi = await upload(s, 'orders', 'semi.csv', (ZH + zhRows).replace(/,/g, ';').replace('10;00', '10,00'));
    expect(semi.statusCode, semi.body).toBe(201);
    expect(semi.json().preview.delimiter).toBe(';');
    expect(semi.json().preview.headers).toHaveLength(11);

    const run = await s.request({ method: 'POST', url: `/api/v1/imports/${gbk.json().batch.id}/run`, payload: {} });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().batch.created).toMatchObject({ customers: 1, products: 2, regions: 1, orders: 1, lines: 2 });
    const [o] = await rawQuery<{ net_total: number; name: string }>(t.db.handle, `select o.net_total, c.name from sales_orders o join customers c on c.id = o.customer_id where o.external_id = 'SO-1'`);
    expect(o).toEqual({ net_total: 2405, name: '上海华东电子有限公司' });
    // The same lines again, BOM and semicolons: nothing new.
    const again = await s.request({ method: 'POST', url: `/api/v1/imports/${semi.json().batch.id}/run`, payload: {} });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().batch.created).toMatchObject({ customers: 0, products: 0, orders: 0, lines: 0 });
  });

  it('a forced wrong delimiter is a clear 400 that names it', async () => {
    const res = await upload(s, 'orders', 'comma.csv', ZH + zhRows);
    const id = res.json().batch.id;
    const dry = await s.request({ method: 'POST', url: `/api/v1/imports/${id}/dry-run`, payload: { options: { delimiter: ';' }, mapping: { 'order.externalId': '订单号', 'order.date': '日期', 'customer.name': '客户名称', 'product.code': '产品编码', quantity: '数量', unitPrice: '单价' } } });
    expect(dry.statusCode).toBe(400);
    expect(dry.json().title).toMatch(/single column.*delimiter is not ";"/);
  });
});

/** A real workbook whose compressed sheet data is overwritten: the zip directory still reads, the content does not. */
async function brokenXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  for (let i = 0; i < 200; i++) ws.addRow([`Order ${i}`, i, 'some text to compress', i * 3]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const at = buf.indexOf('xl/worksheets/sheet1.xml');
  buf.fill(0x5a, at + 40, at + 400);
  return buf;
}

describe('bad files get a clear 4xx and write nothing', () => {
  it('empty, header only, undecodable, too many columns, broken XLSX, over the import limit', async () => {
    const before = await written();
    const cases: [string, Buffer | string, number, RegExp][] = [
      ['empty.csv', '', 400, /empty/i],
      ['header.csv', ZH, 400, /header but no rows/],
      ['latin1.csv', Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xff, 0xfe, 0x41, 0x80, 0x0a]), 415, /UTF-8 or GBK/],
      ['wide.csv', Array.from({ length: 250 }, (_, i) => `c${i}`).join(',') + '\n' + Array.from({ length: 250 }, () => '1').join(',') + '\n', 400, /250 columns/],
      ['broken.xlsx', await brokenXlsx(), 400, /XLSX file is damaged/],
    ];
    for (const [name, data, status, message] of cases) {
      const res = await upload(s, 'orders', name, data);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.body, name).toMatch(message);
    }
    expect((await written()).batches).toBe(before.batches);
    expect(await written()).toEqual(before);
  });

  it('a file over the import limit is 413 before parsing: a declared 2 GB body is refused unread, a streamed one at the limit', async () => {
    const before = await written();
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 65536;
        this.push(pulled > 3 * 1024 * 1024 ? null : Buffer.alloc(65536, 0x41));
      },
    });
    const { headers } = multipartFile('huge.csv', Buffer.alloc(0));
    const declared = await s.request({ method: 'POST', url: '/api/v1/imports/upload?kind=orders', payload: endless, headers: { ...headers, 'content-length': String(2 * 1024 ** 3) } });
    expect(declared.statusCode, declared.body).toBe(413);
    expect(pulled).toBeLessThan(3 * 1024 * 1024);
    const big = Buffer.concat([Buffer.from('a,b\n'), Buffer.alloc(2 * 1024 * 1024, '1,2\n')]);
    const streamed = await s.request({ method: 'POST', url: '/api/v1/imports/upload?kind=orders', ...multipartFile('big.csv', big) });
    expect(streamed.statusCode, streamed.body).toBe(413);
    expect(await written()).toEqual(before);
  });
});

describe('XLSX', () => {
  it('reads the first worksheet (dates as dates) and imports it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['Order No', 'Date', 'Customer name', 'Product code', 'Qty', 'Unit price', 'Amount']);
    ws.addRow(['X-1', new Date(Date.UTC(2025, 5, 30)), 'Globex Corporation', 'G-1', 4, 2.5, 10]);
    ws.addRow(['X-1', new Date(Date.UTC(2025, 5, 30)), 'Globex Corporation', 'G-2', 1, 99.99, 99.99]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(s, 'orders', 'orders.xlsx', data);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().preview).toMatchObject({ format: 'xlsx', headers: ['Order No', 'Date', 'Customer name', 'Product code', 'Qty', 'Unit price', 'Amount'] });
    expect(res.json().preview.rows[0][1]).toBe('2025-06-30');
    const run = await s.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/run`, payload: {} });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().batch.created).toMatchObject({ orders: 1, lines: 2, customers: 1 });
    const [o] = await rawQuery<{ net_total: number; order_date: string }>(t.db.handle, `select net_total, order_date from sales_orders where external_id = 'X-1'`);
    expect(o).toEqual({ net_total: 10999, order_date: '2025-06-30' });
  });
});

describe('mapping suggestion and templates', () => {
  it('suggests mappings from Chinese and English headers', () => {
    expect(suggestMapping('orders', ['订单号', '日期', '客户名称', '产品编码', '产品名称', '数量', '单价', '折扣', '金额', '区域', '业务员'])).toEqual({
      'order.externalId': '订单号',
      'order.date': '日期',
      'customer.name': '客户名称',
      'product.code': '产品编码',
      'product.name': '产品名称',
      quantity: '数量',
      unitPrice: '单价',
      discount: '折扣',
      amount: '金额',
      region: '区域',
      rep: '业务员',
    });
    expect(suggestMapping('orders', ['Order No.', 'Order Date', 'Customer Name', 'Product Code', 'QTY', 'Unit Price', 'Disc %', 'Amount', 'Sales Rep', 'Region'])).toEqual({
      'order.externalId': 'Order No.',
      'order.date': 'Order Date',
      'customer.name': 'Customer Name',
      'product.code': 'Product Code',
      quantity: 'QTY',
      unitPrice: 'Unit Price',
      discount: 'Disc %',
      amount: 'Amount',
      rep: 'Sales Rep',
      region: 'Region',
    });
    expect(suggestMapping('customers', ['客户编号', '客户名称', '统一社会信用代码', '行业'])).toEqual({ 'customer.externalId': '客户编号', 'customer.name': '客户名称', 'customer.creditCode': '统一社会信用代码', 'customer.industry': '行业' });
  });

  it('saves a mapping as a template and reuses it for a file with other headers', async () => {
    const mapping = { 'order.externalId': 'Beleg', 'order.date': 'Tag', 'customer.name': 'Kunde', 'product.code': 'Artikel', quantity: 'Menge', unitPrice: 'Preis' };
    const saved = await s.request({ method: 'POST', url: '/api/v1/import-templates', payload: { kind: 'orders', name: 'ERP export', mapping } });
    expect(saved.statusCode, saved.body).toBe(201);
    const list = await s.request({ method: 'GET', url: '/api/v1/import-templates?kind=orders' });
    expect(list.json().items.map((x: { name: string }) => x.name)).toContain('ERP export');
    const res = await upload(s, 'orders', 'erp.csv', 'Beleg,Tag,Kunde,Artikel,Menge,Preis\nB-1,2026-01-02,Initech GmbH,I-1,2,3.00\n');
    expect(res.statusCode, res.body).toBe(201);
    const run = await s.request({ method: 'POST', url: `/api/v1/imports/${res.json().batch.id}/run`, payload: { templateId: saved.json().id } });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().batch.mapping).toEqual(mapping);
    expect(run.json().batch.created).toMatchObject({ orders: 1, lines: 1 });
    const del = await s.request({ method: 'DELETE', url: `/api/v1/import-templates/${saved.json().id}` });
    expect(del.statusCode).toBe(200);
  });
});
