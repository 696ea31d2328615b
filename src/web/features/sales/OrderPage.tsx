import { EditOutlined, RollbackOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Row, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { OrderStatus, SalesOrder, SalesReturn } from '../../api/sales.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate, formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { compareDecimal, formatQuantity, rateToPercent, remaining } from './amounts';
import { DETAIL_COLUMNS, movedText, RecordHistory, useRecordAction } from './common';
import { SalesTag } from './labels';

/** What the server lets an order become from each status (docs/sales.md). */
const MOVES: Record<OrderStatus, ('confirmed' | 'delivered' | 'closed' | 'cancelled')[]> = {
  draft: ['confirmed', 'cancelled'],
  confirmed: ['delivered', 'cancelled'],
  delivered: ['closed'],
  closed: [],
  cancelled: [],
};
const MOVE_LABEL = { confirmed: 'sales.orders.confirm', delivered: 'sales.orders.deliver', closed: 'sales.orders.close', cancelled: 'sales.orders.cancel' } as const;
export const RETURNABLE_STATUSES: OrderStatus[] = ['confirmed', 'delivered', 'closed'];

/** Totals of a sales document, as the server stored them. */
export function TotalsCard({ doc, testId }: { doc: { netTotal: number; taxTotal: number; grossTotal: number; currency: string }; testId: string }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid={testId}
      items={[
        { key: 'net', label: t('sales.field.netTotal'), children: formatMoney(doc.netTotal, doc.currency) },
        { key: 'tax', label: t('sales.field.taxTotal'), children: formatMoney(doc.taxTotal, doc.currency) },
        { key: 'gross', label: t('sales.field.grossTotal'), children: <Typography.Text strong data-testid={`${testId}-gross`}>{formatMoney(doc.grossTotal, doc.currency)}</Typography.Text> },
      ]}
    />
  );
}

/** One order: header, lines, totals, status actions, its returns, contract, files and history. */
export function OrderPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const action = useRecordAction();
  const order = useQuery({ queryKey: ['sales', 'orders', 'detail', id], queryFn: () => api.get<SalesOrder>(`/api/v1/sales/orders/${id}`) });
  const returns = useQuery({ queryKey: ['sales', 'returns', 'of-order', id], queryFn: () => api.get<Page<SalesReturn>>('/api/v1/sales/returns', { orderId: id, limit: 200 }) });
  if (order.isPending) return <PageLoading />;
  if (order.isError) return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  const o = order.data;
  const lines = o.lines ?? [];
  const mayWrite = can('sales:write');
  const returnable = RETURNABLE_STATUSES.includes(o.status) && lines.some((l) => compareDecimal(remaining(l.quantity, l.returnedQuantity), '0') > 0);

  const move = (to: (typeof MOVES)[OrderStatus][number]) => {
    const go = () => action.run<SalesOrder>(to, `/api/v1/sales/orders/${o.id}/transition`, { to, version: o.version }, (r) => movedText('order', r.number, r.status));
    if (to === 'cancelled') modal.confirm({ title: t('sales.orders.cancelConfirm', { number: o.number }), okButtonProps: { danger: true }, onOk: go });
    else void go();
  };

  return (
    <PageContainer
      title={
        <Space>
          {o.number}
          <SalesTag set="order" value={o.status} />
        </Space>
      }
      onBack={() => navigate('/sales/orders')}
      extra={
        mayWrite ? (
          <Space wrap>
            {MOVES[o.status].map((to) => (
              <Button key={to} type={to === 'cancelled' ? 'default' : 'primary'} danger={to === 'cancelled'} loading={action.busy === to} disabled={!!action.busy} onClick={() => move(to)} data-testid={`order-${to}`}>
                {t(MOVE_LABEL[to])}
              </Button>
            ))}
            {returnable ? (
              <Button icon={<RollbackOutlined />} onClick={() => navigate(`/sales/returns/new?orderId=${o.id}`)} data-testid="order-new-return">
                {t('sales.orders.newReturn')}
              </Button>
            ) : null}
            {o.status !== 'cancelled' ? (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/sales/orders/${o.id}/edit`)} data-testid="order-edit">
                {t('common.edit')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
      data-testid="order-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('common.details')}>
            <Descriptions
              size="small"
              column={DETAIL_COLUMNS}
              items={[
                { key: 'customer', label: t('sales.field.customer'), children: <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link> },
                { key: 'date', label: t('sales.orders.orderDate'), children: formatDate(o.orderDate) },
                { key: 'owner', label: t('sales.field.owner'), children: o.ownerId ? <Link to={`/people/${o.ownerId}`}>{o.ownerName}</Link> : '–' },
                { key: 'currency', label: t('sales.field.currency'), children: o.currency },
                { key: 'contract', label: t('sales.field.contract'), children: o.contractId ? <Link to={`/sales/contracts/${o.contractId}`} data-testid="order-contract">{o.contractNumber}</Link> : t('sales.orders.contractNone') },
                { key: 'confirmed', label: t('sales.orders.confirmedAt'), children: formatDateTime(o.confirmedAt) || '–' },
                { key: 'notes', label: t('sales.field.notes'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{o.notes || '–'}</span> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('sales.common.history')}>
            <RecordHistory customerId={o.customerId} entityId={o.id} kinds={['order.confirmed', 'order.delivered', 'order.closed', 'order.cancelled']} createdAt={o.createdAt} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('sales.common.lines')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={lines}
              scroll={{ x: 1000 }}
              data-testid="order-lines"
              columns={[
                { title: t('sales.field.lineNo'), dataIndex: 'lineNo', width: 40 },
                { title: t('sales.field.product'), render: (_, l) => <Link to={`/products/${l.productId}`}>{`${l.productCode} ${l.productName}`}</Link> },
                { title: t('sales.field.quantity'), align: 'right', width: 90, render: (_, l) => `${formatQuantity(l.quantity)} ${l.unit}` },
                { title: t('sales.field.unitPrice'), align: 'right', width: 110, render: (_, l) => formatMoney(l.unitPrice, o.currency) },
                { title: t('sales.field.discount'), align: 'right', width: 90, render: (_, l) => `${rateToPercent(l.discountRate)}%` },
                { title: t('sales.field.taxRate'), align: 'right', width: 70, render: (_, l) => `${rateToPercent(l.taxRate)}%` },
                { title: t('sales.field.net'), align: 'right', width: 110, render: (_, l) => formatMoney(l.netAmount, o.currency) },
                { title: t('sales.field.tax'), align: 'right', width: 100, render: (_, l) => formatMoney(l.taxAmount, o.currency) },
                { title: t('sales.field.gross'), align: 'right', width: 120, render: (_, l) => formatMoney(l.grossAmount, o.currency) },
                { title: t('sales.orders.returned'), align: 'right', width: 90, render: (_, l) => (compareDecimal(l.returnedQuantity, '0') > 0 ? formatQuantity(l.returnedQuantity) : '–') },
              ]}
            />
            <Row justify="end" style={{ marginTop: 12 }}>
              <Col>
                <TotalsCard doc={o} testId="order-totals" />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('sales.orders.returns')}>
            <ErrorAlert error={returns.error} />
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              loading={returns.isPending}
              dataSource={returns.data?.items ?? []}
              locale={{ emptyText: t('sales.orders.noReturns') }}
              data-testid="order-returns"
              columns={[
                { title: t('sales.field.number'), render: (_, r) => <Link to={`/sales/returns/${r.id}`}>{r.number}</Link> },
                { title: t('sales.returns.returnDate'), render: (_, r) => formatDate(r.returnDate) },
                { title: t('sales.field.status'), render: (_, r) => <SalesTag set="return" value={r.status} /> },
                { title: t('sales.returns.reason'), dataIndex: 'reason', ellipsis: true },
                { title: t('sales.field.grossTotal'), align: 'right', render: (_, r) => formatMoney(r.grossTotal, r.currency) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('sales.common.files')}>
            <AttachmentList entityType="sales_order" entityId={o.id} canUpload={mayWrite && can('files:upload')} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
