import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SalesReturn } from '../../api/sales.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { CustomerSelect, periodFieldProps, OrderSelect, SalesTable, textFilter } from './common';
import { labelOptions, RETURN_STATUSES, SalesTag } from './labels';

type ReturnForm = {
  q?: string;
  customerId?: string;
  orderId?: string;
  status?: string;
  period?: [string, string];
};

const toQuery = (f: ReturnForm) => ({ q: textFilter(f.q), customerId: f.customerId || undefined, orderId: f.orderId || undefined, status: f.status || undefined, from: f.period?.[0], to: f.period?.[1] });

/** Sales returns, newest return date first. */
export function ReturnsPage() {
  const { t } = useTranslation();
  const columns: ProColumns<SalesReturn>[] = [
    { title: t('sales.field.search'), dataIndex: 'q', hideInTable: true, order: 10, fieldProps: { placeholder: t('sales.returns.searchPlaceholder') } },
    { title: t('sales.field.number'), dataIndex: 'number', width: 150, search: false, fixed: 'left', render: (_, r) => <Link to={`/sales/returns/${r.id}`} data-testid="return-link">{r.number}</Link> },
    { title: t('sales.returns.returnDate'), dataIndex: 'returnDate', width: 120, search: false, render: (_, r) => formatDate(r.returnDate) },
    { title: t('sales.field.period'), dataIndex: 'period', valueType: 'dateRange', hideInTable: true, fieldProps: periodFieldProps() },
    { title: t('sales.returns.order'), dataIndex: 'orderId', width: 150, renderFormItem: () => <OrderSelect />, render: (_, r) => <Link to={`/sales/orders/${r.orderId}`}>{r.orderNumber}</Link> },
    { title: t('sales.field.customer'), dataIndex: 'customerId', ellipsis: true, renderFormItem: () => <CustomerSelect />, render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
    { title: t('sales.field.status'), dataIndex: 'status', width: 110, valueType: 'select', order: 9, fieldProps: { options: labelOptions('return', RETURN_STATUSES) }, render: (_, r) => <SalesTag set="return" value={r.status} /> },
    { title: t('sales.returns.reason'), dataIndex: 'reason', ellipsis: true, search: false },
    { title: t('sales.field.netTotal'), dataIndex: 'netTotal', width: 130, align: 'right', search: false, render: (_, r) => formatMoney(r.netTotal, r.currency) },
    { title: t('sales.field.grossTotal'), dataIndex: 'grossTotal', width: 140, align: 'right', search: false, render: (_, r) => formatMoney(r.grossTotal, r.currency) },
  ];
  return (
    <PageContainer title={t('sales.returns.title')}>
      <SalesTable<SalesReturn, ReturnForm> path="/api/v1/sales/returns" columns={columns} toQuery={toQuery} newPath="/sales/returns/new" newLabel={t('sales.returns.new')} testId="returns-table" hiddenColumns={['netTotal']} />
    </PageContainer>
  );
}
