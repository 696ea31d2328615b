import { z } from 'zod';

/**
 * Building blocks for every module's *.schema.ts. Imports only zod, so the web
 * reuses them for its forms.
 */

// C0/C1 control characters other than tab, newline and carriage return.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_CHARS_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;

/** A single-line text field: trimmed, no control characters, bounded. */
export const line = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL_CHARS_SINGLE_LINE.test(v), { message: 'must not contain control characters' });

/** A required single-line text field. */
export const requiredLine = (max = 200) => line(max).pipe(z.string().min(1, 'is required'));

/** Multi-line text: newlines and tabs allowed, other control characters refused. */
export const text = (max = 10_000) =>
  z
    .string()
    .max(max)
    .refine((v) => !CONTROL_CHARS.test(v), { message: 'must not contain control characters' });

/** A password or passphrase: not trimmed (spaces count), any printable character, no control characters. */
export const passwordText = (max = 1024) =>
  z
    .string()
    .min(1, 'is required')
    .max(max)
    .refine((v) => !CONTROL_CHARS_SINGLE_LINE.test(v), { message: 'must not contain control characters' });

export const uuid = z.uuid();
export const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const locale = z.enum(['en', 'zh-CN']);
export const version = z.number().int().min(1);

export const idParams = z.object({ id: uuid }).strict();

/** Keyset pagination: an opaque cursor from the previous page and a bounded limit. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });

export const okResponse = z.object({ ok: z.literal(true) });
