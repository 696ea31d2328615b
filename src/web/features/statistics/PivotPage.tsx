import { SwapOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Button, Card, Empty, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { PivotDim, PivotMeasure } from '../../api/statistics.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ExportMenu } from './ExportMenu';
import { count, money } from './format';
import { currentPeriod, parsePeriod, rangeOf, type Period } from './periods';
import { PeriodPicker, useFiscalStart } from './PeriodPicker';
import { usePivot } from './queries';
import { SavedViews } from './SavedViews';

const DIMS: PivotDim[] = ['region', 'rep', 'department', 'product', 'category', 'customer', 'segment', 'month', 'quarter', 'year'];
const MEASURES: PivotMeasure[] = ['netSales', 'sales', 'returns', 'orders', 'lines', 'grossMargin', 'cost', 'tax'];

interface PivotParams {
  period: Period;
  rows: PivotDim;
  columns: PivotDim;
  measure: PivotMeasure;
}

function paramsFrom(s: URLSearchParams, fyStart: number): PivotParams {
  const dim = (k: string, d: PivotDim) => ((DIMS as string[]).includes(s.get(k) ?? '') ? (s.get(k) as PivotDim) : d);
  const rows = dim('rows', 'region');
  const columns = dim('columns', rows === 'month' ? 'region' : 'month');
  return {
    period: parsePeriod(s.get('period'), s.get('value')) ?? currentPeriod('year', fyStart),
    rows,
    columns: columns === rows ? (rows === 'month' ? 'region' : 'month') : columns,
    measure: (MEASURES as string[]).includes(s.get('measure') ?? '') ? (s.get('measure') as PivotMeasure) : 'netSales',
  };
}

/** Ad-hoc pivot: a row and a column dimension, one measure, a period; totals per row and column and an export. */
export function PivotPage() {
  const { t } = useTranslation();
  const fyStart = useFiscalStart();
  const [search, setSearch] = useSearchParams();
  const p = paramsFrom(search, fyStart);
  const set = (patch: Partial<PivotParams>) => {
    const n = { ...p, ...patch };
    setSearch(new URLSearchParams({ period: n.period.kind, value: n.period.value, rows: n.rows, columns: n.columns, measure: n.measure }), { replace: true });
  };
  const range = rangeOf(p.period, fyStart);
  const query = { from: range.from, to: range.to, rows: p.rows, columns: p.columns, measure: p.measure };
  const pivot = usePivot(query);
  const pv = pivot.data;
  const fmt = (v: number | null) => (v === null ? '' : pv?.isMoney ? money(v, pv.currency) : count(v));
  const dimOptions = (other: PivotDim) => DIMS.filter((d) => d !== other).map((d) => ({ value: d, label: t(`statistics.groups.${d}`) }));
  type Line = { key: string; label: string; cells: (number | null)[]; total: number | null };
  const data: Line[] = pv ? pv.rows.map((r, i) => ({ key: r.key ?? 'none', label: r.label, cells: pv.cells[i], total: pv.rowTotals[i] })) : [];

  return (
    <PageContainer title={t('statistics.pivot.title')} subTitle={t('statistics.pivot.subtitle')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <PeriodPicker value={p.period} onChange={(period) => set({ period })} />
            <Space wrap>
              <span>{t('statistics.pivot.rows')}</span>
              <Select style={{ width: 150 }} value={p.rows} onChange={(rows) => set({ rows })} options={dimOptions(p.columns)} data-testid="pivot-rows" />
              <Button icon={<SwapOutlined />} onClick={() => set({ rows: p.columns, columns: p.rows })} aria-label={t('statistics.pivot.swap')} />
              <span>{t('statistics.pivot.columns')}</span>
              <Select style={{ width: 150 }} value={p.columns} onChange={(columns) => set({ columns })} options={dimOptions(p.rows)} data-testid="pivot-columns" />
              <span>{t('statistics.pivot.measure')}</span>
              <Select style={{ width: 150 }} value={p.measure} onChange={(measure) => set({ measure })} options={MEASURES.map((m) => ({ value: m, label: t(`statistics.measures.${m}`) }))} data-testid="pivot-measure" />
              <SavedViews kind="pivot" params={{ period: p.period.kind, value: p.period.value, rows: p.rows, columns: p.columns, measure: p.measure }} onLoad={(v) => setSearch(new URLSearchParams(v as Record<string, string>), { replace: true })} />
              <ExportMenu request={(format) => ({ kind: 'pivot', format, params: query })} />
            </Space>
          </Space>
        </Card>
        {pivot.error ? <ErrorAlert error={pivot.error} /> : null}
        {pv && pv.rows.length === 0 ? <Empty description={t('statistics.pivot.empty')} /> : null}
        {pv && pv.rows.length > 0 ? (
          <Table<Line>
            size="small"
            bordered
            data-testid="pivot-table"
            loading={pivot.isFetching}
            dataSource={data}
            pagination={false}
            scroll={{ x: 'max-content', y: 600 }}
            columns={[
              { title: `${t(`statistics.groups.${p.rows}`)} \\ ${t(`statistics.groups.${p.columns}`)}`, dataIndex: 'label', fixed: 'left', width: 200 },
              ...pv.columns.map((c, j) => ({ title: c.label, key: `c${j}`, align: 'right' as const, render: (_: unknown, r: Line) => fmt(r.cells[j]) })),
              { title: t('statistics.columns.total'), key: 'total', align: 'right' as const, fixed: 'right' as const, render: (_: unknown, r: Line) => <strong>{fmt(r.total)}</strong> },
            ]}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row style={{ fontWeight: 600 }}>
                  <Table.Summary.Cell index={0}>{t('statistics.columns.total')}</Table.Summary.Cell>
                  {pv.columnTotals.map((v, j) => (
                    <Table.Summary.Cell index={j + 1} key={j} align="right">
                      {fmt(v)}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={pv.columns.length + 1} align="right">
                    <span data-testid="pivot-total">{fmt(pv.total)}</span>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        ) : null}
      </Space>
    </PageContainer>
  );
}
