import { z } from 'zod';
import { pageQuery } from '../../platform/schema/common.schema';
import { checkRange, reportFilters, STAT_GROUPS } from './statistics.schema';

/** The key that stands for "not set" (a line with no rep, region, level …) in a drill-down. */
export const NO_KEY = 'none';

/**
 * The lines behind one figure of a report: the report's range and filters, the breakdown and
 * the row's key (absent for the total), and which column was clicked (this period, the one
 * before, or a year earlier). Their net amounts add up to that figure's net sales.
 */
const drillShape = {
  ...reportFilters,
  groupBy: z.enum(STAT_GROUPS).default('none'),
  key: z.string().min(1).max(100).optional(),
  period: z.enum(['current', 'previous', 'lastYear']).default('current'),
};
export const drillQuery = z
  .object({ ...drillShape, ...pageQuery.shape })
  .strict()
  .superRefine(checkRange);
export type DrillQuery = z.infer<typeof drillQuery>;

export const drillExportQuery = z
  .object({ ...drillShape, format: z.enum(['csv', 'xlsx']).default('xlsx') })
  .strict()
  .superRefine(checkRange);
export type DrillExportQuery = z.infer<typeof drillExportQuery>;

export const drillLineDto = z.object({
  /** A counted order line, or a confirmed return line (negative amounts, on the return's date). */
  kind: z.enum(['sale', 'return']),
  lineId: z.number().int(),
  date: z.iso.date(),
  documentId: z.string(),
  documentNumber: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  productId: z.string(),
  productName: z.string(),
  ownerName: z.string().nullable(),
  regionName: z.string().nullable(),
  /** Decimal text; negative for a return. */
  quantity: z.string(),
  /** Minor units; negative for a return. */
  netAmount: z.number().int(),
  costAmount: z.number().int().nullable(),
});
export type DrillLineDto = z.infer<typeof drillLineDto>;

export const drillPageDto = z.object({
  items: z.array(drillLineDto),
  nextCursor: z.string().nullable(),
  currency: z.string(),
  period: z.object({ from: z.iso.date(), to: z.iso.date() }),
  /**
   * Over every matching line, not this page: `netSales` equals the figure clicked, `customers`
   * (distinct customers of the sale lines) the row's active customers.
   */
  totals: z.object({ lines: z.number().int(), returnLines: z.number().int(), sales: z.number().int(), returns: z.number().int(), netSales: z.number().int(), customers: z.number().int() }),
});
export type DrillPageDto = z.infer<typeof drillPageDto>;
