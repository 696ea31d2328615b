import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { CreateExportInput, ExportJob } from '../../api/statistics.types';
import { errorMessage } from '../../i18n/labels';
import { downloadExport } from '../../ui/ExportButton';

/**
 * XLSX / PDF of what the page shows, made by a background job: a dialog follows its
 * progress and offers the file when it is ready (only this user can fetch it).
 */
export function ExportMenu({ request }: { request: (format: 'xlsx' | 'pdf') => CreateExportInput }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const job = useQuery({
    queryKey: ['statistics', 'export', jobId],
    queryFn: () => api.get<ExportJob>(`/api/v1/statistics/exports/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'done' || q.state.data.status === 'failed') ? false : 800),
  });
  const start = async (format: 'xlsx' | 'pdf') => {
    setStarting(true);
    try {
      const created = await api.post<ExportJob>('/api/v1/statistics/exports', request(format));
      setJobId(created.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  const j = job.data;
  return (
    <>
      <Space>
        <Button icon={<FileExcelOutlined />} loading={starting} onClick={() => void start('xlsx')} data-testid="export-xlsx">
          {t('statistics.export.xlsx')}
        </Button>
        <Button icon={<FilePdfOutlined />} loading={starting} onClick={() => void start('pdf')} data-testid="export-pdf">
          {t('statistics.export.pdf')}
        </Button>
      </Space>
      <Modal open={jobId !== null} title={t('statistics.export.title')} onCancel={() => setJobId(null)} footer={null} destroyOnHidden>
        <div data-testid="export-dialog" data-status={j?.status ?? 'queued'}>
          <Progress percent={j?.progress ?? 0} status={j?.status === 'failed' ? 'exception' : j?.status === 'done' ? 'success' : 'active'} />
          {j?.status === 'failed' ? <Alert type="error" showIcon message={t('statistics.export.failed', { message: j.message ?? '' })} /> : null}
          {j?.status === 'done' ? (
            <Space direction="vertical">
              <Typography.Text>{t('statistics.export.done')}</Typography.Text>
              <Button
                type="primary"
                data-testid="export-download"
                onClick={() => void downloadExport(`/api/v1/statistics/exports/${j.id}/download`, {}, j.fileName ?? `export.${j.format}`).catch((e) => message.error(errorMessage(e)))}
              >
                {t('statistics.export.download')} {j.fileName}
              </Button>
            </Space>
          ) : j?.status !== 'failed' ? (
            <Typography.Text type="secondary">{j?.status === 'running' ? t('statistics.export.running') : t('statistics.export.queued')}</Typography.Text>
          ) : null}
        </div>
      </Modal>
    </>
  );
}
