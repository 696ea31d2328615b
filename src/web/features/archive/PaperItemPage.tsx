import { EditOutlined, ExportOutlined, ImportOutlined, PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { MovementDto, PaperItemDto } from '../../api/archive-paper.types';
import { translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate, formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { DETAIL_COLUMNS } from '../sales/common';
import { ConfidentialityTag, typeName } from './labels';
import { PaperStatusTag } from './paper-labels';
import { PaperActionModal, type PaperAction } from './PaperActionModal';
import { PaperFormModal } from './PaperFormModal';
import { labelsUrl, paperKey } from './paper-queries';
import { ARCHIVE_API, useDocumentTypes } from './queries';

const MOVE_COLORS: Record<string, string> = { register: 'gray', checkout: 'blue', checkin: 'green', move: 'purple', missing: 'red', found: 'green' };

/** Every movement of an original, newest first: registered, lent, returned, moved, missing, found. */
function MovementHistory({ id }: { id: string }) {
  const { t } = useTranslation();
  const moves = useQuery({ queryKey: [...paperKey, id, 'history'], queryFn: async () => (await api.get<{ items: MovementDto[] }>(`${ARCHIVE_API}/paper/${id}/history`)).items });
  if (moves.error) return <ErrorAlert error={moves.error} />;
  if (moves.isPending) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (moves.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.paper.noHistory')} />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      data-testid="paper-history"
      items={moves.data.map((m) => ({
        key: m.id,
        color: MOVE_COLORS[m.kind] ?? 'blue',
        children: (
          <div data-testid="paper-movement" data-kind={m.kind}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(m.at)}
            </Typography.Text>
            <br />
            <Space size={6} wrap>
              <Typography.Text strong>{translateOr(`archive.movementKinds.${m.kind}`, m.kind)}</Typography.Text>
              {m.borrowerName ? <Typography.Text>→ {m.borrowerName}</Typography.Text> : null}
              {m.dueOn ? <Typography.Text type="secondary">{t('archive.paper.dueBy', { date: formatDate(m.dueOn) })}</Typography.Text> : null}
              {m.fromLocationPath && m.kind === 'move' ? <Typography.Text type="secondary">{t('archive.paper.from', { path: m.fromLocationPath })}</Typography.Text> : null}
              {m.toLocationPath ? <Typography.Text type="secondary">{t('archive.paper.to', { path: m.toLocationPath })}</Typography.Text> : null}
              {m.note ? <Typography.Text italic>“{m.note}”</Typography.Text> : null}
              <Typography.Text type="secondary">— {m.actorName ?? '–'}</Typography.Text>
            </Space>
          </div>
        ),
      }))}
    />
  );
}

/** One paper original: where it is, who has it, its links; lend, take back, move, print its label. */
export function PaperItemPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const types = useDocumentTypes();
  const [action, setAction] = useState<PaperAction | null>(null);
  const [editing, setEditing] = useState(false);
  const item = useQuery({ queryKey: [...paperKey, id], queryFn: () => api.get<PaperItemDto>(`${ARCHIVE_API}/paper/${id}`) });
  if (item.isPending) return <PageLoading />;
  if (item.isError) return <LoadError error={item.error} onRetry={() => void item.refetch()} />;
  const p = item.data;
  const mayAct = can('archive:write') && p.canEdit;
  return (
    <PageContainer
      title={
        <Space data-testid="paper-heading">
          {p.number}
          <PaperStatusTag status={p.status} isOverdue={p.isOverdue} />
        </Space>
      }
      subTitle={p.title}
      onBack={() => navigate('/archive/paper')}
      extra={
        <Space wrap>
          <Button icon={<PrinterOutlined />} href={labelsUrl({ ids: [p.id] })} target="_blank" data-testid="paper-label">
            {t('archive.paper.labels')}
          </Button>
          {mayAct && p.status === 'in_place' ? (
            <Button type="primary" icon={<ExportOutlined />} onClick={() => setAction('checkout')} data-testid="paper-checkout">
              {t('archive.paper.checkout')}
            </Button>
          ) : null}
          {mayAct && p.status !== 'in_place' ? (
            <Button type="primary" icon={<ImportOutlined />} onClick={() => setAction('checkin')} data-testid="paper-checkin">
              {t('archive.paper.checkin')}
            </Button>
          ) : null}
          {mayAct && p.status !== 'lent' ? (
            <Button icon={<SwapOutlined />} onClick={() => setAction('move')} data-testid="paper-move">
              {t('archive.paper.move')}
            </Button>
          ) : null}
          {mayAct ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="paper-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Row gutter={[16, 16]} data-testid="paper-page">
        <Col xs={24} xl={14}>
          <Card size="small" title={t('common.details')}>
            <Descriptions
              size="small"
              column={DETAIL_COLUMNS}
              items={[
                { key: 'title', label: t('archive.paper.titleField'), span: 2, children: p.title },
                { key: 'type', label: t('archive.field.type'), children: typeName(types.data, p.typeCode) },
                { key: 'level', label: t('archive.field.confidentiality'), children: <ConfidentialityTag level={p.effectiveConfidentiality} /> },
                { key: 'location', label: t('archive.paper.location'), span: 2, children: <span data-testid="paper-location">{p.locationPath}</span> },
                { key: 'borrower', label: t('archive.paper.borrower'), children: p.borrowerId ? <Link to={`/people/${p.borrowerId}`}>{p.borrowerName}</Link> : '–' },
                {
                  key: 'due',
                  label: t('archive.paper.dueOn'),
                  children: p.dueOn ? <Typography.Text type={p.isOverdue ? 'danger' : undefined} data-testid="paper-due">{formatDate(p.dueOn)}</Typography.Text> : '–',
                },
                { key: 'doc', label: t('archive.paper.electronicCopy'), children: p.documentId ? <Link to={`/archive/documents/${p.documentId}`}>{p.documentNumber}</Link> : '–' },
                { key: 'customer', label: t('archive.paper.customer'), children: p.customerId ? <Link to={`/customers/${p.customerId}`}>{p.customerName}</Link> : '–' },
                { key: 'contract', label: t('archive.paper.contract'), children: p.contractId ? <Link to={`/sales/contracts/${p.contractId}`}>{p.contractNumber}</Link> : '–' },
                { key: 'notes', label: t('archive.field.notes'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{p.notes || '–'}</span> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('archive.paper.history')}>
            <MovementHistory id={p.id} />
          </Card>
        </Col>
      </Row>
      {action ? <PaperActionModal item={p} action={action} onClose={() => setAction(null)} /> : null}
      {editing ? <PaperFormModal item={p} onClose={() => setEditing(false)} /> : null}
    </PageContainer>
  );
}
