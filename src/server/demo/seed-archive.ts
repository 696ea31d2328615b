import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { extractText } from '../modules/archive/archive.extract';
import { checkoutPaperItem, createLocation, registerPaperItem } from '../modules/archive/archive.paper.service';
import { createCategory, createDocuments, grantAccess, saveExtraction } from '../modules/archive/archive.service';
import type { DocumentMetadata } from '../modules/archive/archive.schema';
import type { Actor } from '../platform/access/actor';
import { businessToday } from '../platform/approvals/approvals.engine';
import { loadActor } from '../platform/auth/actor-loader';
import { fileStores } from '../platform/files/file-store';
import { stageUpload } from '../platform/files/files.service';
import { formatMoney } from '../platform/i18n/server-messages';
import { createPdf } from '../platform/pdf/pdf';

/**
 * The demo archive: four contracts, three orders and two returns of the demo sales as generated PDFs
 * (Chinese and English, text extracted at once so search finds a phrase inside), two
 * confidential contracts granted to rep01 (张伟), and a paper register — one room, two
 * cabinets, shelves and boxes — with the contracts' originals and other papers, three
 * of them lent, one overdue. Filed by assistant1 (李晓梅) through the archive's services.
 * The files go to the database store, which every instance and data directory reaches.
 */
const CLAUSES = [
  '双方约定质保期为十二个月，自验收合格之日起计算。交货地点为苏州工业园区星湖街328号。',
  '乙方应于收到订单后十五个工作日内发货，逾期每日按合同金额的千分之三支付违约金。',
  'Payment: 30% advance, 70% within thirty days after acceptance. Disputes go to the Shanghai International Arbitration Centre.',
];

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

type Pdf = ReturnType<typeof createPdf>;

/** Stages a generated PDF, files it as a document and files its text at once (the job would find the same later). */
async function fileDocument(db: Kysely<Database>, actor: Actor, name: string, pdf: Buffer, meta: DocumentMetadata): Promise<string> {
  const stores = fileStores('db', '');
  const staged = await stageUpload(actor, { stream: Readable.from([pdf]), filename: name, purpose: 'document', limitBytes: 50 * 1024 * 1024, isTruncated: () => false });
  try {
    const [doc] = await createDocuments(db, stores, actor, [staged], meta);
    const version = await db.selectFrom('archive_document_versions').select('id').where('document_id', '=', doc.id).where('version_no', '=', 1).executeTakeFirstOrThrow();
    await saveExtraction(db, version.id, await extractText(staged.tmpPath, staged.mime));
    return doc.id;
  } finally {
    await staged.discard();
  }
}

function header(pdf: Pdf, titleZh: string, titleEn: string, pairs: [string, string][]) {
  pdf.heading(`${titleZh} ${titleEn}`).keyValues(pairs).space(6);
}

export async function seedArchive(db: Kysely<Database>, ids: Map<string, string>): Promise<void> {
  const assistantId = ids.get('assistant1');
  const repId = ids.get('rep01');
  if (!assistantId || !repId) return;
  const actor = (await loadActor(db, assistantId, { ip: 'demo' }))!;
  const today = await businessToday(db);

  const sales = await createCategory(db, actor, { nameEn: 'Sales documents', nameZh: '销售单据' });
  const cat = {
    contract: (await createCategory(db, actor, { parentId: sales.id, nameEn: 'Contracts', nameZh: '合同' })).id,
    order: (await createCategory(db, actor, { parentId: sales.id, nameEn: 'Orders', nameZh: '订单' })).id,
    ret: (await createCategory(db, actor, { parentId: sales.id, nameEn: 'Returns', nameZh: '退货' })).id,
  };

  // Contracts of the biggest customers; rep01's first two are confidential and granted to rep01.
  const contracts = await db
    .selectFrom('contracts as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .select(['c.id', 'c.number', 'c.title', 'c.value', 'c.currency', 'c.signed_on', 'c.starts_on', 'c.ends_on', 'c.owner_id', 'cu.name as customer'])
    .orderBy('c.value', 'desc')
    .limit(4)
    .execute();
  const contractDocs: { id: string; number: string; title: string; confidential: boolean }[] = [];
  for (const [i, c] of contracts.entries()) {
    const pdf = createPdf({ title: `${c.number} ${c.title}`, locale: 'zh-CN' });
    header(pdf, '销售合同', 'Sales Contract', [
      ['合同编号 Contract no.', c.number],
      ['甲方 Buyer', c.customer],
      ['乙方 Seller', 'Salesdesk 演示公司 Demo Co.'],
      ['合同金额 Value', formatMoney(Number(c.value), c.currency, 'zh-CN')],
      ['有效期 Term', `${c.starts_on ?? ''} – ${c.ends_on ?? ''}`],
    ]);
    for (const clause of CLAUSES) pdf.paragraph(clause);
    const confidential = i < 2;
    const id = await fileDocument(db, actor, `${c.number}.pdf`, await pdf.toBuffer(), {
      title: `${c.title} ${c.number}`.slice(0, 300),
      typeCode: 'contract',
      categoryId: cat.contract,
      tags: confidential ? ['框架协议', 'confidential'] : ['框架协议'],
      documentDate: c.signed_on ?? c.starts_on ?? today,
      counterparty: c.customer,
      confidentiality: confidential ? 'confidential' : 'internal',
      contractIds: [c.id],
    });
    if (confidential) await grantAccess(db, actor, id, { userId: repId });
    contractDocs.push({ id, number: c.number, title: c.title, confidential });
  }

  // Recent orders with their lines, and returns.
  const orders = await db
    .selectFrom('sales_orders as o')
    .innerJoin('customers as cu', 'cu.id', 'o.customer_id')
    .select(['o.id', 'o.number', 'o.order_date', 'o.currency', 'o.gross_total', 'cu.name as customer'])
    .where('o.status', '!=', 'cancelled')
    .orderBy('o.order_date', 'desc')
    .limit(3)
    .execute();
  for (const o of orders) {
    const lines = await db
      .selectFrom('sales_order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.line_no', 'p.name', 'l.quantity', 'l.unit_price', 'l.gross_amount'])
      .where('l.order_id', '=', o.id)
      .orderBy('l.line_no')
      .execute();
    const pdf = createPdf({ title: `${o.number}`, locale: 'zh-CN' });
    header(pdf, '销售订单', 'Sales Order', [
      ['订单编号 Order no.', o.number],
      ['客户 Customer', o.customer],
      ['订单日期 Date', o.order_date],
    ]);
    pdf.table({
      columns: [{ header: '#', width: 0.4 }, { header: '产品 Product', width: 3 }, { header: '数量 Qty', align: 'right' }, { header: '单价 Price', align: 'right' }, { header: '金额 Amount', align: 'right' }],
      rows: lines.map((l) => [String(l.line_no), l.name, String(l.quantity), formatMoney(Number(l.unit_price), o.currency, 'zh-CN'), formatMoney(Number(l.gross_amount), o.currency, 'zh-CN')]),
      total: ['', '合计 Total', '', '', formatMoney(Number(o.gross_total), o.currency, 'zh-CN')],
    });
    pdf.paragraph('请于收货后五个工作日内验收，如有质量问题请及时联系业务员。Please inspect the goods within five working days of delivery.');
    await fileDocument(db, actor, `${o.number}.pdf`, await pdf.toBuffer(), { title: `销售订单 Sales order ${o.number}`, typeCode: 'sales_order', categoryId: cat.order, documentDate: o.order_date, counterparty: o.customer, orderIds: [o.id] });
  }
  const returns = await db
    .selectFrom('sales_returns as r')
    .innerJoin('customers as cu', 'cu.id', 'r.customer_id')
    .innerJoin('sales_orders as o', 'o.id', 'r.order_id')
    .select(['r.number', 'r.return_date', 'r.reason', 'r.currency', 'r.gross_total', 'r.order_id', 'o.number as order_number', 'cu.name as customer'])
    .orderBy('r.return_date', 'desc')
    .limit(2)
    .execute();
  for (const r of returns) {
    const pdf = createPdf({ title: r.number, locale: 'zh-CN' });
    header(pdf, '销售退货单', 'Sales Return', [
      ['退货单号 Return no.', r.number],
      ['原订单 Order', r.order_number],
      ['客户 Customer', r.customer],
      ['退货日期 Date', r.return_date],
      ['退货金额 Amount', formatMoney(Number(r.gross_total), r.currency, 'zh-CN')],
    ]);
    pdf.paragraph(`退货原因 Reason: ${r.reason || '包装破损 damaged packaging'}`).paragraph('退货商品已入库检验，货款将在下次结算时冲抵。Returned goods were inspected; the amount is credited on the next statement.');
    await fileDocument(db, actor, `${r.number}.pdf`, await pdf.toBuffer(), { title: `退货单 Sales return ${r.number}`, typeCode: 'sales_return', categoryId: cat.ret, documentDate: r.return_date, counterparty: r.customer, orderIds: [r.order_id] });
  }

  // The paper register: one room, two cabinets with shelves and boxes.
  const room = await createLocation(db, actor, { kind: 'room', name: '档案室 Archive room 301', code: 'AR301' });
  const cabA = await createLocation(db, actor, { kind: 'cabinet', name: '合同柜 Contracts cabinet A', code: 'AR301-A', parentId: room.id });
  const cabB = await createLocation(db, actor, { kind: 'cabinet', name: '单据柜 Records cabinet B', code: 'AR301-B', parentId: room.id });
  const shelfA1 = await createLocation(db, actor, { kind: 'shelf', name: '第1层 Shelf 1', code: 'AR301-A-1', parentId: cabA.id });
  const shelfB1 = await createLocation(db, actor, { kind: 'shelf', name: '第1层 Shelf 1', code: 'AR301-B-1', parentId: cabB.id });
  const boxes = [
    await createLocation(db, actor, { kind: 'box', name: '2026 合同盒 Contracts box 1', code: 'AR301-A-1-01', parentId: shelfA1.id }),
    await createLocation(db, actor, { kind: 'box', name: '机密合同盒 Confidential box', code: 'AR301-A-1-02', parentId: shelfA1.id }),
    await createLocation(db, actor, { kind: 'box', name: '订单与退货 Orders and returns', code: 'AR301-B-1-01', parentId: shelfB1.id }),
  ];
  for (const d of contractDocs) {
    await registerPaperItem(db, actor, { title: `${d.title} 原件 original`, typeCode: 'contract', documentId: d.id, locationId: d.confidential ? boxes[1].id : boxes[0].id });
  }
  const papers = [
    { title: '营业执照副本 Business licence copy', typeCode: 'licence' },
    { title: '2026 年度价格协议 Annual price agreement', typeCode: 'contract' },
    { title: '客户来函 Customer letter on delivery dates', typeCode: 'correspondence' },
  ];
  const loose = [];
  for (const p of papers) loose.push(await registerPaperItem(db, actor, { ...p, locationId: boxes[2].id }));
  // Lent: two due later, one overdue (lent three weeks ago for two weeks).
  const lend = async (item: { id: string; version: number }, borrower: string, dueOn: string) => checkoutPaperItem(db, actor, item.id, { borrowerId: borrower, dueOn, note: '客户审计 customer audit', version: item.version });
  await lend(loose[0], ids.get('rep02') ?? repId, addDays(today, 10));
  await lend(loose[1], ids.get('manager') ?? repId, addDays(today, 3));
  const overdue = await lend(loose[2], repId, today);
  const dueOn = addDays(today, -7);
  await db.updateTable('archive_paper_items').set({ due_on: dueOn, lent_at: new Date(Date.now() - 21 * 86_400_000) }).where('id', '=', overdue.id).execute();
  await db.updateTable('reminders').set({ due_on: dueOn }).where('entity_type', '=', 'archive_paper_loan').where('entity_id', '=', overdue.id).execute();
  await db.updateTable('archive_paper_movements').set({ due_on: dueOn }).where('item_id', '=', overdue.id).where('kind', '=', 'checkout').execute();
}
