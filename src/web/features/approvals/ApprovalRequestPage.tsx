import { PageContainer } from '@ant-design/pro-components';
import { Badge, Card, Col, Descriptions, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { hasPage } from '../../navigation';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ApprovalActions, ApprovalHistory, ApprovalSteps } from './ApprovalPanel';
import { APPROVAL_STATUS_COLOR, approvalStatusLabel, docTypeLabel } from './labels';
import { useApprovalHistory, useApprovalRequest } from './queries';

/** One approval: the document in brief (with a link to it), the steps, the history, and the actions. */
export function ApprovalRequestPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useSession();
  const request = useApprovalRequest(id);
  const history = useApprovalHistory(request.data?.docType, request.data?.docId);
  if (request.isPending) return <PageLoading />;
  if (request.isError) return <LoadError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  return (
    <PageContainer title={r.title} extra={<ApprovalActions request={r} />} data-testid="approval-request">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('approvals.summary')} size="small">
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                { key: 'type', label: t('approvals.docType'), children: docTypeLabel(r.docType) },
                { key: 'status', label: t('common.status'), children: <Badge status={(APPROVAL_STATUS_COLOR[r.status] ?? 'default') as 'default'} text={<span data-testid="approval-status">{approvalStatusLabel(r.status)}</span>} /> },
                { key: 'submitter', label: t('approvals.submitter'), children: <Link to={`/people/${r.submitterId}`}>{r.submitterName}</Link> },
                { key: 'amount', label: t('approvals.amount'), children: r.amount === null ? '–' : formatMoney(r.amount, r.currency ?? me.company.currency) },
                { key: 'submitted', label: t('approvals.submittedAt'), children: formatDateTime(r.createdAt) },
                { key: 'decided', label: t('approvals.decidedAt'), children: formatDateTime(r.decidedAt) || '–' },
                {
                  key: 'doc',
                  label: t('approvals.document'),
                  children: r.link && hasPage(r.link) ? <Link to={r.link} data-testid="document-link">{t('approvals.openDocument')}</Link> : r.title,
                },
              ]}
            />
          </Card>
          <Card title={t('approvals.historyTitle')} size="small" style={{ marginTop: 16 }} loading={history.isPending}>
            {history.data ? <ApprovalHistory events={history.data} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('approvals.stepsTitle')} size="small">
            <ApprovalSteps request={r} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
