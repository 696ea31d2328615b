import { EditOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { GeneralRequest } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { AttachmentList } from '../files/Attachments';
import { RequestStatus } from './status';

/** A general request: what was asked, its files, and its approval (with the actions for an approver). */
export function RequestPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const request = useQuery({ queryKey: ['requests', 'detail', id], queryFn: () => api.get<GeneralRequest>(`/api/v1/requests/${id}`) });
  if (request.isPending) return <PageLoading />;
  if (request.isError) return <LoadError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;

  const submit = async () => {
    try {
      await api.post(`/api/v1/requests/${r.id}/submit`, { version: r.version }, { idempotencyKey: key.for({ id: r.id, v: r.version }) });
      message.success(t('requests.submittedMessage', { number: r.number }));
    } catch (e) {
      message.error(errorMessage(e));
    }
    await Promise.all([qc.invalidateQueries({ queryKey: ['requests'] }), qc.invalidateQueries({ queryKey: ['approvals'] })]);
  };

  return (
    <PageContainer
      title={`${r.number} ${r.title}`}
      extra={
        r.canEdit ? (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => navigate(`/requests/${r.id}/edit`)} data-testid="edit-request">
              {t('common.edit')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} data-testid="submit-existing">
              {t('requests.submit')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="request-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('common.details')} size="small">
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                { key: 'number', label: t('requests.number'), children: r.number },
                { key: 'status', label: t('common.status'), children: <RequestStatus status={r.status} /> },
                { key: 'submitter', label: t('requests.submitter'), children: <Link to={`/people/${r.submitterId}`}>{r.submitterName}</Link> },
                { key: 'amount', label: t('requests.amount'), children: r.amount === null ? '–' : formatMoney(r.amount, r.currency) },
                { key: 'created', label: t('requests.createdAt'), children: formatDateTime(r.createdAt) },
                { key: 'submitted', label: t('requests.submittedAt'), children: formatDateTime(r.submittedAt) || '–' },
                { key: 'decided', label: t('requests.decidedAt'), children: formatDateTime(r.decidedAt) || '–' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('requests.body')}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.body || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</Typography.Paragraph>
          </Card>
          <Card title={t('files.attachments')} size="small" style={{ marginTop: 16 }}>
            <AttachmentList entityType="general_request" entityId={r.id} canUpload={r.canEdit} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <ApprovalPanel requestId={r.approvalRequestId} docType="general_request" docId={r.id} />
        </Col>
      </Row>
    </PageContainer>
  );
}
