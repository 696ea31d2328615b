import { Tag } from 'antd';
import type { LocationKind, PaperStatus } from '../../api/archive-paper.types';
import { i18n } from '../../i18n';
import { translateOr } from '../../i18n/labels';

const PAPER_COLORS: Record<PaperStatus, string> = { in_place: 'green', lent: 'blue', missing: 'red' };

/** In place / lent / missing, and "overdue" when a loan is past its due date. */
export function PaperStatusTag({ status, isOverdue }: { status: PaperStatus; isOverdue?: boolean }) {
  return (
    <span data-testid="paper-status" data-value={status} data-overdue={isOverdue ? 'true' : 'false'}>
      <Tag color={PAPER_COLORS[status]}>{translateOr(`archive.paperStatuses.${status}`, status)}</Tag>
      {isOverdue ? <Tag color="red">{i18n.t('archive.paper.overdue')}</Tag> : null}
    </span>
  );
}

export const locationKindLabel = (kind: string) => translateOr(`archive.locationKinds.${kind}`, kind);
export const LOCATION_KINDS: LocationKind[] = ['room', 'cabinet', 'shelf', 'box'];
export const stocktakeResultLabel = (r: string) => translateOr(`archive.stocktakeResults.${r}`, r);
const RESULT_COLORS: Record<string, string> = { found: 'green', missing: 'red', misplaced: 'orange', unknown: 'purple', lent: 'blue' };
export function StocktakeResultTag({ result }: { result: string | null }) {
  if (!result) return <Tag data-testid="stocktake-result" data-value="pending">{i18n.t('archive.stocktakes.pending')}</Tag>;
  return (
    <Tag color={RESULT_COLORS[result] ?? 'default'} data-testid="stocktake-result" data-value={result}>
      {stocktakeResultLabel(result)}
    </Tag>
  );
}
