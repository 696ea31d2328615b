import type { FormInstance } from 'antd';
import { isApiError } from '../api-client';
import { fieldErrorMessage } from '../i18n/labels';

type NamePath = (string | number)[];

/**
 * Puts the API's field errors (problem+json `errors[].field`) on the matching form
 * fields. "admin.email" maps to the nested field ['admin', 'email']; "roles.0" to
 * ['roles']; `aliases` renames server fields the form calls differently.
 * Returns true when at least one error landed on a field.
 */
export function applyFieldErrors(form: FormInstance | undefined | null, error: unknown, aliases: Record<string, NamePath> = {}): boolean {
  if (!form || !isApiError(error) || error.fields.length === 0) return false;
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const f of error.fields) {
    let name: NamePath = aliases[f.field] ?? f.field.split('.');
    while (name.length > 1 && /^\d+$/.test(String(name[name.length - 1]))) name = name.slice(0, -1);
    const key = JSON.stringify(name);
    if (!registered.has(key)) continue;
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fieldErrorMessage(f));
    byField.set(key, entry);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField.values()]);
  const first = [...byField.values()][0];
  form.scrollToField(first.name, { block: 'center' });
  return true;
}
