import path from 'node:path';
import { z } from 'zod';

/** Boolean env values: only "true"/"1" switch a flag on, so a typo never enables something. */
const flag = z
  .string()
  .optional()
  .transform((v) => v === 'true' || v === '1');

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional().transform((v) => (v ? v : undefined)),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  SEED_DEMO: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set behind an HTTPS proxy: cookies get Secure and the proxy's X-Forwarded-* is trusted. */
  TRUST_PROXY: flag,
  COOKIE_SECURE: flag,
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(24 * 7),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Tests lower the argon2 cost; production never sets this. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19456),
  WEB_DIST: z.string().optional(),
  /** smtp://user:pass@host:587 — unset keeps mails in the outbox until it is set. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Salesdesk <salesdesk@localhost>'),
  /** The address users reach Salesdesk at, for links in mails (e.g. https://salesdesk.example.com). */
  PUBLIC_URL: z.string().optional(),
  /** disk (DATA_DIR/files) or db (chunked in the database, shared by every instance). */
  FILE_STORE: z.enum(['disk', 'db']).optional(),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(10_240).default(50),
  /** Spreadsheet imports (CSV/XLSX for modules/imports) have their own, larger limit. */
  IMPORT_LIMIT_MB: z.coerce.number().positive().max(102_400).default(1024),
  /** Background jobs: off only in special set-ups (an instance that must only serve HTTP). */
  JOBS: z.enum(['on', 'off']).default('on'),
  JOBS_POLL_MS: z.coerce.number().int().min(100).default(2000),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  seedDemo: boolean;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  cookieSecure: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  bodyLimit: number;
  argon2MemoryKib: number;
  webDist: string;
  smtpUrl?: string;
  mailFrom: string;
  publicUrl?: string;
  fileStore: 'disk' | 'db';
  uploadLimitBytes: number;
  importLimitBytes: number;
  jobsEnabled: boolean;
  jobsPollMs: number;
};

/** Parses the environment once; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminEmail: e.ADMIN_EMAIL || undefined,
    adminPassword: e.ADMIN_PASSWORD || undefined,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    bodyLimit: e.BODY_LIMIT_BYTES,
    argon2MemoryKib: e.ARGON2_MEMORY_KIB,
    webDist: path.resolve(e.WEB_DIST ?? 'dist/web'),
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL || undefined,
    // Several instances on one PostgreSQL must see the same files: keep them in the database there.
    fileStore: e.FILE_STORE ?? (e.DATABASE_URL ? 'db' : 'disk'),
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    importLimitBytes: Math.round(e.IMPORT_LIMIT_MB * 1024 * 1024),
    jobsEnabled: e.JOBS === 'on',
    jobsPollMs: e.JOBS_POLL_MS,
    ...overrides,
  };
}
