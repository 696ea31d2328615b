// Office supplies: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { movementDto, SUPPLY_REQUEST_STATUSES, supplyItemDto, supplyReportDto, supplyRequestDto, supplyRequestSummaryDto } from '../../server/modules/supplies/supplies.schema';

export type SupplyItem = z.infer<typeof supplyItemDto>;
export type SupplyMovement = z.infer<typeof movementDto>;
export type SupplyRequest = z.infer<typeof supplyRequestDto>;
export type SupplyRequestSummary = z.infer<typeof supplyRequestSummaryDto>;
export type SupplyRequestStatus = (typeof SUPPLY_REQUEST_STATUSES)[number];
export type SupplyReport = z.infer<typeof supplyReportDto>;
