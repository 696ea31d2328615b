import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { deniedAsNotFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/guard';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { byAccount, byCustomer, byDepartment, byPeriod, byPerson, byTrip, byTripAndPerson, totals, tripBudgets, type ExpenseFilter, type GroupRow } from './expense-stats.repo';
import type { ExportFile } from '../../platform/export/list-export';
import type { BudgetDto, BudgetQuery, BudgetRowDto, ExpenseGroupDto, ExpenseOverviewDto, ExpenseOverviewQuery } from './expense-stats.schema';

/**
 * Expense statistics read from the ledger: the net of posted lines on expense accounts, grouped
 * by person, department, category (expense account), trip, customer and period, and budget
 * versus actual per trip and per person (budgets are on trips). Every figure is a sum of ledger
 * lines, to the cent. Who holds ledger:read sees everyone's (the ledger is not narrowed by
 * department, docs/ledger.md); anyone else sees their own expenses only.
 */
type Db = Kysely<Database>;

/**
 * Narrows the filter to what the actor may see: their own lines unless they read the ledger.
 * Naming someone else (or a department) without ledger:read is a 404 — the record rule's answer.
 */
function scopedFilter(actor: Actor, f: ExpenseFilter): ExpenseFilter {
  if (can(actor, 'ledger:read')) return f;
  if (f.employeeId && f.employeeId !== actor.userId) throw deniedAsNotFound('user', f.employeeId);
  if (f.departmentId) throw deniedAsNotFound('department', f.departmentId);
  return { ...f, employeeId: actor.userId };
}

const group = (r: GroupRow): ExpenseGroupDto => ({ key: r.key, label: r.label, labelZh: r.label_zh, amount: Number(r.amount), lines: Number(r.lines) });

/** Expenses over a range in every grouping at once; each grouping's amounts add up to the total. */
export async function expenseOverview(db: Db, actor: Actor, q: ExpenseOverviewQuery): Promise<ExpenseOverviewDto> {
  const f = scopedFilter(actor, q);
  const [sum, categories, persons, departments, trips, customers, periods, settings] = await Promise.all([
    totals(db, f),
    byAccount(db, f),
    byPerson(db, f),
    byDepartment(db, f),
    byTrip(db, f),
    byCustomer(db, f),
    byPeriod(db, f, q.grain),
    getCompanySettings(db),
  ]);
  const tripIds = trips.map((t) => t.key).filter((k): k is string => k !== null);
  const tripInfo = new Map((await tripBudgets(db, { from: '9999-12-31', to: '9999-12-31' }, tripIds)).map((t) => [t.id, t]));
  return {
    from: q.from,
    to: q.to,
    grain: q.grain,
    currency: settings.currency,
    total: Number(sum.amount),
    lines: Number(sum.lines),
    byCategory: categories.map(group),
    byPerson: persons.map(group),
    byDepartment: departments.map(group),
    byTrip: trips.map((r) => {
      const info = r.key ? tripInfo.get(r.key) : undefined;
      return group({ ...r, label: info ? `${info.number} ${info.purpose}` : null });
    }),
    byCustomer: customers.map(group),
    byPeriod: periods.map(group),
  };
}

/**
 * Budget versus actual: per trip (its approved budget against the expenses posted on it) and per
 * traveller (the budgets of their trips against their expenses on those trips).
 */
export async function budgetVersusActual(db: Db, actor: Actor, q: BudgetQuery): Promise<BudgetDto> {
  const f = scopedFilter(actor, q);
  const actuals = (await byTripAndPerson(db, f)).filter((r) => r.trip_id !== null);
  const tripIds = [...new Set(actuals.map((a) => a.trip_id!))];
  const trips = await tripBudgets(db, f, tripIds);
  const actualOfTrip = new Map<string, number>();
  for (const a of actuals) actualOfTrip.set(a.trip_id!, (actualOfTrip.get(a.trip_id!) ?? 0) + Number(a.amount));

  const row = (key: string | null, label: string | null, budget: number | null, actual: number): BudgetRowDto => ({ key, label, budget, actual, remaining: budget === null ? null : budget - actual });
  const known = new Map(trips.map((t) => [t.id, t]));
  const byTripRows = [
    ...trips.map((t) => row(t.id, `${t.number} ${t.purpose}`, Number(t.budget), actualOfTrip.get(t.id) ?? 0)),
    // Lines naming a trip that is not (or no longer) in the trips table keep their amounts in the figures.
    ...tripIds.filter((id) => !known.has(id)).map((id) => row(id, null, null, actualOfTrip.get(id) ?? 0)),
  ];

  const persons = new Map<string, { name: string; budget: number; actual: number }>();
  const personOf = (id: string, name: string) => persons.get(id) ?? persons.set(id, { name, budget: 0, actual: 0 }).get(id)!;
  for (const t of trips) personOf(t.traveller_id, t.traveller_name).budget += Number(t.budget);
  for (const a of actuals) if (a.employee_id) personOf(a.employee_id, a.employee_name ?? '').actual += Number(a.amount);
  const byPersonRows = [...persons.entries()].map(([id, p]) => row(id, p.name, p.budget, p.actual)).sort((a, b) => b.actual - a.actual);

  const { currency } = await getCompanySettings(db);
  return { from: q.from, to: q.to, currency, byTrip: byTripRows, byPerson: byPersonRows };
}

// ------------------------------------------------------------------ XLSX

const T = {
  en: {
    title: 'Sales expenses', period: 'Period', total: 'Total', amount: 'Amount', lines: 'Lines', unassigned: '(not assigned)',
    sheets: { category: 'By category', person: 'By person', department: 'By department', period: 'By period', trip: 'By trip', customer: 'By customer', budget: 'Budget vs actual' },
    heads: { category: 'Expense account', person: 'Person', department: 'Department', period: 'Period', trip: 'Trip', customer: 'Customer' },
    budget: { trip: 'Trip', person: 'Traveller', budget: 'Budget', actual: 'Actual', remaining: 'Remaining' },
  },
  zh: {
    title: '销售费用', period: '期间', total: '合计', amount: '金额', lines: '分录行数', unassigned: '（未指定）',
    sheets: { category: '按费用科目', person: '按人员', department: '按部门', period: '按期间', trip: '按出差', customer: '按客户', budget: '预算与实际' },
    heads: { category: '费用科目', person: '人员', department: '部门', period: '期间', trip: '出差', customer: '客户' },
    budget: { trip: '出差', person: '出差人', budget: '预算', actual: '实际', remaining: '结余' },
  },
};
const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';
/** Minor units as a yuan number for a cell: exact for any amount below 2^53 fen, shown with two decimals. */
const yuan = (minor: number) => Number((minor / 100).toFixed(2));

function sheetOf(wb: ExcelJS.Workbook, name: string, title: string, heads: string[], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = widths.map((width) => ({ width }));
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 13 };
  const head = ws.getRow(3);
  head.values = heads;
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  return ws;
}

function moneyCells(row: ExcelJS.Row, from: number) {
  row.eachCell((c, i) => {
    if (i >= from) c.numFmt = MONEY_FORMAT;
  });
}

/** The statistics as one formatted workbook in the reader's language: a sheet per grouping with totals, and budget versus actual. */
export async function exportExpenses(db: Db, actor: Actor, q: ExpenseOverviewQuery): Promise<ExportFile> {
  const data = await expenseOverview(db, actor, q);
  const budget = await budgetVersusActual(db, actor, { from: q.from, to: q.to, employeeId: q.employeeId });
  const zh = actor.locale === 'zh-CN';
  const t = zh ? T.zh : T.en;
  const wb = new ExcelJS.Workbook();
  wb.created = new Date();
  const title = `${t.title} ${q.from} – ${q.to} (${data.currency})`;
  const groups: [keyof typeof t.sheets & keyof typeof t.heads, ExpenseGroupDto[]][] = [
    ['category', data.byCategory],
    ['person', data.byPerson],
    ['department', data.byDepartment],
    ['period', data.byPeriod],
    ['trip', data.byTrip],
    ['customer', data.byCustomer],
  ];
  for (const [kind, rows] of groups) {
    const ws = sheetOf(wb, t.sheets[kind], title, [t.heads[kind], t.amount, t.lines], [40, 16, 12]);
    for (const r of rows) moneyCells(ws.addRow([(zh && r.labelZh) || r.label || r.key || t.unassigned, yuan(r.amount), r.lines]), 2);
    const total = ws.addRow([t.total, yuan(rows.reduce((s, r) => s + r.amount, 0)), rows.reduce((s, r) => s + r.lines, 0)]);
    total.font = { bold: true };
    total.getCell(2).numFmt = MONEY_FORMAT;
    total.getCell(1).border = total.getCell(2).border = total.getCell(3).border = { top: { style: 'thin' } };
  }
  const ws = sheetOf(wb, t.sheets.budget, title, [t.budget.trip, t.budget.budget, t.budget.actual, t.budget.remaining], [40, 16, 16, 16]);
  for (const r of budget.byTrip) moneyCells(ws.addRow([r.label ?? r.key, r.budget === null ? null : yuan(r.budget), yuan(r.actual), r.remaining === null ? null : yuan(r.remaining)]), 2);
  ws.addRow([]);
  const personHead = ws.addRow([t.budget.person, t.budget.budget, t.budget.actual, t.budget.remaining]);
  personHead.font = { bold: true };
  for (const r of budget.byPerson) moneyCells(ws.addRow([r.label ?? r.key, r.budget === null ? null : yuan(r.budget), yuan(r.actual), r.remaining === null ? null : yuan(r.remaining)]), 2);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `expenses-${q.from}-${q.to}.xlsx` };
}
