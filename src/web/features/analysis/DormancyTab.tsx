import { Col, Row, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { DormancyResult } from '../../api/analysis.types';
import { Chart } from '../../ui/Chart';
import { distinctGroups, membersLink, RISK_COLORS, type AnalysisParams } from './model';
import { MembersTable } from './MembersTable';
import { Kpis, Note, Panel, TabFrame } from './parts';
import { useDormancy } from './queries';

/** Dormant and churn-risk customers: counts, customers by days since their last order, the breakdown, and the two lists. */
export function DormancyTab({ params }: { params: AnalysisParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useDormancy(params);
  const data = q.data;
  const [list, setList] = useState<'dormant' | 'churn'>('dormant');
  const frame = data && { asOf: data.asOf, months: data.months, dormantDays: data.dormantDays, currency: data.currency };
  return (
    <TabFrame loading={q.isFetching} error={q.error} empty={!!data && data.customers === 0} frame={data}>
      {data ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Kpis
            items={[
              { title: t('analysis.kpi.customers'), value: data.customers, testId: 'dormancy-customers' },
              { title: t('analysis.dormancy.dormant'), value: data.dormant, color: RISK_COLORS.dormant, link: data.dormant ? membersLink(frame!, { analysis: 'dormant' }) : undefined, testId: 'dormancy-dormant' },
              { title: t('analysis.dormancy.drop'), value: data.drop, color: data.drop ? RISK_COLORS.churn : undefined, link: data.drop ? membersLink(frame!, { analysis: 'churn', segment: 'drop' }) : undefined, testId: 'dormancy-drop' },
              { title: t('analysis.dormancy.overdue'), value: data.overdue, color: data.overdue ? RISK_COLORS.churn : undefined, link: data.overdue ? membersLink(frame!, { analysis: 'churn', segment: 'overdue' }) : undefined, testId: 'dormancy-overdue' },
            ]}
          />
          <Note>{t('analysis.dormancy.rules')}</Note>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={data.dimension === 'none' ? 24 : 10}>
              <Panel title={t('analysis.dormancy.recencyChart')}>
                <Chart
                  testId="dormancy-recency-chart"
                  height={280}
                  option={{
                    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
                    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                    xAxis: { type: 'category', data: data.recency.map((b) => t('analysis.dormancy.bucket', { range: b.bucket })) },
                    yAxis: { type: 'value', minInterval: 1 },
                    series: [{ type: 'bar', barMaxWidth: 48, label: { show: true, position: 'top' }, data: data.recency.map((b, i) => ({ value: b.customers, itemStyle: { color: i < 2 ? '#1d5fd1' : i < 3 ? '#e0a800' : '#8c8c8c' } })) }],
                  }}
                />
              </Panel>
            </Col>
            {data.dimension !== 'none' ? (
              <Col xs={24} xl={14}>
                <DormancyBreakdown data={data} onOpen={(analysis, g) => navigate(membersLink(frame!, { analysis, group: { dimension: data.dimension, ...g } }))} />
              </Col>
            ) : null}
          </Row>
          <Panel
            title={t(`analysis.dormancy.lists.${list}`)}
            extra={
              <Segmented
                value={list}
                onChange={(v) => setList(v as 'dormant' | 'churn')}
                options={[
                  { value: 'dormant', label: `${t('analysis.dormancy.dormant')} (${data.dormant})` },
                  { value: 'churn', label: `${t('analysis.dormancy.churnRisk')} (${data.churnRisk})` },
                ]}
                data-testid="dormancy-list-switch"
              />
            }
          >
            <MembersTable query={{ analysis: list, asOf: data.asOf, months: String(data.months), dormantDays: String(data.dormantDays) }} currency={data.currency} compact />
          </Panel>
        </Space>
      ) : null}
    </TabFrame>
  );
}

function DormancyBreakdown({ data, onOpen }: { data: DormancyResult; onOpen: (analysis: 'dormant' | 'churn', group: { key: string; label: string }) => void }) {
  const { t } = useTranslation();
  const groups = distinctGroups(data.groups);
  const rows = groups.map((g) => data.groups.find((x) => x.key === g.key)!);
  const kinds = ['dormant', 'churn'] as const;
  return (
    <Panel title={t('analysis.dormancy.byGroup', { dimension: t(`analysis.dimensions.${data.dimension}`) })}>
      <Chart
        testId="dormancy-breakdown-chart"
        height={Math.max(240, 40 + groups.length * 34)}
        onClick={(p) => onOpen(kinds[p.seriesIndex], groups[p.dataIndex])}
        option={{
          grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label) },
          series: [
            { name: t('analysis.dormancy.dormant'), type: 'bar', itemStyle: { color: RISK_COLORS.dormant }, data: rows.map((r) => r.dormant) },
            { name: t('analysis.dormancy.churnRisk'), type: 'bar', itemStyle: { color: RISK_COLORS.churn }, data: rows.map((r) => r.churnRisk) },
          ],
        }}
      />
    </Panel>
  );
}
