import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en';
import { zhCN } from '../../src/web/i18n/zh-CN';

/**
 * Every audit action, audited entity type and header-search kind the server writes has an English
 * and a Chinese label in the web app (the audit log, record histories, the workbench's recent
 * activity and the header search show them; a missing one shows the raw code).
 *
 * The server's strings are read from its source: the `action` and `entityType` of every
 * recordAudit(...) call and the `kind` of every registerSearchProvider(...), literals directly and
 * constants through their `const NAME = '...'` definitions. An action built from a template
 * (`trip.${outcome}`) is expanded by the table below, written from the types its variable has;
 * the test fails when a template appears that the table does not know, so a new one gets listed.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(ROOT, 'src/server');

/** Template actions and the values their variable takes (from the variable's type at the call). */
const TEMPLATE_ACTIONS: Record<string, string[]> = {
  // approvals.engine act(): ApprovalAction = 'approve' | 'reject' | 'return'.
  '`approval.${action}`': ['approval.approve', 'approval.reject', 'approval.return'],
  // onOutcome(…, outcome: ApprovalOutcome) — claims audit 'approved' themselves, the rest from the template.
  '`trip.${outcome}`': ['trip.approved', 'trip.rejected', 'trip.returned', 'trip.withdrawn'],
  '`expense_claim.${outcome}`': ['expense_claim.rejected', 'expense_claim.returned', 'expense_claim.withdrawn'],
  '`general_request.${outcome}`': ['general_request.approved', 'general_request.rejected', 'general_request.returned', 'general_request.withdrawn'],
  '`supply_request.${outcome}`': ['supply_request.approved', 'supply_request.rejected', 'supply_request.returned', 'supply_request.withdrawn'],
  // statements.report onOutcome: status = 'acknowledged' | 'withdrawn' | 'returned'.
  '`department_report.${status}`': ['department_report.acknowledged', 'department_report.withdrawn', 'department_report.returned'],
  // The archive's placeItem kind 'checkin' | 'found' | 'move', and a stocktake's 'missing'.
  '`archive_paper.${kind}`': ['archive_paper.checkin', 'archive_paper.found', 'archive_paper.move', 'archive_paper.missing'],
  // how: 'download' | 'preview'.
  '`archive_document.${how}`': ['archive_document.download', 'archive_document.preview'],
  '`file.${how}`': ['file.download', 'file.preview'],
  // jobs.routes: 'retry' | 'cancel'.
  '`job.${action}`': ['job.retry', 'job.cancel'],
  // transitionOrder to: 'confirmed' | 'delivered' | 'closed' | 'cancelled'; transitionReturn to: 'confirmed' | 'cancelled'.
  '`sales_order.${to}`': ['sales_order.confirmed', 'sales_order.delivered', 'sales_order.closed', 'sales_order.cancelled'],
  '`sales_return.${to}`': ['sales_return.confirmed', 'sales_return.cancelled'],
  // outcomeBody: 'won' | 'lost'.
  '`negotiation.${input.outcome}`': ['negotiation.won', 'negotiation.lost'],
  "`contract.${to === 'active' ? 'activate' : 'terminate'}`": ['contract.activate', 'contract.terminate'],
  "`statement.${status === 'submitted' ? 'submit' : 'resubmit'}`": ['statement.submit', 'statement.resubmit'],
};

/** Forwarders that pass on an action built elsewhere (the audit service's own plumbing). */
const FORWARDED = new Set(['entry.action', '<no action: in recordAudit(trx, actor, entry…)>']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** From `i` (just after an opening bracket, or at an expression), to the closing bracket or, with stopAtComma, the next top-level comma. */
function scan(src: string, i: number, stopAtComma: boolean): string {
  let depth = 0;
  let quote: string | null = null;
  let j = i;
  for (; j < src.length; j++) {
    const c = src[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ';' || (c === ',' && stopAtComma))) break;
  }
  return src.slice(i, j).trim();
}

/** The value of `key:` inside each call of `fn(…)` (the first one in the call's own arguments). */
function propertyOfCalls(files: string[], fn: string, key: string): { file: string; expr: string }[] {
  const found: { file: string; expr: string }[] = [];
  const keyPattern = new RegExp(`\\b${key}:\\s*`);
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    for (let k = src.indexOf(`${fn}(`); k >= 0; k = src.indexOf(`${fn}(`, k + 1)) {
      if (/[\w.]/.test(src[k - 1] ?? '') && src.slice(k - 9, k) !== 'function ') continue;
      if (src.slice(Math.max(0, k - 9), k) === 'function ') continue; // the definition
      const args = scan(src, k + fn.length + 1, false);
      const m = keyPattern.exec(args);
      const shorthand = new RegExp(`[{,]\\s*${key}\\s*[,}]`).test(args) ? src.lastIndexOf(`const ${key} = `, k) : -1;
      if (m) found.push({ file: path.relative(ROOT, file), expr: scan(args, m.index + m[0].length, true) });
      // `{ action, … }`: the value is the nearest `const action = …` above the call.
      else if (shorthand >= 0) found.push({ file: path.relative(ROOT, file), expr: scan(src, shorthand + `const ${key} = `.length, true) });
      else found.push({ file: path.relative(ROOT, file), expr: `<no ${key}: in ${fn}(${args.slice(0, 60)}…)>` });
    }
  }
  return found;
}

/** `const NAME = 'value'` definitions anywhere in the server (entity types and kinds are such constants). */
function constants(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bconst ([A-Z][A-Z0-9_]*)\s*=\s*'([a-z][a-z0-9_.]*)'/g)) out.set(m[1], m[2]);
  }
  return out;
}

/** The string values an expression can have: literals (also both arms of a ternary), known constants, listed templates. */
function valuesOf(expr: string, consts: Map<string, string>): string[] | null {
  if (TEMPLATE_ACTIONS[expr]) return TEMPLATE_ACTIONS[expr];
  if (expr.startsWith('`')) return null;
  if (/^'[a-z][a-z0-9_.]*'$/.test(expr)) return [expr.slice(1, -1)];
  if (/^[A-Z][A-Z0-9_]*$/.test(expr) && consts.has(expr)) return [consts.get(expr)!];
  // A conditional choosing between actions (`moved ? 'region.move' : 'region.update'`): its dotted literals are the
  // values (the conditions compare undotted statuses such as 'discontinued').
  const dotted = [...expr.matchAll(/'([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)'/g)].map((m) => m[1]);
  if (dotted.length && expr.includes('?')) return dotted;
  return null;
}

const has = (texts: unknown, dotted: string) => dotted.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), texts) !== undefined;

describe('labels for what the server writes', () => {
  const files = sourceFiles(SERVER);
  const consts = constants(files);

  it('every audit action has an English and a Chinese label; every template action is expanded', () => {
    const calls = propertyOfCalls(files, 'recordAudit', 'action');
    expect(calls.length).toBeGreaterThan(100);
    const actions = new Set<string>();
    const unresolved: string[] = [];
    for (const c of calls) {
      if (FORWARDED.has(c.expr)) continue;
      const v = valuesOf(c.expr, consts);
      if (v) v.forEach((a) => actions.add(a));
      else unresolved.push(`${c.file}: ${c.expr}`);
    }
    expect(unresolved, 'actions the test cannot read: list the template in TEMPLATE_ACTIONS').toEqual([]);
    // A template in the table that the server no longer uses is stale.
    const used = new Set(calls.map((c) => c.expr));
    expect(Object.keys(TEMPLATE_ACTIONS).filter((k) => !used.has(k))).toEqual([]);
    const missing = [...actions].sort().filter((a) => !has(en.auditActions, a) || !has(zhCN.auditActions, a));
    expect(missing, 'audit actions without a label in en.ts/zh-CN.ts auditActions').toEqual([]);
    // The expenses module's own, named in the issue.
    for (const a of ['trip.create', 'trip_booking.update', 'trip_advance.pay', 'trip_advance.repay', 'expense_claim.override', 'expense_policy.caps']) expect(actions).toContain(a);
  });

  it('every audited entity type has an English and a Chinese label', () => {
    const calls = propertyOfCalls(files, 'recordAudit', 'entityType');
    const types = new Set<string>();
    for (const c of calls) {
      const v = valuesOf(c.expr, consts);
      // Some calls pass on the type of the record they act on (an approval's req.doc_type): those are document types audited elsewhere too.
      if (v) v.forEach((x) => types.add(x));
    }
    expect(types.size).toBeGreaterThan(30);
    const missing = [...types].sort().filter((x) => !has(en.entityTypes, x) || !has(zhCN.entityTypes, x));
    expect(missing, 'entity types without a label in en.ts/zh-CN.ts entityTypes').toEqual([]);
  });

  it('every header-search kind has an English and a Chinese label', () => {
    const calls = propertyOfCalls(files, 'registerSearchProvider', 'kind');
    const kinds = calls.map((c) => valuesOf(c.expr, consts));
    expect(kinds.filter((k) => k === null), JSON.stringify(calls)).toEqual([]);
    const all = [...new Set(kinds.flat() as string[])].sort();
    expect(all).toEqual(expect.arrayContaining(['expense_claim', 'trip']));
    const missing = all.filter((k) => !has(en.search.kinds, k) || !has(zhCN.search.kinds, k));
    expect(missing, 'search kinds without a label in en.ts/zh-CN.ts search.kinds').toEqual([]);
  });
});
