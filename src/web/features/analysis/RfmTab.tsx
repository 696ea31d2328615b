import { Col, Row, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { RfmResult, RfmSegment } from '../../api/analysis.types';
import { Chart } from '../../ui/Chart';
import { distinctGroups, formatShare, membersLink, RFM_SEGMENTS, SEGMENT_COLORS, segmentLabel, type AnalysisParams } from './model';
import { LinkTable, money, Panel, TabFrame } from './parts';
import { useRfm } from './queries';

/** RFM: customers per segment (bars), the segments' table with their rules, the R × FM grid, and the breakdown. */
export function RfmTab({ params }: { params: AnalysisParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useRfm(params);
  const data = q.data;
  const frame = data && { asOf: data.asOf, months: data.months, currency: data.currency };
  const open = (segment: RfmSegment, group?: { key: string; label: string }) => navigate(membersLink(frame!, { analysis: 'rfm', segment, group: group && { dimension: data!.dimension, key: group.key, label: group.label } }));
  return (
    <TabFrame loading={q.isFetching} error={q.error} empty={!!data && data.customers === 0} frame={data}>
      {data ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Panel title={t('analysis.rfm.chart')}>
                <Chart
                  testId="rfm-chart"
                  height={340}
                  onClick={(p) => open(RFM_SEGMENTS[p.dataIndex])}
                  option={{
                    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
                    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => tooltipOf(data, RFM_SEGMENTS[p.dataIndex]) },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: { type: 'category', inverse: true, data: RFM_SEGMENTS.map(segmentLabel), axisTick: { show: false } },
                    series: [
                      {
                        type: 'bar',
                        barMaxWidth: 26,
                        label: { show: true, position: 'right' },
                        data: data.segments.map((s) => ({ value: s.customers, itemStyle: { color: SEGMENT_COLORS[s.segment] } })),
                      },
                    ],
                  }}
                />
              </Panel>
            </Col>
            <Col xs={24} xl={10}>
              <Panel title={t('analysis.rfm.grid')}>
                <RfmGrid data={data} />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('analysis.rfm.scoreNote')}
                </Typography.Paragraph>
              </Panel>
            </Col>
          </Row>
          <LinkTable
            testId="rfm-segments"
            rows={data.segments}
            rowKey={(r) => r.segment}
            columns={[
              {
                title: t('analysis.columns.segment'),
                render: (_, r) => (
                  <Space>
                    <Tag color={SEGMENT_COLORS[r.segment]}>{segmentLabel(r.segment)}</Tag>
                  </Space>
                ),
              },
              { title: t('analysis.columns.rule'), render: (_, r) => <Typography.Text type="secondary">{t(`analysis.segmentRules.${r.segment}`)}</Typography.Text> },
              {
                title: t('analysis.columns.customers'),
                align: 'right',
                render: (_, r) =>
                  r.customers ? (
                    <Link to={membersLink(frame!, { analysis: 'rfm', segment: r.segment })} data-testid={`rfm-count-${r.segment}`}>
                      {r.customers}
                    </Link>
                  ) : (
                    <span data-testid={`rfm-count-${r.segment}`}>0</span>
                  ),
              },
              { title: t('analysis.columns.share'), align: 'right', render: (_, r) => formatShare(data.customers ? r.customers / data.customers : 0) },
              { title: t('analysis.columns.netSales'), align: 'right', render: (_, r) => money(data.currency)(r.netSales) },
            ]}
          />
          {data.dimension !== 'none' ? <RfmBreakdown data={data} onOpen={open} /> : null}
        </Space>
      ) : null}
    </TabFrame>
  );
}

function tooltipOf(data: RfmResult, segment: RfmSegment): string {
  const s = data.segments.find((x) => x.segment === segment)!;
  return `${segmentLabel(segment)}<br/>${s.customers} · ${money(data.currency)(s.netSales)}`;
}

/** The 5 × 5 grid of R (rows, 5 on top) by FM (columns), shaded by how many customers are in each cell. */
function RfmGrid({ data }: { data: RfmResult }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...data.grid.map((c) => c.customers));
  const count = (r: number, fm: number) => data.grid.find((c) => c.r === r && c.fm === fm)?.customers ?? 0;
  const rows = [5, 4, 3, 2, 1].map((r) => ({ r }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="r"
      dataSource={rows}
      columns={[
        { title: `${t('analysis.rfm.recency')} \\ ${t('analysis.rfm.fm')}`, dataIndex: 'r', width: 160 },
        ...[1, 2, 3, 4, 5].map((fm) => ({
          title: String(fm),
          align: 'center' as const,
          width: 64,
          render: (_: unknown, row: { r: number }) => {
            const n = count(row.r, fm);
            // A square-root scale: one crowded cell (often the long-gone) must not wash out the others.
            const alpha = n ? 0.15 + 0.7 * Math.sqrt(n / max) : 0;
            return <div style={{ background: `rgba(29, 95, 209, ${alpha})`, color: alpha > 0.5 ? '#fff' : undefined, borderRadius: 4, padding: '2px 0' }}>{n || '·'}</div>;
          },
        })),
      ]}
    />
  );
}

/** Segments per group of the chosen dimension: stacked bars (click opens that segment in that group) and the counts. */
function RfmBreakdown({ data, onOpen }: { data: RfmResult; onOpen: (s: RfmSegment, g: { key: string; label: string }) => void }) {
  const { t } = useTranslation();
  const groups = distinctGroups(data.groups);
  const cell = (key: string, s: RfmSegment) => data.groups.find((g) => g.key === key && g.segment === s)?.customers ?? 0;
  return (
    <Panel title={t('analysis.rfm.byGroup', { dimension: t(`analysis.dimensions.${data.dimension}`) })}>
      <Chart
        testId="rfm-breakdown-chart"
        height={Math.max(220, 40 + groups.length * 34)}
        onClick={(p) => onOpen(RFM_SEGMENTS[p.seriesIndex], groups[p.dataIndex])}
        option={{
          grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0, type: 'scroll' },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label) },
          series: RFM_SEGMENTS.map((s) => ({ name: segmentLabel(s), type: 'bar', stack: 'all', itemStyle: { color: SEGMENT_COLORS[s] }, data: groups.map((g) => cell(g.key, s)) })),
        }}
      />
    </Panel>
  );
}
