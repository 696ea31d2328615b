import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams } from '../../platform/schema/common.schema';
import { createDepartmentBody, departmentDto, updateDepartmentBody } from './departments.schema';
import { createDepartment, getDepartment, listDepartments, updateDepartment } from './departments.service';

export function departmentsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['departments'];
  r.get('/api/v1/departments', { schema: { tags, summary: 'All departments (flat; parentId makes the tree)', response: { 200: z.object({ items: z.array(departmentDto) }) } } }, async (req) => ({
    items: await listDepartments(ctx.db(), actorOf(req)),
  }));
  r.get('/api/v1/departments/:id', { schema: { tags, params: idParams, response: { 200: departmentDto } } }, async (req) => getDepartment(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/departments', { schema: { tags, body: createDepartmentBody, response: { 201: departmentDto } } }, async (req, reply) => {
    reply.code(201);
    return createDepartment(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/departments/:id', { schema: { tags, params: idParams, body: updateDepartmentBody, response: { 200: departmentDto } } }, async (req) =>
    updateDepartment(ctx.db(), actorOf(req), req.params.id, req.body),
  );
}
