import { EditOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Table, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { Contract } from '../../api/sales.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { DocumentsCard } from '../archive/DocumentsCard';
import { DETAIL_COLUMNS, movedText, RecordHistory, useRecordAction } from './common';
import { EndsHint } from './ContractsPage';
import { SalesTag } from './labels';

/** One contract: terms, signatures, linked orders, the scanned contract and its history. */
export function ContractPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const action = useRecordAction();
  const contract = useQuery({ queryKey: ['sales', 'contracts', 'detail', id], queryFn: () => api.get<Contract>(`/api/v1/sales/contracts/${id}`) });
  if (contract.isPending) return <PageLoading />;
  if (contract.isError) return <LoadError error={contract.error} onRetry={() => void contract.refetch()} />;
  const c = contract.data;
  const mayWrite = can('sales:write');
  const editable = c.status === 'draft' || c.status === 'active';
  const move = (to: 'active' | 'terminated') => action.run<Contract>(to, `/api/v1/sales/contracts/${c.id}/transition`, { to, version: c.version }, (x) => movedText('contract', x.number, x.status));

  return (
    <PageContainer
      title={
        <Space>
          {c.number}
          <SalesTag set="contract" value={c.status} />
        </Space>
      }
      subTitle={c.title}
      onBack={() => navigate('/sales/contracts')}
      extra={
        mayWrite && editable ? (
          <Space wrap>
            {c.status === 'draft' ? (
              <Tooltip title={c.signedOn ? undefined : t('sales.contracts.activateNeedsDate')}>
                <Button type="primary" disabled={!c.signedOn || !!action.busy} loading={action.busy === 'active'} onClick={() => void move('active')} data-testid="contract-active">
                  {t('sales.contracts.activate')}
                </Button>
              </Tooltip>
            ) : (
              <Button danger disabled={!!action.busy} loading={action.busy === 'terminated'} onClick={() => modal.confirm({ title: t('sales.contracts.terminateConfirm', { number: c.number }), okButtonProps: { danger: true }, onOk: () => move('terminated') })} data-testid="contract-terminated">
                {t('sales.contracts.terminate')}
              </Button>
            )}
            <Button icon={<EditOutlined />} onClick={() => navigate(`/sales/contracts/${c.id}/edit`)} data-testid="contract-edit">
              {t('common.edit')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="contract-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('common.details')}>
            <Descriptions
              size="small"
              column={DETAIL_COLUMNS}
              items={[
                { key: 'title', label: t('sales.contracts.titleField'), span: 2, children: <span data-testid="contract-title-text">{c.title}</span> },
                { key: 'customer', label: t('sales.field.customer'), children: <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link> },
                { key: 'value', label: t('sales.contracts.value'), children: <Typography.Text strong data-testid="contract-value-text">{formatMoney(c.value, c.currency)}</Typography.Text> },
                { key: 'signedOn', label: t('sales.contracts.signedOn'), children: formatDate(c.signedOn) || '–' },
                { key: 'period', label: `${t('sales.contracts.startsOn')} – ${t('sales.contracts.endsOn')}`, children: <>{formatDate(c.startsOn) || '–'} – {formatDate(c.endsOn) || '–'}<EndsHint c={c} /></> },
                { key: 'signedBy', label: t('sales.contracts.signedBy'), children: c.signedBy ? <Link to={`/people/${c.signedBy}`}>{c.signedByName}</Link> : '–' },
                { key: 'customerSignatory', label: t('sales.contracts.customerSignatory'), children: c.customerSignatory || '–' },
                { key: 'owner', label: t('sales.field.owner'), children: c.ownerId ? <Link to={`/people/${c.ownerId}`}>{c.ownerName}</Link> : '–' },
                { key: 'negotiation', label: t('sales.contracts.negotiation'), children: c.negotiationId ? <Link to={`/sales/negotiations/${c.negotiationId}`} data-testid="contract-negotiation">{t('sales.contracts.openNegotiation')}</Link> : '–' },
                { key: 'notes', label: t('sales.field.notes'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.notes || '–'}</span> },
              ]}
            />
          </Card>
          <Card size="small" title={t('sales.contracts.orders')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.orders ?? []}
              locale={{ emptyText: t('sales.contracts.noOrders') }}
              data-testid="contract-orders-table"
              columns={[
                { title: t('sales.field.number'), render: (_, o) => <Link to={`/sales/orders/${o.id}`}>{o.number}</Link> },
                { title: t('sales.orders.orderDate'), render: (_, o) => formatDate(o.orderDate) },
                { title: t('sales.field.status'), render: (_, o) => <SalesTag set="order" value={o.status} /> },
                { title: t('sales.field.grossTotal'), align: 'right', render: (_, o) => formatMoney(o.grossTotal, o.currency) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('sales.common.files')}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('sales.contracts.scanHint')}
            </Typography.Paragraph>
            <AttachmentList entityType="contract" entityId={c.id} canUpload={mayWrite && can('files:upload')} />
          </Card>
          <div style={{ marginTop: 16 }}>
            <DocumentsCard entityType="contract" entityId={c.id} customerId={c.customerId} />
          </div>
          <Card size="small" title={t('sales.common.history')} style={{ marginTop: 16 }}>
            <RecordHistory customerId={c.customerId} entityId={c.id} kinds={['contract.signed', 'contract.terminated', 'contract.expired']} createdAt={c.createdAt} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
