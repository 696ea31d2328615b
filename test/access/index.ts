import type { TestApp } from '../helpers/app';
import { analysisMatrix } from './analysis.rows';
import { approvalsMatrix } from './approvals.rows';
import { archiveMatrix } from './archive.rows';
import { customersMatrix } from './customers.rows';
import { filesMatrix } from './files.rows';
import { importsMatrix } from './imports.rows';
import { jobsMatrix } from './jobs.rows';
import { ledgerMatrix } from './ledger.rows';
import { mailSettingsMatrix } from './mail-settings.rows';
import { createMatrixContext, setupModules, type MatrixContext, type MatrixModule, type MatrixRow } from './matrix';
import { notificationsMatrix } from './notifications.rows';
import { platformRows } from './platform.rows';
import { productsMatrix } from './products.rows';
import { regionsMatrix } from './regions.rows';
import { recordRulesMatrix } from './record-rules.rows';
import { requestsMatrix } from './requests.rows';
import { salesMatrix } from './sales.rows';
import { statisticsMatrix } from './statistics.rows';
import { statementsMatrix } from './statements.rows';
import { suppliesMatrix } from './supplies.rows';
import { expenseStatsMatrix } from './expense-stats.rows';
import { tasksMatrix } from './tasks.rows';
import { tripsMatrix } from './trips.rows';
import { claimsMatrix } from './claims.rows';
import { workbenchMatrix } from './workbench.rows';

/** Every module's part of the access matrix. A new module adds one line here (explicit wiring, like src/server/modules/index.ts). */
export const matrixModules: MatrixModule[] = [
  { name: 'platform', rows: platformRows },
  requestsMatrix,
  approvalsMatrix,
  tasksMatrix,
  filesMatrix,
  notificationsMatrix,
  jobsMatrix,
  workbenchMatrix,
  mailSettingsMatrix,
  recordRulesMatrix,
  customersMatrix,
  salesMatrix,
  productsMatrix,
  regionsMatrix,
  importsMatrix,
  statisticsMatrix,
  statementsMatrix,
  analysisMatrix,
  ledgerMatrix,
  tripsMatrix,
  claimsMatrix,
  archiveMatrix,
  suppliesMatrix,
  expenseStatsMatrix,
];

export const matrixRows: MatrixRow[] = matrixModules.flatMap((m) => m.rows);

/** Documented endpoints that get no row, each with the reason. */
export const matrixExemptions: Record<string, string> = {
  'GET /api/v1/notifications/stream':
    'a server-sent event stream that never ends, so app.inject cannot wait for it; test/services/notifications.test.ts reads it on a real socket, and the anonymous check below covers it',
};

/** The people, sessions and every module's records, ready for the rows. */
export async function createMatrixWorld(t: TestApp): Promise<MatrixContext> {
  const ctx = await createMatrixContext(t);
  await setupModules(ctx, matrixModules);
  return ctx;
}

/** Stops what the modules' setups started; call before closing the app. */
export async function disposeMatrixWorld(ctx: MatrixContext | undefined): Promise<void> {
  for (const c of ctx?.cleanups.reverse() ?? []) await c();
}
