import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Database, DepartmentReportsTable } from '../../db/database';
import { AppError, deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { actingFor, submitForApproval, withdraw } from '../../platform/approvals/approvals.engine';
import { registerApprovalDocType } from '../../platform/approvals/doc-types';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import type { FileStores } from '../../platform/files/file-store';
import { storeStagedFile, type StagedUpload } from '../../platform/files/files.service';
import { loadActor } from '../../platform/auth/actor-loader';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { createDocuments } from '../archive/archive.service';
import { salesReport } from '../statistics/statistics.service';
import { permissionsOf } from '../../platform/access/roles';
import { mergedReported, reconcile, sumFigures, systemFigures } from './statements.figures';
import { renderReportPdf } from './statements.pdf';
import { monthsOf, periodOf } from './statements.periods';
import { departmentReps, findPeriod, selectStatements, userName, type Db } from './statements.repo';
import { HANDED_IN, type DepartmentReportDto, type FiguresDto, type PeriodRef, type ReportContentDto, type ReportSummaryDto } from './statements.schema';
import { getStatementSettings, reviewedDepartment } from './statements.service';

/**
 * The department report (issue 5 item 5, docs/statements.md): one action consolidates a
 * period's statements with the system statistics — totals, a per-rep table with flags,
 * commentary excerpts, a monthly trend. Each consolidation is a new version (older ones are
 * kept, superseded); it goes to the leaders through the approval engine (acknowledge =
 * approve, return with questions = return/reject) and is archived as a PDF attached to the
 * report and filed in the document archive as a "report".
 */
export const DEPARTMENT_REPORT = 'department_report';
type K = Kysely<Database>;
type ReportRow = Selectable<DepartmentReportsTable>;
const iso = (d: Date | string) => new Date(d).toISOString();

/** Who reads a report: reviewers of its department, admins, and the leaders it was sent to (their approval task). */
async function canReadReport(db: Db, actor: Actor, row: Pick<ReportRow, 'department_id' | 'approval_request_id'>): Promise<boolean> {
  if (actor.roles.includes('admin')) return true;
  if (can(actor, 'statements:review')) {
    const scope = await recordScope(db, actor);
    if (scope.kind === 'all' || (scope.kind === 'departments' && scope.departmentIds.includes(row.department_id))) return true;
  }
  if (!row.approval_request_id) return false;
  const forIds = await actingFor(db, actor.userId);
  const task = await db.selectFrom('approval_tasks').select('id').where('request_id', '=', row.approval_request_id).where('approver_id', 'in', forIds).executeTakeFirst();
  return !!task;
}

async function visibleReport(db: Db, actor: Actor, id: string): Promise<ReportRow> {
  const row = await db.selectFrom('department_reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(DEPARTMENT_REPORT, id);
  if (!(await canReadReport(db, actor, row))) throw deniedAsNotFound(DEPARTMENT_REPORT, id);
  return row;
}

/** The monthly net sales of one rep over a period (statistics by month, the rep's own records). */
async function monthlyNetSales(db: K, rep: { id: string; departmentId: string }, range: { from: string; to: string }): Promise<Map<string, number>> {
  const actor: Actor = { userId: rep.id, email: '', displayName: '', roles: ['rep'], permissions: permissionsOf(['rep']), departmentId: rep.departmentId, managerId: null, locale: 'en' };
  const r = await salesReport(db, actor, { from: range.from, to: range.to, groupBy: 'month', ownerId: rep.id });
  return new Map(r.rows.map((row) => [row.key!, row.current.netSales]));
}

/** Builds the report's content from the statements and the statistics as they are now. */
async function buildContent(db: K, departmentId: string, period: { id: string; kind: 'month' | 'quarter' | 'year'; period_key: string; starts_on: string; ends_on: string; close_reason: string | null }): Promise<ReportContentDto> {
  const settings = await getStatementSettings(db);
  const dep = await db.selectFrom('departments').select('name').where('id', '=', departmentId).executeTakeFirstOrThrow();
  const statements = await selectStatements(db).where('s.period_id', '=', period.id).orderBy('u.display_name').execute();
  const reps = await departmentReps(db, departmentId);
  const people = [
    ...statements.map((s) => ({ id: s.rep_id, name: s.rep_name, s })),
    ...reps.filter((r) => !statements.some((s) => s.rep_id === r.id)).map((r) => ({ id: r.id, name: r.display_name, s: undefined })),
  ];
  const range = { from: period.starts_on, to: period.ends_on };
  const months = monthsOf({ kind: period.kind, key: period.period_key, from: range.from, to: range.to });
  const trend = new Map(months.map((m) => [m, 0]));
  const rows = [];
  for (const p of people) {
    const system = await systemFigures(db, { id: p.id, departmentId }, range);
    const isIn = !!p.s && (HANDED_IN as readonly string[]).includes(p.s.status);
    const reportedRaw = (isIn ? (p.s!.reported ?? {}) : {}) as Partial<FiguresDto>;
    for (const [m, v] of await monthlyNetSales(db, { id: p.id, departmentId }, range)) if (trend.has(m)) trend.set(m, trend.get(m)! + v);
    rows.push({ repId: p.id, repName: p.name, statementId: p.s?.id ?? null, status: p.s?.status ?? null, isIn, system, reported: mergedReported(system, reportedRaw), flags: reconcile(system, reportedRaw, settings) });
  }
  const excerpt = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}…` : s);
  return {
    departmentName: dep.name,
    from: range.from,
    to: range.to,
    closeReason: period.close_reason,
    totals: sumFigures(rows.map((r) => r.system)),
    reportedTotals: sumFigures(rows.map((r) => r.reported)),
    rows,
    excerpts: statements
      .filter((s) => (HANDED_IN as readonly string[]).includes(s.status) && (s.market || s.problems || s.next_steps))
      .map((s) => ({ repName: s.rep_name, market: excerpt(s.market), problems: excerpt(s.problems), nextSteps: excerpt(s.next_steps) })),
    trend: [...trend].map(([month, netSales]) => ({ month, netSales })),
  };
}

/**
 * Consolidates a period into the department report: allowed once every statement is handed
 * in, or the period was closed with a reason. Makes the next version (the previous one, if
 * still with the leaders, is withdrawn and superseded), sends it for acknowledgement, then —
 * after the commit — writes its PDF in the consolidator's language, attaches it and files it
 * in the archive.
 */
export async function consolidatePeriod(db: K, stores: FileStores | undefined, actor: Actor, ref: PeriodRef & { locale?: 'en' | 'zh-CN' }): Promise<DepartmentReportDto> {
  const departmentId = await reviewedDepartment(db, actor, ref.departmentId);
  const p = periodOf(ref.kind, ref.periodKey, (await getCompanySettings(db)).fiscalYearStartMonth);
  const id = await db.transaction().execute(async (trx) => {
    const found = await findPeriod(trx, departmentId, p.kind, p.key);
    if (!found) throw new AppError('conflict', 'No statements were opened for this period');
    const period = await trx.selectFrom('statement_periods').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
    const statements = await selectStatements(trx).where('s.period_id', '=', period.id).execute();
    const missing = statements.filter((s) => !(HANDED_IN as readonly string[]).includes(s.status));
    if (!period.closed_at && (missing.length || !statements.length)) {
      throw new AppError('conflict', 'Statements are missing: wait for them or close the period with a reason', { detail: { missing: missing.map((s) => ({ id: s.id, repName: s.rep_name, status: s.status })) } });
    }
    const content = await buildContent(trx as unknown as K, departmentId, period);
    const previous = await trx.selectFrom('department_reports').selectAll().where('period_id', '=', period.id).orderBy('version_no', 'desc').execute();
    for (const old of previous.filter((r) => r.status === 'pending' && r.approval_request_id)) {
      // The engine lets only the submitter withdraw: the one who consolidated the old version stands behind it.
      const submitter = (await loadActor(trx, old.created_by)) ?? actor;
      await withdraw(trx, submitter, old.approval_request_id!, `Superseded by a new version consolidated by ${actor.displayName}`);
    }
    await trx.updateTable('department_reports').set((eb) => ({ status: 'superseded', version: eb('version', '+', 1) })).where('period_id', '=', period.id).where('status', 'in', ['pending', 'withdrawn']).execute();
    const versionNo = (previous[0]?.version_no ?? 0) + 1;
    const { currency } = await getCompanySettings(trx);
    const report = await trx
      .insertInto('department_reports')
      .values({
        number: await nextNumber(trx, DEPARTMENT_REPORT, Number(p.to.slice(0, 4)), 'DR'),
        period_id: period.id,
        department_id: departmentId,
        kind: p.kind,
        period_key: p.key,
        version_no: versionNo,
        locale: ref.locale ?? actor.locale,
        currency,
        content: JSON.stringify(content),
        created_by: actor.userId,
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    const approval = await submitForApproval(trx, actor, { docType: DEPARTMENT_REPORT, docId: report.id, title: `${report.number} ${content.departmentName} ${p.key} v${versionNo}`, amount: null, currency: null });
    await trx.updateTable('department_reports').set({ approval_request_id: approval.requestId }).where('id', '=', report.id).execute();
    await recordAudit(trx, actor, { action: 'department_report.consolidate', entityType: DEPARTMENT_REPORT, entityId: report.id, after: { number: report.number, versionNo, kind: p.kind, periodKey: p.key, totals: content.totals, flags: content.rows.reduce((n, r) => n + r.flags.length, 0) } });
    return report.id;
  });
  // Without file stores (the demo seed) the PDF is written on first download.
  if (stores) await archiveReportPdf(db, stores, actor, id).catch((err) => {
    // The report stands without its PDF; POST …/pdf makes it again.
    console.error('department report PDF failed', err);
  });
  return getReport(db, actor, id);
}

/** A staged upload made from a buffer the server wrote itself (the files service stores staged uploads). */
async function stageBuffer(buffer: Buffer, name: string): Promise<StagedUpload> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'salesdesk-report-'));
  const tmpPath = path.join(dir, 'report.pdf');
  await fs.promises.writeFile(tmpPath, buffer);
  return {
    tmpPath,
    sha256: crypto.createHash('sha256').update(buffer).digest('hex'),
    size: buffer.length,
    mime: 'application/pdf',
    kind: 'pdf',
    name,
    purpose: 'document',
    discard: () => fs.promises.rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Writes the report's PDF when it has none: attached to the report through the files
 * service, and filed in the archive as a "report" document (when the actor may file there).
 */
export async function archiveReportPdf(db: K, stores: FileStores, actor: Actor, id: string): Promise<DepartmentReportDto> {
  const row = await visibleReport(db, actor, id);
  if (!row.pdf_file_id) {
    const createdByName = (await userName(db, row.created_by)) ?? '';
    const content = row.content as ReportContentDto;
    const buffer = await renderReportPdf({ number: row.number, versionNo: row.version_no, kind: row.kind, periodKey: row.period_key, currency: row.currency, createdByName, createdAt: iso(row.created_at), content }, row.locale);
    const name = `${row.number}-v${row.version_no}-${row.period_key}.pdf`;
    const staged = await stageBuffer(buffer, name);
    try {
      await db.transaction().execute(async (trx) => {
        const locked = await trx.selectFrom('department_reports').select('pdf_file_id').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
        if (locked.pdf_file_id) return;
        const file = await storeStagedFile(trx, stores, actor, staged, { type: DEPARTMENT_REPORT, id });
        await trx.updateTable('department_reports').set({ pdf_file_id: file.id }).where('id', '=', id).execute();
      });
      if (can(actor, 'archive:write') && !row.archive_document_id) {
        const title = `${content.departmentName} ${row.period_key} v${row.version_no} (${row.number})`;
        const [doc] = await createDocuments(db, stores, actor, [staged], { title, typeCode: 'report', documentDate: content.to, confidentiality: 'internal', tags: ['department report', row.period_key] });
        await db.updateTable('department_reports').set({ archive_document_id: doc.id }).where('id', '=', id).execute();
      }
    } finally {
      await staged.discard();
    }
  }
  return getReport(db, actor, id);
}

async function toDto(db: Db, row: ReportRow): Promise<DepartmentReportDto> {
  const versions = await db.selectFrom('department_reports').select(['id', 'version_no', 'status', 'created_at', 'pdf_file_id']).where('period_id', '=', row.period_id).orderBy('version_no', 'desc').execute();
  return {
    id: row.id,
    number: row.number,
    departmentId: row.department_id,
    kind: row.kind,
    periodKey: row.period_key,
    versionNo: row.version_no,
    status: row.status,
    locale: row.locale,
    currency: row.currency,
    content: row.content as ReportContentDto,
    pdfFileId: row.pdf_file_id,
    archiveDocumentId: row.archive_document_id,
    approvalRequestId: row.approval_request_id,
    createdByName: (await userName(db, row.created_by)) ?? '',
    createdAt: iso(row.created_at),
    versions: versions.map((v) => ({ id: v.id, versionNo: v.version_no, status: v.status, createdAt: iso(v.created_at), pdfFileId: v.pdf_file_id })),
  };
}

/** One version of a department report, for its department's reviewers and the leaders it was sent to. */
export async function getReport(db: K, actor: Actor, id: string): Promise<DepartmentReportDto> {
  return toDto(db, await visibleReport(db, actor, id));
}

/** Department reports the actor may read, newest first (every version). */
export async function listReports(db: K, actor: Actor, q: { kind?: 'month' | 'quarter' | 'year'; periodKey?: string; limit: number }): Promise<{ items: ReportSummaryDto[] }> {
  if (!can(actor, 'statements:review') && !actor.roles.includes('admin')) requirePermission(actor, 'statements:review');
  let query = db.selectFrom('department_reports as r').innerJoin('users as u', 'u.id', 'r.created_by').selectAll('r').select('u.display_name as created_by_name');
  const scope = await recordScope(db, actor);
  if (scope.kind === 'departments') query = query.where('r.department_id', 'in', scope.departmentIds);
  else if (scope.kind === 'own') return { items: [] };
  if (q.kind) query = query.where('r.kind', '=', q.kind);
  if (q.periodKey) query = query.where('r.period_key', '=', q.periodKey);
  const rows = await query.orderBy('r.created_at', 'desc').limit(q.limit).execute();
  return {
    items: rows.map((r) => ({ id: r.id, number: r.number, departmentId: r.department_id, kind: r.kind, periodKey: r.period_key, versionNo: r.version_no, status: r.status, pdfFileId: r.pdf_file_id, createdAt: iso(r.created_at), createdByName: r.created_by_name })),
  };
}

/** The report's approval document type and its record access for files (the PDF). */
export function registerDepartmentReports(): void {
  registerApprovalDocType({
    type: DEPARTMENT_REPORT,
    // The department's leaders acknowledge the report: the managers (looked for upward from the consolidator's department).
    defaultFlow: [{ name: 'Leaders', key: 'leaders', approvers: [{ kind: 'role', role: 'manager' }], mode: 'any' }],
    async onOutcome(trx, docId, outcome, who) {
      const status = outcome === 'approved' ? 'acknowledged' : outcome === 'withdrawn' ? 'withdrawn' : 'returned';
      await trx.updateTable('department_reports').set((eb) => ({ status, version: eb('version', '+', 1) })).where('id', '=', docId).where('status', '=', 'pending').execute();
      await recordAudit(trx, who, { action: `department_report.${status}`, entityType: DEPARTMENT_REPORT, entityId: docId, after: { status } });
    },
    link: (id) => `/statements/reports/${id}`,
  });
  registerEntity(DEPARTMENT_REPORT, {
    async canRead(db, actor, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
      const row = await db.selectFrom('department_reports').select(['department_id', 'approval_request_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canReadReport(db, actor, row));
    },
    // The PDF is written by the report itself; nobody attaches other files.
    canAttach: async () => false,
    label: async (db, id) => (/^[0-9a-f-]{36}$/i.test(id) ? (await db.selectFrom('department_reports').select('number').where('id', '=', id).executeTakeFirst())?.number : undefined),
    link: (id) => `/statements/reports/${id}`,
  });
}
