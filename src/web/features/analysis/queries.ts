import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { AbcResult, DormancyResult, LifecycleResult, RfmResult } from '../../api/analysis.types';
import type { AnalysisParams } from './model';

const base = '/api/v1/analysis/customers';

/** The query of one tab: only the parameters that tab's endpoint takes (the API's queries are strict). */
function queryOf(kind: 'rfm' | 'abc' | 'lifecycle' | 'dormancy', p: AnalysisParams): Record<string, string> {
  const q: Record<string, string> = { months: String(p.months) };
  if (p.asOf) q.asOf = p.asOf;
  if (kind !== 'lifecycle') q.dimension = p.dimension;
  if (kind === 'dormancy') q.dormantDays = String(p.dormantDays);
  return q;
}

function useAnalysis<T>(kind: 'rfm' | 'abc' | 'lifecycle' | 'dormancy', p: AnalysisParams, enabled: boolean) {
  const query = queryOf(kind, p);
  return useQuery({ queryKey: ['analysis', kind, query], queryFn: () => api.get<T>(`${base}/${kind}`, query), enabled, placeholderData: (prev) => prev });
}

export const useRfm = (p: AnalysisParams, enabled = true) => useAnalysis<RfmResult>('rfm', p, enabled);
export const useAbc = (p: AnalysisParams, enabled = true) => useAnalysis<AbcResult>('abc', p, enabled);
export const useLifecycle = (p: AnalysisParams, enabled = true) => useAnalysis<LifecycleResult>('lifecycle', p, enabled);
export const useDormancy = (p: AnalysisParams, enabled = true) => useAnalysis<DormancyResult>('dormancy', p, enabled);
