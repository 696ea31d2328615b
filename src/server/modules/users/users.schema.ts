import { z } from 'zod';
import { email, line, locale, passwordText, requiredLine, uuid, version } from '../../platform/schema/common.schema';

export const roleSchema = z.enum(['admin', 'manager', 'assistant', 'rep', 'finance', 'viewer']);

export const userDto = z.object({
  id: uuid,
  email: z.string(),
  displayName: z.string(),
  locale,
  departmentId: uuid.nullable(),
  departmentName: z.string().nullable(),
  managerId: uuid.nullable(),
  managerName: z.string().nullable(),
  roles: z.array(roleSchema),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  isActive: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type UserDto = z.infer<typeof userDto>;

/** Passwords are not trimmed: spaces are part of a passphrase. Max length is enforced by the policy with a clear message. */
export const password = passwordText(1024);

export const createUserBody = z
  .object({
    email,
    displayName: requiredLine(100),
    password,
    roles: z.array(roleSchema).min(1).max(6),
    departmentId: uuid.nullable().optional(),
    managerId: uuid.nullable().optional(),
    locale: locale.optional(),
    phone: line(50).nullable().optional(),
    title: line(100).nullable().optional(),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = createUserBody
  .omit({ password: true })
  .partial()
  .extend({ isActive: z.boolean().optional(), version })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({ password }).strict();

export const changeOwnPasswordBody = z.object({ currentPassword: password, newPassword: password }).strict();

export const updateMeBody = z
  .object({ locale: locale.optional(), displayName: requiredLine(100).optional() })
  .strict();

export const listUsersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
    q: line(100).optional(),
    role: roleSchema.optional(),
    departmentId: uuid.optional(),
    isActive: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
