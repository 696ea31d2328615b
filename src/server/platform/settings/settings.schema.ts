import { z } from 'zod';
import { requiredLine } from '../schema/common.schema';

/** Company-wide settings. Defaults follow DESIGN.md: CNY and Asia/Shanghai. */
export const companySettingsSchema = z
  .object({
    companyName: requiredLine(200),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai'),
    defaultLocale: z.enum(['en', 'zh-CN']),
    fiscalYearStartMonth: z.number().int().min(1).max(12),
    /** The company's unified social credit code (统一社会信用代码): the buyer id every e-invoice must carry (expense claim checks). */
    taxpayerId: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20})?$/, 'a taxpayer id of 15, 18 or 20 letters and digits')
      .optional(),
  })
  .strict();

export type CompanySettings = z.infer<typeof companySettingsSchema>;

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
