import { PageContainer } from '@ant-design/pro-components';
import { Card, Empty, Space, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { LoadError } from '../../ui/ErrorPages';
import { PageLoading } from '../../ui/PageLoading';
import { BatchSummary, ResultLinks, UndoButton } from './BatchParts';
import { ErrorsTable } from './ErrorsTable';
import { byFieldOrder, fieldLabel } from './labels';
import { useBatch } from './queries';

/** /imports/:id: one batch: its counts, the mapping it used, its bad rows, and undo. */
export function ImportBatchPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const { hash } = useLocation();
  const query = useBatch(id, { pollWhileImporting: true });
  const batch = query.data;
  // The history's "n errors" link lands on the table.
  useEffect(() => {
    if (batch && hash === '#errors') document.getElementById('errors')?.scrollIntoView();
  }, [batch, hash]);
  if (query.isPending) return <PageLoading />;
  if (!batch) return <LoadError error={query.error} onRetry={() => query.refetch()} />;
  const mappingRows = Object.entries(batch.mapping ?? {})
    .sort(([a], [b]) => byFieldOrder(a, b))
    .map(([field, header]) => ({ field, header }));
  return (
    <PageContainer title={t('imports.batchTitle', { number: batch.number })} onBack={() => navigate('/imports')} extra={<UndoButton batch={batch} />}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <BatchSummary batch={batch} />
          {batch.status === 'imported' && (
            <div style={{ marginTop: 12 }}>
              <ResultLinks kind={batch.kind} />
            </div>
          )}
        </Card>
        <Card size="small" title={t('imports.steps.mapping')}>
          {mappingRows.length ? (
            <Table
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={mappingRows}
              columns={[
                { title: t('imports.mapping.field'), dataIndex: 'field', width: 300, render: (f: string) => fieldLabel(f) },
                { title: t('imports.mapping.column'), dataIndex: 'header', render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
              ]}
              data-testid="batch-mapping"
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
        <Card size="small" title={t('imports.errorRows')} id="errors">
          <ErrorsTable batchId={batch.id} mapping={batch.mapping} version={`${batch.status}:${batch.errorRows}`} />
        </Card>
      </Space>
    </PageContainer>
  );
}
