import { i18n } from '../../i18n';
import type { PriceListDto } from '../../api/catalogue.types';

/** "2026-01-01 – 2026-12-31", "from 2026-01-01", "Always": a price list's validity in words. */
export function validityText(l: Pick<PriceListDto, 'validFrom' | 'validTo'>): string {
  if (l.validFrom && l.validTo) return `${l.validFrom} – ${l.validTo}`;
  if (l.validFrom) return i18n.t('catalogue.priceLists.openEnd', { from: l.validFrom });
  if (l.validTo) return i18n.t('catalogue.priceLists.openStart', { to: l.validTo });
  return i18n.t('catalogue.priceLists.always');
}

export type ListState = 'live' | 'notYet' | 'expired' | 'archived';

/** Whether a list applies today (dates are plain YYYY-MM-DD, compared as text; today in the browser's zone). */
export function listState(l: Pick<PriceListDto, 'validFrom' | 'validTo' | 'isArchived'>, today: string): ListState {
  if (l.isArchived) return 'archived';
  if (l.validFrom && l.validFrom > today) return 'notYet';
  if (l.validTo && l.validTo < today) return 'expired';
  return 'live';
}
