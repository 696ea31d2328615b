import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/** Optimistic concurrency: an update names the version it read; a stale one gets 409 and changes nothing. */
describe('optimistic concurrency (version)', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t.app, (await makeUser(t, ['admin'])).email);
  });
  afterAll(async () => t?.close());

  const targets = [
    { kind: 'users', make: async () => (await makeUser(t, ['rep'], { name: 'Original Name' })).id, field: 'displayName', column: 'display_name' },
    { kind: 'departments', make: () => makeDepartment(t, 'Original Name'), field: 'name', column: 'name' },
  ] as const;

  const rowOf = async (table: string, id: string) =>
    (await rawQuery<Record<string, unknown>>(t.db.handle, `select * from ${table} where id = $1`, [id]))[0];
  const updatesOf = async (id: string) =>
    (await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where entity_id = $1 and action like '%.update'`, [id]))[0].n;

  for (const target of targets) {
    describe(`/api/v1/${target.kind}/:id`, () => {
      it('refuses a stale version with 409 version_conflict and leaves the row as it was', async () => {
        const id = await target.make();
        const url = `/api/v1/${target.kind}/${id}`;
        const first = await admin.request({ method: 'PATCH', url, payload: { [target.field]: 'First Edit', version: 1 } });
        expect(first.statusCode).toBe(200);
        expect(first.json().version).toBe(2);
        const before = await rowOf(target.kind, id);

        const stale = await admin.request({ method: 'PATCH', url, payload: { [target.field]: 'Lost Update', version: 1 } });
        expect(stale.statusCode).toBe(409);
        expect(stale.json().code).toBe('version_conflict');
        expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
        const future = await admin.request({ method: 'PATCH', url, payload: { [target.field]: 'From The Future', version: 99 } });
        expect(future.statusCode).toBe(409);

        const after = await rowOf(target.kind, id);
        expect(after).toEqual(before);
        expect(after[target.column]).toBe('First Edit');
        expect(await updatesOf(id)).toBe(1);
      });

      it('lets exactly one of several simultaneous updates of the same version win', async () => {
        const id = await target.make();
        const url = `/api/v1/${target.kind}/${id}`;
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => admin.request({ method: 'PATCH', url, payload: { [target.field]: `Writer ${i}`, version: 1 } })),
        );
        const won = results.filter((r) => r.statusCode === 200);
        expect(won).toHaveLength(1);
        expect(results.filter((r) => r.statusCode === 409)).toHaveLength(5);
        const row = await rowOf(target.kind, id);
        expect(row.version).toBe(2);
        expect(row[target.column]).toBe(won[0].json()[target.field]);
        expect(await updatesOf(id)).toBe(1);
      });

      it('requires the version (400 naming it)', async () => {
        const id = await target.make();
        const res = await admin.request({ method: 'PATCH', url: `/api/v1/${target.kind}/${id}`, payload: { [target.field]: 'No Version' } });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('version');
        expect((await rowOf(target.kind, id))[target.column]).toBe('Original Name');
      });
    });
  }
});
