// Trips and claims: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { advanceDto, bookingDto, tripDto, tripSummaryDto } from '../../server/modules/trips/trips.schema';
import type { checkDto, claimDto, claimSummaryDto, itemDto } from '../../server/modules/claims/claims.schema';

export type Trip = z.infer<typeof tripDto>;
export type TripSummary = z.infer<typeof tripSummaryDto>;
export type Booking = z.infer<typeof bookingDto>;
export type Advance = z.infer<typeof advanceDto>;
export type Claim = z.infer<typeof claimDto>;
export type ClaimSummary = z.infer<typeof claimSummaryDto>;
export type ClaimCheck = z.infer<typeof checkDto>;
export type ClaimItem = z.infer<typeof itemDto>;
export type { AdvanceAccountDto as AdvanceAccount, RecordedRepaymentDto as RecordedRepayment, RepaymentDto as Repayment } from '../../server/modules/trips/advance-repayment.schema';
