import { checkoutPaperItem, createLocation, registerPaperItem } from '../../src/server/modules/archive/archive.paper.service';
import { grantAccess } from '../../src/server/modules/archive/archive.service';
import { startStocktake } from '../../src/server/modules/archive/archive.stocktake.service';
import { multipartFiles, txt } from '../archive/archive-fixtures';
import { insertCustomer } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';
import { PNG } from './fixtures';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * The document archive. Everyone in the department reads (archive:read); the back
 * office files and edits (archive:write) and keeps types and categories
 * (archive:manage). Rep A (`rep`) does not see documents of rep B's customer (404).
 * A confidential document of the assistant exists only for the assistant (its owner)
 * and admins: the manager, finance and viewers get 404 too — confidentiality wins
 * over roles.
 */
interface ArchiveData {
  custB: string;
  contractB: string;
  orderB: string;
  /** Internal TXT linked to rep B's customer, contract and order; owned by the assistant. */
  docB: string;
  /** Internal PNG linked to rep B's customer (previewable). */
  imageB: string;
  /** Confidential TXT of the assistant. */
  secret: string;
  category: string;
  /** Paper register: a box, an item of rep B's customer, a secret item of the assistant, an open stocktake. */
  box: string;
  paperB: string;
  paperSecret: string;
  stocktake: string;
}
const data = (ctx: MatrixContext) => ctx.data.archive as ArchiveData;
const DOCS = '/api/v1/archive/documents';

/** Rep B's customer's documents: the department and admins read them, rep A does not see them. */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
/** Editing them: the back office; finance and viewers lack archive:write; rep A does not see them. */
const editBs = (ok: number) => statuses(403, { admin: ok, manager: ok, assistant: ok, rep: 404 });
/** The confidential document: its owner (the assistant) and admins; nobody else knows it exists. */
const secretOnly = (ok: number) => statuses(404, { admin: ok, assistant: ok });
const managers = (ok: number) => onlyFor({ admin: ok, manager: ok, assistant: ok });

async function upload(ctx: MatrixContext, file: { name: string; content: Buffer; mime?: string }, metadata: unknown): Promise<string> {
  const { payload, headers } = multipartFiles([file], { metadata: JSON.stringify(metadata) });
  const res = await ctx.sessions.assistant.request({ method: 'POST', url: DOCS, payload, headers });
  if (res.statusCode !== 201) throw new Error(`archive upload: ${res.statusCode} ${res.body}`);
  return res.json().items[0].id;
}

const PAPER = '/api/v1/archive/paper';
/** A fresh paper item of rep B's customer in the matrix box (optionally lent to rep B), for rows that change its place. */
async function freshPaper(ctx: MatrixContext, lent = false): Promise<string> {
  const db = ctx.t.db.handle.db;
  const item = await registerPaperItem(db, ctx.actors.assistant, { title: ctx.unique('Paper'), typeCode: 'contract', customerId: data(ctx).custB, locationId: data(ctx).box });
  if (lent) await checkoutPaperItem(db, ctx.actors.assistant, item.id, { borrowerId: ctx.users.repB.id, dueOn: '2999-12-31', version: item.version });
  return item.id;
}

const typeVersion = async (ctx: MatrixContext, code: string) =>
  (await rawQuery<{ version: number }>(ctx.t.db.handle, 'select version from archive_document_types where code = $1', [code]))[0].version;
const typeCode = (ctx: MatrixContext) => ctx.unique('t').replace(/-/g, '_');

export const archiveMatrix: MatrixModule = {
  name: 'archive',
  async setup(ctx) {
    const h = ctx.t.db.handle;
    const custB = await insertCustomer(h, { ownerId: ctx.users.repB.id, departmentId: ctx.salesDepartmentId, name: 'Archive customer of rep B' });
    const [contract] = await rawQuery<{ id: string }>(h, `insert into contracts (number, customer_id, title, value, currency, status) values ($1, $2, 'Archive frame contract', 100000, 'CNY', 'active') returning id`, [ctx.unique('CT-ARC'), custB]);
    const [order] = await rawQuery<{ id: string }>(h, `insert into sales_orders (number, customer_id, order_date, currency) values ($1, $2, '2026-05-01', 'CNY') returning id`, [ctx.unique('SO-ARC'), custB]);
    const [category] = await rawQuery<{ id: string }>(h, `insert into archive_categories (name_en, name_zh, updated_at) values ('Matrix', '矩阵', now()) returning id`);
    const links = { customerIds: [custB], contractIds: [contract.id], orderIds: [order.id] };
    ctx.data.archive = {
      custB,
      contractB: contract.id,
      orderB: order.id,
      category: category.id,
      docB: await upload(ctx, txt('rep-b-contract.txt', '供货合同 supply contract of rep B'), { typeCode: 'contract', documentDate: '2020-01-01', ...links }),
      imageB: await upload(ctx, { name: 'stamp.png', content: PNG, mime: 'image/png' }, { typeCode: 'licence', customerIds: [custB] }),
      secret: await upload(ctx, txt('secret.txt', '机密 confidential terms'), { typeCode: 'contract', confidentiality: 'confidential' }),
      box: '',
      paperB: '',
      paperSecret: '',
      stocktake: '',
    } satisfies ArchiveData;
    const db = ctx.t.db.handle.db;
    const assistant = ctx.actors.assistant;
    const room = await createLocation(db, assistant, { kind: 'room', name: 'Matrix room', code: ctx.unique('MR') });
    const box = await createLocation(db, assistant, { kind: 'box', name: 'Matrix box', code: ctx.unique('MB'), parentId: room.id });
    const d = data(ctx);
    d.box = box.id;
    d.paperB = (await registerPaperItem(db, assistant, { title: 'Paper of rep B', typeCode: 'contract', customerId: custB, locationId: box.id })).id;
    d.paperSecret = (await registerPaperItem(db, assistant, { title: 'Secret paper', typeCode: 'contract', confidentiality: 'secret', locationId: box.id })).id;
    d.stocktake = (await startStocktake(db, assistant, { locationId: box.id })).id;
  },
  rows: [
    { name: 'document types', method: 'GET', route: '/api/v1/archive/types', expect: statuses(200) },
    {
      name: 'add a document type',
      method: 'POST',
      route: '/api/v1/archive/types',
      body: (ctx) => ({ code: typeCode(ctx), nameEn: 'Tender', nameZh: '投标文件', retentionMonths: 24 }),
      expect: managers(201),
    },
    {
      name: 'change a retention period',
      method: 'PATCH',
      route: '/api/v1/archive/types/{code}',
      url: () => '/api/v1/archive/types/correspondence',
      body: async (ctx) => ({ retentionMonths: 48, version: await typeVersion(ctx, 'correspondence') }),
      expect: managers(200),
    },
    { name: 'categories', method: 'GET', route: '/api/v1/archive/categories', expect: statuses(200) },
    { name: 'add a category', method: 'POST', route: '/api/v1/archive/categories', body: (ctx) => ({ nameEn: ctx.unique('Cat'), nameZh: '分类' }), expect: managers(201) },
    {
      name: 'rename a category',
      method: 'PATCH',
      route: '/api/v1/archive/categories/{id}',
      url: (ctx) => `/api/v1/archive/categories/${data(ctx).category}`,
      body: async (ctx, _who, url) => ({ nameEn: ctx.unique('Matrix'), version: await ctx.version('archive_categories', url.split('/').pop()!) }),
      expect: managers(200),
    },
    {
      name: 'upload documents',
      method: 'POST',
      route: DOCS,
      rawBody: (ctx) => multipartFiles([txt(`${ctx.unique('note')}.txt`, 'a note')], { metadata: JSON.stringify({ typeCode: 'other' }) }),
      expect: managers(201),
    },
    { name: 'search documents', method: 'GET', route: DOCS, url: () => `${DOCS}?q=${encodeURIComponent('供货合同')}`, expect: statuses(200) },
    // Everyone who may search may export the same list; what they may not see is never a row (test/archive).
    { name: 'export the documents list', method: 'GET', route: `${DOCS}/export`, url: () => `${DOCS}/export?format=xlsx&q=${encodeURIComponent('供货合同')}`, expect: statuses(200) },
    { name: 'documents due for review', method: 'GET', route: `${DOCS}/retention-due`, expect: statuses(200) },
    { name: "a document of rep B's customer", method: 'GET', route: `${DOCS}/{id}`, url: (ctx) => `${DOCS}/${data(ctx).docB}`, expect: statuses(200, readBs) },
    { name: 'the confidential document', method: 'GET', route: `${DOCS}/{id}`, url: (ctx) => `${DOCS}/${data(ctx).secret}`, expect: secretOnly(200) },
    {
      name: "edit a document of rep B's customer",
      method: 'PATCH',
      route: `${DOCS}/{id}`,
      url: (ctx) => `${DOCS}/${data(ctx).docB}`,
      body: async (ctx) => ({ tags: ['matrix'], version: await ctx.version('archive_documents', data(ctx).docB) }),
      expect: editBs(200),
    },
    {
      name: 'set the confidentiality of the assistant’s document (owner or admin)',
      method: 'POST',
      route: `${DOCS}/{id}/confidentiality`,
      url: (ctx) => `${DOCS}/${data(ctx).docB}/confidentiality`,
      body: async (ctx) => ({ level: 'internal', version: await ctx.version('archive_documents', data(ctx).docB) }),
      expect: statuses(403, { admin: 200, assistant: 200, rep: 404 }),
    },
    { name: 'versions', method: 'GET', route: `${DOCS}/{id}/versions`, url: (ctx) => `${DOCS}/${data(ctx).docB}/versions`, expect: statuses(200, readBs) },
    {
      name: 'upload a new version',
      method: 'POST',
      route: `${DOCS}/{id}/versions`,
      url: (ctx) => `${DOCS}/${data(ctx).docB}/versions`,
      rawBody: (ctx) => multipartFiles([txt(`${ctx.unique('v')}.txt`, `供货合同 supply contract of rep B, revised ${ctx.unique('r')}`)]),
      // Reps, finance and viewers lack archive:write (403 before the document is looked at).
      expect: managers(201),
    },
    { name: 'download', method: 'GET', route: `${DOCS}/{id}/download`, url: (ctx) => `${DOCS}/${data(ctx).docB}/download`, expect: statuses(200, readBs) },
    { name: 'download the confidential document', method: 'GET', route: `${DOCS}/{id}/download`, url: (ctx) => `${DOCS}/${data(ctx).secret}/download`, expect: secretOnly(200) },
    { name: 'preview an image', method: 'GET', route: `${DOCS}/{id}/preview`, url: (ctx) => `${DOCS}/${data(ctx).imageB}/preview`, expect: statuses(200, readBs) },
    {
      name: 'download version 1',
      method: 'GET',
      route: `${DOCS}/{id}/versions/{versionNo}/download`,
      url: (ctx) => `${DOCS}/${data(ctx).docB}/versions/1/download`,
      expect: statuses(200, readBs),
    },
    { name: 'grants of the confidential document', method: 'GET', route: `${DOCS}/{id}/grants`, url: (ctx) => `${DOCS}/${data(ctx).secret}/grants`, expect: secretOnly(200) },
    {
      name: 'grant the confidential document',
      method: 'POST',
      route: `${DOCS}/{id}/grants`,
      url: (ctx) => `${DOCS}/${data(ctx).secret}/grants`,
      body: (ctx) => ({ userId: ctx.target.id }),
      expect: secretOnly(201),
    },
    {
      name: 'revoke a grant of the confidential document',
      method: 'DELETE',
      route: `${DOCS}/{id}/grants/{grantId}`,
      url: async (ctx) => {
        const g = await grantAccess(ctx.t.db.handle.db, ctx.actors.admin, data(ctx).secret, { userId: ctx.target.id });
        return `${DOCS}/${data(ctx).secret}/grants/${g.id}`;
      },
      expect: secretOnly(200),
    },
    {
      name: 'access history of the confidential document',
      method: 'GET',
      route: `${DOCS}/{id}/access-history`,
      url: (ctx) => `${DOCS}/${data(ctx).secret}/access-history`,
      expect: secretOnly(200),
    },
    ...(
      [
        ['customers', (ctx: MatrixContext) => data(ctx).custB],
        ['contracts', (ctx: MatrixContext) => data(ctx).contractB],
        ['orders', (ctx: MatrixContext) => data(ctx).orderB],
      ] as const
    ).map(([segment, idOf]) => ({
      name: `documents of rep B's ${segment.slice(0, -1)}`,
      method: 'GET' as const,
      route: `/api/v1/archive/${segment}/{id}/documents`,
      url: (ctx: MatrixContext, _who: Who) => `/api/v1/archive/${segment}/${idOf(ctx)}/documents`,
      expect: statuses(200, readBs),
    })),
    // ---- paper register
    { name: 'locations', method: 'GET', route: '/api/v1/archive/locations', expect: statuses(200) },
    { name: 'add a location', method: 'POST', route: '/api/v1/archive/locations', body: (ctx) => ({ kind: 'box', name: 'Box', code: ctx.unique('BX'), parentId: null }), expect: managers(201) },
    {
      name: 'rename a location',
      method: 'PATCH',
      route: '/api/v1/archive/locations/{id}',
      url: (ctx) => `/api/v1/archive/locations/${data(ctx).box}`,
      body: async (ctx) => ({ name: ctx.unique('Box'), version: await ctx.version('archive_locations', data(ctx).box) }),
      expect: managers(200),
    },
    { name: 'the paper register', method: 'GET', route: PAPER, expect: statuses(200) },
    { name: 'register a paper original', method: 'POST', route: PAPER, body: (ctx) => ({ title: ctx.unique('Original'), locationId: data(ctx).box }), expect: managers(201) },
    { name: 'labels of an item of rep B', method: 'GET', route: `${PAPER}/labels.pdf`, url: (ctx) => `${PAPER}/labels.pdf?ids=${data(ctx).paperB}`, expect: managers(200) },
    { name: "a paper item of rep B's customer", method: 'GET', route: `${PAPER}/{id}`, url: (ctx) => `${PAPER}/${data(ctx).paperB}`, expect: statuses(200, readBs) },
    { name: 'the secret paper item', method: 'GET', route: `${PAPER}/{id}`, url: (ctx) => `${PAPER}/${data(ctx).paperSecret}`, expect: secretOnly(200) },
    {
      name: "edit a paper item of rep B's customer",
      method: 'PATCH',
      route: `${PAPER}/{id}`,
      url: (ctx) => `${PAPER}/${data(ctx).paperB}`,
      body: async (ctx) => ({ notes: ctx.unique('note'), version: await ctx.version('archive_paper_items', data(ctx).paperB) }),
      expect: editBs(200),
    },
    {
      name: 'lend a paper item to rep B',
      method: 'POST',
      route: `${PAPER}/{id}/checkout`,
      url: async (ctx) => `${PAPER}/${await freshPaper(ctx)}/checkout`,
      body: (ctx) => ({ borrowerId: ctx.users.repB.id, dueOn: '2999-12-31', version: 1 }),
      expect: editBs(200),
    },
    { name: 'take a lent paper item back', method: 'POST', route: `${PAPER}/{id}/checkin`, url: async (ctx) => `${PAPER}/${await freshPaper(ctx, true)}/checkin`, body: () => ({ version: 2 }), expect: editBs(200) },
    {
      name: 'move a paper item',
      method: 'POST',
      route: `${PAPER}/{id}/move`,
      url: async (ctx) => `${PAPER}/${await freshPaper(ctx)}/move`,
      body: (ctx) => ({ locationId: data(ctx).box, version: 1 }),
      expect: editBs(200),
    },
    { name: 'movements of a paper item', method: 'GET', route: `${PAPER}/{id}/history`, url: (ctx) => `${PAPER}/${data(ctx).paperB}/history`, expect: statuses(200, readBs) },
    { name: 'stocktakes', method: 'GET', route: '/api/v1/archive/stocktakes', expect: managers(200) },
    { name: 'start a stocktake', method: 'POST', route: '/api/v1/archive/stocktakes', body: (ctx) => ({ locationId: data(ctx).box }), expect: managers(201) },
    { name: 'a stocktake', method: 'GET', route: '/api/v1/archive/stocktakes/{id}', url: (ctx) => `/api/v1/archive/stocktakes/${data(ctx).stocktake}`, expect: managers(200) },
    {
      name: 'scan a label',
      method: 'POST',
      route: '/api/v1/archive/stocktakes/{id}/scans',
      url: (ctx) => `/api/v1/archive/stocktakes/${data(ctx).stocktake}/scans`,
      body: () => ({ code: 'PAP-2000-00001' }),
      expect: managers(200),
    },
    {
      name: 'finish a stocktake',
      method: 'POST',
      route: '/api/v1/archive/stocktakes/{id}/finish',
      url: async (ctx) => `/api/v1/archive/stocktakes/${(await startStocktake(ctx.t.db.handle.db, ctx.actors.assistant, { locationId: data(ctx).box })).id}/finish`,
      body: () => ({ moveMisplaced: false, version: 1 }),
      expect: managers(200),
    },
  ],
};
