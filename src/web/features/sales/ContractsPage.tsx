import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Contract } from '../../api/sales.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { CustomerSelect, SalesTable, textFilter } from './common';
import { CONTRACT_STATUSES, labelOptions, SalesTag } from './labels';

type ContractForm = {
  q?: string;
  customerId?: string;
  ownerId?: string;
  status?: string;
  /** Days ahead: "ending within 30 days" is endsBefore = today + 30. */
  expiring?: string;
};

const toQuery = (f: ContractForm) => ({
  q: textFilter(f.q),
  customerId: f.customerId || undefined,
  ownerId: f.ownerId || undefined,
  status: f.status || undefined,
  endsBefore: f.expiring ? dayjs().add(Number(f.expiring), 'day').format('YYYY-MM-DD') : undefined,
});

/** "ends in 12 days" for an active contract close to its end. */
export function EndsHint({ c }: { c: Contract }) {
  const { t } = useTranslation();
  if (!c.endsOn || c.status !== 'active') return null;
  const days = dayjs(c.endsOn).startOf('day').diff(dayjs().startOf('day'), 'day');
  if (days > 30) return null;
  return <Typography.Text type={days < 0 ? 'danger' : 'warning'} style={{ fontSize: 12 }}> ({days < 0 ? t('sales.contracts.ended') : t('sales.contracts.endsSoon', { n: days })})</Typography.Text>;
}

/** Contracts, newest first; "ending within" finds those to renew. */
export function ContractsPage() {
  const { t } = useTranslation();
  const columns: ProColumns<Contract>[] = [
    { title: t('sales.field.search'), dataIndex: 'q', hideInTable: true, order: 10, fieldProps: { placeholder: t('sales.contracts.searchPlaceholder') } },
    { title: t('sales.field.number'), dataIndex: 'number', width: 150, search: false, fixed: 'left', render: (_, c) => <Link to={`/sales/contracts/${c.id}`} data-testid="contract-link">{c.number}</Link> },
    { title: t('sales.contracts.titleField'), dataIndex: 'title', search: false, ellipsis: true },
    { title: t('sales.field.customer'), dataIndex: 'customerId', ellipsis: true, renderFormItem: () => <CustomerSelect />, render: (_, c) => <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link> },
    { title: t('sales.field.status'), dataIndex: 'status', width: 110, valueType: 'select', order: 9, fieldProps: { options: labelOptions('contract', CONTRACT_STATUSES) }, render: (_, c) => <SalesTag set="contract" value={c.status} /> },
    {
      title: t('sales.contracts.expiring'),
      dataIndex: 'expiring',
      hideInTable: true,
      valueType: 'select',
      fieldProps: { options: [30, 60, 90].map((n) => ({ value: String(n), label: t('sales.contracts.days', { n }) })) },
    },
    { title: t('sales.contracts.value'), dataIndex: 'value', width: 140, align: 'right', search: false, render: (_, c) => formatMoney(c.value, c.currency) },
    { title: t('sales.contracts.signedOn'), dataIndex: 'signedOn', width: 110, search: false, render: (_, c) => formatDate(c.signedOn) || '–' },
    { title: t('sales.contracts.startsOn'), dataIndex: 'startsOn', width: 110, search: false, render: (_, c) => formatDate(c.startsOn) || '–' },
    { title: t('sales.contracts.endsOn'), dataIndex: 'endsOn', width: 170, search: false, render: (_, c) => (c.endsOn ? <>{formatDate(c.endsOn)}<EndsHint c={c} /></> : '–') },
    { title: t('sales.field.owner'), dataIndex: 'ownerId', width: 130, renderFormItem: () => <UserSelect activeOnly={false} />, render: (_, c) => c.ownerName ?? '–' },
  ];
  return (
    <PageContainer title={t('sales.contracts.title')}>
      <SalesTable<Contract, ContractForm> path="/api/v1/sales/contracts" columns={columns} toQuery={toQuery} newPath="/sales/contracts/new" newLabel={t('sales.contracts.new')} testId="contracts-table" hiddenColumns={['startsOn']} />
    </PageContainer>
  );
}
