import { CheckOutlined, ScanOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Input, Modal, Row, Space, Statistic, Table, Tag, Typography, type InputRef } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../../api-client';
import type { ScanResult, StocktakeDto, StocktakeLineDto } from '../../api/archive-paper.types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { subtreeIds, TreeRowSelect } from '../../ui/tree';
import { actionErrorText } from '../sales/common';
import { stocktakeResultLabel, StocktakeResultTag } from './paper-labels';
import { locationsKey, paperKey, stocktakesKey, useLocations } from './paper-queries';
import { ARCHIVE_API } from './queries';

/** Report order: what needs attention first. */
const ORDER: Record<string, number> = { missing: 0, misplaced: 1, unknown: 2, pending: 3, lent: 4, found: 5 };

/**
 * One stocktake: scan (or type) each label found in the location, see at once whether it
 * belongs here, then finish to mark the rest missing; the report lists what is missing,
 * misplaced, unknown or lent out.
 */
export function StocktakePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const locations = useLocations();
  const input = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [foundIn, setFoundIn] = useState<string | null>(null);
  const [last, setLast] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = [...stocktakesKey, id] as const;
  const st = useQuery({ queryKey: key, queryFn: () => api.get<StocktakeDto>(`${ARCHIVE_API}/stocktakes/${id}`) });
  const places = useMemo(() => {
    const all = locations.data ?? [];
    const inside = st.data ? subtreeIds(all, st.data.locationId) : new Set<string>();
    return all.filter((l) => inside.has(l.id) && !l.isArchived);
  }, [locations.data, st.data]);

  if (st.isPending) return <PageLoading />;
  if (st.isError) return <LoadError error={st.error} onRetry={() => void st.refetch()} />;
  const s = st.data;
  const open = s.status === 'open';

  const scan = async () => {
    const value = code.trim();
    if (!value) return;
    setBusy(true);
    try {
      const r = await api.post<ScanResult>(`${ARCHIVE_API}/stocktakes/${s.id}/scans`, { code: value, locationId: foundIn ?? undefined });
      const result = r.line.result ?? 'found';
      setLast({ ok: result === 'found', text: `${t('archive.stocktakes.scanned', { code: r.line.title ? `${r.line.code} · ${r.line.title}` : r.line.code, result: stocktakeResultLabel(result) })}` });
      setCode('');
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setLast({ ok: false, text: actionErrorText(e) });
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  const finish = () => {
    let moveMisplaced = false;
    modal.confirm({
      title: t('archive.stocktakes.finishTitle'),
      content: (
        <Space direction="vertical">
          <Typography.Text>{t('archive.stocktakes.finishText')}</Typography.Text>
          <Checkbox onChange={(e) => (moveMisplaced = e.target.checked)} data-testid="stocktake-move-misplaced">
            {t('archive.stocktakes.moveMisplaced')}
          </Checkbox>
        </Space>
      ),
      okText: t('archive.stocktakes.finish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'stocktake-finish-ok' } as never,
      onOk: async () => {
        try {
          const done = await api.post<StocktakeDto>(`${ARCHIVE_API}/stocktakes/${s.id}/finish`, { moveMisplaced, version: s.version });
          qc.setQueryData(key, done);
          message.success(t('archive.stocktakes.finishedMessage', { missing: done.missing, misplaced: done.misplaced }));
        } catch (e) {
          message.error(isApiError(e, 'version_conflict') ? t('errors.version_conflict') : errorMessage(e));
          await qc.invalidateQueries({ queryKey: key });
        } finally {
          await Promise.all([qc.invalidateQueries({ queryKey: paperKey }), qc.invalidateQueries({ queryKey: locationsKey })]);
        }
      },
    });
  };

  const lines = [...s.lines].sort((a, b) => (ORDER[a.result ?? 'pending'] ?? 9) - (ORDER[b.result ?? 'pending'] ?? 9) || a.code.localeCompare(b.code));
  const figures: { key: string; title: string; value: number; color?: string }[] = [
    { key: 'expected', title: t('archive.stocktakes.expected'), value: s.expected },
    { key: 'found', title: t('archive.stocktakes.found'), value: s.found, color: '#389e0d' },
    { key: 'missing', title: t('archive.stocktakes.missing'), value: s.missing, color: s.missing ? '#cf1322' : undefined },
    { key: 'misplaced', title: t('archive.stocktakes.misplaced'), value: s.misplaced, color: s.misplaced ? '#d46b08' : undefined },
    { key: 'unknown', title: t('archive.stocktakes.unknown'), value: s.unknown },
    { key: 'lent', title: t('archive.stocktakes.lentOut'), value: s.lent },
  ];

  return (
    <PageContainer
      title={
        <Space data-testid="stocktake-heading" data-status={s.status}>
          {s.number}
          <Tag color={open ? 'processing' : 'default'}>{t(`archive.stocktakes.statuses.${s.status}`)}</Tag>
        </Space>
      }
      subTitle={s.locationPath}
      onBack={() => navigate('/archive/stocktakes')}
      extra={
        open ? (
          <Button type="primary" icon={<CheckOutlined />} onClick={finish} data-testid="stocktake-finish">
            {t('archive.stocktakes.finish')}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Row gutter={[16, 16]}>
            {figures.map((f) => (
              <Col key={f.key} xs={12} sm={8} md={4}>
                <div data-testid={`stocktake-${f.key}`}>
                  <Statistic title={f.title} value={f.value} valueStyle={f.color ? { color: f.color } : undefined} />
                </div>
              </Col>
            ))}
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.startedByName} · {formatDateTime(s.startedAt)}
            {s.finishedAt ? ` → ${formatDateTime(s.finishedAt)}` : ''}
            {s.note ? ` · ${s.note}` : ''}
          </Typography.Text>
        </Card>
        {open ? (
          <Card size="small" title={<Space><ScanOutlined />{t('archive.stocktakes.scan')}</Space>}>
            <Row gutter={[12, 12]}>
              <Col xs={24} md={14} data-testid="stocktake-scan">
                <Input.Search
                  ref={input}
                  autoFocus
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  onSearch={() => void scan()}
                  enterButton={<ScanOutlined />}
                  loading={busy}
                  placeholder={t('archive.stocktakes.scanPlaceholder')}
                />
              </Col>
              <Col xs={24} md={10}>
                <TreeRowSelect items={places} value={foundIn} onChange={setFoundIn} placeholder={t('archive.stocktakes.scannedAt')} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('archive.stocktakes.scannedAtHelp')}
                </Typography.Text>
              </Col>
            </Row>
            {last ? <Alert style={{ marginTop: 12 }} type={last.ok ? 'success' : 'warning'} showIcon message={last.text} data-testid="stocktake-last-scan" /> : null}
          </Card>
        ) : null}
        <Card size="small" title={t('archive.stocktakes.report')}>
          <Table<StocktakeLineDto>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={lines}
            scroll={{ x: 800 }}
            data-testid="stocktake-lines"
            onRow={(l) => ({ 'data-testid': 'stocktake-line', 'data-code': l.code, 'data-result': l.result ?? 'pending' }) as never}
            columns={[
              { title: t('archive.stocktakes.code'), dataIndex: 'code', width: 160, render: (_, l) => (l.itemId ? <Link to={`/archive/paper/${l.itemId}`}>{l.code}</Link> : <code>{l.code}</code>) },
              { title: t('archive.stocktakes.item'), dataIndex: 'title', ellipsis: true, render: (_, l) => l.title ?? '–' },
              { title: t('archive.stocktakes.registeredAt'), dataIndex: 'locationPath', ellipsis: true, render: (_, l) => l.locationPath ?? '–' },
              { title: t('archive.stocktakes.result'), dataIndex: 'result', width: 130, render: (_, l) => <StocktakeResultTag result={l.result} /> },
              { title: t('archive.stocktakes.found'), dataIndex: 'foundAt', width: 150, render: (_, l) => formatDateTime(l.foundAt) || '–' },
            ]}
          />
        </Card>
      </Space>
    </PageContainer>
  );
}
