import { failedJob } from './fixtures';
import { onlyFor, type MatrixModule } from './matrix';

/** The job queue is an admin's tool. */
export const jobsMatrix: MatrixModule = {
  name: 'jobs',
  rows: [
    { name: 'failed jobs', method: 'GET', route: '/api/v1/jobs', expect: onlyFor({ admin: 200 }) },
    { name: 'schedules', method: 'GET', route: '/api/v1/jobs/schedules', expect: onlyFor({ admin: 200 }) },
    { name: 'retry a failed job', method: 'POST', route: '/api/v1/jobs/{id}/retry', url: async (ctx) => `/api/v1/jobs/${await failedJob(ctx)}/retry`, expect: onlyFor({ admin: 200 }) },
    { name: 'cancel a failed job', method: 'POST', route: '/api/v1/jobs/{id}/cancel', url: async (ctx) => `/api/v1/jobs/${await failedJob(ctx)}/cancel`, expect: onlyFor({ admin: 200 }) },
  ],
};
