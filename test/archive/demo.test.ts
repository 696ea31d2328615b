import { afterAll, describe, expect, it } from 'vitest';
import { registerServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { demoEmail, seedDemo } from '../../src/server/demo/seed';
import { listPaperItems, overdueLoans } from '../../src/server/modules/archive/archive.paper.service';
import { searchDocuments } from '../../src/server/modules/archive/archive.service';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { rawQuery } from '../helpers/sql';

/** The demo archive: generated PDFs found by a Chinese phrase inside, confidential contracts granted to rep01, a paper register with loans. */
describe('demo archive', { timeout: 300_000 }, () => {
  let d: TestDatabase;
  afterAll(async () => d?.drop());

  it('files contracts, orders and returns as searchable PDFs, confidential ones for rep01 only, and a paper register with one overdue loan', async () => {
    registerServices(loadConfig({ ...process.env, DATABASE_URL: '' }));
    d = await createTestDatabase();
    expect(await seedDemo(d.handle.db, { label: 'test' })).toEqual({ seeded: true });
    const db = d.handle.db;
    const actor = async (key: string) => {
      const [u] = await rawQuery<{ id: string }>(d.handle, 'select id from users where email = $1', [demoEmail(key)]);
      return (await loadActor(db, u.id))!;
    };
    const types = await rawQuery<{ type_code: string; n: number; pdfs: number; done: number }>(
      d.handle,
      `select d.type_code, count(*)::int n, count(*) filter (where f.mime = 'application/pdf')::int pdfs, count(*) filter (where v.extraction_status = 'done')::int done
         from archive_documents d join archive_document_versions v on v.document_id = d.id join files f on f.id = v.file_id group by d.type_code order by d.type_code`,
    );
    for (const t of types) expect(t.pdfs).toBe(t.n);
    expect(types.map((t) => t.type_code)).toEqual(['contract', 'sales_order', 'sales_return']);
    expect(types.filter((t) => t.done !== t.n)).toEqual([]);

    const assistant = await actor('assistant1');
    const hits = await searchDocuments(db, assistant, { q: '质保期为十二个月', includeSubcategories: 'true', limit: 20, offset: 0 });
    // The assistant filed them all but two are confidential: as their owner she sees every contract.
    expect(hits.total).toBe(4);
    expect(hits.items[0].snippet).toContain('质保期为十二个月');
    const english = await searchDocuments(db, assistant, { q: 'five working days', includeSubcategories: 'true', limit: 20, offset: 0 });
    expect([...new Set(english.items.map((i) => i.typeCode))]).toEqual(['sales_order']);
    expect(english.total).toBeGreaterThan(0);
    const confidential = async (key: string) =>
      (await searchDocuments(db, await actor(key), { q: '质保期', confidentiality: 'confidential', includeSubcategories: 'true', limit: 20, offset: 0 })).total;
    expect(await confidential('rep01')).toBe(2);
    expect(await confidential('rep02')).toBe(0);
    expect(await confidential('manager')).toBe(0);

    const register = await listPaperItems(db, assistant, { limit: 50, offset: 0 });
    expect(register.total).toBe(7);
    expect(register.items.filter((i) => i.status === 'lent')).toHaveLength(3);
    const overdue = await overdueLoans(db, assistant);
    expect(overdue).toHaveLength(1);
    expect(overdue[0].borrowerName).toContain('张伟');
    const [locations] = await rawQuery<{ rooms: number; cabinets: number; shelves: number; boxes: number }>(
      d.handle,
      `select count(*) filter (where kind = 'room')::int rooms, count(*) filter (where kind = 'cabinet')::int cabinets, count(*) filter (where kind = 'shelf')::int shelves, count(*) filter (where kind = 'box')::int boxes from archive_locations`,
    );
    expect(locations).toEqual({ rooms: 1, cabinets: 2, shelves: 2, boxes: 3 });
    const [reminder] = await rawQuery<{ n: number }>(d.handle, `select count(*)::int n from reminders where entity_type = 'archive_paper_loan' and entity_id = $1 and status = 'active'`, [overdue[0].id]);
    expect(reminder.n).toBe(2);
  });
});
