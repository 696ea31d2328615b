import { Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIGURES, MONEY_FIGURES, STATEMENT_KINDS } from '../../../server/modules/statements/statements.schema';
import type { Figure, StatementKind, StatementStatus } from '../../api/statements.types';
import { formatMoney } from '../../ui/money';

export { FIGURES, MONEY_FIGURES, STATEMENT_KINDS };

export const STATUS_COLOR: Record<StatementStatus, string> = { open: 'default', submitted: 'processing', queried: 'warning', resubmitted: 'processing', accepted: 'success' };
export const STATE_COLOR = { submitted: 'success', late: 'error', due: 'default' } as const;
export type ReportStatus = 'pending' | 'acknowledged' | 'returned' | 'withdrawn' | 'superseded';
export const reportStatusKey = (s: string) => `statements.report.statuses.${s as ReportStatus}` as const;
export const REPORT_STATUS_COLOR: Record<string, string> = { pending: 'processing', acknowledged: 'success', returned: 'warning', withdrawn: 'default', superseded: 'default' };

export function StatementStatusTag({ status }: { status: StatementStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <Tag>{t('statements.board.notOpened')}</Tag>;
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`status-${status}`}>
      {t(`statements.statuses.${status}`)}
    </Tag>
  );
}

/** A figure for reading: money in the company's currency, counts as integers; null is a dash. */
export function figureText(f: Figure, v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined) return '–';
  return MONEY_FIGURES.includes(f) ? formatMoney(v, currency) : v.toLocaleString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Recent periods of a kind, newest first, from the last one that ended (month: 24, quarter: 8, year: 4). Calendar-based keys; fiscal quarters are named the same way. */
export function recentPeriods(kind: StatementKind, today = new Date()): string[] {
  const y = today.getFullYear();
  const m = today.getMonth() + 1;
  const out: string[] = [];
  if (kind === 'month') for (let i = 1; i <= 24; i++) { const d = new Date(y, m - 1 - i, 1); out.push(`${d.getFullYear()}-${pad(d.getMonth() + 1)}`); }
  if (kind === 'quarter') {
    let q = Math.floor((m - 1) / 3);
    let yy = y;
    for (let i = 0; i < 8; i++) {
      if (q === 0) { q = 4; yy--; }
      out.push(`${yy}-Q${q}`);
      q--;
    }
  }
  if (kind === 'year') for (let i = 1; i <= 4; i++) out.push(String(y - i));
  return out;
}

/** Kind and period pickers (the board, the reports). */
export function PeriodPicker({ kind, periodKey, onChange }: { kind: StatementKind; periodKey: string; onChange: (kind: StatementKind, periodKey: string) => void }) {
  const { t } = useTranslation();
  const keys = recentPeriods(kind);
  return (
    <Space wrap>
      <Select
        value={kind}
        style={{ width: 120 }}
        data-testid="period-kind"
        options={STATEMENT_KINDS.map((k) => ({ value: k, label: t(`statements.kinds.${k}`) }))}
        onChange={(k: StatementKind) => onChange(k, recentPeriods(k)[0])}
      />
      <Select value={periodKey} style={{ width: 140 }} data-testid="period-key" options={(keys.includes(periodKey) ? keys : [periodKey, ...keys]).map((k) => ({ value: k, label: k }))} onChange={(k: string) => onChange(kind, k)} showSearch />
    </Space>
  );
}

/** Integer minor units → a plain decimal for an input ("123456" → "1234.56"), with integer arithmetic only. */
export function minorToInput(minor: number, digits: number): string {
  if (!digits) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
