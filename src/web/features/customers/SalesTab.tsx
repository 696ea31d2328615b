import { Card, Col, Empty, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CustomerOverview } from '../../api/customers.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { SalesStatusTag } from './labels';
import type { TextKey } from './texts';

/** Where the sales pages live (built in features/sales). */
export const salesLink = {
  order: (id: string) => `/sales/orders/${id}`,
  return: (id: string) => `/sales/returns/${id}`,
  contract: (id: string) => `/sales/contracts/${id}`,
  negotiation: (id: string) => `/sales/negotiations/${id}`,
};

function Short<T extends { id: string }>({ title, count, listPath, rows, columns, testId }: { title: string; count: number; listPath: string; rows: T[]; columns: ColumnsType<T>; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} extra={count > rows.length ? <Link to={listPath}>{t('customers.sales.viewAll', { count })}</Link> : null} data-testid={testId}>
      <Table<T> rowKey="id" size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 520 }} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.sales.none')} /> }} />
    </Card>
  );
}

/** The customer's latest orders, returns, contracts and negotiations, each linking to its page. */
export function SalesTab({ o, customerId }: { o: CustomerOverview; customerId: string }) {
  const { t } = useTranslation();
  const s = (k: TextKey<'sales'>) => t(`customers.sales.${k}`);
  const q = `?customerId=${customerId}`;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={12}>
        <Short
          title={s('orders')}
          count={o.orders.count}
          listPath={`/sales/orders${q}`}
          rows={o.orders.recent}
          testId="customer-orders"
          columns={[
            { title: s('number'), dataIndex: 'number', render: (_, r) => <Link to={salesLink.order(r.id)}>{r.number}</Link> },
            { title: s('date'), dataIndex: 'orderDate', render: (v) => formatDate(v) },
            { title: t('common.status'), dataIndex: 'status', render: (v) => <SalesStatusTag group="orderStatus" value={v} /> },
            { title: s('total'), dataIndex: 'grossTotal', align: 'right', render: (_, r) => formatMoney(r.grossTotal, r.currency) },
          ]}
        />
      </Col>
      <Col xs={24} xxl={12}>
        <Short
          title={s('returns')}
          count={o.returns.count}
          listPath={`/sales/returns${q}`}
          rows={o.returns.recent}
          testId="customer-returns"
          columns={[
            { title: s('number'), dataIndex: 'number', render: (_, r) => <Link to={salesLink.return(r.id)}>{r.number}</Link> },
            { title: s('date'), dataIndex: 'returnDate', render: (v) => formatDate(v) },
            { title: t('common.status'), dataIndex: 'status', render: (v) => <SalesStatusTag group="returnStatus" value={v} /> },
            { title: s('reason'), dataIndex: 'reason', ellipsis: true },
            { title: s('total'), dataIndex: 'grossTotal', align: 'right', render: (_, r) => formatMoney(r.grossTotal, r.currency) },
          ]}
        />
      </Col>
      <Col xs={24} xxl={12}>
        <Short
          title={s('contracts')}
          count={o.contracts.count}
          listPath={`/sales/contracts${q}`}
          rows={o.contracts.recent}
          testId="customer-contracts"
          columns={[
            { title: s('number'), dataIndex: 'number', render: (_, r) => <Link to={salesLink.contract(r.id)}>{r.number}</Link> },
            { title: s('titleField'), dataIndex: 'title', ellipsis: true },
            { title: t('common.status'), dataIndex: 'status', render: (v) => <SalesStatusTag group="contractStatus" value={v} /> },
            { title: s('endsOn'), dataIndex: 'endsOn', render: (v) => formatDate(v) || '–' },
            { title: s('value'), dataIndex: 'value', align: 'right', render: (_, r) => formatMoney(r.value, r.currency) },
          ]}
        />
      </Col>
      <Col xs={24} xxl={12}>
        <Short
          title={s('negotiations')}
          count={o.negotiations.count}
          listPath={`/sales/negotiations${q}`}
          rows={o.negotiations.recent}
          testId="customer-negotiations"
          columns={[
            { title: s('number'), dataIndex: 'number', render: (_, r) => <Link to={salesLink.negotiation(r.id)}>{r.number}</Link> },
            { title: s('subject'), dataIndex: 'subject', ellipsis: true },
            { title: s('stage'), dataIndex: 'stage', render: (_, r) => (r.outcome === 'open' ? <SalesStatusTag group="stages" value={r.stage} /> : <SalesStatusTag group="outcomes" value={r.outcome} />) },
            {
              title: s('nextStep'),
              dataIndex: 'nextStep',
              ellipsis: true,
              render: (_, r) => (r.nextStep ? `${r.nextStep}${r.nextStepOn ? ` · ${formatDate(r.nextStepOn)}` : ''}` : <Typography.Text type="secondary">–</Typography.Text>),
            },
            { title: s('expectedValue'), dataIndex: 'expectedValue', align: 'right', render: (_, r) => (r.expectedValue === null ? '–' : formatMoney(r.expectedValue, r.currency)) },
          ]}
        />
      </Col>
    </Row>
  );
}
