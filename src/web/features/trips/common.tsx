import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';

const TRIP_COLORS: Record<string, string> = { submitted: 'gold', approved: 'blue', completed: 'green', rejected: 'red', cancelled: 'default' };
const CLAIM_COLORS: Record<string, string> = { submitted: 'gold', approved: 'blue', paid: 'green', rejected: 'red', cancelled: 'default' };

export function TripStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={TRIP_COLORS[status]} data-testid="trip-status" data-status={status}>
      {t(`trips.statuses.${status}` as 'trips.statuses.draft')}
    </Tag>
  );
}

export function ClaimStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CLAIM_COLORS[status]} data-testid="claim-status" data-status={status}>
      {t(`claims.statuses.${status}` as 'claims.statuses.draft')}
    </Tag>
  );
}

/** An API failure with the fields it names. */
export const failureText = (e: unknown) => (isApiError(e) && e.fields.length ? `${errorMessage(e)} ${e.fields.map((f) => `${f.field}: ${fieldErrorMessage(f)}`).join('; ')}` : errorMessage(e));

export const BUDGET_CATEGORIES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'other'] as const;
export const CLAIM_CATEGORIES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other'] as const;
export const MODES = ['flight', 'train', 'car', 'bus', 'ship', 'other'] as const;

/**
 * After a stale save on a trip or claim form: read the record again; one that can no longer be edited
 * (submitted or decided meanwhile) is left for its page, otherwise its latest version goes into the form.
 */
export async function reloadEditable<T extends { id: string; version: number; canEdit: boolean }>(
  url: string,
  edit: (fresh: T) => void,
  leave: (fresh: T) => void,
): Promise<void> {
  const fresh = await api.get<T>(url);
  if (fresh.canEdit) edit(fresh);
  else leave(fresh);
}
