// Statements and the department report: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type {
  boardDto,
  calendarDto,
  departmentReportDto,
  FIGURES,
  flagDto,
  figuresDto,
  reportSummaryDto,
  STATEMENT_KINDS,
  STATEMENT_STATUSES,
  statementDto,
  statementSettingsSchema,
  statementSummaryDto,
} from '../../server/modules/statements/statements.schema';

export type Statement = z.infer<typeof statementDto>;
export type StatementSummary = z.infer<typeof statementSummaryDto>;
export type StatementBoard = z.infer<typeof boardDto>;
export type StatementCalendar = z.infer<typeof calendarDto>;
export type DepartmentReport = z.infer<typeof departmentReportDto>;
export type DepartmentReportSummary = z.infer<typeof reportSummaryDto>;
export type StatementSettings = z.infer<typeof statementSettingsSchema>;
export type Figures = z.infer<typeof figuresDto>;
export type Flag = z.infer<typeof flagDto>;
export type Figure = (typeof FIGURES)[number];
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
