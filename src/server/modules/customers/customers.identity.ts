/**
 * Identity of a company: the folded name used to find duplicates, and the checks
 * of the unified social credit code (GB 32100-2015).
 */

// Company-form suffixes, longest first, in Chinese and English; removed before comparing names.
const SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '有限公司',
  '集团公司',
  '分公司',
  '公司',
  'co., ltd.',
  'co.,ltd.',
  'co., ltd',
  'co.,ltd',
  'co ltd',
  'company limited',
  'corporation',
  'limited',
  'company',
  'ltd.',
  'ltd',
  'inc.',
  'inc',
  'corp.',
  'corp',
  'llc',
  'gmbh',
  'co.',
];

/** Full-width ASCII (ＡＢＣ１２３) → half-width; ideographic space → space. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * The name folded for duplicate checks: NFKC, half-width, lower case, brackets
 * unified, company suffixes removed (repeatedly), spaces and punctuation dropped.
 * "上海华东电子有限公司" and "上海华东电子 (Co., Ltd.)" fold the same.
 */
export function companyNameKey(name: string): string {
  let s = toHalfWidth(name.normalize('NFKC')).toLowerCase().replace(/[（(]/g, '(').replace(/[）)]/g, ')');
  s = s.replace(/\(([^)]*)\)\s*$/, (m, inner: string) => (SUFFIXES.includes(inner.trim()) ? '' : m));
  let changed = true;
  while (changed) {
    changed = false;
    s = s.trim().replace(/[,.\s]+$/, '');
    for (const suffix of SUFFIXES) {
      if (s.endsWith(suffix) && s.length > suffix.length) {
        s = s.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  return s.replace(/[\s\p{P}\p{S}]/gu, '');
}

// The GB 32100 check lives with the schema building blocks: company settings validate our own code with it too.
export { checkCreditCode, creditCodeCheckCharacter, type CreditCodeCheck } from '../../platform/schema/credit-code';
