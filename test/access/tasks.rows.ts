import { taskOf } from './fixtures';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/** Tasks: the creator changes and cancels, assignees report progress, the department reads; rep A sees nothing of a task of rep B. */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
const bTask = (ctx: MatrixContext) => (ctx.data.tasks as { bTask: string }).bTask;
const version = (ctx: MatrixContext, url: string) => ctx.version('tasks', url.split('/')[4]);

/** A task given to the caller: by the sales manager, or (for the admin, outside the department) by themselves. */
const assignedTo = (ctx: MatrixContext, who: Who) =>
  who === 'anonymous' ? bTask(ctx) : taskOf(ctx, who === 'admin' || who === 'manager' ? who : 'manager', [who]);

export const tasksMatrix: MatrixModule = {
  name: 'tasks',
  async setup(ctx) {
    ctx.data.tasks = { bTask: await taskOf(ctx, 'manager', ['repB']) };
  },
  rows: [
    { name: 'my tasks', method: 'GET', route: '/api/v1/tasks', expect: statuses(200) },
    { name: "the leader's board", method: 'GET', route: '/api/v1/tasks/board', expect: onlyFor({ admin: 200, manager: 200, assistant: 200 }) },
    { name: "a task of rep B's", method: 'GET', route: '/api/v1/tasks/{id}', url: (ctx) => `/api/v1/tasks/${bTask(ctx)}`, expect: statuses(200, readBs) },
    {
      name: 'give myself a task',
      method: 'POST',
      route: '/api/v1/tasks',
      body: (ctx, who) => ({ title: ctx.unique('Prepare the visit'), assigneeIds: [who === 'anonymous' ? ctx.target.id : ctx.users[who].id] }),
      expect: statuses(201, { viewer: 403 }),
    },
    {
      name: 'give rep B a task',
      method: 'POST',
      route: '/api/v1/tasks',
      body: (ctx) => ({ title: ctx.unique('Visit the customer'), assigneeIds: [ctx.users.repB.id], dueOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) }),
      expect: onlyFor({ admin: 201, manager: 201, assistant: 201 }),
    },
    {
      name: 'change a task the manager gave rep B (its creator, or an admin)',
      method: 'PATCH',
      route: '/api/v1/tasks/{id}',
      url: async (ctx) => `/api/v1/tasks/${await taskOf(ctx, 'manager', ['repB'])}`,
      body: async (ctx, _who, url) => ({ priority: 'high', version: await version(ctx, url) }),
      expect: statuses(403, { admin: 200, manager: 200, rep: 404 }),
    },
    {
      name: "report progress on rep B's task (only assignees may)",
      method: 'POST',
      route: '/api/v1/tasks/{id}/progress',
      url: (ctx) => `/api/v1/tasks/${bTask(ctx)}/progress`,
      body: () => ({ status: 'in_progress' }),
      expect: statuses(403, { rep: 404 }),
    },
    {
      name: 'report progress on a task given to me',
      method: 'POST',
      route: '/api/v1/tasks/{id}/progress',
      url: async (ctx, who) => `/api/v1/tasks/${await assignedTo(ctx, who)}/progress`,
      body: () => ({ status: 'done', result: 'Called, they order next week' }),
      expect: statuses(200),
    },
    {
      name: "cancel a task the manager gave rep B (its creator, or an admin)",
      method: 'POST',
      route: '/api/v1/tasks/{id}/cancel',
      url: async (ctx) => `/api/v1/tasks/${await taskOf(ctx, 'manager', ['repB'])}/cancel`,
      body: async (ctx, _who, url) => ({ version: await version(ctx, url) }),
      expect: statuses(403, { admin: 200, manager: 200, rep: 404 }),
    },
    { name: "the comments on rep B's task", method: 'GET', route: '/api/v1/tasks/{id}/comments', url: (ctx) => `/api/v1/tasks/${bTask(ctx)}/comments`, expect: statuses(200, readBs) },
    {
      // Anyone who may read the task may comment (the viewer too: noted in the report as a question for the module).
      name: "comment on rep B's task",
      method: 'POST',
      route: '/api/v1/tasks/{id}/comments',
      url: (ctx) => `/api/v1/tasks/${bTask(ctx)}/comments`,
      body: () => ({ body: 'Any news?' }),
      expect: statuses(201, { rep: 404, viewer: 403 }),
    },
  ],
};
