import { z } from 'zod';
import { isoDate } from '../ledger/ledger.schema';
import { text, uuid } from '../../platform/schema/common.schema';
import { minor, paymentMethod } from './trips.schema';

/** The traveller pays back what is left of a trip's travel advance (by bank transfer or in cash). */
export const createRepaymentBody = z
  .object({
    amount: minor.pipe(z.number().min(1, 'must be more than zero')),
    /** The day the money came back; today (business time zone) when left out. */
    repaidOn: isoDate.optional(),
    method: paymentMethod.default('bank'),
    note: text(500).optional(),
  })
  .strict();
export type CreateRepaymentInput = z.infer<typeof createRepaymentBody>;

export const repaymentDto = z.object({
  id: uuid,
  tripId: uuid,
  employeeId: uuid,
  amount: z.number().int(),
  repaidOn: z.string(),
  method: paymentMethod,
  note: z.string(),
  ledgerEntryId: uuid,
  ledgerEntryNumber: z.string().nullable(),
  recordedBy: uuid.nullable(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type RepaymentDto = z.infer<typeof repaymentDto>;

/** A trip's advance account: paid − cleared by paid claims − repaid = outstanding (what the traveller still holds). */
export const advanceAccountDto = z.object({
  tripId: uuid,
  currency: z.string(),
  advancePaid: z.number().int(),
  clearedByClaims: z.number().int(),
  repaid: z.number().int(),
  outstanding: z.number().int(),
  repayments: z.array(repaymentDto),
  /** Whether the caller may record a repayment now (assistant or finance, an approved or completed trip not their own, something outstanding). */
  canRecord: z.boolean(),
});
export type AdvanceAccountDto = z.infer<typeof advanceAccountDto>;

/** A recorded repayment and the trip's advance account after it. */
export const recordedRepaymentDto = z.object({ repayment: repaymentDto, account: advanceAccountDto });
export type RecordedRepaymentDto = z.infer<typeof recordedRepaymentDto>;
