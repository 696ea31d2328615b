// The ledger: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { accountDto, entryDto, entryLineDto, entrySummaryDto, EXPENSE_TYPES, ledgerDto, movementDto, periodDto, SUBSIDIARY_DIMENSIONS, trialBalanceDto, trialBalanceRowDto } from '../../server/modules/ledger/ledger.schema';

export type LedgerAccount = z.infer<typeof accountDto>;
export type LedgerEntry = z.infer<typeof entryDto>;
export type LedgerEntryLine = z.infer<typeof entryLineDto>;
export type LedgerEntrySummary = z.infer<typeof entrySummaryDto>;
export type Ledger = z.infer<typeof ledgerDto>;
export type LedgerMovement = z.infer<typeof movementDto>;
export type LedgerPeriod = z.infer<typeof periodDto>;
export type TrialBalance = z.infer<typeof trialBalanceDto>;
export type TrialBalanceRow = z.infer<typeof trialBalanceRowDto>;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];
export type SubsidiaryDimension = (typeof SUBSIDIARY_DIMENSIONS)[number];
