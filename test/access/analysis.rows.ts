import { onlyFor, type MatrixModule } from './matrix';

/** Customer group analysis is for leaders: the back office (admin, manager, assistant) and finance (analysis:read); reps and viewers get 403. */
const readers = onlyFor({ admin: 200, manager: 200, assistant: 200, finance: 200 });
const base = '/api/v1/analysis/customers';

export const analysisMatrix: MatrixModule = {
  name: 'analysis',
  rows: [
    { name: 'RFM segments', method: 'GET', route: `${base}/rfm`, url: () => `${base}/rfm?dimension=region`, expect: readers },
    { name: 'ABC / Pareto', method: 'GET', route: `${base}/abc`, expect: readers },
    { name: 'new vs returning per month', method: 'GET', route: `${base}/lifecycle`, expect: readers },
    { name: 'dormant and churn risk', method: 'GET', route: `${base}/dormancy`, expect: readers },
    { name: 'the customers of a segment', method: 'GET', route: `${base}/members`, url: () => `${base}/members?analysis=rfm&segment=champions`, expect: readers },
    { name: 'export the customers of a segment', method: 'GET', route: `${base}/members/export`, url: () => `${base}/members/export?analysis=dormant&format=xlsx`, expect: readers },
  ],
};
