// Sales statistics: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { drillPageDto, drillLineDto } from '../../server/modules/statistics/statistics.drill.schema';
import type { createExportBody, exportJobDto } from '../../server/modules/statistics/statistics.export.schema';
import type { PIVOT_DIMS, PIVOT_MEASURES, pivotDto } from '../../server/modules/statistics/statistics.pivot.schema';
import type { reportRowDto, salesReportDto, STAT_GROUPS } from '../../server/modules/statistics/statistics.schema';
import type { VIEW_KINDS, viewDto } from '../../server/modules/statistics/statistics.views.schema';

export type SalesReport = z.infer<typeof salesReportDto>;
export type ReportRow = z.infer<typeof reportRowDto>;
export type StatGroup = (typeof STAT_GROUPS)[number];
export type DrillPage = z.infer<typeof drillPageDto>;
export type DrillLine = z.infer<typeof drillLineDto>;
export type Pivot = z.infer<typeof pivotDto>;
export type PivotDim = (typeof PIVOT_DIMS)[number];
export type PivotMeasure = (typeof PIVOT_MEASURES)[number];
export type ExportJob = z.infer<typeof exportJobDto>;
export type CreateExportInput = z.input<typeof createExportBody>;
export type ReportView = z.infer<typeof viewDto>;
export type ViewKind = (typeof VIEW_KINDS)[number];
