import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { serverMessages } from '../i18n/server-messages';

/**
 * Mail transport. SMTP_URL (e.g. smtp://user:pass@mail.example.com:587) and MAIL_FROM
 * come from the environment; without SMTP_URL mails stay in the outbox as 'pending'
 * and are sent once SMTP is configured (nothing is lost, nothing is sent twice).
 */
export interface MailSettings {
  smtpUrl?: string;
  from: string;
  publicUrl?: string;
}

let transporter: { url: string; t: Transporter } | undefined;

function transportFor(url: string): Transporter {
  if (transporter?.url !== url) transporter = { url, t: nodemailer.createTransport(url) };
  return transporter.t;
}

/**
 * Sends one outbox mail at most once: the row is switched pending → sending in its
 * own statement (only one worker can win), then sent, then marked sent. An SMTP
 * error puts it back to pending and the job retries; a crash while 'sending' leaves
 * it for an admin to look at rather than risk a second copy.
 */
export async function sendOutboxMail(db: Kysely<Database>, settings: MailSettings, outboxId: string): Promise<'sent' | 'skipped'> {
  const claimed = await db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) }))
    .where('id', '=', outboxId)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return 'skipped';
  if (!settings.smtpUrl) {
    // Not an error of this mail: it waits in the outbox, and the outbox sweep sends it once SMTP is set.
    await db.updateTable('mail_outbox').set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), last_error: 'SMTP not configured' })).where('id', '=', outboxId).execute();
    return 'skipped';
  }
  try {
    const recipient = await db.selectFrom('users').select('locale').where('email', '=', claimed.to_address).executeTakeFirst();
    const words = serverMessages[(recipient?.locale as 'en' | 'zh-CN') ?? 'en'].words;
    const link = settings.publicUrl ? `\n\n${words.open.replace('{{url}}', settings.publicUrl)}` : '';
    await transportFor(settings.smtpUrl).sendMail({
      from: settings.from,
      to: claimed.to_address,
      subject: claimed.subject,
      text: `${claimed.text_body}${link}\n\n--\n${words.footer}`,
      messageId: claimed.message_id,
    });
  } catch (err) {
    await db.updateTable('mail_outbox').set({ status: 'pending', last_error: (err as Error).message.slice(0, 1000) }).where('id', '=', outboxId).execute();
    throw err;
  }
  await db.updateTable('mail_outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', outboxId).execute();
  return 'sent';
}

/**
 * The outbox sweep: sends mails still pending a while after they were queued
 * (SMTP was not configured then, or their job gave up). Runs on a schedule.
 */
export async function sweepOutbox(db: Kysely<Database>, settings: MailSettings, olderThanMinutes = 5): Promise<number> {
  if (!settings.smtpUrl) return 0;
  const pending = await db
    .selectFrom('mail_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('created_at', '<', new Date(Date.now() - olderThanMinutes * 60_000))
    .orderBy('created_at')
    .limit(200)
    .execute();
  let sent = 0;
  for (const p of pending) {
    try {
      if ((await sendOutboxMail(db, settings, p.id)) === 'sent') sent++;
    } catch {
      // stays pending with its error; the next sweep tries again
    }
  }
  return sent;
}
