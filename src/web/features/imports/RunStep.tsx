import { Button, Progress, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ImportBatch } from '../../api/imports.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { BatchSummary, ResultLinks } from './BatchParts';
import { ErrorsTable } from './ErrorsTable';
import { useBatch } from './queries';

/**
 * Step 5: the import runs as a background job; the batch is polled (GET /api/v1/imports/:id)
 * for its progress until it is imported or failed. The server publishes no live event for it.
 */
export function RunStep({ started, onAnother }: { started: ImportBatch; onAnother: () => void }) {
  const { t } = useTranslation();
  const query = useBatch(started.id, { pollWhileImporting: true });
  const batch = query.data ?? started;
  if (batch.status === 'importing' || batch.status === 'uploaded' || batch.status === 'validated') {
    return (
      <Space direction="vertical" style={{ width: '100%', padding: '32px 0' }} align="center" data-testid="import-running">
        <Typography.Text>{batch.progress > 0 ? t('imports.run.importing', { rows: batch.totalRows || '' }) : t('imports.run.queued')}</Typography.Text>
        <Progress percent={batch.progress} status="active" style={{ width: 480 }} data-testid="import-progress" />
        <ErrorAlert error={query.error} />
      </Space>
    );
  }
  const actions = [
    <Link key="batch" to={`/imports/${batch.id}`}>
      <Button data-testid="view-batch">{t('imports.run.viewBatch')}</Button>
    </Link>,
    <Link key="history" to="/imports">
      <Button>{t('imports.run.toHistory')}</Button>
    </Link>,
    <Button key="another" type="primary" onClick={onAnother}>
      {t('imports.run.another')}
    </Button>,
  ];
  if (batch.status === 'failed') {
    return (
      <div data-testid="import-failed">
        <Result status="error" title={t('imports.run.failed')} subTitle={batch.message} extra={actions} />
        <BatchSummary batch={batch} />
        {batch.errorRows > 0 && <ErrorsTable batchId={batch.id} mapping={batch.mapping} />}
      </div>
    );
  }
  return (
    <div data-testid="import-done">
      <Result status="success" title={t('imports.run.done')} subTitle={<ResultLinks kind={batch.kind} />} extra={actions} />
      <Progress percent={100} data-testid="import-progress" style={{ marginBottom: 16 }} />
      <BatchSummary batch={batch} />
    </div>
  );
}
