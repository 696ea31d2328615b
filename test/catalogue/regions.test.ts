import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subtreeIds } from '../../src/server/db/subtree';
import { regionsOfRep } from '../../src/server/modules/regions/regions.service';
import { createTestApp, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

/** Territories: the region tree, its reps, and the helpers reports use. */
let t: TestApp;
let assistant: Session;
let rep: Session;
let viewer: Session;
let repA: string;
let repB: string;
const counts = () => rowCounts(t.db.handle, ['regions', 'region_reps']);
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  t = await createTestApp();
  assistant = await signIn(t.app, (await makeUser(t, ['assistant'])).email);
  const a = await makeUser(t, ['rep'], { name: 'Rep A' });
  repA = a.id;
  repB = (await makeUser(t, ['rep'], { name: 'Rep B' })).id;
  rep = await signIn(t.app, a.email);
  viewer = await signIn(t.app, (await makeUser(t, ['viewer'])).email);
});
afterAll(async () => {
  await t?.close();
});

async function region(name: string, parentId: string | null = null, code?: string) {
  const res = await assistant.request({ method: 'POST', url: '/api/v1/regions', payload: { name, parentId, ...(code && { code }) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

describe('regions', () => {
  let east: { id: string; version: number };
  let shanghai: { id: string; version: number };
  let pudong: { id: string; version: number };
  let south: { id: string; version: number };

  beforeAll(async () => {
    east = await region('华东 East China', null, 'EAST');
    shanghai = await region('上海 Shanghai', east.id, 'SH');
    pudong = await region('浦东 Pudong', shanghai.id, 'SH-PD');
    south = await region('华南 South China', null, 'SOUTH');
  });

  it('refuses a loop and a duplicate code, naming the field, writing nothing', async () => {
    const before = await counts();
    for (const parentId of [east.id, shanghai.id, pudong.id]) {
      const res = await assistant.request({ method: 'PATCH', url: `/api/v1/regions/${east.id}`, payload: { parentId, version: east.version } });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'parentId', code: 'cycle' })]);
    }
    const dup = await assistant.request({ method: 'POST', url: '/api/v1/regions', payload: { name: 'Another east', code: 'east' } });
    expect(dup.statusCode).toBe(409);
    expect(fields(dup.json())).toEqual(['code']);
    const ghost = await assistant.request({ method: 'POST', url: '/api/v1/regions', payload: { name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' } });
    expect(ghost.statusCode).toBe(400);
    expect(fields(ghost.json())).toEqual(['parentId']);
    expect(await counts()).toEqual(before);
  });

  it('assigns reps to regions (a rep may cover several) and lists the tree with them', async () => {
    const setA = await assistant.request({ method: 'PUT', url: `/api/v1/regions/${east.id}/reps`, payload: { userIds: [repA, repB], version: east.version } });
    expect(setA.statusCode, setA.body).toBe(200);
    east = setA.json();
    expect(east.version).toBe(2);
    const setB = await assistant.request({ method: 'PUT', url: `/api/v1/regions/${south.id}/reps`, payload: { userIds: [repA], version: south.version } });
    expect(setB.statusCode).toBe(200);
    south = setB.json();

    const tree = await viewer.request({ url: '/api/v1/regions' });
    expect(tree.statusCode).toBe(200);
    const items = tree.json().items as { id: string; parentId: string | null; reps: { userId: string; name: string }[] }[];
    expect(items.find((r) => r.id === east.id)?.reps.map((r) => r.name)).toEqual(['Rep A', 'Rep B']);
    expect(items.find((r) => r.id === south.id)?.reps.map((r) => r.userId)).toEqual([repA]);
    expect(items.find((r) => r.id === pudong.id)?.parentId).toBe(shanghai.id);

    const mine = await rep.request({ url: `/api/v1/regions?repId=${repA}` });
    expect(mine.json().items.map((r: { id: string }) => r.id).sort()).toEqual([east.id, south.id].sort());

    expect((await regionsOfRep(t.db.handle.db, repA)).sort()).toEqual([east.id, south.id].sort());
    expect((await regionsOfRep(t.db.handle.db, repB, { withSubregions: true })).sort()).toEqual([east.id, shanghai.id, pudong.id].sort());
    expect((await subtreeIds(t.db.handle.db, 'regions', shanghai.id)).sort()).toEqual([shanghai.id, pudong.id].sort());

    // Replacing the set removes rep B from the east; the audit log keeps both sets.
    const replace = await assistant.request({ method: 'PUT', url: `/api/v1/regions/${east.id}/reps`, payload: { userIds: [repA], version: east.version } });
    expect(replace.statusCode).toBe(200);
    east = replace.json();
    expect(await regionsOfRep(t.db.handle.db, repB)).toEqual([]);
    const [audit] = await rawQuery<{ action: string; before: { reps: string[] }; after: { reps: string[] } }>(
      t.db.handle,
      `select action, before, after from audit_log where entity_id = $1 order by seq desc limit 1`,
      [east.id],
    );
    expect(audit.action).toBe('region.reps');
    expect(audit.before.reps.sort()).toEqual([repA, repB].sort());
    expect(audit.after.reps).toEqual([repA]);
  });

  it('refuses unknown or inactive users and stale versions', async () => {
    const gone = await makeUser(t, ['rep']);
    await rawQuery(t.db.handle, 'update users set is_active = false where id = $1', [gone.id]);
    const before = await counts();
    for (const userIds of [[gone.id], ['00000000-0000-4000-8000-000000000000']]) {
      const res = await assistant.request({ method: 'PUT', url: `/api/v1/regions/${south.id}/reps`, payload: { userIds, version: south.version } });
      expect(res.statusCode).toBe(400);
      expect(fields(res.json())).toEqual(['userIds']);
    }
    const stale = await assistant.request({ method: 'PUT', url: `/api/v1/regions/${south.id}/reps`, payload: { userIds: [], version: south.version - 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const staleRename = await assistant.request({ method: 'PATCH', url: `/api/v1/regions/${south.id}`, payload: { name: 'x', version: 1 } });
    expect(staleRename.statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('archives only regions whose sub-regions are archived, and moves regions', async () => {
    const refused = await assistant.request({ method: 'PATCH', url: `/api/v1/regions/${shanghai.id}`, payload: { isArchived: true, version: shanghai.version } });
    expect(refused.statusCode).toBe(400);
    expect(fields(refused.json())).toEqual(['isArchived']);
    const moved = await assistant.request({ method: 'PATCH', url: `/api/v1/regions/${pudong.id}`, payload: { parentId: south.id, version: pudong.version } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().parentId).toBe(south.id);
    const archived = await assistant.request({ method: 'PATCH', url: `/api/v1/regions/${shanghai.id}`, payload: { isArchived: true, version: shanghai.version } });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json().isArchived).toBe(true);
    const under = await assistant.request({ method: 'POST', url: '/api/v1/regions', payload: { name: 'Under archived', parentId: shanghai.id } });
    expect(under.statusCode).toBe(400);
    expect(fields(under.json())).toEqual(['parentId']);
  });

  it('lets reps and viewers read the tree but not change it', async () => {
    for (const s of [rep, viewer]) {
      expect((await s.request({ url: `/api/v1/regions/${east.id}` })).statusCode).toBe(200);
      expect((await s.request({ method: 'POST', url: '/api/v1/regions', payload: { name: 'Mine' } })).statusCode).toBe(403);
      expect((await s.request({ method: 'PUT', url: `/api/v1/regions/${east.id}/reps`, payload: { userIds: [s.userId], version: east.version } })).statusCode).toBe(403);
    }
  });
});
