import { InboxOutlined } from '@ant-design/icons';
import { Alert, Form, Radio, Space, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_KINDS, type ImportKind, type ImportUploaded } from '../../api/imports.types';
import { fileErrorText, kindLabel } from './labels';
import { uploadImportFile } from './queries';

/** Step 1: what the file holds, and the file (dropped or chosen). The server reads it at once and says what is wrong with it. */
export function UploadStep({ kind, onKind, onUploaded }: { kind: ImportKind; onKind: (k: ImportKind) => void; onUploaded: (u: ImportUploaded) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const upload = async (file: File) => {
    setBusy(file.name);
    setError(null);
    try {
      onUploaded(await uploadImportFile(file, kind));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Form layout="vertical">
        <Form.Item label={t('imports.upload.kindLabel')} style={{ marginBottom: 0 }}>
          <Radio.Group value={kind} onChange={(e) => onKind(e.target.value)} data-testid="import-kind">
            <Space direction="vertical">
              {IMPORT_KINDS.map((k) => (
                <Radio key={k} value={k}>
                  <span data-testid={`import-kind-${k}`}>
                    <Typography.Text strong>{kindLabel(k)}</Typography.Text>
                    <Typography.Text type="secondary"> — {t(`imports.kindHints.${k}`)}</Typography.Text>
                  </span>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
      <Spin spinning={busy !== null} tip={busy ? t('imports.upload.uploading', { name: busy }) : undefined}>
        <div data-testid="import-upload">
          <Upload.Dragger
            accept=".csv,.txt,.tsv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={busy !== null}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('imports.upload.dropTitle')}</p>
            <p className="ant-upload-hint">{t('imports.upload.dropHint')}</p>
          </Upload.Dragger>
        </div>
      </Spin>
      {error !== null && <Alert type="error" showIcon role="alert" message={t('imports.upload.failedTitle')} description={fileErrorText(error)} data-testid="upload-error" />}
    </Space>
  );
}
