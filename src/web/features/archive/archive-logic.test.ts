import { describe, expect, it } from 'vitest';
import { cleanTags, highlight, historyDetail, historyVerb, retentionParts, searchTerms, toMetadata, uploadRefusal, yearsToMonths } from './archive-logic';
import { toSearchQuery } from './search-query';

const marked = (text: string, terms: string[]) =>
  highlight(text, terms)
    .map((s) => (s.match ? `[${s.text}]` : s.text))
    .join('');

describe('the search snippet is highlighted the way the server matches', () => {
  it('finds a Chinese term as a substring (no word breaks in Chinese)', () => {
    expect(marked('约定交货地点为苏州工业园区星湖街', ['苏州工业园'])).toBe('约定交货地点为[苏州工业园]区星湖街');
  });
  it('matches English case-insensitively and keeps the original case', () => {
    expect(marked('Delivery to Suzhou; delivery terms FOB', ['DELIVERY'])).toBe('[Delivery] to Suzhou; [delivery] terms FOB');
  });
  it('marks every term, merging overlaps and neighbours into one mark', () => {
    expect(marked('交货地点为苏州', ['交货', '货地点'])).toBe('[交货地点]为苏州');
    expect(highlight('abcdef', ['abc', 'def'])).toEqual([{ text: 'abcdef', match: true }]);
  });
  it('leaves a text without matches whole, and ignores empty terms', () => {
    expect(highlight('合同', [''])).toEqual([{ text: '合同', match: false }]);
    expect(highlight('', ['x'])).toEqual([]);
  });
  it('splits the query on white space (full-width too) into at most 8 terms, like the server', () => {
    expect(searchTerms('  苏州  工业园\u3000delivery ')).toEqual(['苏州', '工业园', 'delivery']);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
    expect(searchTerms(undefined)).toEqual([]);
  });
});

describe("an upload's refusal is named by its reason", () => {
  const err = (status: number, code: string, field?: { code: string; message: string }) => ({ status, code, fields: field ? [{ field: 'file', ...field }] : [] });
  it('tells each bad file apart', () => {
    expect(uploadRefusal(err(400, 'validation_failed', { code: 'invalid', message: 'The file is empty' }))).toBe('empty');
    expect(uploadRefusal(err(413, 'payload_too_large', { code: 'payload_too_large', message: 'too large' }))).toBe('tooLarge');
    expect(uploadRefusal(err(415, 'unsupported_media_type', { code: 'unsupported_media_type', message: 'This kind of file (text/html) is not accepted here' }))).toBe('wrongType');
    expect(uploadRefusal(err(400, 'validation_failed', { code: 'invalid_name', message: 'The file name "a/b" must not …' }))).toBe('badName');
    expect(uploadRefusal(err(400, 'validation_failed', { code: 'invalid', message: 'The file was refused: too many entries' }))).toBe('refused');
    expect(uploadRefusal(err(400, 'validation_failed', { code: 'too_many', message: 'At most 20 file(s) per request' }))).toBe('tooMany');
  });
  it('leaves other errors (a bad link, a server error) to the general message', () => {
    expect(uploadRefusal({ status: 400, code: 'validation_failed', fields: [{ field: 'metadata.customerIds.0', code: 'not_found', message: 'No such customer' }] })).toBeUndefined();
    expect(uploadRefusal(err(500, 'internal'))).toBeUndefined();
  });
});

describe('retention in years and months', () => {
  it('speaks in years where they divide evenly, months otherwise, and indefinitely for null', () => {
    expect(retentionParts(120)).toEqual({ years: 10 });
    expect(retentionParts(18)).toEqual({ months: 18 });
    expect(retentionParts(null)).toBeNull();
  });
  it('turns typed years into whole months (empty = indefinitely)', () => {
    expect(yearsToMonths(10)).toBe(120);
    expect(yearsToMonths(1.5)).toBe(18);
    expect(yearsToMonths(null)).toBeNull();
    expect(yearsToMonths(undefined)).toBeNull();
  });
});

describe('the access history reads its entries', () => {
  it('takes the verb from the audit action', () => {
    expect(historyVerb('archive_document.download')).toBe('download');
    expect(historyVerb('archive_document.grant')).toBe('grant');
    expect(historyVerb('access.denied')).toBe('denied');
  });
  it('picks out version, watermark, grantee and level, ignoring anything else', () => {
    expect(historyDetail({ versionNo: 2, watermarked: true, at: 'x' })).toEqual({ versionNo: 2, watermarked: true, userId: undefined, role: undefined, level: undefined });
    expect(historyDetail({ grantId: 'g', userId: 'u1', role: null })).toMatchObject({ userId: 'u1', role: undefined });
    expect(historyDetail(null)).toEqual({});
  });
});

describe('the form becomes the API metadata', () => {
  it('on upload leaves out what is empty (the server defaults apply)', () => {
    expect(toMetadata({ tags: [' 合同 ', '合同', ''], counterparty: '  ', customerIds: [], confidentiality: 'internal' }, 'upload')).toEqual({ tags: ['合同'], confidentiality: 'internal' });
  });
  it('on edit sends every field, so a cleared date, category or link list is cleared', () => {
    expect(toMetadata({ title: ' 供货合同 ', typeCode: 'contract', categoryId: undefined, documentDate: undefined, customerIds: ['c1'] }, 'edit')).toEqual({
      title: '供货合同',
      typeCode: 'contract',
      categoryId: null,
      tags: [],
      documentDate: null,
      counterparty: '',
      notes: '',
      customerIds: ['c1'],
      contractIds: [],
      orderIds: [],
    });
  });
  it('cleans tags', () => expect(cleanTags([' a', 'a ', 'b', ' '])).toEqual(['a', 'b']));
});

describe('the search form becomes the strict search query', () => {
  it('sends only the endpoint’s own names and no empty values', () => {
    expect(toSearchQuery({ q: '  苏州 ', type: ['contract', 'invoice'], tag: ' ', documentDate: ['2026-01-01', '2026-06-30'], categoryId: 'c', includeSubcategories: false })).toEqual({
      q: '苏州',
      type: 'contract,invoice',
      categoryId: 'c',
      includeSubcategories: 'false',
      tag: undefined,
      customerId: undefined,
      dateFrom: '2026-01-01',
      dateTo: '2026-06-30',
      confidentiality: undefined,
    });
    expect(toSearchQuery({ includeSubcategories: false })).toMatchObject({ includeSubcategories: undefined, type: undefined });
  });
});
