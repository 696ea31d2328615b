import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, importKind, suggestMapping } from '../../../server/modules/imports/imports.schema';
import { resolveColumns } from '../../../server/modules/imports/imports.rows';
import { applyTemplate, cleanMapping, missingRequired } from './mapping';

// The wizard blocks "Check all rows" while required fields are unmapped: it must agree with
// the server, or the user is either stopped for nothing or sent into a 400.
describe('the mapping step agrees with the server on what a mapping needs', () => {
  for (const kind of importKind.options) {
    const fields = IMPORT_FIELDS[kind].map((f) => ({ field: f.field, required: !!f.required }));
    const headers = fields.map((f) => `col ${f.field}`);
    const optional = ['customer.externalId', 'customer.name'].filter((f) => fields.some((d) => d.field === f));

    it(`${kind}: every subset of the required fields and the customer's id or name`, () => {
      const keys = [...new Set([...fields.filter((f) => f.required).map((f) => f.field), ...optional])];
      for (let bits = 0; bits < 1 << keys.length; bits++) {
        const mapping = Object.fromEntries(keys.filter((_, i) => bits & (1 << i)).map((f) => [f, `col ${f}`]));
        const serverOk = resolveColumns(kind, headers, mapping).problems.length === 0;
        expect({ kind, mapping, ok: missingRequired(kind, fields, mapping).length === 0 }).toEqual({ kind, mapping, ok: serverOk });
      }
    });
  }

  it('the ERP headers of the browser test are suggested, except the item number', () => {
    const headers = ['订单号', '项次', '订单日期', '客户名称', '统一社会信用代码', '产品编码', '产品名称', '区域', '数量', '单价', '折扣', '金额'];
    const m = suggestMapping('orders', headers);
    expect(Object.values(m).sort()).toEqual(headers.filter((h) => h !== '项次').sort());
    expect(missingRequired('orders', IMPORT_FIELDS.orders.map((f) => ({ field: f.field, required: !!f.required })), m)).toEqual([]);
  });

  it('a template keeps the columns the file has and names the ones it lacks; unmapped choices are not sent', () => {
    const { mapping, missing } = applyTemplate({ mapping: { 'order.externalId': '订单号', 'order.lineNo': '项次' } }, ['订单号', '数量']);
    expect(mapping).toEqual({ 'order.externalId': '订单号' });
    expect(missing).toEqual(['项次']);
    expect(cleanMapping({ quantity: '数量', amount: '' })).toEqual({ quantity: '数量' });
  });
});
