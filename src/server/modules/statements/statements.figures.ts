import Decimal from 'decimal.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { permissionsOf } from '../../platform/access/roles';
import { salesReport } from '../statistics/statistics.service';
import { FIGURES, MONEY_FIGURES, type FiguresDto, type FlagDto, type StatementSettings } from './statements.schema';

type Db = Kysely<Database>;

/**
 * The system's figures of one rep for a period, read through the statistics service as
 * the rep themselves would see them (the rep's record rules: their own records), so a
 * statement's figures are the sales report's for `ownerId = rep` to the cent — the active
 * and new customers included (one definition, statistics.customers.ts: customers with a
 * counted line of the rep in the period; new ones whose first counted line, anyone's, is in it).
 */
export async function systemFigures(db: Db, rep: { id: string; departmentId: string | null; locale?: 'en' | 'zh-CN' }, range: { from: string; to: string }): Promise<FiguresDto> {
  const actor: Actor = { userId: rep.id, email: '', displayName: '', roles: ['rep'], permissions: permissionsOf(['rep']), departmentId: rep.departmentId, managerId: null, locale: rep.locale ?? 'en' };
  const report = await salesReport(db, actor, { from: range.from, to: range.to, groupBy: 'none', ownerId: rep.id });
  const t = report.total.current;
  return {
    netSales: t.netSales,
    grossSales: t.sales,
    returns: t.returns,
    orders: t.orders ?? 0,
    newCustomers: t.newCustomers ?? 0,
    activeCustomers: t.activeCustomers ?? 0,
    grossMargin: t.grossMargin,
  };
}

export const emptyFigures = (): FiguresDto => Object.fromEntries(FIGURES.map((f) => [f, null])) as FiguresDto;

/** The reported figures completed with the system's where the rep reported nothing (they agree). */
export function mergedReported(system: FiguresDto, reported: Partial<FiguresDto>): FiguresDto {
  return Object.fromEntries(FIGURES.map((f) => [f, reported[f] ?? system[f]])) as FiguresDto;
}

/**
 * Reconciliation: a reported figure is flagged when it differs from the system's by more
 * than the tolerance — for money, more than `toleranceMinor` AND more than
 * `tolerancePercent` of the system figure; for counts, by any amount more than the percent.
 * A figure the system does not know (no cost: no margin) is flagged whenever one is reported.
 */
export function reconcile(system: FiguresDto, reported: Partial<FiguresDto>, settings: Pick<StatementSettings, 'toleranceMinor' | 'tolerancePercent'>): FlagDto[] {
  const flags: FlagDto[] = [];
  const pct = new Decimal(settings.tolerancePercent);
  for (const f of FIGURES) {
    const r = reported[f];
    if (r === null || r === undefined) continue;
    const s = system[f];
    const difference = r - (s ?? 0);
    if (s !== null && difference === 0) continue;
    const abs = Math.abs(difference);
    const overAbsolute = MONEY_FIGURES.includes(f) ? abs > settings.toleranceMinor : abs > 0;
    const overPercent = s === null || new Decimal(abs).times(100).gt(pct.times(Math.abs(s)));
    if (s === null || (overAbsolute && overPercent)) flags.push({ figure: f, system: s, reported: r, difference });
  }
  return flags;
}

/** Adds figures (null + x = x; all null stays null): a total is the sum of its rows. */
export function sumFigures(rows: FiguresDto[]): FiguresDto {
  const out = emptyFigures();
  for (const row of rows) for (const f of FIGURES) if (row[f] !== null) out[f] = (out[f] ?? 0) + row[f]!;
  for (const f of FIGURES) if (out[f] === null && f !== 'grossMargin') out[f] = 0;
  return out;
}
