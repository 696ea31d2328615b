import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceFor } from '../../src/server/modules/products/products.service';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

/** The product catalogue through its API: category tree, products, price lists and the price lookup, exports, access. */
let t: TestApp;
let admin: Session;
let rep: Session;
let viewer: Session;
let assistant: Session;

const CATALOGUE_TABLES = ['product_categories', 'products', 'price_lists', 'price_list_items'] as const;
const counts = () => rowCounts(t.db.handle, CATALOGUE_TABLES);
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, (await makeUser(t, ['admin'])).email);
  assistant = await signIn(t.app, (await makeUser(t, ['assistant'])).email);
  rep = await signIn(t.app, (await makeUser(t, ['rep'])).email);
  viewer = await signIn(t.app, (await makeUser(t, ['viewer'])).email);
});
afterAll(async () => {
  await t?.close();
});

async function post(s: Session, url: string, payload: unknown) {
  return s.request({ method: 'POST', url, payload: payload as object });
}
async function category(name: string, parentId: string | null = null, code?: string) {
  const res = await post(assistant, '/api/v1/product-categories', { name, parentId, ...(code && { code }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function product(code: string, extra: Record<string, unknown> = {}) {
  const res = await post(assistant, '/api/v1/products', { code, name: `Product ${code}`, listPrice: 1000, cost: 600, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; currency: string; status: string };
}
async function priceList(body: Record<string, unknown>) {
  return post(assistant, '/api/v1/price-lists', body);
}

describe('category tree', () => {
  it('moves a category, and refuses to put one under itself or its own subtree, writing nothing', async () => {
    const root = await category('电子元器件 Electronic components', null, 'EC');
    const child = await category('连接器 Connectors', root.id, 'EC-CN');
    const grandchild = await category('端子 Terminals', child.id, 'EC-CN-T');

    const before = await counts();
    for (const parentId of [grandchild.id, child.id, root.id]) {
      const res = await assistant.request({ method: 'PATCH', url: `/api/v1/product-categories/${root.id}`, payload: { parentId, version: root.version } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'parentId', code: 'cycle' })]);
    }
    expect(await counts()).toEqual(before);
    const [stillRoot] = await rawQuery<{ parent_id: string | null; version: number }>(t.db.handle, 'select parent_id, version from product_categories where id = $1', [root.id]);
    expect(stillRoot).toEqual({ parent_id: null, version: 1 });

    const moved = await assistant.request({ method: 'PATCH', url: `/api/v1/product-categories/${grandchild.id}`, payload: { parentId: root.id, version: grandchild.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: root.id, version: 2 });
    const [audit] = await rawQuery<{ action: string }>(t.db.handle, `select action from audit_log where entity_id = $1 order by seq desc limit 1`, [grandchild.id]);
    expect(audit.action).toBe('product_category.move');

    const tree = await rep.request({ url: '/api/v1/product-categories' });
    expect(tree.statusCode).toBe(200);
    const rows = tree.json().items as { id: string; parentId: string | null }[];
    expect(rows.find((r) => r.id === grandchild.id)?.parentId).toBe(root.id);
    expect(rows.find((r) => r.id === child.id)?.parentId).toBe(root.id);
  });

  it('keeps category codes unique ignoring case', async () => {
    await category('Cables', null, 'CAB');
    const before = await counts();
    const dup = await post(assistant, '/api/v1/product-categories', { name: 'More cables', code: 'cab' });
    expect(dup.statusCode).toBe(409);
    expect(fields(dup.json())).toEqual(['code']);
    expect(await counts()).toEqual(before);
  });
});

describe('products', () => {
  it('keeps product codes unique ignoring case, on create and on update', async () => {
    const a = await product('UNQ-001');
    const b = await product('UNQ-002');
    const before = await counts();
    const dup = await post(assistant, '/api/v1/products', { code: 'unq-001', name: 'Twin', listPrice: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'duplicate' });
    expect(fields(dup.json())).toEqual(['code']);
    const rename = await assistant.request({ method: 'PATCH', url: `/api/v1/products/${b.id}`, payload: { code: 'Unq-001', version: b.version } });
    expect(rename.statusCode).toBe(409);
    expect(fields(rename.json())).toEqual(['code']);
    expect(await counts()).toEqual(before);
    // Its own code in another case is not a clash.
    const self = await assistant.request({ method: 'PATCH', url: `/api/v1/products/${a.id}`, payload: { code: 'unq-001', version: a.version } });
    expect(self.statusCode, self.body).toBe(200);
  });

  it('takes the currency from the company settings unless given', async () => {
    const p = await product('CUR-001');
    expect(p.currency).toBe('CNY');
    const usd = await product('CUR-002', { currency: 'USD' });
    expect(usd.currency).toBe('USD');
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ code: 'BAD-1', name: 'Negative', listPrice: -1 }, 'listPrice', 400],
      [{ code: 'BAD-2', name: 'Fraction', listPrice: 12.5 }, 'listPrice', 400],
      [{ code: 'BAD-3', name: 'Cost', listPrice: 100, cost: -5 }, 'cost', 400],
      [{ code: 'BAD 4', name: 'Space', listPrice: 100 }, 'code', 400],
      [{ code: 'BAD-5', name: '', listPrice: 100 }, 'name', 400],
      [{ code: 'BAD-6', name: 'Currency', listPrice: 100, currency: 'yuan' }, 'currency', 400],
      [{ code: 'BAD-7', name: 'Ghost category', listPrice: 100, categoryId: '00000000-0000-4000-8000-000000000000' }, 'categoryId', 400],
      [{ code: 'BAD-8', name: 'Status', listPrice: 100, status: 'sold-out' }, 'status', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await post(assistant, '/api/v1/products', body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(status);
      expect(fields(res.json()), res.body).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers a stale version with 409 and changes nothing', async () => {
    const p = await product('VER-001');
    const first = await assistant.request({ method: 'PATCH', url: `/api/v1/products/${p.id}`, payload: { listPrice: 1100, version: p.version } });
    expect(first.statusCode).toBe(200);
    const stale = await admin.request({ method: 'PATCH', url: `/api/v1/products/${p.id}`, payload: { listPrice: 1200, version: p.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const now = (await rep.request({ url: `/api/v1/products/${p.id}` })).json();
    expect(now).toMatchObject({ listPrice: 1100, version: 2 });
    const staleDelete = await assistant.request({ method: 'DELETE', url: `/api/v1/products/${p.id}`, payload: { version: 1 } });
    expect(staleDelete.statusCode).toBe(409);
  });

  it('discontinues a product; one on an order line cannot be deleted, an unused one can', async () => {
    const used = await product('DSC-001');
    const unused = await product('DSC-002');
    await rawQuery(t.db.handle, `insert into customers (id, code, name, name_key) values ('11111111-1111-4111-8111-111111111111', 'C-DSC', 'Buyer', 'buyer')`);
    await rawQuery(t.db.handle, `insert into sales_orders (id, number, customer_id, order_date, currency) values ('22222222-2222-4222-8222-222222222222', 'SO-T-1', '11111111-1111-4111-8111-111111111111', '2026-05-01', 'CNY')`);
    await rawQuery(
      t.db.handle,
      `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, net_amount, tax_amount, gross_amount, order_date, customer_id)
       values ('22222222-2222-4222-8222-222222222222', 1, $1, 2, 1000, 2000, 0, 2000, '2026-05-01', '11111111-1111-4111-8111-111111111111')`,
      [used.id],
    );
    expect((await rep.request({ url: `/api/v1/products/${used.id}` })).json().isUsed).toBe(true);

    const refused = await assistant.request({ method: 'DELETE', url: `/api/v1/products/${used.id}`, payload: { version: used.version } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('conflict');
    expect((await rep.request({ url: `/api/v1/products/${used.id}` })).statusCode).toBe(200);

    const off = await assistant.request({ method: 'PATCH', url: `/api/v1/products/${used.id}`, payload: { status: 'discontinued', version: used.version } });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ status: 'discontinued', version: 2 });
    const [audit] = await rawQuery<{ action: string; before: { status: string }; after: { status: string } }>(
      t.db.handle,
      `select action, before, after from audit_log where entity_id = $1 order by seq desc limit 1`,
      [used.id],
    );
    expect(audit).toMatchObject({ action: 'product.discontinue', before: { status: 'active' }, after: { status: 'discontinued' } });
    const list = await rep.request({ url: '/api/v1/products?status=discontinued&q=DSC' });
    expect(list.json().items.map((p: { code: string }) => p.code)).toEqual(['DSC-001']);

    const pl = await priceList({ name: 'With the unused one', items: [{ productId: unused.id, minQuantity: 1, price: 900 }] });
    expect(pl.statusCode, pl.body).toBe(201);
    const del = await assistant.request({ method: 'DELETE', url: `/api/v1/products/${unused.id}`, payload: { version: unused.version } });
    expect(del.statusCode, del.body).toBe(200);
    expect((await rep.request({ url: `/api/v1/products/${unused.id}` })).statusCode).toBe(404);
    expect((await rep.request({ url: `/api/v1/price-lists/${pl.json().id}` })).json().items).toEqual([]);
  });

  it('lists with filters (a category with its sub-categories, text, status), sorts, and pages without gaps', async () => {
    const top = await category('Filter top');
    const sub = await category('Filter sub', top.id);
    const other = await category('Filter other');
    await product('FLT-A', { categoryId: top.id, listPrice: 300 });
    await product('FLT-B', { categoryId: sub.id, listPrice: 100 });
    await product('FLT-C', { categoryId: other.id, listPrice: 200 });
    await product('FLT-D', { categoryId: sub.id, listPrice: 400, status: 'discontinued' });

    const codes = async (query: string) => (await rep.request({ url: `/api/v1/products?${query}` })).json().items.map((p: { code: string }) => p.code);
    expect(await codes(`categoryId=${top.id}`)).toEqual(['FLT-A', 'FLT-B', 'FLT-D']);
    expect(await codes(`categoryId=${sub.id}&status=active`)).toEqual(['FLT-B']);
    expect(await codes('q=flt-&sort=-listPrice')).toEqual(['FLT-D', 'FLT-A', 'FLT-C', 'FLT-B']);
    expect(await codes('categoryId=00000000-0000-4000-8000-000000000000')).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await rep.request({ url: `/api/v1/products?q=FLT&sort=listPrice&limit=3${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((p: { code: string }) => p.code));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(['FLT-B', 'FLT-C', 'FLT-A', 'FLT-D']);
  });

  it('finds products in the header search', async () => {
    const p = await product('SRCH-77', { name: '贴片电阻 Chip resistor 0603' });
    const res = await viewer.request({ url: '/api/v1/search?q=chip%20resistor&kinds=product' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ kind: 'product', id: p.id, title: 'SRCH-77 贴片电阻 Chip resistor 0603' })]);
  });
});

describe('access', () => {
  it('lets a rep and a viewer read the catalogue but not change it', async () => {
    const p = await product('ACC-001');
    for (const s of [rep, viewer]) {
      expect((await s.request({ url: '/api/v1/products' })).statusCode).toBe(200);
      expect((await s.request({ url: `/api/v1/products/${p.id}` })).statusCode).toBe(200);
      expect((await s.request({ url: '/api/v1/price-lists' })).statusCode).toBe(200);
      const before = await counts();
      expect((await post(s, '/api/v1/products', { code: `ACC-${s.userId.slice(0, 4)}`, name: 'Mine', listPrice: 1 })).statusCode).toBe(403);
      expect((await s.request({ method: 'PATCH', url: `/api/v1/products/${p.id}`, payload: { listPrice: 1, version: p.version } })).statusCode).toBe(403);
      expect((await post(s, '/api/v1/product-categories', { name: 'Mine' })).statusCode).toBe(403);
      expect((await post(s, '/api/v1/price-lists', { name: 'Mine' })).statusCode).toBe(403);
      expect(await counts()).toEqual(before);
    }
  });
});

describe('price lookup', () => {
  let p: { id: string };
  let standard: { id: string; version: number };
  const db = () => t.db.handle.db;

  beforeAll(async () => {
    p = await product('PRC-001', { listPrice: 1000 });
  });

  it('falls back to the list price when no list prices the product, and to nothing in another currency', async () => {
    expect(await priceFor(db(), p.id, { quantity: 5, date: '2026-06-01' })).toMatchObject({ unitPrice: 1000, source: 'list_price', currency: 'CNY', priceListId: null });
    expect(await priceFor(db(), p.id, { quantity: 5, date: '2026-06-01', currency: 'USD' })).toBeNull();
  });

  it('takes the item with the highest minimum quantity not above the quantity, from the default list', async () => {
    const res = await priceList({
      name: 'Standard CNY',
      currency: 'CNY',
      isDefault: true,
      validTo: '2026-12-31',
      items: [
        { productId: p.id, minQuantity: '1', price: 950 },
        { productId: p.id, minQuantity: '100', price: 900 },
        { productId: p.id, minQuantity: 500, price: 850 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    standard = res.json();
    expect(res.json().items.map((i: { minQuantity: string }) => i.minQuantity)).toEqual(['1', '100', '500']);
    const at = async (quantity: string | number) => (await priceFor(db(), p.id, { quantity, date: '2026-06-01' }))?.unitPrice;
    expect(await at(1)).toBe(950);
    expect(await at('99.5')).toBe(950);
    expect(await at(100)).toBe(900);
    expect(await at('499.9999')).toBe(900);
    expect(await at(500)).toBe(850);
    expect(await at(100000)).toBe(850);
    // Below the smallest break: no item applies, the list price does.
    expect(await priceFor(db(), p.id, { quantity: '0.5', date: '2026-06-01' })).toMatchObject({ unitPrice: 1000, source: 'list_price' });
    expect(await priceFor(db(), p.id, { quantity: 120, date: '2026-06-01' })).toMatchObject({ source: 'price_list', priceListId: standard.id, priceListName: 'Standard CNY', minQuantity: '100' });

    const route = await rep.request({ url: `/api/v1/products/${p.id}/price?quantity=150&date=2026-06-01` });
    expect(route.statusCode).toBe(200);
    expect(route.json().quote).toMatchObject({ unitPrice: 900, source: 'price_list' });
  });

  it('keeps one default list per currency at any date, and follows the validity dates', async () => {
    const before = await counts();
    const overlap = await priceList({ name: 'Standard 2026 H2', currency: 'CNY', isDefault: true, validFrom: '2026-07-01', items: [{ productId: p.id, price: 1 }] });
    expect(overlap.statusCode).toBe(409);
    expect(fields(overlap.json())).toEqual(['isDefault']);
    expect(await counts()).toEqual(before);

    const next = await priceList({ name: 'Standard 2027', currency: 'CNY', isDefault: true, validFrom: '2027-01-01', validTo: '2027-12-31', items: [{ productId: p.id, minQuantity: 1, price: 990 }] });
    expect(next.statusCode, next.body).toBe(201);
    expect((await priceFor(db(), p.id, { quantity: 1, date: '2026-12-31' }))?.unitPrice).toBe(950);
    expect((await priceFor(db(), p.id, { quantity: 1, date: '2027-01-01' }))?.unitPrice).toBe(990);
    expect(await priceFor(db(), p.id, { quantity: 1, date: '2028-01-01' })).toMatchObject({ unitPrice: 1000, source: 'list_price' });

    // Stretching 2026 into 2027 would make two defaults for the same days.
    const stretch = await assistant.request({ method: 'PATCH', url: `/api/v1/price-lists/${standard.id}`, payload: { validTo: '2027-03-31', version: standard.version } });
    expect(stretch.statusCode).toBe(409);
    expect(fields(stretch.json())).toEqual(['isDefault']);
    const backwards = await assistant.request({ method: 'PATCH', url: `/api/v1/price-lists/${standard.id}`, payload: { validFrom: '2027-01-01', version: standard.version } });
    expect(backwards.statusCode).toBe(400);
    expect(fields(backwards.json())).toEqual(['validTo']);
  });

  it('uses a chosen list first, falls back to the default one, and ignores archived lists', async () => {
    const promo = await priceList({ name: 'Spring promotion', currency: 'CNY', validFrom: '2026-03-01', validTo: '2026-05-31', items: [{ productId: p.id, minQuantity: 10, price: 800 }] });
    expect(promo.statusCode, promo.body).toBe(201);
    const promoId = promo.json().id;
    // Not the default: only when chosen.
    expect((await priceFor(db(), p.id, { quantity: 20, date: '2026-04-01' }))?.unitPrice).toBe(950);
    expect(await priceFor(db(), p.id, { quantity: 20, date: '2026-04-01', priceListId: promoId })).toMatchObject({ unitPrice: 800, priceListId: promoId });
    // Chosen but no item for that quantity, or out of its dates: the default list answers.
    expect((await priceFor(db(), p.id, { quantity: 5, date: '2026-04-01', priceListId: promoId }))?.unitPrice).toBe(950);
    expect((await priceFor(db(), p.id, { quantity: 20, date: '2026-06-01', priceListId: promoId }))?.unitPrice).toBe(950);

    const archived = await assistant.request({ method: 'PATCH', url: `/api/v1/price-lists/${standard.id}`, payload: { isArchived: true, version: standard.version } });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(await priceFor(db(), p.id, { quantity: 20, date: '2026-04-01' })).toMatchObject({ unitPrice: 1000, source: 'list_price' });
    const listed = (await rep.request({ url: '/api/v1/price-lists' })).json().items.map((l: { id: string }) => l.id);
    expect(listed).not.toContain(standard.id);
    expect((await rep.request({ url: '/api/v1/price-lists?includeArchived=true' })).json().items.map((l: { id: string }) => l.id)).toContain(standard.id);
  });

  it('prices in another currency from that currency’s default list', async () => {
    const usd = await priceList({ name: 'Export USD', currency: 'USD', isDefault: true, items: [{ productId: p.id, minQuantity: 1, price: 150 }] });
    expect(usd.statusCode, usd.body).toBe(201);
    expect(await priceFor(db(), p.id, { quantity: 1, date: '2026-06-01', currency: 'USD' })).toMatchObject({ unitPrice: 150, currency: 'USD', source: 'price_list' });
  });

  it('lets only one of two concurrent requests make a default list, and only one of two edits at the same version win', async () => {
    const body = (name: string) => ({ name, currency: 'EUR', isDefault: true, items: [{ productId: p.id, price: 130 }] });
    const both = await Promise.all([priceList(body('EUR one')), priceList(body('EUR two'))]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const [n] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from price_lists where currency = 'EUR'`);
    expect(n.n).toBe(1);

    const q = await product('RACE-001');
    const edits = await Promise.all([1100, 1200].map((listPrice) => assistant.request({ method: 'PATCH', url: `/api/v1/products/${q.id}`, payload: { listPrice, version: q.version } })));
    expect(edits.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = edits.find((r) => r.statusCode === 200)!.json();
    expect((await rep.request({ url: `/api/v1/products/${q.id}` })).json()).toMatchObject({ listPrice: winner.listPrice, version: 2 });
  });

  it('refuses bad items and stale versions, naming the field, writing nothing', async () => {
    const list = (await priceList({ name: 'Items check' })).json();
    const before = await counts();
    const ghost = await assistant.request({ method: 'PUT', url: `/api/v1/price-lists/${list.id}/items`, payload: { items: [{ productId: p.id, price: 1 }, { productId: '00000000-0000-4000-8000-000000000000', price: 1 }], version: list.version } });
    expect(ghost.statusCode).toBe(400);
    expect(fields(ghost.json())).toEqual(['items.1.productId']);
    const twice = await assistant.request({ method: 'PUT', url: `/api/v1/price-lists/${list.id}/items`, payload: { items: [{ productId: p.id, minQuantity: '10', price: 1 }, { productId: p.id, minQuantity: '10.00', price: 2 }], version: list.version } });
    expect(twice.statusCode).toBe(400);
    expect(fields(twice.json())).toEqual(['items.1.minQuantity']);
    const zero = await assistant.request({ method: 'PUT', url: `/api/v1/price-lists/${list.id}/items`, payload: { items: [{ productId: p.id, minQuantity: '0', price: 1 }], version: list.version } });
    expect(zero.statusCode).toBe(400);
    expect(fields(zero.json())[0]).toMatch(/^items\.0\.minQuantity/);
    expect(await counts()).toEqual(before);

    const ok = await assistant.request({ method: 'PUT', url: `/api/v1/price-lists/${list.id}/items`, payload: { items: [{ productId: p.id, minQuantity: '10', price: 1 }], version: list.version } });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await assistant.request({ method: 'PUT', url: `/api/v1/price-lists/${list.id}/items`, payload: { items: [], version: list.version } });
    expect(stale.statusCode).toBe(409);
    expect((await rep.request({ url: `/api/v1/price-lists/${list.id}` })).json().items).toHaveLength(1);
  });
});

describe('exports', () => {
  beforeAll(async () => {
    const cat = await category('Export cat', null, 'EXP');
    await product('EXP-001', { name: '连接器 Connector, "2-pin"', categoryId: cat.id, listPrice: 123456, cost: 100000, unit: '个' });
    await product('EXP-002', { name: '=HYPERLINK("x")', categoryId: cat.id, listPrice: 5, cost: null, status: 'discontinued' });
    await product('OTHER-001', { listPrice: 1 });
  });

  const setLocale = async (s: Session, locale: 'en' | 'zh-CN') => rawQuery(t.db.handle, 'update users set locale = $1 where id = $2', [locale, s.userId]);

  it('writes CSV with the filters applied, headers in the caller’s language', async () => {
    await setLocale(rep, 'en');
    const en = await rep.request({ url: '/api/v1/products/export?format=csv&q=EXP-&sort=-code' });
    expect(en.statusCode, en.body).toBe(200);
    expect(en.headers['content-type']).toContain('text/csv');
    expect(String(en.headers['content-disposition'])).toMatch(/^attachment; filename="?products-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const lines = en.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Code,Name,Category,Unit,List price,Cost,Currency,Status,Description');
    expect(lines.slice(1)).toEqual(["EXP-002,\"'=HYPERLINK(\"\"x\"\")\",Export cat,pcs,0.05,,CNY,Discontinued,", 'EXP-001,"连接器 Connector, ""2-pin""",Export cat,个,1234.56,1000.00,CNY,Active,']);

    await setLocale(viewer, 'zh-CN');
    const zh = await viewer.request({ url: '/api/v1/products/export?format=csv&q=EXP-&status=active' });
    const zhLines = zh.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(zhLines[0]).toBe('产品编码,产品名称,产品类别,单位,标准售价,成本,币种,状态,描述');
    expect(zhLines.slice(1)).toEqual(['EXP-001,"连接器 Connector, ""2-pin""",Export cat,个,1234.56,1000.00,CNY,在售,']);
  });

  it('exports a price list with its quantity breaks', async () => {
    const p = await product('EXPL-001', { name: '价格表产品 Listed product' });
    const list = await priceList({ name: 'Export me', items: [{ productId: p.id, minQuantity: 1, price: 1000 }, { productId: p.id, minQuantity: '100', price: 950 }] });
    expect(list.statusCode, list.body).toBe(201);
    await setLocale(viewer, 'zh-CN');
    const zh = await viewer.request({ url: `/api/v1/price-lists/${list.json().id}/export?format=csv` });
    expect(zh.statusCode).toBe(200);
    expect(zh.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['产品编码,产品名称,起订数量,价格,币种', 'EXPL-001,价格表产品 Listed product,1,10.00,CNY', 'EXPL-001,价格表产品 Listed product,100,9.50,CNY']);
    await setLocale(rep, 'en');
    const en = await rep.request({ url: `/api/v1/price-lists/${list.json().id}/export?format=xlsx` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(['Product code', 'Product name', 'Minimum quantity', 'Price', 'Currency']);
    expect((wb.worksheets[0].getRow(3).values as unknown[]).slice(1)).toEqual(['EXPL-001', '价格表产品 Listed product', 100, 9.5, 'CNY']);
    expect((await rep.request({ url: '/api/v1/price-lists/00000000-0000-4000-8000-000000000000/export' })).statusCode).toBe(404);
  });

  it('writes XLSX with the same rows, money as numbers', async () => {
    await setLocale(viewer, 'zh-CN');
    const res = await viewer.request({ url: '/api/v1/products/export?format=xlsx&q=EXP-' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('产品');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['产品编码', '产品名称', '产品类别', '单位', '标准售价', '成本', '币种', '状态', '描述']);
    expect(ws.rowCount).toBe(3);
    expect((ws.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['EXP-001', '连接器 Connector, "2-pin"', 'Export cat', '个', 1234.56]);

    await setLocale(rep, 'en');
    const en = await rep.request({ url: '/api/v1/products/export?format=xlsx&q=EXP-001' });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[0].name).toBe('Products');
    expect(wbEn.worksheets[0].getRow(1).getCell(1).value).toBe('Code');
    expect(wbEn.worksheets[0].rowCount).toBe(2);
  });
});
