import { CloudUploadOutlined, DownloadOutlined, EditOutlined, ExportOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { DocumentDto, DocumentLink, VersionDto } from '../../api/archive.types';
import type { UserDto } from '../../api/types';
import { translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate, formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { pathName } from '../../ui/tree';
import { formatSize } from '../files/Attachments';
import { DETAIL_COLUMNS } from '../sales/common';
import { AccessCard } from './AccessCard';
import { DocumentEditModal } from './DocumentEditModal';
import { HistoryCard } from './HistoryCard';
import { categoryRows, ConfidentialityTag, ExtractionTag, typeName } from './labels';
import { NewVersionModal } from './NewVersionModal';
import { documentPath, useArchiveCategories, useDocument, useDocumentTypes, versionsKey } from './queries';

const LINK_PATHS: Record<DocumentLink['entityType'], string> = { customer: '/customers', contract: '/sales/contracts', sales_order: '/sales/orders' };

/**
 * One document: its details (edited at the version read), a preview of PDFs and images, every
 * version, the text extraction's outcome, its links, and — for its owner and admins — who may
 * read it and who did.
 */
export function DocumentPage() {
  const { id } = useParams();
  const doc = useDocument(id);
  if (doc.isPending) return <PageLoading />;
  if (doc.isError) return <LoadError error={doc.error} onRetry={() => void doc.refetch()} />;
  return <DocumentView doc={doc.data} />;
}

function DocumentView({ doc }: { doc: DocumentDto }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const types = useDocumentTypes();
  const categories = useArchiveCategories();
  const [editing, setEditing] = useState(false);
  const [newVersion, setNewVersion] = useState(false);
  // The versions are read (not the document, whose every load is an audited view) while the text is being extracted.
  const versions = useQuery({
    queryKey: versionsKey(doc.id),
    queryFn: async () => (await api.get<{ items: VersionDto[] }>(`${documentPath(doc.id)}/versions`)).items,
    refetchInterval: (q) => ((q.state.data?.[0] ?? doc.currentVersion).extractionStatus === 'pending' ? 2000 : false),
  });
  const owner = useQuery({ queryKey: ['users', 'one', doc.ownerId], queryFn: () => api.get<UserDto>(`/api/v1/users/${doc.ownerId}`), enabled: !!doc.ownerId, staleTime: 300_000 });
  const current = versions.data?.find((v) => v.versionNo === doc.currentVersion.versionNo) ?? doc.currentVersion;
  const mayEdit = doc.canEdit && can('archive:write');
  const isOwner = doc.ownerId === me.user.id;

  return (
    <PageContainer
      title={
        <Space data-testid="doc-heading">
          {doc.number}
          <ConfidentialityTag level={doc.confidentiality} />
        </Space>
      }
      subTitle={<span data-testid="doc-title">{doc.title}</span>}
      onBack={() => navigate('/archive/documents')}
      extra={
        <Space wrap>
          <Button type="primary" icon={<DownloadOutlined />} href={`${documentPath(doc.id)}/download`} data-testid="doc-download">
            {t('archive.doc.download')}
          </Button>
          {mayEdit ? (
            <Button icon={<CloudUploadOutlined />} onClick={() => setNewVersion(true)} data-testid="doc-new-version">
              {t('archive.doc.newVersion')}
            </Button>
          ) : null}
          {mayEdit ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="doc-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <div data-testid="document-page">
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('archive.doc.details')}>
                <Descriptions
                  size="small"
                  column={DETAIL_COLUMNS}
                  items={[
                    { key: 'title', label: t('archive.field.title'), span: 2, children: doc.title },
                    { key: 'type', label: t('archive.field.type'), children: <span data-testid="doc-type-text">{typeName(types.data, doc.typeCode)}</span> },
                    { key: 'category', label: t('archive.field.category'), children: pathName(categoryRows(categories.data), doc.categoryId) || '–' },
                    { key: 'date', label: t('archive.field.documentDate'), children: formatDate(doc.documentDate) || '–' },
                    { key: 'counterparty', label: t('archive.field.counterparty'), children: doc.counterparty || '–' },
                    { key: 'tags', label: t('archive.field.tags'), span: 2, children: doc.tags.length ? doc.tags.map((x) => <Tag key={x}>{x}</Tag>) : '–' },
                    { key: 'owner', label: t('archive.field.owner'), children: doc.ownerId ? <Link to={`/people/${doc.ownerId}`}>{owner.data?.displayName ?? '…'}</Link> : '–' },
                    { key: 'created', label: t('archive.field.createdAt'), children: formatDateTime(doc.createdAt) },
                    { key: 'notes', label: t('archive.field.notes'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{doc.notes || '–'}</span> },
                  ]}
                />
                {!doc.canEdit && doc.confidentiality !== 'internal' && can('archive:write') ? <Typography.Text type="secondary">{t('archive.doc.readOnlyConfidential')}</Typography.Text> : null}
              </Card>
              <PreviewCard doc={doc} isOwner={isOwner} />
              <Card size="small" title={t('archive.doc.versions')}>
                <Table<VersionDto>
                  size="small"
                  rowKey="versionNo"
                  pagination={false}
                  loading={versions.isPending}
                  dataSource={versions.data ?? [doc.currentVersion]}
                  scroll={{ x: 700 }}
                  data-testid="versions-table"
                  columns={[
                    {
                      title: t('archive.field.version'),
                      width: 90,
                      render: (_, v) => (
                        <Space size={4}>
                          {v.versionNo}
                          {v.versionNo === doc.currentVersion.versionNo ? <Tag color="blue">{t('archive.doc.current')}</Tag> : null}
                        </Space>
                      ),
                    },
                    { title: t('archive.field.file'), ellipsis: true, render: (_, v) => (v.comment ? <>{v.fileName}<Typography.Text type="secondary"> — {v.comment}</Typography.Text></> : v.fileName) },
                    { title: t('archive.field.size'), width: 90, align: 'right', render: (_, v) => formatSize(v.size) },
                    { title: t('archive.field.extraction'), width: 120, render: (_, v) => <ExtractionTag status={v.extractionStatus} /> },
                    { title: t('archive.field.createdAt'), width: 140, render: (_, v) => formatDateTime(v.createdAt) },
                    {
                      title: '',
                      width: 60,
                      render: (_, v) => <Button type="link" size="small" icon={<DownloadOutlined />} href={`${documentPath(doc.id)}/versions/${v.versionNo}/download`} aria-label={t('archive.doc.download')} data-testid="version-download" />,
                    },
                  ]}
                />
              </Card>
            </Space>
          </Col>
          <Col xs={24} xl={8}>
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('archive.doc.extraction')} data-testid="extraction-card">
                <Space direction="vertical" style={{ width: '100%' }}>
                  <ExtractionTag status={current.extractionStatus} />
                  <Alert
                    type={current.extractionStatus === 'done' ? 'success' : current.extractionStatus === 'pending' || current.extractionStatus === 'unsupported' ? 'info' : 'warning'}
                    showIcon
                    message={translateOr(`archive.extractionHelp.${current.extractionStatus}`, current.extractionStatus)}
                    description={current.extractionError && current.extractionStatus !== 'done' ? current.extractionError : undefined}
                    data-testid="extraction-alert"
                  />
                </Space>
              </Card>
              <Card size="small" title={t('archive.doc.links')}>
                <List
                  size="small"
                  dataSource={doc.links}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.doc.noLinks')} /> }}
                  data-testid="doc-links"
                  renderItem={(l) => (
                    <List.Item key={`${l.entityType}-${l.entityId}`}>
                      <Space>
                        <Typography.Text type="secondary">{translateOr(`archive.linkTypes.${l.entityType}`, l.entityType)}</Typography.Text>
                        <Link to={`${LINK_PATHS[l.entityType]}/${l.entityId}`}>{l.label ?? l.entityId}</Link>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              {doc.canManageAccess ? <AccessCard doc={doc} /> : null}
              {doc.canManageAccess && isOwner && doc.confidentiality !== 'internal' ? <Alert type="info" showIcon message={t('archive.doc.watermarkNote')} /> : null}
              {doc.canManageAccess ? <HistoryCard id={doc.id} /> : null}
            </Space>
          </Col>
        </Row>
      </div>
      {editing ? <DocumentEditModal doc={doc} onClose={() => setEditing(false)} /> : null}
      {newVersion ? <NewVersionModal doc={doc} onClose={() => setNewVersion(false)} /> : null}
    </PageContainer>
  );
}

/**
 * PDFs and images shown in the page (the server's inline preview); other kinds are downloaded.
 * A confidential image opened by anyone but its owner comes back as a watermarked PDF: a frame shows both.
 */
function PreviewCard({ doc, isOwner }: { doc: DocumentDto; isOwner: boolean }) {
  const { t } = useTranslation();
  const src = `${documentPath(doc.id)}/preview`;
  // A new version is a new address, so the browser does not show the old one from its cache.
  const url = `${src}?v=${doc.currentVersion.versionNo}`;
  return (
    <Card
      size="small"
      title={t('archive.doc.preview')}
      extra={
        doc.canPreview ? (
          <a href={url} target="_blank" rel="noreferrer">
            <ExportOutlined /> {t('archive.doc.openPreview')}
          </a>
        ) : null
      }
      data-testid="preview-card"
    >
      {!doc.canPreview ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.doc.noPreview')} />
      ) : doc.currentVersion.mime.startsWith('image/') && (doc.confidentiality === 'internal' || isOwner) ? (
        <img src={url} alt={doc.title} style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto' }} data-testid="preview-image" />
      ) : (
        <iframe title={doc.title} src={url} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="preview-frame" />
      )}
    </Card>
  );
}
