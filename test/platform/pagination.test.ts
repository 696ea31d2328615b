import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/** Keyset pagination walks a whole list with no duplicate and no gap, also when sort values tie. */
describe('keyset pagination', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t.app, (await makeUser(t, ['admin'], { name: 'Admin Person' })).email);
    // Several people share a display name: the id breaks the tie.
    const names = ['Chen Jing', 'Chen Jing', 'Chen Jing', 'Alice Wong', '张伟', '张伟', 'Zoe Li', 'bob lower', 'Émile Roux', 'Chen Jing', 'Ma Li', 'Ma Li'];
    for (const name of names) await makeUser(t, ['rep'], { name });
  });
  afterAll(async () => t?.close());

  async function walk(url: string, limit: number): Promise<{ items: Record<string, unknown>[]; pages: number }> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res = await admin.request({ url: `${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(limit);
      if (body.nextCursor) expect(body.items).toHaveLength(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { items, pages };
  }

  it('walks all users five at a time with no duplicates or gaps, in the database order', async () => {
    const { items, pages } = await walk('/api/v1/users', 5);
    const all = await rawQuery<{ id: string }>(t.db.handle, 'select id from users order by display_name, id');
    expect(all).toHaveLength(13);
    expect(pages).toBe(3);
    const ids = items.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((r) => r.id));
  });

  it('gives the same list whatever the page size', async () => {
    const one = (await walk('/api/v1/users', 1)).items.map((u) => u.id);
    const seven = (await walk('/api/v1/users', 7)).items.map((u) => u.id);
    const all = (await walk('/api/v1/users', 500)).items.map((u) => u.id);
    expect(one).toEqual(all);
    expect(seven).toEqual(all);
  });

  it('pages a filtered list within the filter', async () => {
    const { items } = await walk('/api/v1/users?q=chen', 2);
    expect(items).toHaveLength(4);
    expect(new Set(items.map((u) => u.id)).size).toBe(4);
    for (const u of items) expect(u.displayName).toBe('Chen Jing');
  });

  it('does not skip or repeat rows when a row is added between pages', async () => {
    const first = await admin.request({ url: '/api/v1/users?limit=4' });
    const seen = first.json().items.map((u: { id: string }) => u.id);
    await makeUser(t, ['viewer'], { name: 'Aaron Early' }); // sorts before the cursor: not in the rest
    await makeUser(t, ['viewer'], { name: 'Zzz Late' }); // sorts after: must appear
    let cursor = first.json().nextCursor;
    while (cursor) {
      const res = await admin.request({ url: `/api/v1/users?limit=4&cursor=${encodeURIComponent(cursor)}` });
      seen.push(...res.json().items.map((u: { id: string }) => u.id));
      cursor = res.json().nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const names = await rawQuery<{ id: string; display_name: string }>(t.db.handle, 'select id, display_name from users');
    const byId = new Map(names.map((n) => [n.id, n.display_name]));
    expect(seen.map((id: string) => byId.get(id))).toContain('Zzz Late');
    expect(seen).toHaveLength(names.length - 1);
  });

  it('walks the audit log newest first without duplicates or gaps', async () => {
    const { items } = await walk('/api/v1/audit', 7);
    const seqs = items.map((e) => e.seq as number);
    const all = await rawQuery<{ seq: number }>(t.db.handle, 'select seq::int from audit_log order by seq desc');
    // Reading the audit log writes nothing to it, so the walk sees exactly what is there.
    expect(seqs).toEqual(all.map((r) => r.seq));
  });
});
