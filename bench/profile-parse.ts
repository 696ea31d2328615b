/**
 * Profiles the JS phase of an order-line import (decode, tokenize, check, map) without
 * writing: a dry run on an in-memory PGlite. For tuning only:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-parse.ts [--lines 100000]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../src/server/db/connect';
import { migrate } from '../src/server/db/migrate';
import { importFromPath } from '../src/server/modules/imports/imports.service';
import { suggestMapping } from '../src/server/modules/imports/imports.schema';
import { createUser } from '../src/server/modules/users/users.service';
import { configurePasswordHashing } from '../src/server/platform/auth/passwords';
import { BENCH_HEADERS, repEmail } from './generate-order-lines';

const here = path.dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--lines');
const lines = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
const handle = await connect({});
await migrate(handle);
configurePasswordHashing(1024);
for (let r = 0; r < 50; r++) await createUser(handle.db, { label: 'bench' }, { email: repEmail(r), displayName: `Rep ${r + 1}`, password: 'bench-password-long-enough', roles: ['rep'], departmentId: null, managerId: null });
const t0 = performance.now();
const res = await importFromPath(handle, { label: 'bench' }, { kind: 'orders', path: path.join(here, 'data', `order-lines-${lines}.csv`), mapping: suggestMapping('orders', BENCH_HEADERS), dryRun: true });
console.log(`dry run of ${lines} lines: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${res.batch.errorRows} error rows`);
await handle.close();
