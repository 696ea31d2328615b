// Types of the archive's paper register API (locations, paper items, lending, movements, stocktakes),
// inferred from the server's zod schemas with type-only imports.
import type { z } from 'zod';
import type {
  checkinBody,
  checkoutBody,
  createLocationBody,
  createPaperBody,
  locationDto,
  locationKind,
  movementDto,
  moveBody,
  paperItemDto,
  paperListQuery,
  paperListResult,
  paperStatus,
  scanResult,
  stocktakeDto,
  stocktakeLineDto,
  stocktakeResult,
  stocktakeSummaryDto,
  stocktakesResult,
  updateLocationBody,
  updatePaperBody,
} from '../../server/modules/archive/archive.paper.schema';

export type LocationKind = z.infer<typeof locationKind>;
export type LocationDto = z.infer<typeof locationDto>;
export type CreateLocationInput = z.input<typeof createLocationBody>;
export type UpdateLocationInput = z.input<typeof updateLocationBody>;
export type PaperStatus = z.infer<typeof paperStatus>;
export type PaperItemDto = z.infer<typeof paperItemDto>;
export type PaperListQuery = Partial<z.input<typeof paperListQuery>>;
export type PaperListResult = z.infer<typeof paperListResult>;
export type CreatePaperInput = z.input<typeof createPaperBody>;
export type UpdatePaperInput = z.input<typeof updatePaperBody>;
export type CheckoutInput = z.input<typeof checkoutBody>;
export type CheckinInput = z.input<typeof checkinBody>;
export type MoveInput = z.input<typeof moveBody>;
export type MovementDto = z.infer<typeof movementDto>;
export type StocktakeResult = z.infer<typeof stocktakeResult>;
export type StocktakeLineDto = z.infer<typeof stocktakeLineDto>;
export type StocktakeSummaryDto = z.infer<typeof stocktakeSummaryDto>;
export type StocktakeDto = z.infer<typeof stocktakeDto>;
export type StocktakesResult = z.infer<typeof stocktakesResult>;
export type ScanResult = z.infer<typeof scanResult>;
