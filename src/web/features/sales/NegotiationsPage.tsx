import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Negotiation } from '../../api/sales.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { CustomerSelect, SalesTable, textFilter } from './common';
import { labelOptions, NEGOTIATION_OUTCOMES, NEGOTIATION_STAGES, SalesTag } from './labels';

type NegotiationForm = {
  q?: string;
  customerId?: string;
  ownerId?: string;
  stage?: string;
  outcome?: string;
};

const toQuery = (f: NegotiationForm) => ({ q: textFilter(f.q), customerId: f.customerId || undefined, ownerId: f.ownerId || undefined, stage: f.stage || undefined, outcome: f.outcome || undefined });

/** The next step's date, red once it is due and the negotiation still open. */
export function NextStepDate({ n }: { n: Negotiation }) {
  const { t } = useTranslation();
  if (!n.nextStepOn) return <>–</>;
  const due = n.outcome === 'open' && !dayjs(n.nextStepOn).isAfter(dayjs(), 'day');
  return (
    <Typography.Text type={due ? 'danger' : undefined}>
      {formatDate(n.nextStepOn)}
      {due && dayjs(n.nextStepOn).isBefore(dayjs(), 'day') ? ` (${t('sales.negotiations.overdue')})` : ''}
    </Typography.Text>
  );
}

/** Negotiations, newest first, by stage and outcome. */
export function NegotiationsPage() {
  const { t } = useTranslation();
  const columns: ProColumns<Negotiation>[] = [
    { title: t('sales.field.search'), dataIndex: 'q', hideInTable: true, order: 10, fieldProps: { placeholder: t('sales.negotiations.searchPlaceholder') } },
    { title: t('sales.field.number'), dataIndex: 'number', width: 140, search: false, fixed: 'left', render: (_, n) => <Link to={`/sales/negotiations/${n.id}`} data-testid="negotiation-link">{n.number}</Link> },
    { title: t('sales.negotiations.subject'), dataIndex: 'subject', search: false, ellipsis: true },
    { title: t('sales.field.customer'), dataIndex: 'customerId', ellipsis: true, renderFormItem: () => <CustomerSelect />, render: (_, n) => <Link to={`/customers/${n.customerId}`}>{n.customerName}</Link> },
    { title: t('sales.negotiations.stage'), dataIndex: 'stage', width: 110, valueType: 'select', order: 9, fieldProps: { options: labelOptions('stage', NEGOTIATION_STAGES) }, render: (_, n) => <SalesTag set="stage" value={n.stage} /> },
    { title: t('sales.negotiations.outcome'), dataIndex: 'outcome', width: 100, valueType: 'select', fieldProps: { options: labelOptions('outcome', NEGOTIATION_OUTCOMES) }, render: (_, n) => <SalesTag set="outcome" value={n.outcome} /> },
    { title: t('sales.negotiations.expectedValue'), dataIndex: 'expectedValue', width: 140, align: 'right', search: false, render: (_, n) => (n.expectedValue === null ? '–' : formatMoney(n.expectedValue, n.currency)) },
    { title: t('sales.negotiations.nextStep'), dataIndex: 'nextStep', search: false, ellipsis: true, render: (_, n) => n.nextStep ?? '–' },
    { title: t('sales.negotiations.nextStepOn'), dataIndex: 'nextStepOn', width: 150, search: false, render: (_, n) => <NextStepDate n={n} /> },
    { title: t('sales.field.owner'), dataIndex: 'ownerId', width: 130, renderFormItem: () => <UserSelect activeOnly={false} />, render: (_, n) => n.ownerName ?? '–' },
  ];
  return (
    <PageContainer title={t('sales.negotiations.title')}>
      <SalesTable<Negotiation, NegotiationForm> path="/api/v1/sales/negotiations" columns={columns} toQuery={toQuery} newPath="/sales/negotiations/new" newLabel={t('sales.negotiations.new')} testId="negotiations-table" hiddenColumns={['nextStep']} />
    </PageContainer>
  );
}
