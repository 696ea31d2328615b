// API types come from the server's zod schemas (type-only imports: nothing of zod is bundled),
// so a change to a DTO is a compile error here rather than a surprise at run time.
import type { z } from 'zod';
import type { apiTokenDto, createTokenBody, meDto } from '../../server/platform/auth/auth.schema';
import type { auditEntryDto, listAuditQuery } from '../../server/platform/audit/audit.schema';
import type { companySettingsSchema } from '../../server/platform/settings/settings.schema';
import type { createUserBody, listUsersQuery, updateUserBody, userDto } from '../../server/modules/users/users.schema';
import type { createDepartmentBody, departmentDto, updateDepartmentBody } from '../../server/modules/departments/departments.schema';
import type { Role } from '../../server/platform/access/roles';

export type { Role };
export type Me = z.infer<typeof meDto>;
export type Locale = Me['user']['locale'];
export type UserDto = z.infer<typeof userDto>;
export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;
export type ListUsersQuery = Partial<z.input<typeof listUsersQuery>>;
export type DepartmentDto = z.infer<typeof departmentDto>;
export type CreateDepartmentInput = z.input<typeof createDepartmentBody>;
export type UpdateDepartmentInput = z.input<typeof updateDepartmentBody>;
export type AuditEntry = z.infer<typeof auditEntryDto>;
export type ListAuditQuery = Partial<z.input<typeof listAuditQuery>>;
export type CompanySettings = z.infer<typeof companySettingsSchema>;
export type ApiToken = z.infer<typeof apiTokenDto>;
export type CreateTokenInput = z.input<typeof createTokenBody>;

/** Keyset page: pass nextCursor back as `cursor` for the following page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Body of POST /api/v1/setup (defined in setup.routes.ts, which the web must not import). */
export interface SetupInput {
  settings: CompanySettings;
  admin: { email: string; displayName: string; password: string };
  loadDemoData: boolean;
}

export interface RolesMatrix {
  permissions: string[];
  roles: { role: Role; permissions: string[]; userCount: number }[];
}

// Shared services (approvals, general requests, files, notifications, tasks, jobs, mail settings).
import type { approvalEventDto, approvalRequestDto, flowStepSchema, approverSchema } from '../../server/platform/approvals/approvals.schema';
import type { generalRequestDto, createGeneralRequestBody } from '../../server/modules/requests/requests.schema';
import type { taskDto, taskCommentDto, createTaskBody } from '../../server/modules/tasks/tasks.schema';
import type { fileDto } from '../../server/platform/files/files.routes';

export type ApprovalRequest = z.infer<typeof approvalRequestDto>;
export type ApprovalEvent = z.infer<typeof approvalEventDto>;
export type FlowStep = z.infer<typeof flowStepSchema>;
export type Approver = z.infer<typeof approverSchema>;
export type GeneralRequest = z.infer<typeof generalRequestDto>;
export type GeneralRequestStatus = GeneralRequest['status'];
export type CreateGeneralRequestInput = z.input<typeof createGeneralRequestBody>;
export type TaskDto = z.infer<typeof taskDto>;
export type TaskComment = z.infer<typeof taskCommentDto>;
export type CreateTaskInput = z.input<typeof createTaskBody>;
export type FileDto = z.infer<typeof fileDto>;

/** GET /api/v1/approvals/inbox item (defined inline in approvals.routes.ts). */
export interface InboxItem {
  requestId: string;
  docType: string;
  docId: string;
  title: string;
  amount: number | null;
  currency: string | null;
  submitterName: string;
  submittedAt: string;
  step: number;
  onBehalfOf: string | null;
  link: string | null;
}
export interface SubmissionItem {
  requestId: string;
  docType: string;
  docId: string;
  title: string;
  amount: number | null;
  currency: string | null;
  status: string;
  submittedAt: string;
  decidedAt: string | null;
  link: string | null;
}
export interface ApprovalFlow {
  docType: string;
  /** label: the step's name in the reader's language (a default step's, else the name as typed). */
  steps: (FlowStep & { label: string })[];
  version: number;
  isDefault: boolean;
}
export interface Delegation {
  id: string;
  userId: string;
  userName: string;
  delegateId: string;
  delegateName: string;
  startsOn: string;
  endsOn: string;
  revokedAt: string | null;
}
export interface NotificationDto {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationPreference {
  kind: string;
  inApp: boolean;
  email: boolean;
}
export interface TaskBoardRow {
  userId: string;
  name: string;
  open: number;
  dueSoon: number;
  overdue: number;
  doneLast30Days: number;
}
export interface JobDto {
  id: string;
  queue: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
  payload: unknown;
}
export interface JobSchedule {
  name: string;
  cron: string;
  timeZone: string;
  nextRunAt: string;
  lastRunAt: string | null;
}
export interface MailSettingsView {
  smtpUrl: string;
  from: string;
  publicUrl: string;
  fromEnvironment: { smtpUrl: boolean; from: boolean; publicUrl: boolean };
  isConfigured: boolean;
  pendingMails: number;
}
