import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { formatMinor } from '../../platform/money/money';
import type { ClaimSummaryDto, ListClaimsQuery } from './claims.schema';
import { listClaims } from './claims.service';

/** The claims list as CSV / XLSX: the same filters and record rules as the lists, headers and statuses in the reader's language. */
const CLAIM_STATUS_ZH: Record<string, string> = { draft: '草稿', submitted: '审批中', approved: '已批准', rejected: '已驳回', paid: '已付款', cancelled: '已取消' };
const SEVERITY_ZH: Record<string, string> = { info: '提示', warning: '警告', high: '严重' };
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

function claimColumns(zh: boolean): ExportColumn<ClaimSummaryDto>[] {
  return [
    { key: 'number', en: 'Claim', zh: '报销单号', value: (r) => r.number, width: 16 },
    { key: 'claimant', en: 'Claimant', zh: '报销人', value: (r) => r.claimantName },
    { key: 'trip', en: 'Trip', zh: '出差单号', value: (r) => r.tripNumber, width: 16 },
    { key: 'title', en: 'Title', zh: '事由', value: (r) => r.title, width: 36 },
    { key: 'status', en: 'Status', zh: '状态', value: (r) => (zh ? (CLAIM_STATUS_ZH[r.status] ?? r.status) : r.status), width: 12 },
    { key: 'total', en: 'Total', zh: '金额', value: (r) => formatMinor(r.total), kind: 'money' },
    { key: 'currency', en: 'Currency', zh: '币种', value: (r) => r.currency, width: 8 },
    { key: 'openChecks', en: 'Open findings', zh: '未处理提示', value: (r) => r.openChecks, kind: 'number' },
    { key: 'worst', en: 'Worst finding', zh: '最高级别', value: (r) => (r.worstSeverity ? (zh ? SEVERITY_ZH[r.worstSeverity] : r.worstSeverity) : null), width: 10 },
    { key: 'submitted', en: 'Submitted', zh: '提交日期', value: (r) => day(r.submittedAt), kind: 'date', width: 12 },
    { key: 'paid', en: 'Paid', zh: '付款日期', value: (r) => day(r.paidAt), kind: 'date', width: 12 },
  ];
}

/** The claims the actor may see, with the list's filters, as a file. */
export async function exportClaims(db: Kysely<Database>, actor: Actor, q: Omit<ListClaimsQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  const { format, ...filters } = q;
  const page = await listClaims(db, actor, { ...filters, limit: EXPORT_LIMIT });
  return buildExport(page.items, claimColumns(actor.locale === 'zh-CN'), { format, locale: actor.locale, name: 'claims', sheet: { en: 'Claims', zh: '报销单' } });
}
