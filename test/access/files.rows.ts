import { PNG, draftOf, multipart, uploadAs } from './fixtures';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';
import { requestsData } from './requests.rows';

/** Files follow the record they are attached to: rep B's scan on rep B's draft is read by the department, not by rep A. */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
/** Attaching to or detaching from rep B's draft: only rep B may; readers are refused, rep A does not see it. */
const changeBs = { admin: 403, manager: 403, assistant: 403, rep: 404, finance: 403, viewer: 403 };
const bFile = (ctx: MatrixContext) => (ctx.data.files as { bFile: string }).bFile;
const bDraftRef = (ctx: MatrixContext) => `entityType=general_request&entityId=${requestsData(ctx).bDraft}`;

/** The caller's own file and draft; a viewer (who uploads nothing) gets rep B's. */
async function ownFileAndDraft(ctx: MatrixContext, who: Who): Promise<{ file: string; draft: string }> {
  if (who === 'anonymous' || who === 'viewer') return { file: bFile(ctx), draft: requestsData(ctx).bDraft };
  return { file: await uploadAs(ctx, who), draft: await draftOf(ctx, who) };
}

export const filesMatrix: MatrixModule = {
  name: 'files',
  async setup(ctx) {
    ctx.data.files = { bFile: await uploadAs(ctx, 'repB', { entityType: 'general_request', entityId: requestsData(ctx).bDraft }) };
  },
  rows: [
    {
      name: 'upload a file',
      method: 'POST',
      route: '/api/v1/files',
      rawBody: (ctx) => multipart(`${ctx.unique('receipt')}.png`, PNG),
      expect: onlyFor({ admin: 201, manager: 201, assistant: 201, rep: 201, finance: 201 }),
    },
    { name: "the files of rep B's draft", method: 'GET', route: '/api/v1/files', url: (ctx) => `/api/v1/files?${bDraftRef(ctx)}`, expect: statuses(200, readBs) },
    { name: "rep B's file", method: 'GET', route: '/api/v1/files/{id}', url: (ctx) => `/api/v1/files/${bFile(ctx)}`, expect: statuses(200, readBs) },
    { name: "download rep B's file", method: 'GET', route: '/api/v1/files/{id}/download', url: (ctx) => `/api/v1/files/${bFile(ctx)}/download`, expect: statuses(200, readBs) },
    { name: "preview rep B's file", method: 'GET', route: '/api/v1/files/{id}/preview', url: (ctx) => `/api/v1/files/${bFile(ctx)}/preview`, expect: statuses(200, readBs) },
    {
      name: 'attach my file to my draft',
      method: 'POST',
      route: '/api/v1/files/{id}/links',
      url: async (ctx, who) => {
        const own = await ownFileAndDraft(ctx, who);
        return `/api/v1/files/${own.file}/links?draft=${own.draft}`;
      },
      body: (_ctx, _who, url) => ({ entityType: 'general_request', entityId: new URL(url, 'http://x').searchParams.get('draft') }),
      expect: statuses(200, { viewer: 403 }),
    },
    {
      name: "attach rep B's file to rep B's draft again",
      method: 'POST',
      route: '/api/v1/files/{id}/links',
      url: (ctx) => `/api/v1/files/${bFile(ctx)}/links`,
      body: (ctx) => ({ entityType: 'general_request', entityId: requestsData(ctx).bDraft }),
      expect: statuses(403, changeBs),
    },
    {
      name: 'detach a file from my draft',
      method: 'DELETE',
      route: '/api/v1/files/{id}/links',
      url: async (ctx, who) => {
        if (who === 'anonymous' || who === 'viewer') return `/api/v1/files/${bFile(ctx)}/links?${bDraftRef(ctx)}`;
        const draft = await draftOf(ctx, who);
        const file = await uploadAs(ctx, who, { entityType: 'general_request', entityId: draft });
        return `/api/v1/files/${file}/links?entityType=general_request&entityId=${draft}`;
      },
      expect: statuses(200, { viewer: 403 }),
    },
    {
      name: "detach rep B's file from rep B's draft",
      method: 'DELETE',
      route: '/api/v1/files/{id}/links',
      url: (ctx) => `/api/v1/files/${bFile(ctx)}/links?${bDraftRef(ctx)}`,
      expect: statuses(403, changeBs),
    },
  ],
};
