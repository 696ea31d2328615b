import { DownloadOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { DepartmentReport, DepartmentReportSummary, Figure } from '../../api/statements.types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { useTableErrorHandler } from '../../ui/table-errors';
import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { Chart } from '../../ui/Chart';
import { FIGURES, REPORT_STATUS_COLOR, reportStatusKey, STATEMENT_KINDS, StatementStatusTag, figureText } from './common';

type RepRow = DepartmentReport['content']['rows'][number];
const SHOWN: Figure[] = ['netSales', 'grossSales', 'returns', 'orders', 'newCustomers', 'activeCustomers', 'grossMargin'];
/** Chart scale only (the tables are exact): minor units as whole currency units. */
const major = (minor: number | null) => (minor ?? 0) / 100;

/** One version of the department report: totals, the per-rep table with flags, commentary, charts, versions, the PDF and the leaders' acknowledgement. */
export function ReportPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['statements', 'report', id], queryFn: () => api.get<DepartmentReport>(`/api/v1/statements/reports/${id}`) });
  const [busy, setBusy] = useState(false);
  if (q.isPending) return <PageLoading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const c = r.content;

  const downloadPdf = async () => {
    setBusy(true);
    try {
      // A report consolidated without a PDF (the demo's) gets it written now.
      const withPdf = r.pdfFileId ? r : await api.post<DepartmentReport>(`/api/v1/statements/reports/${r.id}/pdf`, {});
      if (!r.pdfFileId) qc.setQueryData(['statements', 'report', id], withPdf);
      window.location.assign(`/api/v1/files/${withPdf.pdfFileId}/download`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const cell = (row: RepRow, f: Figure) => {
    const flag = row.flags.find((x) => x.figure === f);
    if (!flag) return figureText(f, row.system[f], r.currency);
    return (
      <Space direction="vertical" size={0} style={{ alignItems: 'flex-end' }}>
        <span>{figureText(f, row.system[f], r.currency)}</span>
        <Typography.Text type="danger" data-testid="report-flag">
          {t('statements.reported')}: {figureText(f, flag.reported, r.currency)}
        </Typography.Text>
      </Space>
    );
  };
  const repColumns = [
    { title: t('statements.rep'), dataIndex: 'repName', fixed: 'left' as const, width: 140 },
    { title: t('common.status'), dataIndex: 'status', width: 120, render: (_: unknown, row: RepRow) => (row.isIn ? <StatementStatusTag status={row.status} /> : <Tag color="error">{t('statements.report.missing')}</Tag>) },
    ...SHOWN.map((f) => ({ title: t(`statements.figures.${f}`), key: f, align: 'right' as const, width: 140, render: (_: unknown, row: RepRow) => cell(row, f) })),
  ];

  return (
    <PageContainer
      title={t('statements.report.title', { number: r.number })}
      subTitle={`${c.departmentName} · ${t(`statements.kinds.${r.kind}`)} ${r.periodKey} · ${t('statements.report.versionN', { n: r.versionNo })}`}
      tags={<Tag color={REPORT_STATUS_COLOR[r.status]} data-testid="report-status">{t(reportStatusKey(r.status))}</Tag>}
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void downloadPdf()} loading={busy} data-testid="download-pdf">
            {t('statements.report.downloadPdf')}
          </Button>
          {r.archiveDocumentId ? (
            <Link to={`/archive/documents/${r.archiveDocumentId}`}>
              <Button icon={<FolderOpenOutlined />}>{t('statements.report.openArchive')}</Button>
            </Link>
          ) : null}
        </Space>
      }
    >
      <Row gutter={[16, 16]} data-testid="report-page">
        <Col xs={24} xl={16}>
          <Card size="small" title={t('statements.report.totals')}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'period', label: t('statements.period'), children: t('statements.range', { from: c.from, to: c.to }) },
                { key: 'by', label: t('statements.report.createdBy'), children: `${r.createdByName} · ${formatDateTime(r.createdAt)}` },
                ...(c.closeReason ? [{ key: 'reason', label: t('statements.report.closeReason'), children: c.closeReason }] : []),
              ]}
            />
            <Table
              size="small"
              pagination={false}
              style={{ marginTop: 12 }}
              rowKey="figure"
              data-testid="report-totals"
              dataSource={FIGURES.map((f) => ({ figure: f }))}
              columns={[
                { title: t('statements.figureColumn'), dataIndex: 'figure', render: (f: Figure) => t(`statements.figures.${f}`) },
                { title: t('statements.system'), align: 'right', render: (_, x) => <span data-testid={`total-${x.figure}`}>{figureText(x.figure, c.totals[x.figure], r.currency)}</span> },
                { title: t('statements.reported'), align: 'right', render: (_, x) => figureText(x.figure, c.reportedTotals[x.figure], r.currency) },
              ]}
            />
          </Card>
          <Card size="small" title={t('statements.report.perRep')} style={{ marginTop: 16 }}>
            <Table<RepRow> rowKey="repId" size="small" pagination={false} dataSource={c.rows} columns={repColumns} scroll={{ x: 1200 }} data-testid="report-reps" />
          </Card>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statements.report.trend')}>
                <Chart height={260} option={{ tooltip: { trigger: 'axis' }, grid: { left: 70, right: 16, top: 16, bottom: 30 }, xAxis: { type: 'category', data: c.trend.map((m) => m.month) }, yAxis: { type: 'value' }, series: [{ type: c.trend.length > 1 ? 'line' : 'bar', data: c.trend.map((m) => major(m.netSales)) }] }} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statements.report.byRep')}>
                <Chart height={260} option={{ tooltip: { trigger: 'axis' }, grid: { left: 70, right: 16, top: 16, bottom: 60 }, xAxis: { type: 'category', data: c.rows.map((x) => x.repName), axisLabel: { rotate: 30 } }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: c.rows.map((x) => major(x.system.netSales)) }] }} />
              </Card>
            </Col>
          </Row>
          {c.excerpts.length ? (
            <Card size="small" title={t('statements.report.excerpts')} style={{ marginTop: 16 }}>
              {c.excerpts.map((e) => (
                <Descriptions
                  key={e.repName}
                  title={e.repName}
                  size="small"
                  column={1}
                  style={{ marginBottom: 12 }}
                  items={[
                    { key: 'm', label: t('statements.market'), children: e.market || '–' },
                    { key: 'p', label: t('statements.problems'), children: e.problems || '–' },
                    { key: 'n', label: t('statements.nextSteps'), children: e.nextSteps || '–' },
                  ]}
                />
              ))}
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('statements.report.versions')} style={{ marginBottom: 16 }}>
            <Space direction="vertical">
              {r.versions.map((v) => (
                <Space key={v.id}>
                  {v.id === r.id ? <strong>{t('statements.report.versionN', { n: v.versionNo })}</strong> : <Link to={`/statements/reports/${v.id}`}>{t('statements.report.versionN', { n: v.versionNo })}</Link>}
                  <Tag color={REPORT_STATUS_COLOR[v.status]}>{t(reportStatusKey(v.status))}</Tag>
                  <Typography.Text type="secondary">{formatDateTime(v.createdAt)}</Typography.Text>
                </Space>
              ))}
            </Space>
          </Card>
          <Alert type="info" showIcon message={t('statements.report.approvalHint')} style={{ marginBottom: 16 }} />
          <ApprovalPanel requestId={r.approvalRequestId} docType="department_report" docId={r.id} />
        </Col>
      </Row>
    </PageContainer>
  );
}

/** Every department report (each version), newest first. */
export function ReportsPage() {
  const { t } = useTranslation();
  const onError = useTableErrorHandler();
  const columns: ProColumns<DepartmentReportSummary>[] = [
    { title: t('statements.number'), dataIndex: 'number', width: 150, search: false, render: (_, x) => <Link to={`/statements/reports/${x.id}`}>{x.number}</Link> },
    { title: t('statements.kind'), dataIndex: 'kind', width: 110, valueType: 'select', fieldProps: { options: STATEMENT_KINDS.map((k) => ({ value: k, label: t(`statements.kinds.${k}`) })) }, render: (_, x) => t(`statements.kinds.${x.kind}`) },
    { title: t('statements.period'), dataIndex: 'periodKey', width: 110 },
    { title: t('statements.report.version'), dataIndex: 'versionNo', width: 90, search: false },
    { title: t('common.status'), dataIndex: 'status', width: 170, search: false, render: (_, x) => <Tag color={REPORT_STATUS_COLOR[x.status]}>{t(reportStatusKey(x.status))}</Tag> },
    { title: t('statements.report.createdBy'), dataIndex: 'createdByName', width: 150, search: false },
    { title: t('statements.report.createdAt'), dataIndex: 'createdAt', width: 170, search: false, render: (_, x) => formatDateTime(x.createdAt) },
  ];
  return (
    <PageContainer title={t('statements.report.listTitle')}>
      <ProTable<DepartmentReportSummary, { kind?: string; periodKey?: string }>
        rowKey="id"
        columns={columns}
        request={async (p) => {
          const res = await api.get<{ items: DepartmentReportSummary[] }>('/api/v1/statements/reports', { kind: p.kind, periodKey: p.periodKey, limit: 200 });
          return { data: res.items, success: true, total: res.items.length };
        }}
        onRequestError={onError}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
      />
    </PageContainer>
  );
}
