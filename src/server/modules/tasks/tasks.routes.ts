import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf, version } from '../../platform/schema/common.schema';
import { createTaskBody, listTasksQuery, progressBody, taskCommentBody, taskCommentDto, taskDto, updateTaskBody } from './tasks.schema';
import { addComment, cancelTask, createTask, getTask, listComments, listTasks, taskBoard, updateProgress, updateTask } from './tasks.service';

export function tasksRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];
  r.get('/api/v1/tasks', { schema: { tags, querystring: listTasksQuery, response: { 200: pageOf(taskDto) } } }, async (req) => listTasks(ctx.db(), actorOf(req), req.query));
  r.get(
    '/api/v1/tasks/board',
    {
      schema: {
        tags,
        summary: "Leader's board: open, due soon and overdue tasks per person",
        response: { 200: z.object({ items: z.array(z.object({ userId: z.string(), name: z.string(), open: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int(), doneLast30Days: z.number().int() })) }) },
      },
    },
    async (req) => ({ items: await taskBoard(ctx.db(), actorOf(req)) }),
  );
  r.get('/api/v1/tasks/:id', { schema: { tags, params: idParams, response: { 200: taskDto } } }, async (req) => getTask(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/tasks', { schema: { tags, body: createTaskBody, response: { 201: taskDto } } }, async (req, reply) => {
    reply.code(201);
    return createTask(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/tasks/:id', { schema: { tags, params: idParams, body: updateTaskBody, response: { 200: taskDto } } }, async (req) => updateTask(ctx.db(), actorOf(req), req.params.id, req.body));
  r.post('/api/v1/tasks/:id/progress', { schema: { tags, summary: 'An assignee reports progress on their part', params: idParams, body: progressBody, response: { 200: taskDto } } }, async (req) =>
    updateProgress(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/tasks/:id/cancel', { schema: { tags, params: idParams, body: z.object({ version }).strict(), response: { 200: taskDto } } }, async (req) =>
    cancelTask(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.get('/api/v1/tasks/:id/comments', { schema: { tags, params: idParams, response: { 200: z.object({ items: z.array(taskCommentDto) }) } } }, async (req) => ({
    items: await listComments(ctx.db(), actorOf(req), req.params.id),
  }));
  r.post('/api/v1/tasks/:id/comments', { schema: { tags, params: idParams, body: taskCommentBody, response: { 201: z.object({ items: z.array(taskCommentDto) }) } } }, async (req, reply) => {
    reply.code(201);
    return { items: await addComment(ctx.db(), actorOf(req), req.params.id, req.body.body) };
  });
}
