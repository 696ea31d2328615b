import { Alert, Card, Col, Empty, Row, Spin, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatMoney } from '../../ui/money';
import { ErrorAlert } from '../../ui/ErrorAlert';

/** The frame of a tab: loading, error, empty, and the period the figures cover. */
export function TabFrame({ loading, error, empty, frame, children }: { loading: boolean; error: unknown; empty: boolean; frame?: { periodStart: string; asOf: string; currency: string }; children: ReactNode }) {
  const { t } = useTranslation();
  if (error) return <ErrorAlert error={error} />;
  if (!frame) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <Spin spinning={loading}>
      <Typography.Paragraph type="secondary" data-testid="analysis-period">
        {t('analysis.period', { from: frame.periodStart, to: frame.asOf })} · {t('analysis.subtitle', { currency: frame.currency })}
      </Typography.Paragraph>
      {empty ? <Empty description={t('analysis.noData')} /> : children}
    </Spin>
  );
}

export function Kpis({ items }: { items: { title: string; value: ReactNode; link?: string; testId?: string; color?: string }[] }) {
  return (
    <Row gutter={[16, 16]}>
      {items.map((k) => (
        <Col key={k.title} flex="1 1 200px">
          <Card size="small">
            <Statistic title={k.title} valueRender={() => <span data-testid={k.testId} style={{ color: k.color }}>{k.link ? <Link to={k.link}>{k.value}</Link> : k.value}</span>} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function Panel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} styles={{ body: { paddingTop: 8 } }}>
      {children}
    </Card>
  );
}

export function Note({ children }: { children: ReactNode }) {
  return <Alert type="info" showIcon message={children} style={{ marginBottom: 0 }} />;
}

export const money = (currency: string) => (minor: number) => formatMoney(minor, currency);

/** A small table whose rows link to the customers behind them. */
export function LinkTable<T extends object>({ rows, columns, rowKey, testId }: { rows: T[]; columns: ColumnsType<T>; rowKey: (r: T) => string; testId?: string }) {
  return <Table<T> size="small" pagination={false} rowKey={rowKey} dataSource={rows} columns={columns} data-testid={testId} />;
}
