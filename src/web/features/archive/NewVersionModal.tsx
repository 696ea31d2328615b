import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, uploadFile } from '../../api-client';
import type { DocumentDto } from '../../api/archive.types';
import { actionErrorText } from '../sales/common';
import { uploadRefusal } from './archive-logic';
import { documentKey, documentPath } from './queries';

/** A new version of a document: one file and what changed; the old versions stay downloadable. */
export function NewVersionModal({ doc, onClose }: { doc: DocumentDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await uploadFile<DocumentDto>(file, { comment: comment.trim() || undefined }, { path: `${documentPath(doc.id)}/versions` });
      qc.setQueryData(documentKey(doc.id), saved);
      await qc.invalidateQueries({ queryKey: documentKey(doc.id), predicate: (q) => q.queryKey.length > documentKey(doc.id).length });
      message.success(t('archive.doc.versionUploaded', { n: saved.currentVersion.versionNo }));
      onClose();
    } catch (e) {
      const reason = isApiError(e) ? uploadRefusal(e) : undefined;
      setError(reason ? t(`archive.upload.errors.${reason}`) : actionErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('archive.doc.newVersion')} onCancel={onClose} onOk={() => void send()} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !file, loading: busy, 'data-testid': 'version-save' } as never} destroyOnHidden>
      <div data-testid="version-dropzone">
        <Upload.Dragger
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            setError(null);
            return Upload.LIST_IGNORE;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t('archive.upload.drop')}</p>
        </Upload.Dragger>
      </div>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
        {t('archive.doc.versionComment')}
      </Typography.Text>
      <Input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} data-testid="version-comment" />
      {error ? <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} data-testid="version-error" /> : null}
    </Modal>
  );
}
