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
