import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SalesOrder } from '../../api/sales.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { CustomerSelect, periodFieldProps, ProductSelect, SalesTable, textFilter } from './common';
import { labelOptions, ORDER_STATUSES, SalesTag } from './labels';

type OrderForm = {
  q?: string;
  customerId?: string;
  ownerId?: string;
  productId?: string;
  status?: string;
  period?: [string, string];
};

const toQuery = (f: OrderForm) => ({
  q: textFilter(f.q),
  customerId: f.customerId || undefined,
  ownerId: f.ownerId || undefined,
  productId: f.productId || undefined,
  status: f.status || undefined,
  from: f.period?.[0],
  to: f.period?.[1],
});

/** Sales orders, newest order date first, with the API's filters and exports. */
export function OrdersPage() {
  const { t } = useTranslation();
  const columns: ProColumns<SalesOrder>[] = [
    { title: t('sales.field.search'), dataIndex: 'q', hideInTable: true, order: 10, fieldProps: { placeholder: t('sales.orders.searchPlaceholder') } },
    { title: t('sales.field.number'), dataIndex: 'number', width: 150, search: false, fixed: 'left', render: (_, o) => <Link to={`/sales/orders/${o.id}`} data-testid="order-link">{o.number}</Link> },
    { title: t('sales.orders.orderDate'), dataIndex: 'orderDate', width: 120, search: false, render: (_, o) => formatDate(o.orderDate) },
    { title: t('sales.field.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, fieldProps: periodFieldProps() },
    { title: t('sales.field.customer'), dataIndex: 'customerId', ellipsis: true, renderFormItem: () => <CustomerSelect />, render: (_, o) => <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link> },
    { title: t('sales.field.status'), dataIndex: 'status', width: 120, valueType: 'select', order: 9, fieldProps: { options: labelOptions('order', ORDER_STATUSES) }, render: (_, o) => <SalesTag set="order" value={o.status} /> },
    { title: t('sales.field.owner'), dataIndex: 'ownerId', width: 140, renderFormItem: () => <UserSelect activeOnly={false} />, render: (_, o) => o.ownerName ?? '–' },
    { title: t('sales.field.product'), dataIndex: 'productId', hideInTable: true, renderFormItem: () => <ProductSelect /> },
    { title: t('sales.field.contract'), dataIndex: 'contractNumber', width: 150, search: false, render: (_, o) => (o.contractId ? <Link to={`/sales/contracts/${o.contractId}`}>{o.contractNumber}</Link> : '–') },
    { title: t('sales.field.netTotal'), dataIndex: 'netTotal', width: 130, align: 'right', search: false, render: (_, o) => formatMoney(o.netTotal, o.currency) },
    { title: t('sales.field.taxTotal'), dataIndex: 'taxTotal', width: 120, align: 'right', search: false, render: (_, o) => formatMoney(o.taxTotal, o.currency) },
    { title: t('sales.field.grossTotal'), dataIndex: 'grossTotal', width: 140, align: 'right', search: false, render: (_, o) => <span data-testid="order-gross">{formatMoney(o.grossTotal, o.currency)}</span> },
  ];
  return (
    <PageContainer title={t('sales.orders.title')}>
      <SalesTable<SalesOrder, OrderForm> path="/api/v1/sales/orders" columns={columns} toQuery={toQuery} newPath="/sales/orders/new" newLabel={t('sales.orders.new')} testId="orders-table" hiddenColumns={['contractNumber', 'taxTotal']} />
    </PageContainer>
  );
}
