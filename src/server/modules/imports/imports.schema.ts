import { z } from 'zod';
import { line, requiredLine } from '../../platform/schema/common.schema';

/**
 * Spreadsheet imports: kinds, the fields each kind maps file columns onto, and the
 * API shapes. Imports only zod, so the web reuses the field lists for its mapping step.
 */
export const importKind = z.enum(['customers', 'contacts', 'products', 'orders']);
export type ImportKind = z.infer<typeof importKind>;

export interface FieldDef {
  field: string;
  required?: boolean;
  /** Header names (English and Chinese) that suggest this field; compared folded (case, spaces, punctuation). */
  headers: string[];
}

const customerFields: FieldDef[] = [
  { field: 'customer.externalId', headers: ['customer id', 'customer no', 'customer number', 'customer code', 'client id', '客户编号', '客户编码', '客户代码', '客户id'] },
  { field: 'customer.name', headers: ['customer name', 'customer', 'client', 'client name', 'company', 'company name', '客户名称', '客户', '客户名', '公司名称', '单位名称', '购货单位'] },
  { field: 'customer.creditCode', headers: ['credit code', 'unified social credit code', 'uscc', '统一社会信用代码', '信用代码'] },
];

export const IMPORT_FIELDS: Record<ImportKind, FieldDef[]> = {
  orders: [
    { field: 'order.externalId', required: true, headers: ['order id', 'order no', 'order number', 'order', 'so number', 'so no', 'sales order', '订单号', '订单编号', '单号', '销售单号', '订单id'] },
    { field: 'order.lineNo', headers: ['line', 'line no', 'line number', 'item no', '行号', '序号', '明细行号'] },
    { field: 'order.lineExternalId', headers: ['line id', 'order line id', 'line external id', '明细id', '明细编号', '行id'] },
    { field: 'order.date', required: true, headers: ['date', 'order date', 'sales date', 'document date', '日期', '订单日期', '下单日期', '销售日期', '单据日期'] },
    customerFields[0],
    { ...customerFields[1], required: true },
    customerFields[2],
    { field: 'product.code', required: true, headers: ['product code', 'item code', 'sku', 'product id', 'part no', 'material code', '产品编码', '产品编号', '产品代码', '物料编码', '商品编码', '存货编码'] },
    { field: 'product.name', headers: ['product name', 'product', 'item', 'item name', 'description', '产品名称', '产品', '商品名称', '物料名称', '存货名称'] },
    { field: 'product.unit', headers: ['unit', 'uom', '单位', '计量单位'] },
    { field: 'region', headers: ['region', 'territory', 'area', 'sales region', '区域', '地区', '销售区域', '片区'] },
    { field: 'rep', headers: ['sales rep', 'rep', 'salesperson', 'sales person', 'owner', 'rep email', 'salesman', '业务员', '销售员', '销售代表', '负责人'] },
    { field: 'quantity', required: true, headers: ['quantity', 'qty', 'amount qty', '数量', '销售数量'] },
    { field: 'unitPrice', required: true, headers: ['unit price', 'price', 'net price', '单价', '销售单价', '不含税单价'] },
    { field: 'discount', headers: ['discount', 'discount rate', 'disc', 'disc %', '折扣', '折扣率'] },
    { field: 'amount', headers: ['amount', 'net amount', 'line amount', 'total', 'value', '金额', '销售金额', '不含税金额', '净额'] },
    { field: 'taxRate', headers: ['tax rate', 'vat rate', 'vat', '税率'] },
    { field: 'currency', headers: ['currency', 'ccy', '币种', '货币'] },
  ],
  customers: [
    customerFields[0],
    { ...customerFields[1], required: true },
    customerFields[2],
    { field: 'customer.shortName', headers: ['short name', 'abbreviation', '简称', '客户简称'] },
    { field: 'customer.taxpayerId', headers: ['taxpayer id', 'tax id', 'vat no', '纳税人识别号', '税号'] },
    { field: 'customer.industry', headers: ['industry', '行业', '所属行业'] },
    { field: 'customer.source', headers: ['source', 'lead source', '来源', '客户来源'] },
    { field: 'customer.level', headers: ['level', 'grade', 'class', '等级', '客户等级', '级别'] },
    { field: 'customer.status', headers: ['status', '状态', '客户状态'] },
    { field: 'customer.phone', headers: ['phone', 'telephone', 'tel', '电话', '联系电话'] },
    { field: 'customer.website', headers: ['website', 'web', 'url', '网址', '网站'] },
    { field: 'customer.notes', headers: ['notes', 'remarks', 'comment', '备注'] },
    { field: 'region', headers: ['region', 'territory', 'area', '区域', '地区', '销售区域'] },
    { field: 'rep', headers: ['sales rep', 'rep', 'owner', 'salesperson', '业务员', '销售员', '负责人'] },
  ],
  contacts: [
    { field: 'customer.externalId', headers: ['customer id', 'customer no', 'customer code', '客户编号', '客户编码'] },
    { field: 'customer.name', headers: ['customer name', 'customer', 'company', '客户名称', '客户', '公司名称'] },
    { field: 'contact.externalId', headers: ['contact id', 'contact no', '联系人编号'] },
    { field: 'contact.name', required: true, headers: ['contact name', 'contact', 'name', '联系人', '姓名', '联系人姓名'] },
    { field: 'contact.title', headers: ['title', 'position', 'job title', '职务', '职位'] },
    { field: 'contact.mobile', headers: ['mobile', 'cell', 'mobile phone', '手机', '手机号'] },
    { field: 'contact.phone', headers: ['phone', 'telephone', 'tel', '电话', '座机'] },
    { field: 'contact.email', headers: ['email', 'e-mail', 'mail', '邮箱', '电子邮件'] },
    { field: 'contact.wechat', headers: ['wechat', 'weixin', '微信'] },
    { field: 'contact.qq', headers: ['qq'] },
    { field: 'contact.birthday', headers: ['birthday', 'date of birth', '生日', '出生日期'] },
  ],
  products: [
    { field: 'product.code', required: true, headers: ['product code', 'code', 'item code', 'sku', '产品编码', '编码', '产品编号', '物料编码'] },
    { field: 'product.name', required: true, headers: ['product name', 'name', 'item name', 'product', '产品名称', '名称', '品名'] },
    { field: 'product.category', headers: ['category', 'product category', '类别', '产品类别', '分类'] },
    { field: 'product.unit', headers: ['unit', 'uom', '单位', '计量单位'] },
    { field: 'product.listPrice', headers: ['list price', 'price', 'unit price', '价格', '单价', '标准价', '售价'] },
    { field: 'product.cost', headers: ['cost', 'unit cost', '成本', '成本价'] },
    { field: 'product.status', headers: ['status', '状态'] },
    { field: 'product.description', headers: ['description', 'notes', '描述', '说明', '备注'] },
    { field: 'currency', headers: ['currency', '币种'] },
  ],
};

/** field name → the file's header it is read from. */
// A map whose keys the service checks against the kind's fields (an unknown one is a 400 on `mapping`).
export const importMapping = z.record(line(60), line(200)).refine((m) => Object.keys(m).length <= 60, 'too many fields');
export type ImportMapping = z.infer<typeof importMapping>;

export const importOptions = z
  .object({
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto'),
    delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto'),
    /** Create the customers, products and regions the file names that do not exist yet (orders). */
    createCustomers: z.boolean().default(true),
    createProducts: z.boolean().default(true),
    createRegions: z.boolean().default(true),
    /** Skip rows with errors (for orders: every line of an order that has a bad line) instead of refusing the import. */
    skipInvalidRows: z.boolean().default(false),
    /** Run as a background job (large files always do). */
    background: z.boolean().default(false),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptions>;
export type ImportOptionsInput = z.input<typeof importOptions>;

export const createImportBody = z.object({ kind: importKind, fileId: z.uuid(), options: importOptions.partial().optional() }).strict();
export const runImportBody = z.object({ mapping: importMapping.optional(), templateId: z.uuid().optional(), options: importOptions.partial().optional() }).strict();
export type RunImportInput = z.infer<typeof runImportBody>;

export const previewDto = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()),
  fields: z.array(z.object({ field: z.string(), required: z.boolean() })),
});
export type PreviewDto = z.infer<typeof previewDto>;

const counts = z.record(z.string(), z.number().int());
export const importBatchDto = z.object({
  id: z.string(),
  number: z.string(),
  kind: importKind,
  fileName: z.string(),
  fileId: z.string().nullable(),
  status: z.enum(['uploaded', 'validated', 'importing', 'imported', 'failed', 'undone']),
  mapping: z.record(z.string(), z.string()).nullable(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errorRows: z.number().int(),
  progress: z.number().int(),
  created: counts,
  unchanged: counts,
  message: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});
export type ImportBatchDto = z.infer<typeof importBatchDto>;

export const importErrorDto = z.object({
  rowNo: z.number().int(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  value: z.string().nullable(),
  /** Details for the reader's language: amount_mismatch { expected }, inconsistent_order and duplicate_in_file { row }. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});
export type ImportErrorDto = z.infer<typeof importErrorDto>;

export const listBatchesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    kind: importKind.optional(),
    status: z.enum(['uploaded', 'validated', 'importing', 'imported', 'failed', 'undone']).optional(),
  })
  .strict();
export type ListBatchesQuery = z.infer<typeof listBatchesQuery>;

export const listErrorsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: z.string().max(500).optional() }).strict();

export const templateBody = z.object({ kind: importKind, name: requiredLine(100), mapping: importMapping, options: importOptions.partial().optional() }).strict();
export type TemplateInput = z.infer<typeof templateBody>;
export const templateDto = z.object({ id: z.string(), kind: importKind, name: z.string(), mapping: z.record(z.string(), z.string()), options: z.record(z.string(), z.unknown()), createdAt: z.string() });
export type TemplateDto = z.infer<typeof templateDto>;

export const suggestBody = z.object({ kind: importKind, headers: z.array(line(200)).max(500) }).strict();

/** Folds a header for matching: lower case, NFKC (full-width → half-width), no spaces or punctuation. */
export function foldHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Suggests a mapping from header names: an exact folded match of a known header
 * first, then a header that contains a known name (e.g. "订单号(SO)"). Each column
 * is used once; a field keeps the first column that matches it.
 */
export function suggestMapping(kind: ImportKind, headers: string[]): Record<string, string> {
  const folded = headers.map(foldHeader);
  const used = new Set<number>();
  const out: Record<string, string> = {};
  for (const pass of ['exact', 'contains'] as const) {
    for (const def of IMPORT_FIELDS[kind]) {
      if (out[def.field]) continue;
      const names = def.headers.map(foldHeader);
      const idx = folded.findIndex((h, i) => !used.has(i) && h !== '' && (pass === 'exact' ? names.includes(h) : names.some((n) => n.length >= 2 && h.includes(n))));
      if (idx >= 0) {
        used.add(idx);
        out[def.field] = headers[idx];
      }
    }
  }
  return out;
}
