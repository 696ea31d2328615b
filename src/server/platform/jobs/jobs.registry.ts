import type { Kysely } from 'kysely';
import type { DbHandle } from '../../db/connect';
import type { Database } from '../../db/database';

export interface JobContext {
  handle: DbHandle;
  db: Kysely<Database>;
  jobId: string;
  attempt: number;
  log: { info: (obj: object, msg?: string) => void; error: (obj: object, msg?: string) => void };
}

export interface QueueDefinition<P = any> {
  queue: string;
  handler: (ctx: JobContext, payload: P) => Promise<void>;
  maxAttempts?: number;
  /** First retry delay; doubles with each attempt, capped at an hour. */
  backoffSeconds?: number;
  /** How long a claimed job may run before another worker may take it over. */
  lockSeconds?: number;
}

export interface ScheduleDefinition {
  name: string;
  /** Cron pattern evaluated in the business time zone (company settings). */
  cron: string;
  queue: string;
  payload?: Record<string, unknown>;
}

/** Queues and schedules are registered by modules at start-up, in code: explicit wiring, no discovery. */
const queues = new Map<string, QueueDefinition>();
const schedules = new Map<string, ScheduleDefinition>();

export function defineQueue<P>(def: QueueDefinition<P>): void {
  queues.set(def.queue, def as QueueDefinition);
}

export function defineSchedule(def: ScheduleDefinition): void {
  schedules.set(def.name, def);
}

export const getQueue = (name: string) => queues.get(name);
export const listSchedules = () => [...schedules.values()];
