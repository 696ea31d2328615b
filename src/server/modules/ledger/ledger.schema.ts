import { z } from 'zod';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';

/** The kinds of sales expense; each expense account carries one, and every line may name one. */
export const EXPENSE_TYPES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other'] as const;
export const expenseType = z.enum(EXPENSE_TYPES);
export type ExpenseType = z.infer<typeof expenseType>;

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export const accountType = z.enum(ACCOUNT_TYPES);
export const side = z.enum(['debit', 'credit']);
export type Side = z.infer<typeof side>;

/** A calendar day, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1900-01-01' && v <= '2999-12-31';
  }, 'is not a valid date');

/** An amount in minor units (cents / 分): a positive integer below 10^13 (100 billion yuan). */
const amount = z.number().int().min(0).max(9_999_999_999_999);

// ------------------------------------------------------------------ accounts

export const accountDto = z.object({
  id: uuid,
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  type: accountType,
  normalSide: side,
  expenseType: expenseType.nullable(),
  parentId: uuid.nullable(),
  isActive: z.boolean(),
  /** Lines (draft or posted) on this account: an account that has any cannot be deleted. */
  hasLines: z.boolean(),
  version: z.number().int(),
});
export type AccountDto = z.infer<typeof accountDto>;

const accountCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,29}$/, 'letters, digits, dots and dashes, up to 30');

export const createAccountBody = z
  .object({
    code: accountCode,
    nameEn: requiredLine(120),
    nameZh: requiredLine(120),
    type: accountType,
    /** Defaults from the type: assets and expenses on the debit side, the others on the credit side. */
    normalSide: side.optional(),
    expenseType: expenseType.nullable().optional(),
    parentId: uuid.nullable().optional(),
  })
  .strict();
export type CreateAccountInput = z.infer<typeof createAccountBody>;

/** Rename, regroup or (de)activate; the code, type and side stay once lines exist. */
export const updateAccountBody = createAccountBody.partial().extend({ isActive: z.boolean().optional(), version }).strict();
export type UpdateAccountInput = z.infer<typeof updateAccountBody>;

/** Deletes and posts name the version read. */
export const versionBody = z.object({ version }).strict();

export const listAccountsQuery = z
  .object({
    includeInactive: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .strict();

// ------------------------------------------------------------------ entries

export const entryLineInput = z
  .object({
    accountId: uuid,
    /** Exactly one of debit and credit is a positive amount in minor units. */
    debit: amount.default(0),
    credit: amount.default(0),
    employeeId: uuid.nullable().optional(),
    departmentId: uuid.nullable().optional(),
    /** Defaults to the account's expense type. */
    expenseType: expenseType.nullable().optional(),
    customerId: uuid.nullable().optional(),
    tripId: uuid.nullable().optional(),
    description: line(300).optional(),
  })
  .strict();
export type EntryLineInput = z.infer<typeof entryLineInput>;

const entryFields = {
  entryDate: isoDate,
  description: line(300).optional(),
  lines: z.array(entryLineInput).min(1).max(500),
};

/** A manual entry (the API makes only these): the reason is mandatory. Business documents post through the service. */
export const createEntryBody = z
  .object({
    ...entryFields,
    reason: requiredLine(500),
    /** Post at once (one request, one transaction) instead of saving a draft. */
    post: z.boolean().default(false),
  })
  .strict();
export type CreateEntryInput = z.infer<typeof createEntryBody>;

export const updateEntryBody = z
  .object({
    entryDate: isoDate.optional(),
    description: line(300).optional(),
    reason: requiredLine(500).optional(),
    lines: entryFields.lines.optional(),
    version,
  })
  .strict();
export type UpdateEntryInput = z.infer<typeof updateEntryBody>;


export const reverseEntryBody = z
  .object({
    /** The reversal's date; defaults to today (business time zone) — the original's month may be closed. */
    entryDate: isoDate.optional(),
    reason: requiredLine(500),
  })
  .strict();
export type ReverseEntryInput = z.infer<typeof reverseEntryBody>;

export const entryLineDto = z.object({
  id: z.number().int(),
  lineNo: z.number().int(),
  accountId: uuid,
  accountCode: z.string(),
  accountNameEn: z.string(),
  accountNameZh: z.string(),
  debit: z.number().int(),
  credit: z.number().int(),
  employeeId: uuid.nullable(),
  employeeName: z.string().nullable(),
  departmentId: uuid.nullable(),
  departmentName: z.string().nullable(),
  expenseType: expenseType.nullable(),
  customerId: uuid.nullable(),
  customerName: z.string().nullable(),
  tripId: uuid.nullable(),
  description: z.string(),
});

export const entryDto = z.object({
  id: uuid,
  status: z.enum(['draft', 'posted']),
  number: z.string().nullable(),
  entryDate: z.string(),
  description: z.string(),
  currency: z.string(),
  sourceType: z.string(),
  sourceId: uuid.nullable(),
  reason: z.string().nullable(),
  reversesId: uuid.nullable(),
  reversedById: uuid.nullable(),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
  createdById: uuid.nullable(),
  postedById: uuid.nullable(),
  postedAt: z.string().nullable(),
  lines: z.array(entryLineDto),
  version: z.number().int(),
});
export type EntryDto = z.infer<typeof entryDto>;

export const entrySummaryDto = entryDto.omit({ lines: true });
export type EntrySummaryDto = z.infer<typeof entrySummaryDto>;

export const listEntriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    status: z.enum(['draft', 'posted']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    sourceType: z.string().regex(/^[a-z][a-z_]{1,39}$/).optional(),
    sourceId: uuid.optional(),
    accountId: uuid.optional(),
    q: line(100).optional(),
  })
  .strict();
export type ListEntriesQuery = z.infer<typeof listEntriesQuery>;

// ------------------------------------------------------------------ periods

export const monthParam = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM') }).strict();

export const periodDto = z.object({
  month: z.string(),
  isClosed: z.boolean(),
  closedAt: z.string().nullable(),
  closedById: uuid.nullable(),
  reopenedAt: z.string().nullable(),
  reopenedById: uuid.nullable(),
  reopenReason: z.string().nullable(),
  postedEntries: z.number().int(),
  draftEntries: z.number().int(),
  version: z.number().int(),
});
export type PeriodDto = z.infer<typeof periodDto>;

export const listPeriodsQuery = z.object({ year: z.coerce.number().int().min(1900).max(2999) }).strict();
export const closePeriodBody = z.object({}).strict();
export const reopenPeriodBody = z.object({ reason: requiredLine(500) }).strict();

// ------------------------------------------------------------------ reports

const range = {
  from: isoDate,
  to: isoDate,
};

export const movementDto = z.object({
  lineId: z.number().int(),
  entryId: uuid,
  entryNumber: z.string(),
  entryDate: z.string(),
  accountId: uuid,
  accountCode: z.string(),
  debit: z.number().int(),
  credit: z.number().int(),
  /** The running balance after this line, on the ledger's side (see balanceSide). */
  balance: z.number().int(),
  sourceType: z.string(),
  sourceId: uuid.nullable(),
  employeeId: uuid.nullable(),
  departmentId: uuid.nullable(),
  expenseType: expenseType.nullable(),
  customerId: uuid.nullable(),
  tripId: uuid.nullable(),
  description: z.string(),
});
export type MovementDto = z.infer<typeof movementDto>;

export const accountTotalsDto = z.object({
  accountId: uuid,
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  normalSide: side,
  opening: z.number().int(),
  debit: z.number().int(),
  credit: z.number().int(),
  closing: z.number().int(),
});

/** A ledger over a date range: opening balance, one page of movements, closing balance. */
export const ledgerDto = z.object({
  from: z.string(),
  to: z.string(),
  /** Balances are stated on this side: the account's normal side, or debit for a ledger across accounts. */
  balanceSide: side,
  opening: z.number().int(),
  totalDebit: z.number().int(),
  totalCredit: z.number().int(),
  closing: z.number().int(),
  /** Per account (a subsidiary ledger spans several accounts, a group account its sub-accounts). */
  accounts: z.array(accountTotalsDto),
  movements: z.array(movementDto),
  nextCursor: z.string().nullable(),
});
export type LedgerDto = z.infer<typeof ledgerDto>;

const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
};
const exportFormat = z.enum(['csv', 'xlsx']).default('csv');

export const generalLedgerQuery = z.object({ accountId: uuid, ...range, ...paging }).strict();
export type GeneralLedgerQuery = z.infer<typeof generalLedgerQuery>;
export const generalLedgerExportQuery = z.object({ accountId: uuid, ...range, format: exportFormat }).strict();

export const SUBSIDIARY_DIMENSIONS = ['department', 'expenseType', 'customer', 'trip'] as const;
export const subsidiaryQuery = z
  .object({ dimension: z.enum(SUBSIDIARY_DIMENSIONS), value: z.string().trim().min(1).max(60), accountId: uuid.optional(), ...range, ...paging })
  .strict();
export type SubsidiaryQuery = z.infer<typeof subsidiaryQuery>;

export const employeeParams = z.object({ employeeId: uuid }).strict();
export const employeeLedgerQuery = z.object({ accountId: uuid.optional(), ...range, ...paging }).strict();
export type EmployeeLedgerQuery = z.infer<typeof employeeLedgerQuery>;

export const trialBalanceQuery = z.object({ ...range }).strict();
export const trialBalanceExportQuery = z.object({ ...range, format: exportFormat }).strict();

export const trialBalanceRowDto = z.object({
  accountId: uuid,
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  type: accountType,
  normalSide: side,
  openingDebit: z.number().int(),
  openingCredit: z.number().int(),
  periodDebit: z.number().int(),
  periodCredit: z.number().int(),
  closingDebit: z.number().int(),
  closingCredit: z.number().int(),
});
export type TrialBalanceRowDto = z.infer<typeof trialBalanceRowDto>;

export const trialBalanceDto = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(trialBalanceRowDto),
  totals: trialBalanceRowDto.pick({ openingDebit: true, openingCredit: true, periodDebit: true, periodCredit: true, closingDebit: true, closingCredit: true }),
  isBalanced: z.boolean(),
});
export type TrialBalanceDto = z.infer<typeof trialBalanceDto>;

