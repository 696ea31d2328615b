import { CheckCircleTwoTone, CloseCircleTwoTone, DeleteOutlined, InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { PageContainer, ProForm, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, List, Row, Space, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError, uploadFile } from '../../api-client';
import type { UploadResult } from '../../api/archive.types';
import { formatSize } from '../files/Attachments';
import { actionErrorText } from '../sales/common';
import { toMetadata, uploadRefusal, type DocumentFormValues } from './archive-logic';
import { DocumentFields } from './DocumentFields';
import { ARCHIVE_API, archiveKey } from './queries';

/** The server's limits (archive.routes.ts, UPLOAD_LIMIT_MB default). */
const MAX_FILES = 20;
const LIMIT_MB = 50;

interface QueuedFile {
  uid: string;
  file: File;
  state: 'queued' | 'uploading' | 'filed' | 'refused';
  documentId?: string;
  number?: string;
  error?: string;
}

/** Why one file was refused, in the reader's language: the upload's own reasons first, else what the server said. */
function refusalText(e: unknown, t: (k: string) => string): string {
  const reason = isApiError(e) ? uploadRefusal(e) : undefined;
  return reason ? t(`archive.upload.errors.${reason}`) : actionErrorText(e);
}

/**
 * Filing documents: drop one or many files, give the details they share, and each file is
 * sent on its own (so one refused file, empty or of a wrong kind, does not hold back the
 * others, and its reason is shown next to it). Refused files stay in the list to retry.
 */
export function UploadPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [search] = useSearchParams();
  const formRef = useRef<ProFormInstance<DocumentFormValues>>(undefined);
  const [files, setFiles] = useState<QueuedFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [noFiles, setNoFiles] = useState(false);
  const [initialValues] = useState<DocumentFormValues>(() => ({
    confidentiality: 'internal',
    typeCode: search.get('typeCode') ?? undefined,
    customerIds: search.getAll('customerId'),
    contractIds: search.getAll('contractId'),
    orderIds: search.getAll('orderId'),
  }));
  const update = (uid: string, patch: Partial<QueuedFile>) => setFiles((list) => list.map((f) => (f.uid === uid ? { ...f, ...patch } : f)));
  const pending = files.filter((f) => f.state === 'queued' || f.state === 'refused');
  const filed = files.filter((f) => f.state === 'filed');
  const refused = files.filter((f) => f.state === 'refused');

  const fileAll = async (values: DocumentFormValues) => {
    if (pending.length === 0) {
      setNoFiles(true);
      return false;
    }
    setBusy(true);
    const metadata = JSON.stringify(toMetadata(values, 'upload'));
    try {
      // One at a time: the server checks each file whole, and a loaded machine is not flooded.
      for (const f of pending) {
        update(f.uid, { state: 'uploading', error: undefined });
        try {
          const r = await uploadFile<UploadResult>(f.file, {}, { path: `${ARCHIVE_API}/documents`, fields: { metadata } });
          update(f.uid, { state: 'filed', documentId: r.items[0]?.id, number: r.items[0]?.number });
        } catch (e) {
          update(f.uid, { state: 'refused', error: refusalText(e, t as never) });
        }
      }
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: archiveKey });
    }
    return true;
  };

  return (
    <PageContainer title={t('archive.upload.title')} content={t('archive.upload.intro')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small">
            <div data-testid="archive-dropzone">
              <Upload.Dragger
                multiple
                showUploadList={false}
                disabled={busy}
                beforeUpload={(file) => {
                  setNoFiles(false);
                  setFiles((list) => (list.length >= MAX_FILES ? list : [...list, { uid: file.uid, file, state: 'queued' }]));
                  return Upload.LIST_IGNORE;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('archive.upload.drop')}</p>
                <p className="ant-upload-hint">{t('archive.upload.dropHint', { max: MAX_FILES, mb: LIMIT_MB })}</p>
              </Upload.Dragger>
            </div>
            {noFiles ? <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('archive.upload.noFiles')} /> : null}
            <List
              size="small"
              style={{ marginTop: 12 }}
              dataSource={files}
              locale={{ emptyText: ' ' }}
              data-testid="upload-list"
              renderItem={(f) => (
                <List.Item
                  key={f.uid}
                  data-testid="upload-row"
                  data-state={f.state}
                  data-name={f.file.name}
                  actions={
                    f.state === 'queued' || f.state === 'refused'
                      ? [<Button key="remove" type="text" size="small" icon={<DeleteOutlined />} aria-label={t('archive.upload.remove')} disabled={busy} onClick={() => setFiles((l) => l.filter((x) => x.uid !== f.uid))} />]
                      : []
                  }
                >
                  <List.Item.Meta
                    avatar={
                      f.state === 'uploading' ? <LoadingOutlined /> : f.state === 'filed' ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : f.state === 'refused' ? <CloseCircleTwoTone twoToneColor="#ff4d4f" /> : null
                    }
                    title={
                      <Space size={8} wrap>
                        <Typography.Text>{f.file.name}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatSize(f.file.size)}
                        </Typography.Text>
                      </Space>
                    }
                    description={
                      f.state === 'filed' && f.documentId ? (
                        <Link to={`/archive/documents/${f.documentId}`} data-testid="upload-filed-link">
                          {t('archive.upload.filed', { number: f.number })}
                        </Link>
                      ) : f.state === 'refused' ? (
                        <Typography.Text type="danger" data-testid="upload-error">
                          {f.error}
                        </Typography.Text>
                      ) : f.state === 'uploading' ? (
                        t('archive.upload.uploading')
                      ) : (
                        t('archive.upload.queued')
                      )
                    }
                  />
                </List.Item>
              )}
            />
            {files.length > 0 && !busy && pending.length === 0 ? (
              <Alert type="success" showIcon message={t('archive.upload.allFiled', { count: filed.length })} data-testid="upload-done" />
            ) : refused.length > 0 && !busy ? (
              <Alert type="error" showIcon message={t('archive.upload.result', { ok: filed.length, failed: refused.length })} data-testid="upload-partly" />
            ) : null}
            {files.length > 0 && !busy ? (
              <Button type="link" style={{ paddingLeft: 0 }} onClick={() => setFiles([])}>
                {t('archive.upload.clear')}
              </Button>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('archive.upload.details')}>
            <ProForm<DocumentFormValues>
              formRef={formRef}
              initialValues={initialValues}
              dateFormatter="string"
              onFinish={fileAll}
              submitter={{
                render: () => (
                  <Button type="primary" htmlType="submit" loading={busy} disabled={files.length > 0 && pending.length === 0} data-testid="upload-submit">
                    {pending.length === 0 ? t('archive.upload.title') : pending.length === 1 ? t('archive.upload.startOne') : t('archive.upload.start', { count: pending.length })}
                  </Button>
                ),
              }}
              data-testid="upload-form"
            >
              <DocumentFields mode="upload" />
            </ProForm>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
