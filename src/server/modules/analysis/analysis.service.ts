import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { formatMinor } from '../../platform/money/money';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination';
import { dayInZone, getCompanySettings } from '../../platform/settings/settings.service';
import { customerVisibility } from '../customers/customers.access';
import { abcParts, dormancyParts, lifecycleRows, memberRows, periodBounds, rfmParts, type Frame, type MemberRow, type MemberSelection, type Query } from './analysis.repo';
import {
  ABC_CLASSES,
  RFM_SEGMENTS,
  type AbcQuery,
  type AbcResult,
  type AnalysisFilters,
  type Dimension,
  type DormancyQuery,
  type DormancyResult,
  type ExportMembersQuery,
  type LifecycleQuery,
  type LifecycleResult,
  type MemberDto,
  type MembersQuery,
  type RfmResult,
  type RfmQuery,
  type RfmSegment,
} from './analysis.schema';

/**
 * Customer group analysis for leaders (analysis:read: the back office and finance).
 * Computed only over the customers the caller may see (the customers module's record
 * rule), in the company currency, as of a day. The rules are in docs/analysis.md.
 */
type Db = Kysely<Database>;

/** The day, the period and the currency an analysis is computed for. */
async function frameOf(db: Db, q: AnalysisFilters, dormantDays = 180): Promise<Frame & { months: number; monthStart: string }> {
  const settings = await getCompanySettings(db);
  const asOf = q.asOf ?? dayInZone(new Date(), settings.timeZone);
  const { periodStart, monthStart } = await periodBounds(db, asOf, q.months);
  return { asOf, periodStart, monthStart, months: q.months, currency: settings.currency, dormantDays };
}

async function prepare(db: Db, actor: Actor, q: AnalysisFilters & { dimension?: Dimension; dormantDays?: number }) {
  requirePermission(actor, 'analysis:read');
  const frame = await frameOf(db, q, q.dormantDays);
  const query: Query = { scope: await customerVisibility(db, actor), filters: q, frame, dimension: q.dimension ?? 'none' };
  return { frame, query };
}

const frameDto = (f: Frame & { months: number }) => ({ asOf: f.asOf, periodStart: f.periodStart, months: f.months, currency: f.currency });

/** RFM scores and segments of the customers who have ordered, with counts and net sales per segment (and per group of the dimension). */
export async function rfmAnalysis(db: Db, actor: Actor, q: RfmQuery): Promise<RfmResult> {
  const { frame, query } = await prepare(db, actor, q);
  const parts = await rfmParts(db, query);
  const bySegment = new Map(parts.filter((p) => p.part === 'segment').map((p) => [p.k1, p]));
  return {
    ...frameDto(frame),
    dimension: query.dimension,
    customers: parts.filter((p) => p.part === 'segment').reduce((s, p) => s + p.n, 0),
    segments: RFM_SEGMENTS.map((segment) => ({ segment, customers: bySegment.get(segment)?.n ?? 0, netSales: bySegment.get(segment)?.net ?? 0 })),
    grid: parts.filter((p) => p.part === 'grid').map((p) => ({ r: Number(p.k1), fm: Number(p.k2), customers: p.n })).sort((a, b) => b.r - a.r || a.fm - b.fm),
    groups: parts
      .filter((p) => p.part === 'group')
      .map((p) => ({ key: p.k2!, label: p.label, segment: p.k1 as RfmSegment, customers: p.n, netSales: p.net }))
      .sort((a, b) => groupOrder(a, b) || RFM_SEGMENTS.indexOf(a.segment) - RFM_SEGMENTS.indexOf(b.segment)),
  };
}

/** Groups by label (not set last), then key: a stable order for tables and stacked charts. */
function groupOrder(a: { key: string; label: string | null }, b: { key: string; label: string | null }) {
  if ((a.label === null) !== (b.label === null)) return a.label === null ? 1 : -1;
  return (a.label ?? '').localeCompare(b.label ?? '') || a.key.localeCompare(b.key);
}

/** Customers ranked by net sales in the period: class A up to 80 % of the total, B the next 15 %, C the rest; Pareto points of the top ones. */
export async function abcAnalysis(db: Db, actor: Actor, q: AbcQuery): Promise<AbcResult> {
  const { frame, query } = await prepare(db, actor, q);
  const parts = await abcParts(db, query, q.top);
  const classes = parts.filter((p) => p.part === 'class');
  const total = classes.reduce((s, p) => s + p.net, 0);
  const byClass = new Map(classes.map((p) => [p.k1, p]));
  return {
    ...frameDto(frame),
    dimension: query.dimension,
    customers: classes.reduce((s, p) => s + p.n, 0),
    netSales: total,
    classes: ABC_CLASSES.map((c) => {
      const row = byClass.get(c);
      return { class: c, customers: row?.n ?? 0, netSales: row?.net ?? 0, share: total > 0 && row ? Math.round((row.net / total) * 10_000) / 10_000 : 0 };
    }),
    points: parts
      .filter((p) => p.part === 'point')
      .map((p) => ({ rank: p.n, customerId: p.k2!, name: p.label ?? '', netSales: p.net, cumulativeShare: p.n2 / 10_000, class: p.k1 as 'A' | 'B' | 'C' }))
      .sort((a, b) => a.rank - b.rank),
    groups: parts
      .filter((p) => p.part === 'group')
      .map((p) => ({ key: p.k2!, label: p.label, class: p.k1 as 'A' | 'B' | 'C', customers: p.n, netSales: p.net }))
      .sort((a, b) => groupOrder(a, b) || a.class.localeCompare(b.class)),
  };
}

/** The months of the window, oldest first ('YYYY-MM'). */
function monthsFrom(monthStart: string, count: number): string[] {
  const [y, m] = monthStart.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const idx = y * 12 + (m - 1) + i;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  });
}

/** Per calendar month of the window: customers who ordered, new (first-ever order in that month) or returning, and their net sales. */
export async function lifecycleAnalysis(db: Db, actor: Actor, q: LifecycleQuery): Promise<LifecycleResult> {
  const { frame, query } = await prepare(db, actor, q);
  // The series covers whole calendar months: the asOf month and the months - 1 before it.
  const monthly = { ...query, frame: { ...frame, periodStart: frame.monthStart } };
  const rows = await lifecycleRows(db, monthly);
  return {
    ...frameDto(frame),
    periodStart: frame.monthStart,
    series: monthsFrom(frame.monthStart, frame.months).map((month) => {
      const of = (isNew: boolean) => rows.find((r) => r.month === month && r.is_new === isNew);
      return {
        month,
        newCustomers: of(true)?.customers ?? 0,
        returningCustomers: of(false)?.customers ?? 0,
        newNetSales: of(true)?.net ?? 0,
        returningNetSales: of(false)?.net ?? 0,
      };
    }),
  };
}

/** Dormant customers (no order for dormantDays, orders before) and churn risk (a drop against their own rate, or overdue against their usual interval). */
export async function dormancyAnalysis(db: Db, actor: Actor, q: DormancyQuery): Promise<DormancyResult> {
  const { frame, query } = await prepare(db, actor, q);
  const parts = await dormancyParts(db, query);
  const total = parts.find((p) => p.part === 'total');
  const bucket = (b: string) => parts.find((p) => p.part === 'bucket' && p.k1 === b)?.n ?? 0;
  return {
    ...frameDto(frame),
    dimension: query.dimension,
    dormantDays: frame.dormantDays,
    customers: total?.n ?? 0,
    dormant: total?.n2 ?? 0,
    churnRisk: total?.n3 ?? 0,
    drop: total?.n4 ?? 0,
    overdue: total?.net ?? 0,
    recency: (['0-30', '31-90', '91-180', '181-365', '366+'] as const).map((b) => ({ bucket: b, customers: bucket(b) })),
    groups: parts
      .filter((p) => p.part === 'group')
      .map((p) => ({ key: p.k2!, label: p.label, customers: p.n, dormant: p.n2, churnRisk: p.n3 }))
      .sort(groupOrder),
  };
}

function toMemberDto(r: MemberRow): MemberDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    regionId: r.region_id,
    regionName: r.region_name,
    industry: r.industry,
    level: r.level,
    firstOrderDate: r.first_order,
    lastOrderDate: r.last_order,
    daysSinceLastOrder: r.recency_days,
    usualIntervalDays: r.usual_interval,
    orders: r.orders,
    netSales: r.net_sales,
    r: r.r,
    f: r.f,
    m: r.m,
    segment: r.segment as RfmSegment,
    abcClass: r.abc_class as MemberDto['abcClass'],
    isDormant: r.is_dormant,
    churnReasons: [...(r.churn_drop ? (['drop'] as const) : []), ...(r.churn_overdue ? (['overdue'] as const) : [])],
  };
}

function selectionOf(q: MembersQuery | ExportMembersQuery): MemberSelection {
  return { analysis: q.analysis, segment: q.segment, monthStart: q.month ? `${q.month}-01` : undefined };
}

/** The customers behind one segment, class, month or risk (the list a click on a chart opens), by net sales, keyset-paged. */
export async function listMembers(db: Db, actor: Actor, q: MembersQuery): Promise<Page<MemberDto>> {
  const { query } = await prepare(db, actor, q);
  let after: [number, string] | undefined;
  if (q.cursor) {
    const [value, id] = decodeCursor(q.cursor);
    if (typeof value !== 'number' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw fieldError('cursor', 'invalid', 'cursor is not valid');
    after = [value, id];
  }
  const rows = await memberRows(db, query, selectionOf(q), { limit: q.limit + 1, after });
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(toMemberDto), nextCursor: rows.length > q.limit && last ? encodeCursor(last.net_sales, last.id) : null };
}

const SEGMENT_NAMES: Record<RfmSegment, { en: string; zh: string }> = {
  champions: { en: 'Champions', zh: '重要价值客户' },
  loyal: { en: 'Loyal', zh: '忠诚客户' },
  potential_loyalists: { en: 'Potential loyalists', zh: '潜力客户' },
  new: { en: 'New', zh: '新客户' },
  need_attention: { en: 'Need attention', zh: '需要关注' },
  at_risk: { en: 'At risk', zh: '风险客户' },
  cant_lose: { en: 'Can’t lose', zh: '不能失去' },
  hibernating: { en: 'Hibernating', zh: '沉睡客户' },
  lost: { en: 'Lost', zh: '已流失' },
};

const REASON_NAMES = { drop: { en: 'Sales drop', zh: '销售下滑' }, overdue: { en: 'Overdue', zh: '超期未下单' } };

function memberColumns(locale: 'en' | 'zh-CN'): ExportColumn<MemberDto>[] {
  const zh = locale === 'zh-CN';
  return [
    { key: 'code', en: 'Code', zh: '编码', value: (r) => r.code, width: 14 },
    { key: 'name', en: 'Customer', zh: '客户', value: (r) => r.name, width: 32 },
    { key: 'owner', en: 'Owner', zh: '负责人', value: (r) => r.ownerName },
    { key: 'region', en: 'Region', zh: '区域', value: (r) => r.regionName },
    { key: 'industry', en: 'Industry', zh: '行业', value: (r) => r.industry },
    { key: 'level', en: 'Level', zh: '等级', value: (r) => r.level, width: 8 },
    { key: 'segment', en: 'RFM segment', zh: 'RFM 分群', value: (r) => SEGMENT_NAMES[r.segment][zh ? 'zh' : 'en'] },
    { key: 'rfm', en: 'R-F-M', zh: 'R-F-M', value: (r) => `${r.r}-${r.f}-${r.m}`, width: 8 },
    { key: 'abc', en: 'ABC class', zh: 'ABC 分类', value: (r) => r.abcClass, width: 8 },
    { key: 'firstOrder', en: 'First order', zh: '首次下单', value: (r) => r.firstOrderDate, kind: 'date' },
    { key: 'lastOrder', en: 'Last order', zh: '最近下单', value: (r) => r.lastOrderDate, kind: 'date' },
    { key: 'days', en: 'Days since last order', zh: '距最近下单天数', value: (r) => r.daysSinceLastOrder, kind: 'number' },
    { key: 'interval', en: 'Usual interval (days)', zh: '平时下单间隔（天）', value: (r) => r.usualIntervalDays, kind: 'number' },
    { key: 'orders', en: 'Orders in period', zh: '期间订单数', value: (r) => r.orders, kind: 'number' },
    { key: 'net', en: 'Net sales in period', zh: '期间净销售额', value: (r) => formatMinor(r.netSales), kind: 'money' },
    { key: 'risk', en: 'Churn risk', zh: '流失风险', value: (r) => r.churnReasons.map((x) => REASON_NAMES[x][zh ? 'zh' : 'en']).join(zh ? '、' : ', ') },
  ];
}

/** The same customer list as CSV or XLSX, headers in the caller's language (at most EXPORT_LIMIT rows). */
export async function exportMembers(db: Db, actor: Actor, q: ExportMembersQuery): Promise<ExportFile> {
  const { query } = await prepare(db, actor, q);
  const rows = await memberRows(db, query, selectionOf(q), { limit: EXPORT_LIMIT + 1 });
  if (rows.length > EXPORT_LIMIT) throw new AppError('bad_request', `More than ${EXPORT_LIMIT} customers match; narrow the filter`);
  return buildExport(rows.map(toMemberDto), memberColumns(actor.locale), {
    format: q.format,
    locale: actor.locale,
    name: `customers-${q.analysis}${q.segment ? `-${q.segment}` : ''}`,
    sheet: { en: 'Customers', zh: '客户' },
  });
}
