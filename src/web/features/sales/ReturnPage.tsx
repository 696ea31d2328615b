import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { SalesReturn } from '../../api/sales.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { formatQuantity } from './amounts';
import { DETAIL_COLUMNS, movedText, RecordHistory, useRecordAction } from './common';
import { SalesTag } from './labels';
import { TotalsCard } from './OrderPage';

/** One return: its order, lines and amounts; a draft is confirmed or cancelled here. */
export function ReturnPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const action = useRecordAction();
  const ret = useQuery({ queryKey: ['sales', 'returns', 'detail', id], queryFn: () => api.get<SalesReturn>(`/api/v1/sales/returns/${id}`) });
  if (ret.isPending) return <PageLoading />;
  if (ret.isError) return <LoadError error={ret.error} onRetry={() => void ret.refetch()} />;
  const r = ret.data;
  const mayWrite = can('sales:write');
  const move = (to: 'confirmed' | 'cancelled') => action.run<SalesReturn>(to, `/api/v1/sales/returns/${r.id}/transition`, { to, version: r.version }, (x) => movedText('return', x.number, x.status));

  return (
    <PageContainer
      title={
        <Space>
          {r.number}
          <SalesTag set="return" value={r.status} />
        </Space>
      }
      onBack={() => navigate('/sales/returns')}
      extra={
        mayWrite && r.status === 'draft' ? (
          <Space wrap>
            <Button type="primary" loading={action.busy === 'confirmed'} disabled={!!action.busy} onClick={() => void move('confirmed')} data-testid="return-confirmed">
              {t('sales.returns.confirm')}
            </Button>
            <Button danger loading={action.busy === 'cancelled'} disabled={!!action.busy} onClick={() => modal.confirm({ title: t('sales.returns.cancelConfirm', { number: r.number }), okButtonProps: { danger: true }, onOk: () => move('cancelled') })} data-testid="return-cancelled">
              {t('sales.returns.cancel')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="return-page"
    >
      {r.status === 'draft' ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('sales.returns.draftHint')} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('common.details')}>
            <Descriptions
              size="small"
              column={DETAIL_COLUMNS}
              items={[
                { key: 'order', label: t('sales.returns.order'), children: <Link to={`/sales/orders/${r.orderId}`} data-testid="return-order">{r.orderNumber}</Link> },
                { key: 'customer', label: t('sales.field.customer'), children: <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
                { key: 'date', label: t('sales.returns.returnDate'), children: formatDate(r.returnDate) },
                { key: 'currency', label: t('sales.field.currency'), children: r.currency },
                { key: 'reason', label: t('sales.returns.reason'), span: 2, children: r.reason },
              ]}
            />
          </Card>
          <Card size="small" title={t('sales.common.lines')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.lines ?? []}
              data-testid="return-lines"
              columns={[
                { title: t('sales.field.lineNo'), dataIndex: 'lineNo', width: 40 },
                { title: t('sales.field.product'), render: (_, l) => <Link to={`/products/${l.productId}`}>{l.productName}</Link> },
                { title: t('sales.field.quantity'), align: 'right', width: 100, render: (_, l) => formatQuantity(l.quantity) },
                { title: t('sales.field.net'), align: 'right', width: 120, render: (_, l) => formatMoney(l.netAmount, r.currency) },
                { title: t('sales.field.tax'), align: 'right', width: 110, render: (_, l) => formatMoney(l.taxAmount, r.currency) },
                { title: t('sales.field.gross'), align: 'right', width: 120, render: (_, l) => formatMoney(l.grossAmount, r.currency) },
              ]}
            />
            <Row justify="end" style={{ marginTop: 12 }}>
              <Col>
                <TotalsCard doc={r} testId="return-totals" />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('sales.common.files')}>
            <AttachmentList entityType="sales_return" entityId={r.id} canUpload={mayWrite && can('files:upload')} />
          </Card>
          <Card size="small" title={t('sales.common.history')} style={{ marginTop: 16 }}>
            <RecordHistory customerId={r.customerId} entityId={r.id} kinds={['return.confirmed', 'return.cancelled']} createdAt={r.createdAt} />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
