import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { requirePermission } from '../access/guard';
import { recordAudit } from '../audit/audit.service';
import { line } from '../schema/common.schema';
import type { MailSettings } from './mailer';

/**
 * Mail settings: the environment (SMTP_URL, MAIL_FROM, PUBLIC_URL) wins when it is
 * set — operations own it then —, otherwise what an admin saved on the settings page.
 */
export const mailSettingsBody = z
  .object({
    smtpUrl: z
      .string()
      .trim()
      .max(500)
      .refine((v) => v === '' || /^smtps?:\/\/[^\s]+$/.test(v), 'an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587'),
    // A header value: control characters (a NUL, a line break) would corrupt the mail or could not be stored.
    from: line(200).pipe(z.string().min(3)),
    publicUrl: z
      .string()
      .trim()
      .max(300)
      .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'an http(s):// address'),
  })
  .strict();

const KEY = 'mail';

async function saved(db: Kysely<Database>): Promise<Partial<z.infer<typeof mailSettingsBody>>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return (row?.value as Partial<z.infer<typeof mailSettingsBody>>) ?? {};
}

export async function effectiveMailSettings(db: Kysely<Database>, config: Config): Promise<MailSettings> {
  const s = await saved(db);
  return {
    smtpUrl: config.smtpUrl ?? (s.smtpUrl || undefined),
    from: process.env.MAIL_FROM ? config.mailFrom : s.from || config.mailFrom,
    publicUrl: config.publicUrl ?? (s.publicUrl || undefined),
  };
}

/** A password inside an SMTP URL is never shown again. */
const maskUrl = (url?: string) => (url ? url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:********@') : '');

export async function getMailSettingsView(db: Kysely<Database>, config: Config, actor: Actor) {
  requirePermission(actor, 'settings:manage');
  const s = await saved(db);
  const eff = await effectiveMailSettings(db, config);
  return {
    smtpUrl: maskUrl(s.smtpUrl),
    from: s.from ?? config.mailFrom,
    publicUrl: s.publicUrl ?? '',
    fromEnvironment: { smtpUrl: !!config.smtpUrl, from: !!process.env.MAIL_FROM, publicUrl: !!config.publicUrl },
    isConfigured: !!eff.smtpUrl,
    pendingMails: Number((await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirst())?.n ?? 0),
  };
}

export async function saveMailSettings(db: Kysely<Database>, config: Config, actor: Actor, input: z.infer<typeof mailSettingsBody>) {
  requirePermission(actor, 'settings:manage');
  const before = await saved(db);
  // Sending the masked URL back keeps the stored password.
  const smtpUrl = input.smtpUrl.includes(':********@') && before.smtpUrl ? before.smtpUrl : input.smtpUrl;
  const value = { ...input, smtpUrl };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, { action: 'settings.mail_update', entityType: 'settings', entityId: KEY, before: { ...before, smtpUrl: maskUrl(before.smtpUrl) }, after: { ...value, smtpUrl: maskUrl(value.smtpUrl) } });
  });
  return getMailSettingsView(db, config, actor);
}

/** Sends a test mail straight away (not through the queue), so the admin sees the SMTP answer. */
export async function sendTestMail(db: Kysely<Database>, config: Config, actor: Actor, to: string) {
  requirePermission(actor, 'settings:manage');
  const eff = await effectiveMailSettings(db, config);
  if (!eff.smtpUrl) throw new AppError('validation_failed', 'SMTP is not configured', { fields: [{ field: 'smtpUrl', code: 'required', message: 'Set the SMTP server first' }] });
  try {
    await nodemailer.createTransport(eff.smtpUrl).sendMail({
      from: eff.from,
      to,
      subject: 'Salesdesk test mail / Salesdesk 测试邮件',
      text: 'Mail from Salesdesk works.\n\nSalesdesk 邮件发送正常。',
    });
  } catch (err) {
    throw new AppError('bad_request', `The SMTP server refused: ${(err as Error).message}`.slice(0, 500), { fields: [{ field: 'smtpUrl', code: 'smtp_error', message: (err as Error).message.slice(0, 300) }] });
  }
  await recordAudit(db, actor, { action: 'settings.mail_test', entityType: 'settings', entityId: KEY, after: { to } });
}
