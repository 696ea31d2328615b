import { DownloadOutlined, EyeOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, List, Modal, Space, Typography, Upload, type UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, uploadFile } from '../../api-client';
import type { FileDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Drag-and-drop upload for a form: each file goes to POST /api/v1/files at once; the
 * form's value is the list of uploaded ids (sent as fileIds when the record is saved).
 * With `entity`, files are attached to an existing record directly.
 */
export function AttachmentUpload({ value, onChange, entity, onUploaded }: { value?: string[]; onChange?: (ids: string[]) => void; entity?: { type: string; id: string }; onUploaded?: (f: FileDto) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [list, setList] = useState<UploadFile<FileDto>[]>([]);
  // Several files upload at once: each completion adds to the latest list, not to the one its upload started with.
  const ids = useRef<string[]>(value ?? []);
  ids.current = value ?? ids.current;
  const setIds = (next: string[]) => {
    ids.current = next;
    onChange?.(next);
  };
  return (
    <div data-testid="attachment-upload">
    <Upload.Dragger
      multiple
      fileList={list}
      onChange={({ fileList }) => setList(fileList)}
      onRemove={(f) => {
        const id = f.response?.id;
        if (id) setIds(ids.current.filter((v) => v !== id));
        return true;
      }}
      customRequest={async ({ file, onSuccess, onError }) => {
        try {
          const dto = await uploadFile<FileDto>(file as File, entity ? { entityType: entity.type, entityId: entity.id } : {});
          onSuccess?.(dto);
          setIds([...ids.current, dto.id]);
          onUploaded?.(dto);
        } catch (e) {
          message.error(`${(file as File).name}: ${errorMessage(e)}`);
          onError?.(e as Error);
        }
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{t('files.dropHere')}</p>
      <p className="ant-upload-hint">{t('files.hint')}</p>
    </Upload.Dragger>
    </div>
  );
}

export const filesKey = (type: string, id: string) => ['files', type, id] as const;

/** A record's attachments: preview (images, PDFs) and download. */
export function AttachmentList({ entityType, entityId, canUpload }: { entityType: string; entityId: string; canUpload?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const files = useQuery({ queryKey: filesKey(entityType, entityId), queryFn: async () => (await api.get<{ items: FileDto[] }>('/api/v1/files', { entityType, entityId })).items });
  const [preview, setPreview] = useState<FileDto | null>(null);
  return (
    <div data-testid="attachments">
      <ErrorAlert error={files.error} />
      <List
        size="small"
        loading={files.isPending}
        dataSource={files.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('files.none')} /> }}
        renderItem={(f) => (
          <List.Item
            key={f.id}
            style={{ paddingInline: 0 }}
            actions={[
              f.canPreview ? (
                <Button key="preview" size="small" type="link" icon={<EyeOutlined />} onClick={() => setPreview(f)}>
                  {t('files.preview')}
                </Button>
              ) : null,
              <Button key="download" size="small" type="link" icon={<DownloadOutlined />} href={`/api/v1/files/${f.id}/download`}>
                {t('files.download')}
              </Button>,
            ].filter(Boolean)}
          >
            <Space size={6} style={{ minWidth: 0 }}>
              <PaperClipOutlined />
              <Typography.Text ellipsis style={{ maxWidth: 320 }} data-testid="attachment-name">
                {f.name}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatSize(f.size)} · {formatDateTime(f.createdAt)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canUpload ? (
        <div style={{ marginTop: 8 }}>
          <AttachmentUpload entity={{ type: entityType, id: entityId }} onUploaded={() => void qc.invalidateQueries({ queryKey: filesKey(entityType, entityId) })} />
        </div>
      ) : null}
      <Modal open={!!preview} title={preview?.name} footer={null} width={900} onCancel={() => setPreview(null)} destroyOnHidden>
        {preview ? (
          preview.mime.startsWith('image/') ? (
            <img src={`/api/v1/files/${preview.id}/preview`} alt={preview.name} style={{ maxWidth: '100%' }} />
          ) : (
            <iframe title={preview.name} src={`/api/v1/files/${preview.id}/preview`} style={{ width: '100%', height: '70vh', border: 0 }} />
          )
        ) : null}
      </Modal>
    </div>
  );
}
