import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { formatMinor } from '../../platform/money/money';
import type { TripSummaryDto } from './trips.schema';
import { listTrips } from './trips.service';

/** The trips list as CSV / XLSX: the same filters and record rules as the list, headers and statuses in the reader's language. */
const TRIP_STATUS_ZH: Record<string, string> = { draft: '草稿', submitted: '审批中', approved: '已批准', rejected: '已驳回', completed: '已完成', cancelled: '已取消' };

function tripColumns(zh: boolean): ExportColumn<TripSummaryDto>[] {
  return [
    { key: 'number', en: 'Trip', zh: '出差单号', value: (r) => r.number, width: 16 },
    { key: 'traveller', en: 'Traveller', zh: '出差人', value: (r) => r.travellerName },
    { key: 'purpose', en: 'Purpose', zh: '事由', value: (r) => r.purpose, width: 36 },
    { key: 'destinations', en: 'Destinations', zh: '目的地', value: (r) => r.destinations.join(' → '), width: 24 },
    { key: 'start', en: 'From', zh: '开始日期', value: (r) => r.startDate, kind: 'date', width: 12 },
    { key: 'end', en: 'To', zh: '结束日期', value: (r) => r.endDate, kind: 'date', width: 12 },
    { key: 'status', en: 'Status', zh: '状态', value: (r) => (zh ? (TRIP_STATUS_ZH[r.status] ?? r.status) : r.status), width: 12 },
    { key: 'budget', en: 'Budget', zh: '预算', value: (r) => formatMinor(r.budgetTotal), kind: 'money' },
    { key: 'advance', en: 'Advance requested', zh: '申请借款', value: (r) => formatMinor(r.advanceRequested), kind: 'money' },
  ];
}

/** The trips the actor may see, with the list's filters, as a file. */
export async function exportTrips(db: Kysely<Database>, actor: Actor, q: { status?: TripSummaryDto['status']; travellerId?: string; mine?: 'true' | 'false'; format: 'csv' | 'xlsx' }): Promise<ExportFile> {
  const { format, ...filters } = q;
  const page = await listTrips(db, actor, { ...filters, limit: EXPORT_LIMIT });
  return buildExport(page.items, tripColumns(actor.locale === 'zh-CN'), { format, locale: actor.locale, name: 'trips', sheet: { en: 'Trips', zh: '出差' } });
}
