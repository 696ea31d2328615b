import { PageContainer } from '@ant-design/pro-components';
import { DatePicker, Form, Select, Space, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Dimension } from '../../api/analysis.types';
import { AbcTab } from './AbcTab';
import { DormancyTab } from './DormancyTab';
import { LifecycleTab } from './LifecycleTab';
import { DIMENSION_OPTIONS, DORMANT_DAY_OPTIONS, MONTH_OPTIONS, TABS, type AnalysisParams, type Tab } from './model';
import { RfmTab } from './RfmTab';

/** Reads the page's state from the address bar (so Back from a customer list returns to the same view). */
function paramsFrom(search: URLSearchParams): AnalysisParams & { tab: Tab } {
  const tab = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as Tab) : 'rfm';
  const months = Number(search.get('months'));
  const dormantDays = Number(search.get('dormantDays'));
  const dimension = (DIMENSION_OPTIONS as string[]).includes(search.get('dimension') ?? '') ? (search.get('dimension') as Dimension) : 'none';
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(search.get('asOf') ?? '') ? search.get('asOf')! : undefined;
  return { tab, asOf, dimension, months: MONTH_OPTIONS.includes(months) ? months : 12, dormantDays: DORMANT_DAY_OPTIONS.includes(dormantDays) ? dormantDays : 180 };
}

/**
 * Customer group analysis for leaders: RFM segments, ABC / Pareto, new vs returning,
 * dormant and churn risk, each with a breakdown by region, industry, level or rep.
 * Every bar and row opens the list of the customers behind it.
 */
export function CustomerAnalysisPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const p = paramsFrom(search);
  const set = (patch: Partial<AnalysisParams & { tab: Tab }>) => {
    const next = { ...p, ...patch };
    const q = new URLSearchParams({ tab: next.tab, months: String(next.months), dimension: next.dimension });
    if (next.asOf) q.set('asOf', next.asOf);
    if (next.dormantDays !== 180) q.set('dormantDays', String(next.dormantDays));
    setSearch(q, { replace: true });
  };

  const controls = (
    <Form layout="inline" data-testid="analysis-controls">
      <Form.Item label={t('analysis.controls.asOf')}>
        <DatePicker value={p.asOf ? dayjs(p.asOf) : null} onChange={(d) => set({ asOf: d ? d.format('YYYY-MM-DD') : undefined })} allowClear placeholder={t('analysis.controls.today')} data-testid="analysis-as-of" />
      </Form.Item>
      <Form.Item label={t('analysis.controls.months')}>
        <Select style={{ width: 150 }} value={p.months} onChange={(months) => set({ months })} options={MONTH_OPTIONS.map((n) => ({ value: n, label: t('analysis.controls.monthsOption', { count: n }) }))} />
      </Form.Item>
      {p.tab !== 'lifecycle' ? (
        <Form.Item label={t('analysis.controls.dimension')}>
          <Select
            style={{ width: 150 }}
            value={p.dimension}
            onChange={(dimension) => set({ dimension })}
            options={DIMENSION_OPTIONS.map((d) => ({ value: d, label: t(`analysis.dimensions.${d}`) }))}
            data-testid="analysis-dimension"
          />
        </Form.Item>
      ) : null}
      {p.tab === 'dormancy' ? (
        <Form.Item label={t('analysis.controls.dormantDays')}>
          <Select style={{ width: 240 }} value={p.dormantDays} onChange={(dormantDays) => set({ dormantDays })} options={DORMANT_DAY_OPTIONS.map((n) => ({ value: n, label: t('analysis.controls.dormantDaysOption', { count: n }) }))} />
        </Form.Item>
      ) : null}
    </Form>
  );

  return (
    <PageContainer title={t('analysis.title')} subTitle={t('analysis.clickHint')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {controls}
        <Tabs
          activeKey={p.tab}
          onChange={(tab) => set({ tab: tab as Tab })}
          destroyOnHidden
          items={[
            { key: 'rfm', label: t('analysis.tabs.rfm'), children: <RfmTab params={p} /> },
            { key: 'abc', label: t('analysis.tabs.abc'), children: <AbcTab params={p} /> },
            { key: 'lifecycle', label: t('analysis.tabs.lifecycle'), children: <LifecycleTab params={p} /> },
            { key: 'dormancy', label: t('analysis.tabs.dormancy'), children: <DormancyTab params={p} /> },
          ]}
        />
      </Space>
    </PageContainer>
  );
}
