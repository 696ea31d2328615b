import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api-client';
import type { ImportBatch, ImportBatchStatus, ImportKind, ImportRowError } from '../../api/imports.types';
import { i18n } from '../../i18n';
import { errorMessage, translateOr } from '../../i18n/labels';
import { importsEn } from '../../i18n/modules/imports.en';

const tr = (key: string, params?: Record<string, unknown>) => (i18n.t as unknown as (k: string, p?: Record<string, unknown>) => string)(key, params);

export const kindLabel = (kind: ImportKind) => tr(`imports.kinds.${kind}`);

/** The target fields in the order of the texts (order, customer, contact, product, then the line's numbers): for listing a mapping. */
const FIELD_ORDER = Object.entries(importsEn.imports.fields).flatMap(([k, v]) => (typeof v === 'string' ? [k] : Object.keys(v).map((sub) => `${k}.${sub}`)));
export const byFieldOrder = (a: string, b: string) => rank(FIELD_ORDER, a) - rank(FIELD_ORDER, b);
const rank = (list: string[], k: string) => (list.includes(k) ? list.indexOf(k) : list.length);

/** A target field ("order.date", "quantity"): its nesting in the texts is its dotted name. */
export const fieldLabel = (field: string) => translateOr(`imports.fields.${field}`, field);

const STATUS_COLORS: Record<ImportBatchStatus, string> = {
  uploaded: 'default',
  validated: 'processing',
  importing: 'processing',
  imported: 'success',
  failed: 'error',
  undone: 'warning',
};

export function ImportStatusTag({ status }: { status: ImportBatchStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="import-status" data-status={status}>
      {t(`imports.statuses.${status}`)}
    </Tag>
  );
}

/**
 * A bad row's reason in the reader's language. The server gives a code, the field and the
 * offending value (and an English sentence, shown when we have no text for the code).
 */
export function rowErrorText(e: ImportRowError): string {
  const key = `imports.rowErrors.${e.code}`;
  if (!i18n.exists(key)) return e.message;
  return tr(key, { ...e.params, value: e.value ?? '', field: e.field ? fieldLabel(e.field) : '' });
}

/**
 * Why an uploaded file was refused: the server names the problem on the `file` field
 * (encoding, delimiter, xlsx, empty, no_rows, too_many_columns, payload_too_large).
 */
export function fileErrorText(error: unknown): string {
  return fileErrorOf(error) ?? errorMessage(error);
}

/** The translated reason when the error is about the file itself, else undefined. */
export function fileErrorOf(error: unknown): string | undefined {
  if (isApiError(error)) {
    // 415: the upload's content check found neither a workbook nor text (a wrong encoding, or not a spreadsheet at all).
    if (error.code === 'unsupported_media_type') return i18n.t('imports.fileErrors.notSpreadsheet');
    const onFile = error.fields.find((f) => f.field === 'file');
    const code = onFile?.code ?? (error.code === 'payload_too_large' ? 'payload_too_large' : undefined);
    if (code) return translateOr(`imports.fileErrors.${code}`, onFile?.message ?? error.message);
  }
  return undefined;
}

// The main records first, then what was created along with them.
const ENTITY_ORDER = ['orders', 'lines', 'customers', 'contacts', 'products', 'categories', 'regions'];
const entityRank = (k: string) => rank(ENTITY_ORDER, k);

/** "20 orders, 200 order lines, 5 customers": the non-zero counts of a batch's `created` or `unchanged`. */
export function countsText(counts: Record<string, number>): string {
  const sep = i18n.language.startsWith('zh') ? '，' : ', ';
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => entityRank(a) - entityRank(b))
    .map(([k, n]) => (i18n.language.startsWith('zh') ? `${translateOr(`imports.entities.${k}`, k)} ${n}` : `${n} ${translateOr(`imports.entities.${k}`, k)}`))
    .join(sep);
}

/** A list in a sentence: 订单号、订单日期 / Order number, Order date. */
export const listJoin = (items: string[]) => items.join(i18n.language.startsWith('zh') ? '、' : ', ');

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The count of a batch's main records: order lines for orders, else the kind itself. */
export function mainCount(batch: ImportBatch, which: 'created' | 'unchanged'): number {
  const key = batch.kind === 'orders' ? 'lines' : batch.kind;
  return batch[which][key] ?? total(batch[which]);
}
