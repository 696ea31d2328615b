import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Space, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { SupplyReport } from '../../api/supplies.types';
import { LoadError } from '../../ui/ErrorPages';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { RangePicker, useRange } from '../ledger/common';

type Row_ = { id: string | null; name: string | null; quantity: number; amount: number; issues: number; departmentName?: string | null; code?: string; nameZh?: string };

/** What the issued supplies cost, per person, per department and per item, over a period. */
export function SupplyReportPage() {
  const { t, i18n } = useTranslation();
  const { from, to, set } = useRange(dayjs().startOf('month'), dayjs().endOf('month'));
  const report = useQuery({ queryKey: ['supplies', 'report', from, to], queryFn: () => api.get<SupplyReport>('/api/v1/supplies/report', { from, to }) });
  const m = (v: number) => formatMoney(v, report.data?.currency ?? 'CNY');
  const table = (title: string, nameTitle: string, rows: Row_[], name: (r: Row_) => string, testId: string) => (
    <Card size="small" title={title}>
      <Table<Row_>
        size="small"
        rowKey={(r) => r.id ?? 'none'}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: nameTitle, render: (_, r) => name(r) },
          { title: t('supplies.report.quantity'), dataIndex: 'quantity', align: 'right', width: 90 },
          { title: t('supplies.report.issues'), dataIndex: 'issues', align: 'right', width: 90 },
          { title: t('supplies.report.amount'), align: 'right', width: 130, render: (_, r) => m(r.amount) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              <b>{t('supplies.report.total')}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <b>{m(rows.reduce((s, r) => s + r.amount, 0))}</b>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
        data-testid={testId}
      />
    </Card>
  );
  return (
    <PageContainer title={t('supplies.report.title')}>
      <Space style={{ marginBottom: 16 }}>
        <RangePicker from={from} to={to} onChange={(f, tt) => set({ from: f, to: tt })} />
      </Space>
      {report.isPending ? (
        <PageLoading />
      ) : report.isError ? (
        <LoadError error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Statistic title={t('supplies.report.total')} value={m(report.data.total)} />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              {table(t('supplies.report.byPerson'), t('supplies.report.person'), report.data.byPerson, (r) => `${r.name ?? t('supplies.report.none')}${r.departmentName ? ` · ${r.departmentName}` : ''}`, 'report-person')}
            </Col>
            <Col xs={24} xl={12}>
              {table(t('supplies.report.byDepartment'), t('supplies.report.department'), report.data.byDepartment, (r) => r.name ?? t('supplies.report.none'), 'report-department')}
            </Col>
            <Col xs={24}>{table(t('supplies.report.byItem'), t('supplies.report.item'), report.data.byItem, (r) => `${r.code} ${i18n.language.startsWith('zh') ? r.nameZh : r.name}`, 'report-item')}</Col>
          </Row>
        </Space>
      )}
    </PageContainer>
  );
}
