// Customer group analysis: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { abcResult, ANALYSES, CHURN_REASONS, DIMENSIONS, dormancyResult, lifecycleResult, memberDto, RFM_SEGMENTS, rfmResult } from '../../server/modules/analysis/analysis.schema';

export type RfmResult = z.infer<typeof rfmResult>;
export type AbcResult = z.infer<typeof abcResult>;
export type LifecycleResult = z.infer<typeof lifecycleResult>;
export type DormancyResult = z.infer<typeof dormancyResult>;
export type MemberDto = z.infer<typeof memberDto>;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export type Dimension = (typeof DIMENSIONS)[number];
export type AnalysisKind = (typeof ANALYSES)[number];
export type ChurnReason = (typeof CHURN_REASONS)[number];
