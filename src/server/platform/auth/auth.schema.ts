import { z } from 'zod';
import { line, passwordText, requiredLine, uuid } from '../schema/common.schema';
import { userDto } from '../../modules/users/users.schema';

export const loginBody = z
  .object({
    // Not z.email(): a malformed email must get the same answer as an unknown one. But no control characters.
    email: requiredLine(254),
    password: passwordText(1024),
  })
  .strict();

export const meDto = z.object({
  user: userDto,
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
  company: z.object({ companyName: z.string(), currency: z.string(), timeZone: z.string(), defaultLocale: z.string(), fiscalYearStartMonth: z.number() }),
});

export const apiTokenDto = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createTokenBody = z
  .object({ name: requiredLine(100), expiresInDays: z.number().int().min(1).max(3650).optional() })
  .strict();

export const tokenSearch = z.object({ q: line(50).optional() });
