import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connect';
import { runCli, tempDir } from '../helpers/cli';
import { rawQuery } from '../helpers/sql';
import { textPdf } from './archive-fixtures';

/**
 * `salesdesk archive import` and `archive export` on a PGlite data directory: a folder of
 * files with a metadata CSV is filed row by row (bad rows reported, nothing of them stored,
 * a re-run adds nothing twice), and the export writes every version's file with metadata.
 */
describe('salesdesk archive import / export (the CLI)', { timeout: 400_000 }, () => {
  const dir = tempDir('archive-cli');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports good rows, reports bad ones, skips what is already filed, and exports files with metadata', async () => {
    const env = { DATA_DIR: path.join(dir, 'data') };
    const setup = await runCli(['setup', '--email', 'root@cli.test', '--name', 'CLI Admin', '--password', 'cli admin password 1', '--company', 'CLI Co'], env);
    expect(setup.code, setup.stderr).toBe(0);
    // A customer and a category the CSV refers to (the CLI has exited: the data directory is free).
    const handle = await connect({ pgliteDir: path.join(dir, 'data', 'db') });
    try {
      await rawQuery(handle, `insert into customers (code, name, name_key, status) values ('C-ARC-01', '苏州工业园贸易公司', 'suzhou', 'active')`);
      await rawQuery(handle, `insert into archive_categories (name_en, name_zh, updated_at) values ('Contracts', '合同类', now())`);
    } finally {
      await handle.close();
    }

    const files = path.join(dir, 'incoming');
    fs.mkdirSync(path.join(files, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(files, 'frame.txt'), '年度框架协议：交货地点为苏州工业园区。', 'utf8');
    fs.writeFileSync(path.join(files, 'sub', 'order.pdf'), (await textPdf('order.pdf', ['销售订单 SO-7 Sales order'])).content);
    fs.writeFileSync(path.join(files, 'empty.txt'), '');
    fs.writeFileSync(path.join(files, 'note.txt'), 'a plain note', 'utf8');
    fs.writeFileSync(path.join(dir, 'outside.txt'), 'not in the folder', 'utf8');
    const csv = [
      'file,title,type,category,tags,date,counterparty,customer,confidentiality',
      'frame.txt,年度框架协议,contract,合同类,供货;framework,2026-03-01,苏州工业园贸易公司,C-ARC-01,internal', // 2 fine
      'sub/order.pdf,Sales order SO-7,销售订单,,,2026/03/02,,C-ARC-01,机密', // 3 fine (Chinese type name and level, slashed date)
      'note.txt,,,,,,,,', // 4 fine: titled by its file name
      'empty.txt,Empty,other,,,,,,', // 5 empty file
      '../outside.txt,Escape,other,,,,,,', // 6 outside the folder
      'missing.txt,Missing,other,,,,,,', // 7 no such file
      'note.txt,Bad type,tender,,,,,,', // 8 unknown type
      'note.txt,Bad customer,other,,,,,C-NOPE,', // 9 unknown customer
      'note.txt,Bad date,other,,,2026-02-30,,,', // 10 not a date
      'note.txt,Bad level,other,,,,,,top', // 11 unknown level
    ].join('\n');
    const metadata = path.join(dir, 'metadata.csv');
    fs.writeFileSync(metadata, csv, 'utf8');

    const first = await runCli(['archive', 'import', files, '--metadata', metadata], env);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toContain('Imported 10 rows: 3 imported, 0 already filed, 7 with errors.');
    for (const [row, field] of [[5, 'file'], [6, 'file'], [7, 'file'], [8, 'type'], [9, 'customer'], [10, 'date'], [11, 'confidentiality']] as const) {
      expect(first.stdout).toMatch(new RegExp(`row ${row} ${field}: `));
    }
    const again = await runCli(['archive', 'import', files, '--metadata', metadata], env);
    expect(again.stdout).toContain('3 already filed');
    expect(again.stdout).toContain('0 imported');

    const out = path.join(dir, 'export');
    const exp = await runCli(['archive', 'export', out], env);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/Exported 3 documents \(3 versions/);
    const json = JSON.parse(fs.readFileSync(path.join(out, 'metadata.json'), 'utf8'));
    expect(json.documents.map((d: { title: string }) => d.title).sort()).toEqual(['Sales order SO-7', 'note', '年度框架协议']);
    const frame = json.documents.find((d: { title: string }) => d.title === '年度框架协议');
    expect(frame).toMatchObject({ typeCode: 'contract', category: 'Contracts', tags: ['供货', 'framework'], documentDate: '2026-03-01', confidentiality: 'internal', owner: 'root@cli.test', links: [{ type: 'customer', ref: 'C-ARC-01' }] });
    expect(json.documents.find((d: { title: string }) => d.title === 'Sales order SO-7')).toMatchObject({ typeCode: 'sales_order', confidentiality: 'confidential', documentDate: '2026-03-02' });
    for (const d of json.documents) {
      for (const v of d.versions) {
        const content = fs.readFileSync(path.join(out, v.file));
        expect(crypto.createHash('sha256').update(content).digest('hex')).toBe(v.sha256);
      }
    }
    const metaCsv = fs.readFileSync(path.join(out, 'metadata.csv'), 'utf8');
    expect(metaCsv.startsWith('\uFEFFfile,title,type,category,tags,date,counterparty,customer,confidentiality,number')).toBe(true);
    expect(metaCsv).toContain('年度框架协议');
    expect(fs.readFileSync(path.join(out, 'paper.csv'), 'utf8')).toContain('number,title,type');
    // The export's own CSV files its documents again elsewhere: here they are all already filed.
    const back = await runCli(['archive', 'import', out, '--metadata', path.join(out, 'metadata.csv'), '--dry-run'], env);
    expect(back.stdout, back.stderr).toContain('Checked 3 rows: 0 to import, 3 already filed, 0 with errors.');
  });
});
