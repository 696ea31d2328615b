import { useQueryClient } from '@tanstack/react-query';
import { App, Tag, type FormInstance } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
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

type Editable = { id: string; number: string; version: number; canEdit: boolean };

/**
 * Saving a trip plan or a claim from its form: a new one is created (one record for a double
 * submit: the action key), a saved draft or returned one replaced whole; either may be
 * submitted at once; then its page opens. A stale version shows the conflict; its reload
 * reads the document again: one that can no longer be edited (submitted or decided
 * meanwhile) is left for its page, otherwise its latest version goes into the form.
 */
export function useDocumentSave<T extends Editable, V>(p: {
  kind: 'trips' | 'claims';
  existing?: T;
  form: FormInstance<V>;
  valuesOf: (doc: T) => V;
  /** What a new document's body carries besides its fields (a claim's client request id). */
  createExtra?: Record<string, unknown>;
  messages: { saved: 'trips.saved' | 'claims.saved'; submitted: 'trips.submitted' | 'claims.submittedMessage' };
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(p.existing?.version);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const send = async (fields: Record<string, unknown>, submit: boolean) => {
    setBusy(true);
    try {
      let doc: T;
      if (p.existing) {
        doc = await api.patch<T>(`/api/v1/${p.kind}/${p.existing.id}`, { ...fields, version });
        setVersion(doc.version);
        if (submit) doc = await api.post<T>(`/api/v1/${p.kind}/${p.existing.id}/submit`, { version: doc.version });
      } else {
        const body = { ...fields, submit, ...p.createExtra };
        doc = await api.post<T>(`/api/v1/${p.kind}`, body, { idempotencyKey: key.for(body) });
      }
      message.success(t(submit ? p.messages.submitted : p.messages.saved, { number: doc.number }));
      // The approval panel's steps and history are cached apart from the document.
      await Promise.all([qc.invalidateQueries({ queryKey: [p.kind] }), qc.invalidateQueries({ queryKey: ['requests', p.kind] }), qc.invalidateQueries({ queryKey: ['approvals'] })]);
      navigate(`/${p.kind}/${doc.id}`);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!p.existing) return;
    setConflict(false);
    const fresh = await api.get<T>(`/api/v1/${p.kind}/${p.existing.id}`);
    if (!fresh.canEdit) return navigate(`/${p.kind}/${fresh.id}`);
    setVersion(fresh.version);
    p.form.setFieldsValue(p.valuesOf(fresh) as Parameters<FormInstance<V>['setFieldsValue']>[0]);
    message.info(t('conflict.reloaded'));
  };

  return { error, setError, conflict, busy, send, reload };
}
