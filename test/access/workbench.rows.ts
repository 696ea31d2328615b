import { expect } from 'vitest';
import { rawQuery } from '../helpers/sql';
import { statuses, type MatrixModule } from './matrix';
import { requestsData } from './requests.rows';

/** The home page and global search: everyone has them, and search is one more door where hidden records stay hidden. */
export const workbenchMatrix: MatrixModule = {
  name: 'workbench',
  rows: [
    { name: 'my workbench', method: 'GET', route: '/api/v1/workbench', expect: statuses(200) },
    {
      name: 'global search',
      method: 'GET',
      route: '/api/v1/search',
      url: () => '/api/v1/search?q=Rep',
      expect: statuses(200),
      after: async (ctx) => {
        const [draft] = await rawQuery<{ number: string }>(ctx.t.db.handle, 'select number from general_requests where id = $1', [requestsData(ctx).bDraft]);
        const hits = async (who: 'rep' | 'manager') =>
          (await ctx.sessions[who].request({ url: `/api/v1/search?q=${encodeURIComponent(draft.number)}&limit=20` })).json().items.map((i: { id: string }) => i.id);
        expect(await hits('rep')).not.toContain(requestsData(ctx).bDraft);
        expect(await hits('manager')).toContain(requestsData(ctx).bDraft);
      },
    },
  ],
};
