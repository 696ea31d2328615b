import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCT_COUNT, seedCatalogue } from '../../src/server/demo/seed-catalogue';
import { priceFor } from '../../src/server/modules/products/products.service';
import { regionsOfRep } from '../../src/server/modules/regions/regions.service';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/** The demo catalogue: its shape, its prices, and the same rows on every run. */
describe('demo catalogue', () => {
  let t: { db: TestDatabase };
  let other: TestDatabase;
  let people = new Map<string, string>();

  /** The twelve demo reps by key (rep01…), as plain user rows. */
  async function reps(d: TestDatabase): Promise<Map<string, string>> {
    for (let i = 1; i <= 12; i++) await rawQuery(d.handle, `insert into users (email, display_name) values ($1, $1)`, [`rep${String(i).padStart(2, '0')}@x.test`]);
    return new Map((await rawQuery<{ email: string; id: string }>(d.handle, 'select email, id from users')).map((u) => [u.email.split('@')[0], u.id]));
  }

  beforeAll(async () => {
    t = { db: await createTestDatabase() };
    people = await reps(t.db);
    const started = Date.now();
    await seedCatalogue(t.db.handle.db, people);
    // Bulk inserts: well under the time a service-by-service load would take.
    expect(Date.now() - started).toBeLessThan(20_000);
    other = await createTestDatabase();
  });
  afterAll(async () => {
    await other?.drop();
    await t?.db.drop();
  });

  it('has a three-level category tree, 300 products in Chinese and English, and live prices', async () => {
    const [c] = await rawQuery<{ n: number; depth: number }>(
      t.db.handle,
      `with recursive tree as (select id, 1 as depth from product_categories where parent_id is null
                               union all select c.id, t.depth + 1 from product_categories c join tree t on c.parent_id = t.id)
       select count(*)::int as n, max(depth)::int as depth from tree`,
    );
    expect(c.n).toBeGreaterThanOrEqual(20);
    expect(c.n).toBeLessThanOrEqual(30);
    expect(c.depth).toBe(3);

    const products = await rawQuery<{ code: string; name: string; list_price: number; cost: number; status: string }>(t.db.handle, 'select code, name, list_price, cost, status from products');
    expect(products).toHaveLength(DEMO_PRODUCT_COUNT);
    expect(new Set(products.map((p) => p.code.toLowerCase())).size).toBe(DEMO_PRODUCT_COUNT);
    for (const p of products) {
      expect(p.name).toMatch(/[\u4e00-\u9fff]/);
      expect(p.name).toMatch(/[A-Za-z]{3}/);
      expect(Number(p.cost)).toBeLessThan(Number(p.list_price));
    }
    expect(products.some((p) => p.status === 'discontinued')).toBe(true);

    const [withBreaks] = await rawQuery<{ product_id: string; price: number }>(
      t.db.handle,
      `select i.product_id, i.price from price_list_items i join price_lists l on l.id = i.price_list_id
        where l.is_default and l.currency = 'CNY' and i.min_quantity = 500 order by i.product_id limit 1`,
    );
    expect(withBreaks).toBeDefined();
    expect(await priceFor(t.db.handle.db, withBreaks.product_id, { quantity: 600, date: '2026-06-01' })).toMatchObject({ unitPrice: Number(withBreaks.price), source: 'price_list' });
  });

  it('has the eight regions with all twelve reps, some covering two', async () => {
    const regions = await rawQuery<{ name: string; reps: number }>(t.db.handle, 'select r.name, (select count(*)::int from region_reps x where x.region_id = r.id) as reps from regions r order by r.code');
    expect(regions).toHaveLength(8);
    expect(regions.map((r) => r.name)).toContain('华东 East China');
    expect(regions.every((r) => r.reps >= 1)).toBe(true);
    for (const id of people.values()) expect((await regionsOfRep(t.db.handle.db, id)).length).toBeGreaterThanOrEqual(1);
    expect((await regionsOfRep(t.db.handle.db, people.get('rep07')!)).length).toBe(2);
  });

  it('writes the same catalogue on every run', async () => {
    await seedCatalogue(other.handle.db, await reps(other));
    const content = (d: TestDatabase) =>
      rawQuery(
        d.handle,
        `select p.code, p.name, p.unit, p.list_price, p.cost, p.status, c.code as category,
                (select string_agg(l.name || ':' || i.min_quantity || ':' || i.price, ',' order by l.name, i.min_quantity) from price_list_items i join price_lists l on l.id = i.price_list_id where i.product_id = p.id) as prices
           from products p join product_categories c on c.id = p.category_id order by p.code`,
      );
    expect(await content(other)).toEqual(await content(t.db));
  });
});
