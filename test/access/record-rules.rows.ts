import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTask } from '../../src/server/modules/tasks/tasks.service';
import type { Session } from '../helpers/app';
import { rawQuery } from '../helpers/sql';
import { draftOf, pendingOf, uploadAs } from './fixtures';
import { statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * The record rule between two reps, from every door the shared services open:
 * rep A (the `rep` caller) and rep B see nothing of each other's general requests,
 * tasks, files and approval requests — not by id, not in lists, not through a
 * record-reference parameter (`?relatedType=&relatedId=`, `?entityType=&entityId=`,
 * `?docType=&docId=`), not in search results — while their department reads both.
 * The per-module rows cover each endpoint once; these rows add the doors that
 * filter by a reference, the unattached file, the lists and search, and the other
 * direction (rep B against rep A's records).
 */

interface Records {
  draft: string;
  draftNumber: string;
  pending: { id: string; approvalId: string };
  task: string;
  taskNumber: string;
  /** A task about the draft (related record). */
  relatedTask: string;
  /** On the draft. */
  file: string;
  /** Attached to nothing: its uploader's (and admins') only. */
  looseFile: string;
}

const data = (ctx: MatrixContext) => ctx.data.recordRules as { a: Records; b: Records };
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };

async function recordsOf(ctx: MatrixContext, who: 'rep' | 'repB'): Promise<Records> {
  const db = ctx.t.db.handle.db;
  const draft = await draftOf(ctx, who);
  const [{ number: draftNumber }] = await rawQuery<{ number: string }>(ctx.t.db.handle, 'select number from general_requests where id = $1', [draft]);
  const task = await createTask(db, ctx.actors[who], { title: ctx.unique(`Own follow-up of ${who}`), assigneeIds: [ctx.users[who].id] });
  const related = await createTask(db, ctx.actors[who], { title: ctx.unique(`About my draft, ${who}`), assigneeIds: [ctx.users[who].id], related: { type: 'general_request', id: draft } });
  return {
    draft,
    draftNumber,
    pending: await pendingOf(ctx, who),
    task: task.id,
    taskNumber: task.number,
    relatedTask: related.id,
    file: await uploadAs(ctx, who, { entityType: 'general_request', entityId: draft }),
    looseFile: await uploadAs(ctx, who),
  };
}

/** Every door to a rep's records, as (label, request) pairs: each must be a 404 for the other rep. */
function doors(r: Records): [string, { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown }][] {
  const ref = `entityType=general_request&entityId=${r.draft}`;
  return [
    ['request', { url: `/api/v1/requests/${r.draft}` }],
    ['edit request', { method: 'PATCH', url: `/api/v1/requests/${r.draft}`, payload: { title: 'x', version: 1 } }],
    ['submit request', { method: 'POST', url: `/api/v1/requests/${r.draft}/submit`, payload: { version: 1 } }],
    ['files of the request', { url: `/api/v1/files?${ref}` }],
    ['file', { url: `/api/v1/files/${r.file}` }],
    ['download', { url: `/api/v1/files/${r.file}/download` }],
    ['preview', { url: `/api/v1/files/${r.file}/preview` }],
    ['unattached file', { url: `/api/v1/files/${r.looseFile}` }],
    ['unattached download', { url: `/api/v1/files/${r.looseFile}/download` }],
    ['attach to the request', { method: 'POST', url: `/api/v1/files/${r.looseFile}/links`, payload: { entityType: 'general_request', entityId: r.draft } }],
    ['detach from the request', { method: 'DELETE', url: `/api/v1/files/${r.file}/links?${ref}` }],
    ['task', { url: `/api/v1/tasks/${r.task}` }],
    ['task comments', { url: `/api/v1/tasks/${r.task}/comments` }],
    ['comment on task', { method: 'POST', url: `/api/v1/tasks/${r.task}/comments`, payload: { body: 'hello' } }],
    ['task progress', { method: 'POST', url: `/api/v1/tasks/${r.task}/progress`, payload: { status: 'in_progress' } }],
    ['edit task', { method: 'PATCH', url: `/api/v1/tasks/${r.task}`, payload: { title: 'x', version: 1 } }],
    ['cancel task', { method: 'POST', url: `/api/v1/tasks/${r.task}/cancel`, payload: { version: 1 } }],
    ['tasks about the request', { url: `/api/v1/tasks?view=all&relatedType=general_request&relatedId=${r.draft}` }],
    ['approval request', { url: `/api/v1/approvals/requests/${r.pending.approvalId}` }],
    ['approval history', { url: `/api/v1/approvals/history?docType=general_request&docId=${r.pending.id}` }],
    ['approve', { method: 'POST', url: `/api/v1/approvals/requests/${r.pending.approvalId}/approve`, payload: {} }],
    ['withdraw', { method: 'POST', url: `/api/v1/approvals/requests/${r.pending.approvalId}/withdraw`, payload: {} }],
    ['comment on approval', { method: 'POST', url: `/api/v1/approvals/requests/${r.pending.approvalId}/comment`, payload: { comment: 'hello' } }],
  ];
}

async function expectHiddenEverywhere(who: Session, r: Records) {
  const failures: string[] = [];
  for (const [label, req] of doors(r)) {
    const res: LightMyRequestResponse = await who.request({ method: req.method ?? 'GET', url: req.url, ...(req.payload !== undefined && { payload: req.payload as never }) });
    if (res.statusCode !== 404) failures.push(`${label}: ${req.method ?? 'GET'} ${req.url} → ${res.statusCode} ${res.body.slice(0, 150)}`);
  }
  expect(failures).toEqual([]);
}

/** Ids a list or search answer holds. */
const idsOf = async (s: Session, url: string): Promise<string[]> => {
  const res = await s.request({ url });
  expect(res.statusCode, url).toBe(200);
  return res.json().items.map((i: { id?: string; requestId?: string }) => i.id ?? i.requestId);
};

export const recordRulesMatrix: MatrixModule = {
  name: 'record rules',
  async setup(ctx) {
    ctx.data.recordRules = { a: await recordsOf(ctx, 'rep'), b: await recordsOf(ctx, 'repB') };
  },
  rows: [
    {
      name: "tasks about rep B's request (?relatedType=&relatedId=)",
      method: 'GET',
      route: '/api/v1/tasks',
      url: (ctx) => `/api/v1/tasks?view=all&relatedType=general_request&relatedId=${data(ctx).b.draft}`,
      expect: statuses(200, readBs),
      after: async (ctx) => {
        const { b } = data(ctx);
        expect(await idsOf(ctx.sessions.manager, `/api/v1/tasks?view=all&relatedType=general_request&relatedId=${b.draft}`)).toEqual([b.relatedTask]);
      },
    },
    {
      name: "rep B's unattached file (its uploader's only)",
      method: 'GET',
      route: '/api/v1/files/{id}',
      url: (ctx) => `/api/v1/files/${data(ctx).b.looseFile}`,
      expect: statuses(404, { admin: 200 }),
    },
    {
      name: "download rep B's unattached file",
      method: 'GET',
      route: '/api/v1/files/{id}/download',
      url: (ctx) => `/api/v1/files/${data(ctx).b.looseFile}/download`,
      expect: statuses(404, { admin: 200 }),
    },
    {
      name: "preview rep B's unattached file",
      method: 'GET',
      route: '/api/v1/files/{id}/preview',
      url: (ctx) => `/api/v1/files/${data(ctx).b.looseFile}/preview`,
      expect: statuses(404, { admin: 200 }),
    },
    {
      name: 'every task I may see (view=all): no task of the other rep',
      method: 'GET',
      route: '/api/v1/tasks',
      url: () => '/api/v1/tasks?view=all&limit=200',
      expect: statuses(200),
      after: async (ctx) => {
        const { a, b } = data(ctx);
        const repA = await idsOf(ctx.sessions.rep, '/api/v1/tasks?view=all&limit=200');
        expect(repA).toEqual(expect.arrayContaining([a.task, a.relatedTask]));
        expect(repA).not.toContain(b.task);
        expect(repA).not.toContain(b.relatedTask);
        const repB = await idsOf(ctx.sessions.repB, '/api/v1/tasks?view=all&limit=200');
        expect(repB).not.toContain(a.task);
        // Filtering by the other rep as assignee shows nothing either.
        expect(await idsOf(ctx.sessions.rep, `/api/v1/tasks?view=all&assigneeId=${ctx.users.repB.id}`)).toEqual([]);
        const manager = await idsOf(ctx.sessions.manager, '/api/v1/tasks?view=all&limit=200');
        expect(manager).toEqual(expect.arrayContaining([a.task, b.task]));
      },
    },
    {
      name: 'my approvals and my submissions: nothing of the other rep',
      method: 'GET',
      route: '/api/v1/approvals/submitted',
      expect: statuses(200),
      after: async (ctx) => {
        const { a, b } = data(ctx);
        expect(await idsOf(ctx.sessions.rep, '/api/v1/approvals/submitted')).not.toContain(b.pending.approvalId);
        expect(await idsOf(ctx.sessions.rep, '/api/v1/approvals/submitted')).toContain(a.pending.approvalId);
        expect(await idsOf(ctx.sessions.rep, '/api/v1/approvals/inbox')).toEqual([]);
        expect(await idsOf(ctx.sessions.repB, '/api/v1/approvals/submitted')).not.toContain(a.pending.approvalId);
        // The manager (the approver of both) has both waiting.
        expect(await idsOf(ctx.sessions.manager, '/api/v1/approvals/inbox')).toEqual(expect.arrayContaining([a.pending.approvalId, b.pending.approvalId]));
      },
    },
    {
      name: "search for rep B's task by its number: no hit for rep A",
      method: 'GET',
      route: '/api/v1/search',
      url: (ctx) => `/api/v1/search?q=${encodeURIComponent(data(ctx).b.taskNumber)}&limit=20`,
      expect: statuses(200),
      after: async (ctx) => {
        const { a, b } = data(ctx);
        const hits = async (s: Session, q: string) => idsOf(s, `/api/v1/search?q=${encodeURIComponent(q)}&limit=20`);
        for (const [seer, own, other] of [
          [ctx.sessions.rep, a, b],
          [ctx.sessions.repB, b, a],
        ] as const) {
          const found = [...(await hits(seer, other.taskNumber)), ...(await hits(seer, other.draftNumber)), ...(await hits(seer, 'Own follow-up of')), ...(await hits(seer, 'Courier to Shenzhen'))];
          for (const id of [other.task, other.relatedTask, other.draft, other.pending.id]) expect(found).not.toContain(id);
          expect(await hits(seer, own.taskNumber)).toContain(own.task);
          expect(await hits(seer, own.draftNumber)).toContain(own.draft);
        }
        const manager = [...(await hits(ctx.sessions.manager, a.taskNumber)), ...(await hits(ctx.sessions.manager, b.draftNumber))];
        expect(manager).toEqual(expect.arrayContaining([a.task, b.draft]));
      },
    },
    {
      name: "rep A's own request — and rep B finds none of rep A's records at any door",
      method: 'GET',
      route: '/api/v1/requests/{id}',
      url: (ctx) => `/api/v1/requests/${data(ctx).a.draft}`,
      expect: statuses(200),
      after: async (ctx) => {
        const { a, b } = data(ctx);
        await expectHiddenEverywhere(ctx.sessions.repB, a);
        await expectHiddenEverywhere(ctx.sessions.rep, b);
        // A hidden record answers exactly like a missing one, through a reference parameter too.
        const hidden = await ctx.sessions.rep.request({ url: `/api/v1/tasks?relatedType=general_request&relatedId=${b.draft}` });
        const missing = await ctx.sessions.rep.request({ url: '/api/v1/tasks?relatedType=general_request&relatedId=00000000-0000-4000-8000-000000000000' });
        const shape = (r: LightMyRequestResponse) => ({ status: r.statusCode, code: r.json().code, title: r.json().title });
        expect(shape(hidden)).toEqual(shape(missing));
        // Nothing of the other's changed through all those doors.
        const [draftB] = await rawQuery<{ status: string; title: string; version: number }>(ctx.t.db.handle, 'select status, title, version from general_requests where id = $1', [b.draft]);
        expect(draftB).toMatchObject({ status: 'draft', version: 1 });
        const [pendingA] = await rawQuery<{ status: string }>(ctx.t.db.handle, 'select status from approval_requests where id = $1', [a.pending.approvalId]);
        expect(pendingA.status).toBe('pending');
        const links = await rawQuery<{ n: number }>(ctx.t.db.handle, 'select count(*)::int as n from file_links where entity_id in ($1, $2)', [a.draft, b.draft]);
        expect(links[0].n).toBe(2);
      },
    },
    {
      name: "create a task about rep B's request (the related record must be readable)",
      method: 'POST',
      route: '/api/v1/tasks',
      body: (ctx, who) => ({ title: ctx.unique('About the toner'), assigneeIds: [who === 'anonymous' ? ctx.target.id : ctx.users[who].id], related: { type: 'general_request', id: data(ctx).b.draft } }),
      // Rep A may not read it: a field error on `related`, the same as for a missing record. A viewer gives no tasks.
      expect: statuses(201, { rep: 400, viewer: 403 }),
    },
  ],
};
