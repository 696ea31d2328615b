import { DatePicker, Segmented, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/SessionContext';
import { currentPeriod, fiscalQuarterOf, fiscalYearOf, rangeOf, type Period, type PeriodKind } from './periods';

/** The fiscal year start month from the company settings (1 = calendar years). */
export const useFiscalStart = () => useSession().me.company.fiscalYearStartMonth || 1;

/** Month, fiscal quarter, fiscal year or any range; shows the days it resolves to. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const fyStart = useFiscalStart();
  const today = dayjs().format('YYYY-MM-DD');
  const thisFy = fiscalYearOf(today, fyStart);
  const current = fiscalQuarterOf(today, fyStart);
  const years = Array.from({ length: 5 }, (_, i) => thisFy - i);
  const quarters = years.flatMap((fy) => [4, 3, 2, 1].filter((q) => fy < current.fy || q <= current.q).map((q) => ({ value: `${fy}-Q${q}`, label: t('statistics.period.fiscalQuarter', { year: fy, quarter: q }) })));
  const range = rangeOf(value, fyStart);
  return (
    <Space wrap data-testid="period-picker">
      <Segmented
        value={value.kind}
        onChange={(kind) => onChange(currentPeriod(kind as PeriodKind, fyStart))}
        options={(['month', 'quarter', 'year', 'range'] as const).map((k) => ({ value: k, label: <span data-testid={`period-${k}`}>{t(`statistics.period.${k}`)}</span> }))}
      />
      {value.kind === 'month' ? <DatePicker picker="month" allowClear={false} value={dayjs(`${value.value}-01`)} onChange={(d) => d && onChange({ kind: 'month', value: d.format('YYYY-MM') })} /> : null}
      {value.kind === 'quarter' ? <Select style={{ width: 200 }} value={value.value} onChange={(v) => onChange({ kind: 'quarter', value: v })} options={quarters} data-testid="period-quarter-select" /> : null}
      {value.kind === 'year' ? (
        <Select style={{ width: 140 }} value={value.value} onChange={(v) => onChange({ kind: 'year', value: v })} options={years.map((y) => ({ value: String(y), label: t('statistics.period.fiscalYear', { year: y }) }))} />
      ) : null}
      {value.kind === 'range' ? (
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          onChange={(v) => v?.[0] && v[1] && onChange({ kind: 'range', value: `${v[0].format('YYYY-MM-DD')}..${v[1].format('YYYY-MM-DD')}` })}
        />
      ) : null}
      <Typography.Text type="secondary" data-testid="period-shown">
        {t('statistics.period.shown', { from: range.from, to: range.to })}
        {fyStart !== 1 && value.kind !== 'month' && value.kind !== 'range' ? ` · ${t('statistics.period.fiscalHint', { month: fyStart })}` : ''}
      </Typography.Text>
    </Space>
  );
}
