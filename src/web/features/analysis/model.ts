import type { AbcResult, AnalysisKind, Dimension, RfmSegment } from '../../api/analysis.types';
import { i18n } from '../../i18n';

// The lists are typed from the server's schema but written here: importing the schema's values would pull zod into the chunk.
export const DIMENSION_OPTIONS: Dimension[] = ['none', 'region', 'industry', 'level', 'owner'];
export const MONTH_OPTIONS = [3, 6, 12, 24, 36];
export const DORMANT_DAY_OPTIONS = [90, 180, 365];
export const TABS = ['rfm', 'abc', 'lifecycle', 'dormancy'] as const;
export type Tab = (typeof TABS)[number];

/** Readable, distinct colours: cool for the good segments, warm for the risky ones, greys for the gone. */
export const SEGMENT_COLORS: Record<RfmSegment, string> = {
  champions: '#1d5fd1',
  loyal: '#1e9aa8',
  potential_loyalists: '#3f9d2f',
  new: '#8fc24a',
  need_attention: '#e0a800',
  at_risk: '#f07c1a',
  cant_lose: '#d4380d',
  hibernating: '#8c8c8c',
  lost: '#4d4d4d',
};
/** The segments in the server's order (best first): the keys of SEGMENT_COLORS, which the type forces to be complete. */
export const RFM_SEGMENTS = Object.keys(SEGMENT_COLORS) as RfmSegment[];
export const CLASS_COLORS: Record<AbcResult['classes'][number]['class'], string> = { A: '#1d5fd1', B: '#e0a800', C: '#a6a6a6' };
export const ABC_CLASSES = Object.keys(CLASS_COLORS) as (keyof typeof CLASS_COLORS)[];
export const LIFECYCLE_COLORS = { new: '#3f9d2f', returning: '#1d5fd1' } as const;
export const RISK_COLORS = { dormant: '#8c8c8c', churn: '#d4380d' } as const;

/** What the analysis page keeps in the address bar (and passes on to the customer lists). */
export interface AnalysisParams {
  asOf?: string;
  months: number;
  dimension: Dimension;
  dormantDays: number;
}

/** The API filter that selects one group of a dimension. */
export const FILTER_OF: Record<Exclude<Dimension, 'none'>, 'regionId' | 'industry' | 'level' | 'ownerId'> = { region: 'regionId', industry: 'industry', level: 'level', owner: 'ownerId' };
export const FILTER_KEYS = ['regionId', 'industry', 'level', 'ownerId'] as const;

export interface MemberSelection {
  analysis: AnalysisKind;
  segment?: string;
  month?: string;
  /** A group of the breakdown: the dimension and the group's key. */
  group?: { dimension: Dimension; key: string; label?: string };
}

/** The customer list behind a segment, class, month or risk, computed for the same day and period (label and currency are for display). */
export function membersLink(p: { asOf: string; months: number; dormantDays?: number; currency?: string }, sel: MemberSelection): string {
  const q = new URLSearchParams({ analysis: sel.analysis, asOf: p.asOf, months: String(p.months) });
  if (sel.segment) q.set('segment', sel.segment);
  if (sel.month) q.set('month', sel.month);
  if ((sel.analysis === 'dormant' || sel.analysis === 'churn') && p.dormantDays) q.set('dormantDays', String(p.dormantDays));
  if (sel.group && sel.group.dimension !== 'none') {
    q.set(FILTER_OF[sel.group.dimension], sel.group.key);
    // For the page's heading only (the API gets the key).
    if (sel.group.label) q.set('label', sel.group.label);
  }
  if (p.currency) q.set('currency', p.currency);
  return `/analysis/customers/members?${q.toString()}`;
}

/** A group's name: its label, a level's own letter, or "not set". */
export function groupLabel(label: string | null, key: string): string {
  if (key === 'none') return i18n.t('analysis.notSet');
  return label ?? key;
}

export const segmentLabel = (s: RfmSegment) => i18n.t(`analysis.segments.${s}`);

/** "12.3 %" in the reader's language. */
export function formatShare(share: number): string {
  return new Intl.NumberFormat(i18n.language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

/** Whole yuan for chart axes (money is exact in tables; a chart only needs its size). */
export const toMajor = (minor: number) => Math.round(minor / 100);

/** Rows of a breakdown as the distinct groups, in the server's order. */
export function distinctGroups<T extends { key: string; label: string | null }>(rows: T[]): { key: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const r of rows) if (!seen.has(r.key)) seen.set(r.key, groupLabel(r.label, r.key));
  return [...seen].map(([key, label]) => ({ key, label }));
}

/** 1234567 → "123.5万" / "1.2M": axis labels stay short. */
export function compact(v: number): string {
  return new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** Text for an ECharts tooltip written as HTML (customer names are user data). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
