/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): the id of a company in China,
 * also its taxpayer id on e-invoices. No imports: the server (customers, company settings) and the
 * web forms use the same check.
 */

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The shape of a unified social credit code: 18 characters, the 31-character set, six digits of region code in places 3–8. */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeCheck = { ok: true } | { ok: false; reason: 'format' | 'checksum' };

/**
 * GB 32100-2015: 18 characters from a 31-character set (no I, O, S, V, Z), the
 * last a mod-31 check character. A failing checksum is only a warning: some
 * early codes fail it.
 */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.trim().toUpperCase();
  if (!CREDIT_CODE_PATTERN.test(code)) return { ok: false, reason: 'format' };
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
