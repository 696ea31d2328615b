import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { StatementCalendar, StatementSettings } from '../../api/statements.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { currencyDigits, parseMoney } from '../../ui/money';
import { STATEMENT_KINDS, STATUS_COLOR, minorToInput } from './common';

type Period = StatementCalendar['periods'][number];

/** Due dates of a year (months, quarters, the fiscal year) with each rep's statement; the admin sets the due days, reminders and tolerance here. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [year, setYear] = useState(new Date().getFullYear());
  const cal = useQuery({ queryKey: ['statements', 'calendar', year], queryFn: () => api.get<StatementCalendar>('/api/v1/statements/calendar', { year }) });
  const years = Array.from({ length: 5 }, (_, i) => new Date().getFullYear() + 1 - i);
  const columns = [
    { title: t('statements.kind'), dataIndex: 'kind', width: 100, render: (k: Period['kind']) => t(`statements.kinds.${k}`) },
    { title: t('statements.period'), dataIndex: 'periodKey', width: 100 },
    { title: t('statements.dates'), dataIndex: 'from', width: 230, render: (_: unknown, p: Period) => t('statements.range', { from: p.from, to: p.to }) },
    { title: t('statements.dueOn'), dataIndex: 'dueOn', width: 120, render: (d: string) => <span data-testid="due-on">{d}</span> },
    {
      title: t('statements.calendar.reps'),
      dataIndex: 'reps',
      render: (_: unknown, p: Period) => (
        <Space size={[4, 4]} wrap>
          {p.reps.map((r) => {
            const label = `${r.repName}: ${r.status ? t(`statements.statuses.${r.status}`) : t('statements.board.notOpened')}`;
            const color = r.isLate ? 'error' : r.status ? STATUS_COLOR[r.status] : 'default';
            return r.statementId ? (
              <Link key={r.repId} to={`/statements/${r.statementId}`}>
                <Tag color={color}>{label}</Tag>
              </Link>
            ) : (
              <Tag key={r.repId} color={color}>
                {label}
              </Tag>
            );
          })}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer title={t('statements.calendar.title')} content={t('statements.calendar.intro')} data-testid="calendar-page">
      <Card size="small">
        <Space>
          <Typography.Text>{t('statements.calendar.year')}</Typography.Text>
          <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 110 }} data-testid="calendar-year" />
        </Space>
      </Card>
      {cal.isError ? <LoadError error={cal.error} onRetry={() => void cal.refetch()} /> : null}
      <Card size="small" style={{ marginTop: 16 }}>
        <Table<Period> rowKey={(p) => `${p.kind}-${p.periodKey}`} size="small" loading={cal.isPending} dataSource={cal.data?.periods ?? []} columns={columns} pagination={false} data-testid="calendar-table" />
      </Card>
      {can('settings:manage') ? <SettingsCard /> : null}
    </PageContainer>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const currency = me.company.currency;
  const settings = useQuery({ queryKey: ['statements', 'settings'], queryFn: () => api.get<StatementSettings>('/api/v1/statements/settings') });
  if (!settings.data) return null;
  const s = settings.data;
  type Values = { month: number; quarter: number; year: number; remindDaysBefore: number; escalateAfterDays: number; toleranceMinor: string; tolerancePercent: string };
  const save = async (v: Values) => {
    const minor = parseMoney(v.toleranceMinor, currency);
    if (minor === undefined || minor < 0) return void message.error(t('statements.calendar.toleranceMinor', { currency }));
    try {
      await api.put('/api/v1/statements/settings', {
        dueDays: { month: v.month, quarter: v.quarter, year: v.year },
        remindDaysBefore: v.remindDaysBefore,
        escalateAfterDays: v.escalateAfterDays,
        toleranceMinor: minor,
        tolerancePercent: v.tolerancePercent,
      });
      message.success(t('statements.calendar.settingsSaved'));
      await qc.invalidateQueries({ queryKey: ['statements'] });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={t('statements.calendar.settings')} style={{ marginTop: 16 }}>
      <Form<Values>
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{ ...s.dueDays, remindDaysBefore: s.remindDaysBefore, escalateAfterDays: s.escalateAfterDays, toleranceMinor: minorToInput(s.toleranceMinor, currencyDigits(currency)), tolerancePercent: s.tolerancePercent }}
        onFinish={(v) => void save(v)}
      >
        {STATEMENT_KINDS.map((k) => (
          <Form.Item key={k} name={k} label={t('statements.calendar.dueDays', { kind: t(`statements.kinds.${k}`) })} rules={[{ required: true }]}>
            <InputNumber min={0} max={120} precision={0} />
          </Form.Item>
        ))}
        <Form.Item name="remindDaysBefore" label={t('statements.calendar.remindDaysBefore')} rules={[{ required: true }]}>
          <InputNumber min={0} max={30} precision={0} />
        </Form.Item>
        <Form.Item name="escalateAfterDays" label={t('statements.calendar.escalateAfterDays')} rules={[{ required: true }]}>
          <InputNumber min={0} max={60} precision={0} />
        </Form.Item>
        <Form.Item name="toleranceMinor" label={t('statements.calendar.toleranceMinor', { currency })} rules={[{ required: true }]}>
          <Input inputMode="decimal" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="tolerancePercent" label={t('statements.calendar.tolerancePercent')} rules={[{ required: true, pattern: /^\d{1,3}(\.\d{1,4})?$/ }]}>
          <Input inputMode="decimal" style={{ width: 160 }} suffix="%" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
