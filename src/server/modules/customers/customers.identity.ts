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

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = { ok: true } | { ok: false; reason: 'format' | 'checksum' };

/**
 * GB 32100-2015: 18 characters from a 31-character set (no I, O, S, V, Z), the
 * last a mod-31 check character. A failing checksum is only a warning: some
 * early codes fail it.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return { ok: false, reason: 'format' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(code[i]) * WEIGHTS[i];
  const check = CODE_CHARS[(31 - (sum % 31)) % 31];
  return check === code[17] ? { ok: true } : { ok: false, reason: 'checksum' };
}

/** The check character for the first 17 characters of a credit code (for generated demo and test data). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CODE_CHARS.indexOf(first17[i]) * WEIGHTS[i];
  return CODE_CHARS[(31 - (sum % 31)) % 31];
}
