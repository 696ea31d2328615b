import { createRegion } from '../../src/server/modules/regions/regions.service';
import { onlyFor, statuses, type MatrixContext, type MatrixModule } from './matrix';

/** Territories are master data: every role that reads customers reads the tree; the back office (regions:manage) changes it and sets its reps. */
const region = (ctx: MatrixContext) => (ctx.data.regions as { region: string }).region;
const backOffice = (status: number) => onlyFor({ admin: status, manager: status, assistant: status });
const idOf = (url: string) => url.split('/')[4];

export const regionsMatrix: MatrixModule = {
  name: 'regions',
  async setup(ctx) {
    const r = await createRegion(ctx.t.db.handle.db, ctx.actors.admin, { code: ctx.unique('EC'), name: '华东 East China' });
    ctx.data.regions = { region: r.id };
  },
  rows: [
    { name: 'the territory tree with its reps', method: 'GET', route: '/api/v1/regions', expect: statuses(200) },
    { name: 'a region', method: 'GET', route: '/api/v1/regions/{id}', url: (ctx) => `/api/v1/regions/${region(ctx)}`, expect: statuses(200) },
    {
      name: 'add a region',
      method: 'POST',
      route: '/api/v1/regions',
      body: (ctx) => ({ code: ctx.unique('SH'), name: '上海 Shanghai', parentId: region(ctx) }),
      expect: backOffice(201),
    },
    {
      name: 'rename a region',
      method: 'PATCH',
      route: '/api/v1/regions/{id}',
      url: (ctx) => `/api/v1/regions/${region(ctx)}`,
      body: async (ctx, _who, url) => ({ name: ctx.unique('华东 East China'), version: await ctx.version('regions', idOf(url)) }),
      expect: backOffice(200),
    },
    {
      name: 'set the reps of a region',
      method: 'PUT',
      route: '/api/v1/regions/{id}/reps',
      url: (ctx) => `/api/v1/regions/${region(ctx)}/reps`,
      body: async (ctx, _who, url) => ({ userIds: [ctx.users.rep.id, ctx.users.repB.id], version: await ctx.version('regions', idOf(url)) }),
      expect: backOffice(200),
    },
  ],
};
