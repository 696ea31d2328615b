import { z } from 'zod';
import { requiredLine } from '../schema/common.schema';
import { CREDIT_CODE_PATTERN } from '../schema/credit-code';

/** Company-wide settings. Defaults follow DESIGN.md: CNY and Asia/Shanghai. */
export const companySettingsSchema = z
  .object({
    companyName: requiredLine(200),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
    defaultLocale: z.enum(['en', 'zh-CN']),
    fiscalYearStartMonth: z.number().int().min(1).max(12),
    /**
     * The company's unified social credit code (统一社会信用代码, GB 32100): the buyer id every
     * e-invoice must carry (expense claim checks). 18 characters of the code's alphabet, or '' for
     * none; a failing check character is only a warning (settingsWarnings), as some early codes fail it.
     */
    taxpayerId: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => v === '' || CREDIT_CODE_PATTERN.test(v), 'must be a unified social credit code: 18 letters and digits (no I, O, S, V, Z)')
      .optional(),
  })
  .strict();

export type CompanySettings = z.infer<typeof companySettingsSchema>;

/** The settings as read: a taxpayer id stored before it had to be a credit code (15 or 20 characters) is still shown, to be corrected. */
export const companySettingsDto = companySettingsSchema.extend({ taxpayerId: z.string().optional() });

/** What was saved, and what is worth a second look but was not refused (a taxpayer id whose check character fails). */
export const savedSettingsSchema = companySettingsDto.extend({
  warnings: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
});
export type SavedSettings = z.infer<typeof savedSettingsSchema>;

export const DEFAULT_SETTINGS: CompanySettings = {
  companyName: 'Salesdesk',
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  defaultLocale: 'zh-CN',
  fiscalYearStartMonth: 1,
};

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
