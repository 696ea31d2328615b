import { ExportOutlined, SendOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { SupplyRequest } from '../../api/supplies.types';
import { errorMessage, translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { itemName, SupplyStatus } from './common';

/** A supplies request: its lines with stock, its approval, and for the assistant the issue action. */
export function SupplyRequestPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const request = useQuery({ queryKey: ['requests', 'supplies', id] /* under 'requests': the approval panel refreshes those after a decision */, queryFn: () => api.get<SupplyRequest>(`/api/v1/supplies/requests/${id}`) });
  if (request.isPending) return <PageLoading />;
  if (request.isError) return <LoadError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;
  const m = (v: number | null) => (v === null ? '–' : formatMoney(v, r.currency));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['supplies'] }), qc.invalidateQueries({ queryKey: ['requests', 'supplies'] }), qc.invalidateQueries({ queryKey: ['approvals'] })]);

  const issue = async () => {
    try {
      const done = await api.post<SupplyRequest>(`/api/v1/supplies/requests/${r.id}/issue`, { version: r.version }, { idempotencyKey: key.for({ issue: r.id, v: r.version }) });
      message.success(t('supplies.requests.issuedMessage', { number: done.number, amount: m(done.issuedTotal) }));
    } catch (e) {
      const short = isApiError(e) ? e.fields.filter((f) => f.code === 'insufficient_stock').map((f) => `${f.field}: ${f.message}`) : [];
      message.error([errorMessage(e), ...short.map((s) => `${translateOr('supplies.requests.fieldErrors.insufficient_stock', '')} ${s}`)].join(' '));
    }
    await refresh();
  };
  const submit = async () => {
    try {
      await api.post(`/api/v1/supplies/requests/${r.id}/submit`, { version: r.version }, { idempotencyKey: key.for({ submit: r.id, v: r.version }) });
      message.success(t('supplies.requests.submitted', { number: r.number }));
    } catch (e) {
      message.error(errorMessage(e));
    }
    await refresh();
  };

  return (
    <PageContainer
      title={`${r.number} ${r.purpose}`.trim()}
      tags={<SupplyStatus status={r.status} />}
      extra={
        <Space>
          {r.canEdit && (
            <Button icon={<SendOutlined />} onClick={() => void submit()} data-testid="submit-supply-existing">
              {t('supplies.requests.submit')}
            </Button>
          )}
          {r.canIssue && (
            <Popconfirm title={t('supplies.requests.issueConfirm', { name: r.requesterName })} onConfirm={() => void issue()} okButtonProps={{ 'data-testid': 'confirm-issue' } as never}>
              <Button type="primary" icon={<ExportOutlined />} data-testid="issue-supplies">
                {t('supplies.requests.issue')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
      data-testid="supply-request-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'n', label: t('supplies.requests.number'), children: r.number },
                { key: 's', label: t('supplies.requests.status'), children: <SupplyStatus status={r.status} /> },
                { key: 'r', label: t('supplies.requests.requester'), children: <Link to={`/people/${r.requesterId}`}>{r.requesterName}</Link> },
                { key: 'd', label: t('supplies.requests.department_'), children: r.departmentName ?? '–' },
                { key: 'e', label: t('supplies.requests.estimated'), children: m(r.estimatedTotal) },
                { key: 'i', label: t('supplies.requests.issuedCost'), children: <span data-testid="issued-total">{m(r.issuedTotal)}</span> },
                { key: 'c', label: t('supplies.requests.created'), children: formatDateTime(r.createdAt) },
                { key: 'o', label: t('supplies.requests.issuedOn'), children: r.issuedOn ? `${r.issuedOn} · ${r.issuedByName ?? ''}` : '–' },
                ...(r.ledgerEntryId && can('ledger:read') ? [{ key: 'l', label: t('supplies.requests.ledgerEntry'), children: <Link to={`/ledger/entries/${r.ledgerEntryId}`}>{t('supplies.requests.ledgerEntry')}</Link> }] : []),
              ]}
            />
          </Card>
          <Card size="small" title={t('supplies.requests.lines')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.lines}
              columns={[
                { title: t('supplies.requests.item'), render: (_, l) => `${l.itemCode} ${itemName(l as never, i18n.language)}` },
                { title: t('supplies.requests.quantity'), align: 'right', width: 100, render: (_, l) => `${l.quantity} ${l.unit}` },
                { title: t('supplies.requests.linePurpose'), dataIndex: 'purpose' },
                { title: t('supplies.requests.inStock'), align: 'right', width: 90, dataIndex: 'stockQty' },
                { title: t('supplies.requests.estimated'), align: 'right', width: 120, render: (_, l) => m(l.estimatedCost) },
                { title: t('supplies.requests.issuedCost'), align: 'right', width: 120, render: (_, l) => m(l.issuedCost) },
              ]}
              data-testid="supply-lines"
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <ApprovalPanel requestId={r.approvalRequestId} docType="supply_request" docId={r.id} />
        </Col>
      </Row>
    </PageContainer>
  );
}
