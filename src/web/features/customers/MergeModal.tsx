import { useQuery } from '@tanstack/react-query';
import { Alert, App, Form, Modal, Space, Typography, type ButtonProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey } from '../../api-client';
import type { CustomerDto, MergeResult } from '../../api/customers.types';
import { i18n } from '../../i18n';
import { translateOr } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CustomerSelect } from './CustomerSelect';
import { getOverview } from './queries';
import type { TextKey } from './texts';

/** "12 contacts, 3 orders" from a merge's moved counts, in the reader's language. */
export function movedSummary(moved: Record<string, number>): string {
  const parts = Object.entries(moved)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => i18n.t('customers.merge.movedItem', { count: n, what: translateOr(`customers.movedKinds.${k}`, k) }));
  return parts.length ? parts.join(i18n.t('customers.listSeparator')) : i18n.t('customers.merge.nothingMoved');
}

/**
 * Merges a duplicate into this customer (the back office). The other customer is
 * picked by search; what will move is shown from its own 360 before the user confirms.
 */
export function MergeModal({ survivor, onClose, onDone }: { survivor: CustomerDto; onClose: () => void; onDone: (r: MergeResult) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const key = useMemo(() => createActionKey(), []);
  const [mergeId, setMergeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const other = useQuery({ queryKey: ['customers', 'overview', mergeId], queryFn: () => getOverview(mergeId!), enabled: !!mergeId });
  const o = other.data;
  const m = (k: TextKey<'merge'>, opts?: Record<string, unknown>) => t(`customers.merge.${k}`, opts ?? {});

  const merge = async () => {
    if (!o) return;
    setBusy(true);
    setError(null);
    const body = { mergeId: o.profile.id, version: survivor.version, mergeVersion: o.profile.version };
    try {
      const result = await api.post<MergeResult>(`/api/v1/customers/${survivor.id}/merge`, body, { idempotencyKey: key.for(body) });
      key.reset();
      message.success(m('done', { moved: movedSummary(result.moved) }));
      onDone(result);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={m('title', { name: survivor.name })}
      okText={m('confirm')}
      okButtonProps={{ danger: true, disabled: !o, loading: busy, 'data-testid': 'confirm-merge' } as ButtonProps}
      cancelText={t('common.cancel')}
      onOk={() => void merge()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <Form layout="vertical">
        <Form.Item label={m('pick')} htmlFor="merge-customer">
          <CustomerSelect id="merge-customer" value={mergeId} onChange={(v) => setMergeId(v)} excludeId={survivor.id} placeholder={m('pickPlaceholder')} />
        </Form.Item>
      </Form>
      <ErrorAlert error={other.error ?? error} style={{ marginBottom: 12 }} />
      {o ? (
        <Alert
          type="warning"
          showIcon
          data-testid="merge-preview"
          message={m('willMove', { name: survivor.name })}
          description={
            <Space direction="vertical" size={4}>
              <Typography.Text>{m('moveList', { name: `${o.profile.code} ${o.profile.name}` })}</Typography.Text>
              <Typography.Text strong data-testid="merge-counts">
                {m('counts', {
                  contacts: o.contacts.length,
                  addresses: o.addresses.length,
                  orders: o.orders.count,
                  returns: o.returns.count,
                  contracts: o.contracts.count,
                  negotiations: o.negotiations.count,
                  files: o.files.length,
                  tasks: o.tasks.length,
                })}
              </Typography.Text>
              <Typography.Text>{m('fill')}</Typography.Text>
              <Typography.Text type="danger">{m('archivedAfter', { name: o.profile.name })}</Typography.Text>
            </Space>
          }
        />
      ) : null}
    </Modal>
  );
}
