import { FileDoneOutlined, LockOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Modal, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { DepartmentReport, StatementBoard, StatementKind } from '../../api/statements.types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { PeriodPicker, REPORT_STATUS_COLOR, reportStatusKey, STATE_COLOR, StatementStatusTag, recentPeriods } from './common';

type Row = StatementBoard['rows'][number];

/** The assistant's board for one period: who submitted, who is late, who was reminded or escalated; open, close and consolidate the period. */
export function BoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kind = (params.get('kind') as StatementKind | null) ?? 'month';
  const periodKey = params.get('period') ?? recentPeriods(kind)[0];
  const key = useMemo(() => createActionKey(), []);
  const board = useQuery({ queryKey: ['statements', 'board', kind, periodKey], queryFn: () => api.get<StatementBoard>('/api/v1/statements/board', { kind, periodKey }) });
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      const r = await what();
      message.success(done);
      return r;
    } catch (e) {
      message.error(errorMessage(e));
      return undefined;
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: ['statements'] });
    }
  };
  const open = () => act(() => api.post('/api/v1/statements/periods/open', { kind, periodKey }), t('statements.board.opened'));
  const close = async () => {
    await act(() => api.post('/api/v1/statements/periods/close', { kind, periodKey, reason }), t('statements.board.closedMessage'));
    setClosing(false);
  };
  const consolidate = async () => {
    setBusy(true);
    try {
      const r = await api.post<DepartmentReport>('/api/v1/statements/periods/consolidate', { kind, periodKey }, { idempotencyKey: key.for({ kind, periodKey, n: board.data?.reports.length ?? 0 }) });
      message.success(t('statements.board.consolidated', { number: r.number, version: r.versionNo }));
      await qc.invalidateQueries({ queryKey: ['statements'] });
      navigate(`/statements/reports/${r.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const b = board.data;
  const columns = [
    {
      title: t('statements.rep'),
      dataIndex: 'repName',
      render: (_: unknown, r: Row) => (r.statementId ? <Link to={`/statements/${r.statementId}`} data-testid="board-rep">{r.repName}</Link> : r.repName),
    },
    {
      title: t('common.status'),
      dataIndex: 'state',
      render: (_: unknown, r: Row) => (
        <Space size={4}>
          <Tag color={STATE_COLOR[r.state]} data-testid={`state-${r.state}`}>
            {t(`statements.states.${r.state}`)}
          </Tag>
          <StatementStatusTag status={r.status} />
        </Space>
      ),
    },
    { title: t('statements.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => formatDateTime(v) || '–' },
    {
      title: t('statements.board.reminded'),
      dataIndex: 'reminders',
      render: (_: unknown, r: Row) => (r.reminders.count ? <span data-testid="reminded">{t('statements.remindedTimes', { count: r.reminders.count, at: formatDateTime(r.reminders.lastAt) })}</span> : t('statements.board.never')),
    },
    {
      title: t('statements.board.escalated'),
      dataIndex: 'escalated',
      render: (_: unknown, r: Row) =>
        r.reminders.escalatedAt ? (
          <Tooltip title={r.reminders.escalatedToName}>
            <Tag color="error" data-testid="escalated">
              {formatDateTime(r.reminders.escalatedAt)}
            </Tag>
          </Tooltip>
        ) : (
          t('statements.board.never')
        ),
    },
    {
      title: t('statements.board.flags'),
      dataIndex: 'flagCount',
      align: 'right' as const,
      render: (n: number) => (n ? <Tag color="warning" data-testid="flag-count">{t('statements.flaggedCount', { count: n })}</Tag> : '–'),
    },
  ];

  return (
    <PageContainer title={t('statements.board.title')} content={t('statements.board.intro')} data-testid="board-page">
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <PeriodPicker kind={kind} periodKey={periodKey} onChange={(k, p) => setParams({ kind: k, period: p }, { replace: true })} />
          <Space wrap>
            <Button icon={<PlayCircleOutlined />} onClick={() => void open()} loading={busy} data-testid="open-period">
              {t('statements.board.open')}
            </Button>
            <Button icon={<LockOutlined />} onClick={() => setClosing(true)} disabled={!!b?.period.closedAt} data-testid="close-period">
              {t('statements.board.close')}
            </Button>
            <Tooltip title={b?.canConsolidate ? undefined : t('statements.board.consolidateHint')}>
              <Button type="primary" icon={<FileDoneOutlined />} onClick={() => void consolidate()} disabled={!b?.canConsolidate} loading={busy} data-testid="consolidate">
                {t('statements.board.consolidate')}
              </Button>
            </Tooltip>
          </Space>
        </Space>
      </Card>
      {board.isError ? <LoadError error={board.error} onRetry={() => void board.refetch()} /> : null}
      {b ? (
        <>
          <Card size="small" style={{ marginTop: 16 }}>
            <Space size={48} wrap>
              <Statistic title={t('statements.period')} value={`${t(`statements.kinds.${b.period.kind}`)} ${b.period.periodKey}`} />
              <Statistic title={t('statements.dueOn')} value={b.period.dueOn} />
              <Statistic title={t('statements.states.submitted')} value={b.counts.submitted} />
              <Statistic title={t('statements.states.late')} value={b.counts.late} valueStyle={b.counts.late ? { color: '#cf1322' } : undefined} />
              <Statistic title={t('statements.states.due')} value={b.counts.due} />
            </Space>
            {b.period.closedAt ? (
              <Alert
                style={{ marginTop: 12 }}
                type="info"
                showIcon
                data-testid="period-closed"
                message={t('statements.board.closed', { at: formatDateTime(b.period.closedAt), name: b.period.closedByName ?? '', reason: b.period.closeReason ?? '' })}
              />
            ) : null}
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Table<Row> rowKey="repId" size="small" pagination={false} dataSource={b.rows} columns={columns} locale={{ emptyText: t('statements.board.noReps') }} data-testid="board-table" />
          </Card>
          {b.reports.length ? (
            <Card size="small" title={t('statements.board.reports')} style={{ marginTop: 16 }}>
              <Space direction="vertical">
                {b.reports.map((r) => (
                  <Space key={r.id}>
                    <Link to={`/statements/reports/${r.id}`} data-testid="report-link">
                      {r.number} · {t('statements.report.versionN', { n: r.versionNo })}
                    </Link>
                    <Tag color={REPORT_STATUS_COLOR[r.status]}>{t(reportStatusKey(r.status))}</Tag>
                    <Typography.Text type="secondary">{formatDateTime(r.createdAt)}</Typography.Text>
                  </Space>
                ))}
              </Space>
            </Card>
          ) : null}
        </>
      ) : null}
      <Modal
        open={closing}
        title={t('statements.board.closeTitle', { period: periodKey })}
        onCancel={() => setClosing(false)}
        onOk={() => void close()}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        destroyOnHidden
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('statements.board.closeReason')} autoSize={{ minRows: 3 }} data-testid="close-reason" />
      </Modal>
    </PageContainer>
  );
}
