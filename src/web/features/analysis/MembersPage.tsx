import { ArrowLeftOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Descriptions, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { AnalysisKind, RfmSegment } from '../../api/analysis.types';
import { ABC_CLASSES, FILTER_KEYS, FILTER_OF, RFM_SEGMENTS, segmentLabel } from './model';
import { MembersTable } from './MembersTable';

/** The API parameters of GET …/members this page passes on from its address (anything else stays out: the API is strict). */
const API_KEYS = ['analysis', 'segment', 'month', 'asOf', 'months', 'dormantDays', ...FILTER_KEYS] as const;
const DIMENSION_OF = Object.fromEntries(Object.entries(FILTER_OF).map(([d, f]) => [f, d])) as Record<(typeof FILTER_KEYS)[number], string>;

/**
 * The customers behind a segment, class, month or risk: what a click on the analysis page
 * opens (/analysis/customers/members?analysis=rfm&segment=champions&…). Each row links to
 * the customer; the list exports with the same selection.
 */
export function AnalysisMembersPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const query = useMemo(() => {
    const q: Record<string, string> = {};
    for (const k of API_KEYS) {
      const v = search.get(k);
      if (v) q[k] = v;
    }
    return q;
  }, [search]);
  const analysis = (query.analysis ?? 'rfm') as AnalysisKind;
  const what = (() => {
    if (analysis === 'rfm' && (RFM_SEGMENTS as readonly string[]).includes(query.segment ?? '')) return `${t('analysis.members.analysis.rfm')}: ${segmentLabel(query.segment as RfmSegment)}`;
    if (analysis === 'abc' && (ABC_CLASSES as readonly string[]).includes(query.segment ?? '')) return `${t('analysis.members.analysis.abc')}: ${t(`analysis.abc.classes.${query.segment as 'A'}`)}`;
    if (analysis === 'lifecycle') return t('analysis.members.analysis.lifecycle', { kind: t(query.segment === 'new' ? 'analysis.lifecycle.new' : 'analysis.lifecycle.returning'), month: query.month ?? '' });
    if (analysis === 'churn' && (query.segment === 'drop' || query.segment === 'overdue')) return `${t('analysis.members.analysis.churn')}: ${t(`analysis.dormancy.${query.segment}`)}`;
    return t(`analysis.members.analysis.${analysis === 'churn' ? 'churn' : 'dormant'}`);
  })();
  const groupFilters = FILTER_KEYS.filter((k) => query[k]);
  const back = `/analysis/customers?${new URLSearchParams({ tab: analysis === 'dormant' || analysis === 'churn' ? 'dormancy' : analysis, ...(query.asOf && { asOf: query.asOf }), ...(query.months && { months: query.months }) })}`;
  return (
    <PageContainer
      title={<span data-testid="members-title">{what}</span>}
      breadcrumb={undefined}
      extra={
        <Link to={back}>
          <Space size={4}>
            <ArrowLeftOutlined />
            {t('analysis.members.back')}
          </Space>
        </Link>
      }
      content={
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('analysis.controls.asOf')}>{query.asOf ?? '–'}</Descriptions.Item>
          <Descriptions.Item label={t('analysis.controls.months')}>{t('analysis.controls.monthsOption', { count: Number(query.months ?? 12) })}</Descriptions.Item>
          {groupFilters.length ? (
            <Descriptions.Item label={t('analysis.members.filters')}>
              {groupFilters.map((k) => (
                <Tag key={k}>
                  {t(`analysis.dimensions.${DIMENSION_OF[k] as 'region'}`)}: {query[k] === 'none' ? t('analysis.notSet') : (search.get('label') ?? query[k])}
                </Tag>
              ))}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      }
    >
      <MembersTable query={query} currency={search.get('currency') ?? undefined} />
    </PageContainer>
  );
}
