import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { fileStoresFor, registerServices } from '../server/app';
import { Argument, Command, Option } from 'commander';
import { loadConfig } from '../server/config';
import { migrate } from '../server/db/migrate';
import { DEMO_PASSWORD, seedDemo } from '../server/demo/seed';
import { createUser, resetPassword } from '../server/modules/users/users.service';
import { findUserIdByEmail } from '../server/modules/users/users.repo';
import { ROLES } from '../server/platform/access/roles';
import { verifyAuditChain } from '../server/platform/audit/audit.service';
import { configurePasswordHashing } from '../server/platform/auth/passwords';
import { backupToFile, restoreFromFile } from '../server/platform/backup/backup.service';
import { DEFAULT_SETTINGS, companySettingsSchema } from '../server/platform/settings/settings.schema';
import { isSetupDone } from '../server/platform/settings/settings.service';
import { runSetup } from '../server/platform/setup/setup.service';
import { AppError } from '../server/http/app-error';
import { DataDirBusyError } from '../server/runtime/data-dir-lock';
import { openDatabase, type OpenDatabase } from '../server/runtime/open-database';
import { registerArchiveCommands } from './archive';

const cli = { label: 'cli' };

/** Opens the database for one command and always closes it (and the DATA_DIR lock). */
async function withDatabase<T>(purpose: string, fn: (opened: OpenDatabase) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  configurePasswordHashing(config.argon2MemoryKib);
  // Commands run the server's services (seed-demo goes through approvals and jobs): fill the same registries it fills at start.
  registerServices(config);
  const opened = await openDatabase(config, `cli: ${purpose}`, opts);
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

async function ask(question: string, hidden = false): Promise<string> {
  if (!process.stdin.isTTY) throw new Error(`Missing value for "${question}" (no terminal to ask on; pass it as an option)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (hidden) {
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(s);
      else process.stdout.write('*');
    };
  }
  const answer = await rl.question(question);
  rl.close();
  if (hidden) process.stdout.write('\n');
  return answer.trim();
}

export function buildCli(): Command {
  const program = new Command('salesdesk')
    .description('Salesdesk: the sales department back office. Configuration comes from the environment (PORT, HOST, DATA_DIR, DATABASE_URL, …; see docs/operations.md).')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the web UI and API (applies migrations first)')
    .action(async () => {
      const { serve } = await import('../server/main');
      await serve();
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(() =>
      withDatabase('migrate', async ({ handle }) => {
        const result = await migrate(handle);
        console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : `Up to date (${result.total} migrations).`);
      }, { migrate: false }),
    );

  program
    .command('setup')
    .description('First run in a terminal: company settings and the first admin (asks for what is not given)')
    .option('--email <email>', 'admin email')
    .option('--name <name>', 'admin display name')
    .option('--password <password>', 'admin password (asked for, hidden, when omitted)')
    .option('--company <name>', 'company name')
    .option('--currency <code>', 'default currency (ISO 4217)', DEFAULT_SETTINGS.currency)
    .option('--time-zone <tz>', 'business time zone (IANA)', DEFAULT_SETTINGS.timeZone)
    .addOption(new Option('--locale <locale>', 'default language').choices(['en', 'zh-CN']).default(DEFAULT_SETTINGS.defaultLocale))
    .option('--demo', 'also load the demo data')
    .action((opts) =>
      withDatabase('setup', async ({ handle }) => {
        if (await isSetupDone(handle.db)) throw new AppError('already_set_up', 'Salesdesk is already set up; use `salesdesk user add` for more users.');
        const companyName = opts.company ?? (await ask('Company name: '));
        const email = opts.email ?? (await ask('Admin email: '));
        const displayName = opts.name ?? (await ask('Admin name: '));
        const password = opts.password ?? (await ask('Admin password: ', true));
        const settings = companySettingsSchema.parse({ companyName, currency: opts.currency, timeZone: opts.timeZone, defaultLocale: opts.locale, fiscalYearStartMonth: 1 });
        await runSetup(handle.db, cli, { settings, admin: { email: email.toLowerCase(), displayName, password } });
        console.log(`Set up. Sign in as ${email}.`);
        if (opts.demo) {
          await seedDemo(handle.db, cli);
          console.log(`Demo data loaded; demo users sign in with the password ${DEMO_PASSWORD}.`);
        }
      }),
    );

  program
    .command('seed-demo')
    .description('Load the demo organisation and records (once; a second run does nothing)')
    .action(() =>
      withDatabase('seed-demo', async ({ handle }) => {
        const { seeded } = await seedDemo(handle.db, cli);
        console.log(seeded ? `Demo data loaded; demo users sign in with the password ${DEMO_PASSWORD}.` : 'Demo data was already loaded.');
      }),
    );

  const user = program.command('user').description('Manage users');
  user
    .command('add')
    .description('Create a user')
    .requiredOption('--email <email>', 'email (sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
    .option('--password <password>', 'password (asked for, hidden, when omitted)')
    .option('--department <code>', 'department code')
    .addOption(new Option('--locale <locale>', 'language').choices(['en', 'zh-CN']).default('en'))
    .action((opts) =>
      withDatabase('user add', async ({ handle }) => {
        const password = opts.password ?? (await ask('Password: ', true));
        let departmentId: string | null = null;
        if (opts.department) {
          const dep = await handle.db.selectFrom('departments').select('id').where((eb) => eb(eb.fn('lower', ['code']), '=', String(opts.department).toLowerCase())).executeTakeFirst();
          if (!dep) throw new Error(`No department with code ${opts.department}`);
          departmentId = dep.id;
        }
        const created = await createUser(handle.db, cli, { email: String(opts.email).toLowerCase(), displayName: opts.name, password, roles: opts.role, departmentId, locale: opts.locale });
        console.log(`Created ${created.email} (${created.roles.join(', ')}), id ${created.id}`);
      }),
    );
  user
    .command('reset-password')
    .description("Set a new password for a user; their sessions end")
    .argument('<email>', 'the user')
    .option('--password <password>', 'new password (asked for, hidden, when omitted)')
    .action((email: string, opts) =>
      withDatabase('user reset-password', async ({ handle }) => {
        const id = await findUserIdByEmail(handle.db, email);
        if (!id) throw new Error(`No user with email ${email}`);
        const password = opts.password ?? (await ask('New password: ', true));
        await resetPassword(handle.db, cli, id, password);
        console.log(`Password changed for ${email}; their sessions were ended.`);
      }),
    );

  program
    .command('backup')
    .description('Write a backup of the whole database to FILE (gzip JSON lines; restores into PGlite or PostgreSQL)')
    .argument('<file>', 'backup file to write, e.g. salesdesk-2026-11-26.sdbak')
    .action((file: string) =>
      withDatabase('backup', async ({ handle }) => {
        const config = loadConfig();
        const r = await backupToFile(handle, file, fileStoresFor(config));
        console.log(`Backed up ${r.rows} rows from ${r.tables} tables to ${file} (${r.bytes} bytes).`);
      }),
    );

  program
    .command('restore')
    .description('Restore FILE into an empty database (the one DATABASE_URL or DATA_DIR points to); all or nothing')
    .argument('<file>', 'backup file written by `salesdesk backup`')
    .action((file: string) =>
      withDatabase('restore', async ({ handle }) => {
        const config = loadConfig();
        const r = await restoreFromFile(handle, file, fileStoresFor(config), path.join(config.dataDir, 'files'));
        console.log(`Restored ${r.rows} rows into ${r.tables} tables from ${file}.`);
      }),
    );

  program
    .command('import')
    .description('Import a CSV or XLSX file: customers, contacts, products or orders (flat order lines). Bad rows are listed with their reason; a file with bad rows imports nothing unless --skip-invalid.')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(['customers', 'contacts', 'products', 'orders']))
    .argument('<file>', 'the .csv or .xlsx file')
    .option('--mapping <file>', 'JSON mapping of field → column header, e.g. {"order.externalId":"订单号","quantity":"数量"}; default: suggested from the headers')
    .option('--dry-run', 'check every row and list the bad ones; write nothing')
    .option('--skip-invalid', 'import the good rows (for orders: skip every order with a bad line)')
    .option('--no-create-customers', 'orders: a customer that does not exist is an error')
    .option('--no-create-products', 'orders: a product that does not exist is an error')
    .addOption(new Option('--encoding <encoding>', 'text encoding of a CSV').choices(['auto', 'utf-8', 'gb18030']).default('auto'))
    .addOption(new Option('--delimiter <delimiter>', 'CSV delimiter').choices(['auto', 'comma', 'semicolon', 'tab', 'pipe']).default('auto'))
    .action((kind: 'customers' | 'contacts' | 'products' | 'orders', file: string, opts) =>
      withDatabase('import', async ({ handle }) => {
        const { importFromPath } = await import('../server/modules/imports/imports.service');
        const mapping = opts.mapping ? (JSON.parse(fs.readFileSync(opts.mapping, 'utf8')) as Record<string, string>) : undefined;
        const delimiter = ({ auto: 'auto', comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const)[opts.delimiter as 'auto'];
        const r = await importFromPath(handle, cli, {
          kind,
          path: file,
          mapping,
          dryRun: !!opts.dryRun,
          options: { encoding: opts.encoding, delimiter, skipInvalidRows: !!opts.skipInvalid, createCustomers: opts.createCustomers, createProducts: opts.createProducts },
        }).catch((err) => {
          if (err instanceof AppError && err.detail?.batchId) process.exitCode = 1;
          throw err;
        });
        const b = r.batch;
        console.log(`${b.number}: ${b.status}; ${b.totalRows} rows, ${b.errorRows} with errors`);
        if (Object.keys(b.created).length) console.log(`created: ${JSON.stringify(b.created)}; unchanged: ${JSON.stringify(b.unchanged)}`);
        for (const e of r.errors.slice(0, 50)) console.log(`row ${e.rowNo}${e.field ? ` ${e.field}` : ''}: ${e.message} [${e.code}]`);
        if (b.errorRows > 0) process.exitCode = 1;
      }),
    );

  program
    .command('export')
    .description('Export orders (flat, one row per order line — the shape `import orders` reads back), customers or products to CSV (UTF-8 with BOM) or XLSX')
    .addArgument(new Argument('<kind>', 'what to export').choices(['orders', 'customers', 'products']))
    .argument('<file>', 'FILE.csv or FILE.xlsx')
    .action((kind: 'orders' | 'customers' | 'products', file: string) =>
      withDatabase('export', async ({ handle }) => {
        const { exportToFile } = await import('../server/modules/imports/imports.export');
        const n = await exportToFile(handle, kind, file);
        console.log(`Exported ${n} ${kind === 'orders' ? 'order lines' : kind} to ${file}.`);
      }),
    );

  const stats = program.command('stats').description('Sales statistics summary tables (docs/statistics.md)');
  stats
    .command('verify')
    .description('Recompute every summary from the order and return lines (writing nothing) and report any difference (exit code 1)')
    .action(() =>
      withDatabase('stats verify', async ({ handle }) => {
        const { verifySummaries } = await import('../server/modules/statistics/summary');
        const result = await verifySummaries(handle);
        for (const d of result.differences) console.log(`${d.table} ${d.side === 'stored' ? 'stored, not expected' : 'expected, not stored'}: ${JSON.stringify(d.row)}`);
        for (const l of result.linesOffTheirOrders) console.log(`order line ${String(l.line_id)} differs from its order ${String(l.order_id)} in date, customer, owner, region or department`);
        const rows = Object.entries(result.checked).map(([t, n]) => `${t} ${n}`).join(', ');
        if (result.ok) console.log(`Summaries exact (${rows} rows); every order line agrees with its order.`);
        else {
          if (result.differences.length) console.log(`Summaries NOT exact: ${result.differences.length} difference(s) shown. Run \`salesdesk stats rebuild\`.`);
          if (result.linesOffTheirOrders.length) console.log(`${result.linesOffTheirOrders.length} order line(s) shown differ from their order: save the order again (its lines take its header), then \`salesdesk stats rebuild\`.`);
          process.exitCode = 1;
        }
      }),
    );
  stats
    .command('rebuild')
    .description('Rewrite every summary from the order and return lines, in one transaction')
    .action(() =>
      withDatabase('stats rebuild', async ({ handle }) => {
        const { rebuildSummaries } = await import('../server/modules/statistics/summary');
        const counts = await rebuildSummaries(handle);
        console.log(`Summaries rebuilt: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')} rows.`);
      }),
    );

  const audit = program.command('audit').description('Audit log tools');
  audit
    .command('verify')
    .description('Check the audit hash chain: any changed, removed or reordered entry is reported (exit code 1)')
    .action(() =>
      withDatabase('audit verify', async ({ handle }) => {
        const result = await verifyAuditChain(handle.db);
        if (result.ok) {
          console.log(`Audit log intact: ${result.checked} entries verified.`);
        } else {
          for (const p of result.problems.slice(0, 50)) console.log(`entry ${p.seq}: ${p.problem === 'hash_mismatch' ? 'content changed' : 'chain broken (an entry before it was removed or reordered)'}`);
          console.log(`Audit log NOT intact: ${result.problems.length} problem(s) in ${result.checked} entries.`);
          process.exitCode = 1;
        }
      }),
    );

  registerArchiveCommands(program, withDatabase);

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      console.error(err.message);
    } else if (err instanceof AppError) {
      const fields = err.fields?.map((f) => `  ${f.field}: ${f.message}`).join('\n');
      console.error(`${err.message}${fields ? '\n' + fields : ''}`);
    } else if (err && typeof err === 'object' && 'issues' in err) {
      console.error(`Invalid value: ${(err as { issues: { path: unknown[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    } else {
      console.error((err as Error).message ?? err);
    }
    process.exitCode = 1;
  }
}
