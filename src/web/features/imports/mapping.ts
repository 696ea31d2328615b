import type { ImportKind, ImportMapping, ImportPreview, ImportTemplate } from '../../api/imports.types';

type FieldDef = ImportPreview['fields'][number];

/**
 * The required fields without a column, as the server checks them (resolveColumns): a
 * customer's name may be left out when its id is mapped (orders, customers); a contact
 * needs the customer's id or name.
 */
export function missingRequired(kind: ImportKind, fields: FieldDef[], mapping: ImportMapping): string[] {
  const has = (f: string) => !!mapping[f];
  const missing = fields.filter((f) => f.required && !has(f.field) && !(f.field === 'customer.name' && kind !== 'contacts' && has('customer.externalId'))).map((f) => f.field);
  if (kind === 'contacts' && !has('customer.name') && !has('customer.externalId')) missing.push('customer.name');
  return missing;
}

/** A template's mapping, keeping only the columns this file has (and naming the ones it lacks). */
export function applyTemplate(template: Pick<ImportTemplate, 'mapping'>, headers: string[]): { mapping: ImportMapping; missing: string[] } {
  const mapping: ImportMapping = {};
  const missing: string[] = [];
  for (const [field, header] of Object.entries(template.mapping)) {
    if (headers.includes(header)) mapping[field] = header;
    else missing.push(header);
  }
  return { mapping, missing };
}

/** Only mapped fields are sent (an empty choice means "not imported"). */
export const cleanMapping = (m: ImportMapping): ImportMapping => Object.fromEntries(Object.entries(m).filter(([, h]) => !!h));
