import type { Command } from 'commander';
import { fileStoresFor } from '../server/app';
import { loadConfig } from '../server/config';
import type { OpenDatabase } from '../server/runtime/open-database';

type WithDatabase = <T>(purpose: string, fn: (opened: OpenDatabase) => Promise<T>) => Promise<T>;

/**
 * `salesdesk archive export DIR` and `salesdesk archive import DIR --metadata FILE.csv`
 * (docs/archive.md). Registered from main.ts with its database opener.
 */
export function registerArchiveCommands(program: Command, withDatabase: WithDatabase): void {
  const archive = program.command('archive').description('Document archive: bulk export and import (docs/archive.md)');

  archive
    .command('export')
    .description('Write every document and version (files/<number>/v<n>-<name>), metadata.csv, metadata.json, the paper register (paper.csv) and locations.csv into DIR (created; must be empty)')
    .argument('<dir>', 'target folder')
    .action((dir: string) =>
      withDatabase('archive export', async ({ handle }) => {
        const { exportArchive } = await import('../server/modules/archive/archive.transfer');
        const r = await exportArchive(handle.db, fileStoresFor(loadConfig()), dir);
        console.log(`Exported ${r.documents} documents (${r.versions} versions, ${r.bytes} bytes) and ${r.paper} paper items to ${dir}.`);
      }),
    );

  archive
    .command('import')
    .description('File a folder of files described by a metadata CSV (columns: file, title, type, category, tags, date, counterparty, customer, confidentiality; English or Chinese headers). Each row is stored whole or not at all; bad rows are listed (exit code 1); a file already filed under the same title is skipped, so a re-run adds nothing twice.')
    .argument('<dir>', 'folder holding the files (the CSV names them relative to it)')
    .requiredOption('--metadata <file>', 'the metadata CSV (UTF-8 or GB18030)')
    .option('--as <email>', 'the user who files the documents (their owner); default: the first admin')
    .option('--dry-run', 'check every row and list the bad ones; store nothing')
    .action((dir: string, opts: { metadata: string; as?: string; dryRun?: boolean }) =>
      withDatabase('archive import', async ({ handle }) => {
        const { importArchive } = await import('../server/modules/archive/archive.transfer');
        const { loadActor } = await import('../server/platform/auth/actor-loader');
        const config = loadConfig();
        const db = handle.db;
        const user = opts.as
          ? await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', opts.as!.toLowerCase())).executeTakeFirst()
          : await db.selectFrom('users as u').innerJoin('user_roles as r', 'r.user_id', 'u.id').select('u.id').where('r.role', '=', 'admin').where('u.is_active', '=', true).orderBy('u.created_at').executeTakeFirst();
        if (!user) throw new Error(opts.as ? `No user with email ${opts.as}` : 'No admin to file the documents as; pass --as EMAIL');
        const actor = await loadActor(db, user.id, { ip: 'cli' });
        if (!actor) throw new Error(`${opts.as} is not an active user`);
        const r = await importArchive(db, fileStoresFor(config), actor, dir, opts.metadata, { limitBytes: config.uploadLimitBytes, dryRun: !!opts.dryRun });
        console.log(`${opts.dryRun ? 'Checked' : 'Imported'} ${r.rows} rows: ${r.imported} ${opts.dryRun ? 'to import' : 'imported'}, ${r.unchanged} already filed, ${r.errors.length} with errors.`);
        for (const e of r.errors.slice(0, 100)) console.log(`row ${e.row} ${e.field}: ${e.message}`);
        if (r.errors.length) process.exitCode = 1;
      }),
    );
}
