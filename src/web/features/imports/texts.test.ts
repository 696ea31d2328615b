import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS } from '../../../server/modules/imports/imports.schema';
import { importsEn } from '../../i18n/modules/imports.en';
import { importsZhCN } from '../../i18n/modules/imports.zh-CN';

const serverDir = path.resolve(import.meta.dirname, '../../../server/modules/imports');
const source = (file: string) => fs.readFileSync(path.join(serverDir, file), 'utf8');

/** The codes the server gives bad rows (`err(…, field, code, message, …)`: the code is the lower-case string just before the message — and pushed RowErrors) and refused files (`badFile(…, code)`). */
function serverCodes() {
  const rows = source('imports.rows.ts') + source('imports.service.ts');
  const rowCodes = new Set([...rows.matchAll(/err\([^;]*?, '([a-z_]+)', (?:'[A-Z]|`)/g), ...rows.matchAll(/errors\.push\(\{[^}]*code: '([a-z_]+)'/g)].map((m) => m[1]));
  const files = source('imports.reader.ts') + source('imports.service.ts');
  // badFile(message, code) calls are one line each, the code last.
  const fileCodes = new Set(
    files
      .split('\n')
      .filter((l) => l.includes('badFile(') && !l.includes('export const badFile'))
      .map((l) => /, '([a-z_]+)'\)+;?\s*$/.exec(l)?.[1] ?? `unparsed: ${l.trim()}`),
  );
  return { rowCodes: [...rowCodes].sort(), fileCodes: [...fileCodes].sort() };
}

describe('every reason the import server gives has a text in both languages', () => {
  const { rowCodes, fileCodes } = serverCodes();

  it('finds the codes in the server source (the scan itself works)', () => {
    expect(rowCodes).toEqual(expect.arrayContaining(['bad_date', 'negative_quantity', 'amount_mismatch', 'unknown_product', 'duplicate_in_file']));
    expect(fileCodes).toEqual(expect.arrayContaining(['encoding', 'xlsx', 'delimiter', 'no_rows']));
  });

  it('row errors and refused files', () => {
    for (const texts of [importsEn.imports, importsZhCN.imports]) {
      expect(rowCodes.filter((c) => !(c in texts.rowErrors))).toEqual([]);
      expect(fileCodes.filter((c) => !(c in texts.fileErrors))).toEqual([]);
    }
  });

  it('every target field of every kind', () => {
    const fields = [...new Set(Object.values(IMPORT_FIELDS).flatMap((defs) => defs.map((d) => d.field)))];
    for (const texts of [importsEn.imports, importsZhCN.imports]) {
      const missing = fields.filter((f) => {
        const [a, b] = f.split('.');
        const v = (texts.fields as Record<string, unknown>)[a];
        return b ? typeof v !== 'object' || !(b in (v as object)) : typeof v !== 'string';
      });
      expect(missing).toEqual([]);
    }
  });
});
