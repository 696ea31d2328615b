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
