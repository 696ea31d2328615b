import crypto from 'node:crypto';
import { onlyFor, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Imports are the back office's (imports:run: admin, manager, assistant); reps, finance and
 * viewers get 403 for every endpoint. The back office sees every batch.
 */
const backOffice = (status: number) => onlyFor({ admin: status, manager: status, assistant: status });

const csv = (ctx: MatrixContext) => `Order no,Date,Customer name,Product code,Qty,Unit price\n${ctx.unique('M')},2026-01-05,${ctx.unique('Matrix Co')},MX-1,1,9.99\n`;

function multipart(name: string, data: string) {
  const boundary = `----imports${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${data}\r\n--${boundary}--\r\n`);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A batch started by the admin (optionally imported), for the rows that act on one. */
async function adminBatch(ctx: MatrixContext, run = false): Promise<string> {
  const res = await ctx.sessions.admin.request({ method: 'POST', url: '/api/v1/imports/upload?kind=orders', ...multipart('m.csv', csv(ctx)) });
  if (res.statusCode !== 201) throw new Error(`import upload: ${res.statusCode} ${res.body}`);
  const id = res.json().batch.id as string;
  if (run) {
    const r = await ctx.sessions.admin.request({ method: 'POST', url: `/api/v1/imports/${id}/run`, payload: {} });
    if (r.statusCode !== 200) throw new Error(`import run: ${r.statusCode} ${r.body}`);
  }
  return id;
}

/** An import file uploaded by the caller (the admin's for callers who may not upload). */
async function importFileOf(ctx: MatrixContext, who: Who): Promise<string> {
  const as = who === 'anonymous' || who === 'viewer' ? 'admin' : who;
  const res = await ctx.sessions[as].request({ method: 'POST', url: '/api/v1/files?purpose=import', ...multipart('m.csv', csv(ctx)) });
  if (res.statusCode !== 201) throw new Error(`file upload as ${as}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

const shared = (ctx: MatrixContext) => (ctx.data.imports as { batchId: string }).batchId;

export const importsMatrix: MatrixModule = {
  name: 'imports',
  async setup(ctx) {
    ctx.data.imports = { batchId: await adminBatch(ctx) };
  },
  rows: [
    { name: 'upload a file and start a batch', method: 'POST', route: '/api/v1/imports/upload', url: () => '/api/v1/imports/upload?kind=orders', rawBody: (ctx) => multipart('orders.csv', csv(ctx)), expect: backOffice(201) },
    { name: 'start a batch from an uploaded file', method: 'POST', route: '/api/v1/imports', body: async (ctx, who) => ({ kind: 'orders', fileId: await importFileOf(ctx, who) }), expect: backOffice(201) },
    { name: 'import history', method: 'GET', route: '/api/v1/imports', expect: backOffice(200) },
    { name: 'suggest a mapping', method: 'POST', route: '/api/v1/imports/suggest-mapping', body: () => ({ kind: 'orders', headers: ['订单号', '日期', '数量'] }), expect: backOffice(200) },
    { name: 'a batch', method: 'GET', route: '/api/v1/imports/{id}', url: (ctx) => `/api/v1/imports/${shared(ctx)}`, expect: backOffice(200) },
    { name: "a batch's preview", method: 'GET', route: '/api/v1/imports/{id}/preview', url: (ctx) => `/api/v1/imports/${shared(ctx)}/preview`, expect: backOffice(200) },
    { name: "a batch's errors", method: 'GET', route: '/api/v1/imports/{id}/errors', url: (ctx) => `/api/v1/imports/${shared(ctx)}/errors`, expect: backOffice(200) },
    { name: 'dry run', method: 'POST', route: '/api/v1/imports/{id}/dry-run', url: (ctx) => `/api/v1/imports/${shared(ctx)}/dry-run`, body: () => ({}), expect: backOffice(200) },
    { name: 'import a batch', method: 'POST', route: '/api/v1/imports/{id}/run', url: async (ctx) => `/api/v1/imports/${await adminBatch(ctx)}/run`, body: () => ({}), expect: backOffice(200) },
    { name: 'undo a batch', method: 'POST', route: '/api/v1/imports/{id}/undo', url: async (ctx) => `/api/v1/imports/${await adminBatch(ctx, true)}/undo`, expect: backOffice(200) },
    { name: 'templates', method: 'GET', route: '/api/v1/import-templates', expect: backOffice(200) },
    {
      name: 'save a template',
      method: 'POST',
      route: '/api/v1/import-templates',
      body: (ctx) => ({ kind: 'orders', name: ctx.unique('tpl'), mapping: { 'order.externalId': 'Order no', quantity: 'Qty' } }),
      expect: backOffice(201),
    },
    {
      name: 'delete a template',
      method: 'DELETE',
      route: '/api/v1/import-templates/{id}',
      url: async (ctx) => {
        const res = await ctx.sessions.admin.request({ method: 'POST', url: '/api/v1/import-templates', payload: { kind: 'orders', name: ctx.unique('tpl'), mapping: { quantity: 'Qty' } } });
        return `/api/v1/import-templates/${res.json().id}`;
      },
      expect: backOffice(200),
    },
  ],
};
