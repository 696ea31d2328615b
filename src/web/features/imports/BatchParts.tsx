import { UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Progress, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { createActionKey, isApiError } from '../../api-client';
import type { ImportBatch, ImportKind } from '../../api/imports.types';
import { errorMessage } from '../../i18n/labels';
import { hasPage } from '../../navigation';
import { formatDateTime } from '../../ui/format';
import { useUser } from '../users/queries';
import { countsText, ImportStatusTag, kindLabel } from './labels';
import { importsKey, undoImport } from './queries';

/** Who started a batch (the API gives the user's id). */
export function UserName({ id }: { id: string | null }) {
  const user = useUser(id ?? undefined);
  if (!id) return <>–</>;
  return <>{user.data?.displayName ?? ''}</>;
}

/** Undo a finished batch, after a confirmation that says what will be deleted. */
export function UndoButton({ batch, size, onDone }: { batch: ImportBatch; size?: 'small' | 'middle'; onDone?: (b: ImportBatch) => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const [busy, setBusy] = useState(false);
  if (batch.status !== 'imported') return null;
  const confirm = () =>
    modal.confirm({
      title: t('imports.undoConfirmTitle', { number: batch.number }),
      content: t('imports.undoConfirmText', { what: countsText(batch.created) || '–' }),
      okText: t('imports.undoOk'),
      okButtonProps: { danger: true, 'data-testid': 'undo-confirm' } as React.ComponentProps<typeof Button>,
      onOk: async () => {
        setBusy(true);
        try {
          const undone = await undoImport(batch.id, key);
          message.success(t('imports.undone', { number: batch.number }));
          await qc.invalidateQueries({ queryKey: importsKey });
          onDone?.(undone);
        } catch (e) {
          // A refusal names the records in the way (server text, English); lead with our own sentence.
          const blocked = isApiError(e, 'conflict') && /depend|refers/.test(e.message);
          modal.error({ title: blocked ? t('imports.undoBlocked') : errorMessage(e), content: blocked ? <Typography.Text type="secondary">{e.message}</Typography.Text> : undefined });
        } finally {
          setBusy(false);
        }
      },
    });
  return (
    <Button size={size} danger icon={<UndoOutlined />} loading={busy} onClick={confirm} data-testid="undo-import">
      {t('imports.undo')}
    </Button>
  );
}

/** Where to look at what an import made: the lists of the records it created (only pages that exist). */
const RESULT_LINKS: Record<ImportKind, { path: string; label: string }[]> = {
  orders: [
    { path: '/sales/orders', label: 'nav.orders' },
    { path: '/customers', label: 'nav.customers' },
    { path: '/catalogue/products', label: 'nav.products' },
    { path: '/products', label: 'nav.products' },
    { path: '/catalogue/regions', label: 'nav.regions' },
    { path: '/regions', label: 'nav.regions' },
  ],
  customers: [{ path: '/customers', label: 'nav.customers' }],
  contacts: [{ path: '/contacts', label: 'nav.contacts' }, { path: '/customers/contacts', label: 'nav.contacts' }],
  products: [{ path: '/catalogue/products', label: 'nav.products' }, { path: '/products', label: 'nav.products' }],
};

export function ResultLinks({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const links = RESULT_LINKS[kind].filter((l) => hasPage(l.path));
  if (!links.length) return null;
  return (
    <Space wrap>
      {links.map((l) => (
        <Link key={l.path} to={l.path} data-testid="import-result-link">
          {t('imports.run.open', { what: (t as unknown as (k: string) => string)(l.label) })}
        </Link>
      ))}
    </Space>
  );
}

/** A batch at a glance: file, who, when, status, and the counts. */
export function BatchSummary({ batch, column = 3 }: { batch: ImportBatch; column?: number }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, lg: column }} data-testid="batch-summary">
      <Descriptions.Item label={t('imports.kind')}>{kindLabel(batch.kind)}</Descriptions.Item>
      <Descriptions.Item label={t('imports.fileName')}>{batch.fileName}</Descriptions.Item>
      <Descriptions.Item label={t('imports.status')}>
        <ImportStatusTag status={batch.status} />
        {batch.status === 'importing' && <Progress percent={batch.progress} size="small" style={{ width: 160, margin: 0 }} />}
      </Descriptions.Item>
      <Descriptions.Item label={t('imports.createdBy')}>
        <UserName id={batch.createdBy} />
      </Descriptions.Item>
      <Descriptions.Item label={t('imports.createdAt')}>{formatDateTime(batch.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('imports.finishedAt')}>{formatDateTime(batch.finishedAt) || '–'}</Descriptions.Item>
      <Descriptions.Item label={t('imports.rows')}>
        <span data-testid="count-rows">{batch.totalRows}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('imports.errorRows')}>
        <span data-testid="count-errors">{batch.errorRows}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('imports.created')}>
        <span data-testid="count-created">{countsText(batch.created) || '0'}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('imports.unchanged')} span={column === 3 ? 3 : 1}>
        <span data-testid="count-unchanged">{countsText(batch.unchanged) || '0'}</span>
      </Descriptions.Item>
      {batch.undoneAt && (
        <Descriptions.Item label={t('imports.undoneAt')} span={column === 3 ? 3 : 1}>
          {formatDateTime(batch.undoneAt)}
        </Descriptions.Item>
      )}
      {/* Only a failure's note: the server writes it in English, and it says why. */}
      {batch.status === 'failed' && batch.message && (
        <Descriptions.Item label={t('imports.message')} span={column === 3 ? 3 : 1}>
          {batch.message}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
