import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServices } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Actor } from '../../src/server/platform/access/actor';
import { permissionsOf } from '../../src/server/platform/access/roles';
import { submitForApproval, type ResolvedStep } from '../../src/server/platform/approvals/approvals.engine';
import { actOnRequest } from '../../src/server/platform/approvals/approvals.service';
import { registerApprovalDocType } from '../../src/server/platform/approvals/doc-types';
import { AppError } from '../../src/server/http/app-error';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The approval state machine, property-based: random flows (1–4 steps, any/all,
 * 1–3 approvers, amount thresholds) and random sequences of actions by random
 * people — approvers, the submitter, outsiders, and pairs acting at the same
 * moment — run against the real services on the real database. After every
 * action: one outcome once decided and never another; no step skipped; the step
 * never goes back; a refused action changes nothing; the state is one that the
 * actions could have produced in some order (a model replays them).
 */

type Action = 'approve' | 'reject' | 'return' | 'withdraw' | 'comment';
/** Who acts: the submitter, one of four people who may be approvers, an outsider, or "the k-th approver still pending now". */
type Who = { kind: 'submitter' } | { kind: 'pool'; i: number } | { kind: 'outsider' } | { kind: 'current'; k: number };
interface Move {
  action: Action;
  who: Who;
  withComment: boolean;
}
type Step = { kind: 'one'; move: Move } | { kind: 'pair'; a: Move; b: Move };

interface FlowStepSpec {
  mode: 'any' | 'all';
  approvers: number[];
  minAmount?: number;
}

const whoArb: fc.Arbitrary<Who> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }).map((k) => ({ kind: 'current' as const, k })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }).map((i) => ({ kind: 'pool' as const, i })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'submitter' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'outsider' as const }) },
);
const moveArb: fc.Arbitrary<Move> = fc.record({
  action: fc.oneof(
    { weight: 8, arbitrary: fc.constant<Action>('approve') },
    { weight: 1, arbitrary: fc.constant<Action>('reject') },
    { weight: 1, arbitrary: fc.constant<Action>('return') },
    { weight: 1, arbitrary: fc.constant<Action>('withdraw') },
    { weight: 2, arbitrary: fc.constant<Action>('comment') },
  ),
  who: whoArb,
  withComment: fc.boolean(),
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: moveArb.map((move) => ({ kind: 'one' as const, move })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pair' as const), a: moveArb, b: moveArb }) },
);
const flowArb: fc.Arbitrary<FlowStepSpec[]> = fc.array(
  fc.record(
    {
      mode: fc.constantFrom<'any' | 'all'>('any', 'all'),
      approvers: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      minAmount: fc.integer({ min: 0, max: 10_000 }),
    },
    { requiredKeys: ['mode', 'approvers'] },
  ),
  { minLength: 1, maxLength: 4 },
);
const scenarioArb = fc.record({
  flow: flowArb,
  amount: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 12 }),
});

/** What the engine should do, replayed on a tiny model. */
interface Model {
  status: 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn';
  cur: number;
  approved: string[][];
}

function apply(m: Model, steps: ResolvedStep[], submitterId: string, involved: Set<string>, action: Action, actorId: string, comment: string | undefined): { ok: boolean; next: Model } {
  const refuse = { ok: false, next: m };
  if (actorId !== submitterId && !involved.has(actorId)) return refuse;
  if (action === 'comment') return { ok: true, next: m };
  if (m.status !== 'pending') return refuse;
  if (action === 'withdraw') return actorId === submitterId ? { ok: true, next: { ...m, status: 'withdrawn' } } : refuse;
  const step = steps[m.cur];
  const waiting = step.approverIds.filter((id) => !m.approved[m.cur].includes(id));
  if (!waiting.includes(actorId)) return refuse;
  if (action !== 'approve' && !comment?.trim()) return refuse;
  if (action === 'reject') return { ok: true, next: { ...m, status: 'rejected' } };
  if (action === 'return') return { ok: true, next: { ...m, status: 'returned' } };
  const approved = m.approved.map((a, i) => (i === m.cur ? [...a, actorId] : a));
  const stepDone = step.mode === 'any' || approved[m.cur].length === step.approverIds.length;
  if (!stepDone) return { ok: true, next: { ...m, approved } };
  if (m.cur + 1 >= steps.length) return { ok: true, next: { ...m, approved, status: 'approved' } };
  return { ok: true, next: { ...m, approved, cur: m.cur + 1 } };
}

describe('approval state machine (property-based, real services, real database)', () => {
  let tdb: TestDatabase;
  let run = 0;
  const outcomes = new Map<string, string[]>();

  beforeAll(async () => {
    tdb = await createTestDatabase();
    registerServices(loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }));
    await sql`create table prop_outcomes (doc_id text not null, outcome text not null, at timestamptz not null default clock_timestamp())`.execute(tdb.handle.db);
  });
  afterAll(async () => tdb?.drop());

  async function makeUsers(n: number, tag: string): Promise<Actor[]> {
    const out: Actor[] = [];
    for (let i = 0; i < n; i++) {
      const email = `${tag}-${i}-${crypto.randomBytes(3).toString('hex')}@prop.example`;
      const [row] = (await sql<{ id: string }>`insert into users (email, display_name) values (${email}, ${`${tag} ${i}`}) returning id`.execute(tdb.handle.db)).rows;
      await sql`insert into user_roles (user_id, role) values (${row.id}, 'rep')`.execute(tdb.handle.db);
      out.push({ userId: row.id, email, displayName: `${tag} ${i}`, roles: ['rep'], permissions: permissionsOf(['rep']), departmentId: null, managerId: null, locale: 'en' });
    }
    return out;
  }

  async function state(requestId: string, docId: string) {
    const db = tdb.handle.db;
    const req = await db.selectFrom('approval_requests').select(['status', 'current_step', 'version', 'decided_at']).where('id', '=', requestId).executeTakeFirstOrThrow();
    const tasks = await db
      .selectFrom('approval_tasks')
      .select(['id', 'step_index', 'approver_id', 'status', 'acted_by', 'acted_at', 'comment'])
      .where('request_id', '=', requestId)
      .orderBy('step_index')
      .orderBy('approver_id')
      .execute();
    const events = await db.selectFrom('approval_events').select(['id', 'action', 'actor_id', 'step_index']).where('request_id', '=', requestId).orderBy('id').execute();
    const out = (await sql<{ outcome: string }>`select outcome from prop_outcomes where doc_id = ${docId} order by at`.execute(db)).rows.map((r) => r.outcome);
    return {
      status: req.status as Model['status'],
      currentStep: req.current_step,
      version: req.version,
      decidedAt: req.decided_at ? new Date(req.decided_at).toISOString() : null,
      tasks: tasks.map((t) => ({ ...t, acted_at: t.acted_at ? new Date(t.acted_at).toISOString() : null })),
      events: events.map((e) => ({ ...e, id: Number(e.id) })),
      outcomes: out,
    };
  }
  type State = Awaited<ReturnType<typeof state>>;

  /** The invariants that hold after any action, whatever it was. */
  function checkInvariants(s: State, steps: ResolvedStep[], prev: State | undefined, frozen: State | undefined) {
    // One outcome once decided, none before, and the document agrees with the request.
    if (s.status === 'pending') {
      expect(s.outcomes).toEqual([]);
      expect(s.decidedAt).toBeNull();
    } else {
      expect(s.outcomes).toEqual([s.status]);
      expect(s.decidedAt).not.toBeNull();
    }
    // A decided request never changes again (comments may still be added to its history).
    if (frozen) {
      expect({ status: s.status, currentStep: s.currentStep, decidedAt: s.decidedAt, tasks: s.tasks, outcomes: s.outcomes }).toEqual({
        status: frozen.status,
        currentStep: frozen.currentStep,
        decidedAt: frozen.decidedAt,
        tasks: frozen.tasks,
        outcomes: frozen.outcomes,
      });
      expect(s.events.slice(frozen.events.length).every((e) => e.action === 'comment')).toBe(true);
    }
    // The step never goes back.
    if (prev) expect(s.currentStep).toBeGreaterThanOrEqual(prev.currentStep);
    expect(s.currentStep).toBeLessThan(Math.max(1, steps.length));

    const decisions = s.events.filter((e) => ['approve', 'reject', 'return', 'withdraw', 'auto_approve'].includes(e.action));
    const approvals = decisions.filter((e) => e.action === 'approve');
    const enders = decisions.filter((e) => e.action !== 'approve');
    expect(s.events.filter((e) => e.action === 'submit')).toHaveLength(1);
    expect(s.events[0].action).toBe('submit');
    const ender = { pending: null, approved: steps.length ? null : 'auto_approve', rejected: 'reject', returned: 'return', withdrawn: 'withdraw' }[s.status];
    expect(enders.map((e) => e.action)).toEqual(ender ? [ender] : []);
    const deciding = enders[0] ?? (s.status === 'approved' ? approvals[approvals.length - 1] : undefined);
    // Nothing but comments after the deciding event.
    if (deciding) expect(s.events.filter((e) => e.id > deciding.id && e.action !== 'comment')).toEqual([]);
    // Approvals come in step order and each one is a task approved at that step by that person.
    for (let i = 1; i < approvals.length; i++) expect(approvals[i].step_index!).toBeGreaterThanOrEqual(approvals[i - 1].step_index!);
    for (const [i, step] of steps.entries()) {
      const tasks = s.tasks.filter((t) => t.step_index === i);
      expect(tasks.map((t) => t.approver_id).sort()).toEqual([...step.approverIds].sort());
      const approvedTasks = tasks.filter((t) => t.status === 'approved');
      const events = approvals.filter((e) => e.step_index === i);
      expect(events.map((e) => e.actor_id).sort()).toEqual(approvedTasks.map((t) => t.acted_by).sort());
      // 'any': one approval completes the step, never two (also when two approvers act at once).
      if (step.mode === 'any') expect(approvedTasks.length).toBeLessThanOrEqual(1);
      const satisfied = step.mode === 'any' ? approvedTasks.length === 1 : approvedTasks.length === tasks.length;
      const passed = i < s.currentStep || s.status === 'approved';
      // No step skipped: every step behind the current one (all of them once approved) is satisfied by its mode…
      if (passed) expect(satisfied, `step ${i} (${step.mode}) passed without its approvals`).toBe(true);
      // …and nothing ahead of the current step was acted on.
      if (i > s.currentStep) {
        expect(tasks.every((t) => t.acted_by === null)).toBe(true);
        expect(tasks.every((t) => (s.status === 'pending' ? t.status === 'waiting' : t.status === 'skipped'))).toBe(true);
      }
      if (i === s.currentStep && s.status === 'pending') expect(tasks.every((t) => t.status === 'pending' || t.status === 'approved')).toBe(true);
      if (s.status !== 'pending') expect(tasks.some((t) => t.status === 'pending' || t.status === 'waiting')).toBe(false);
    }
  }

  it('never skips a step, never yields two outcomes, and refuses what is not one’s to do', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ flow, amount, steps: script }) => {
        run++;
        const tag = `run${run}`;
        const [submitter, ...rest] = await makeUsers(6, tag);
        const pool = rest.slice(0, 4);
        const outsider = rest[4];
        const docType = `prop_doc_${run}`;
        const docId = crypto.randomUUID();
        registerApprovalDocType({
          type: docType,
          defaultFlow: flow.map((s, i) => ({ name: `Step ${i + 1}`, mode: s.mode, minAmount: s.minAmount ?? null, approvers: s.approvers.map((p) => ({ kind: 'user' as const, userId: pool[p].userId })) })),
          async onOutcome(trx, id, outcome) {
            await sql`insert into prop_outcomes (doc_id, outcome) values (${id}, ${outcome})`.execute(trx);
            outcomes.set(id, [...(outcomes.get(id) ?? []), outcome]);
          },
          link: (id) => `/prop/${id}`,
        });

        const { requestId, status } = await tdb.handle.db.transaction().execute((trx) => submitForApproval(trx, submitter, { docType, docId, title: `Doc ${tag}`, amount, currency: 'CNY' }));
        // The flow resolves to the steps whose threshold the amount passes, with their people.
        const expected: ResolvedStep[] = flow
          .filter((s) => s.minAmount === undefined || (amount !== null && amount > s.minAmount))
          .map((s) => ({ name: `Step ${flow.indexOf(s) + 1}`, mode: s.mode, approverIds: s.approvers.map((p) => pool[p].userId) }));
        const stored = await tdb.handle.db.selectFrom('approval_requests').select('steps').where('id', '=', requestId).executeTakeFirstOrThrow();
        const steps = stored.steps as ResolvedStep[];
        expect(steps).toEqual(expected);
        expect(status).toBe(expected.length ? 'pending' : 'approved');

        const people: Record<string, Actor> = Object.fromEntries([submitter, ...pool, outsider].map((u) => [u.userId, u]));
        const involved = new Set(steps.flatMap((s) => s.approverIds));
        let model: Model = { status: expected.length ? 'pending' : 'approved', cur: 0, approved: steps.map(() => []) };
        let prev = await state(requestId, docId);
        checkInvariants(prev, steps, undefined, undefined);
        let frozen = prev.status === 'pending' ? undefined : prev;

        const resolve = (who: Who, s: State): Actor => {
          if (who.kind === 'submitter') return submitter;
          if (who.kind === 'outsider') return outsider;
          if (who.kind === 'pool') return pool[who.i];
          const pendingNow = s.tasks.filter((t) => t.step_index === s.currentStep && t.status === 'pending').map((t) => t.approver_id);
          const candidates = pendingNow.length ? pendingNow : steps[Math.min(s.currentStep, steps.length - 1)]?.approverIds ?? [submitter.userId];
          return people[candidates[who.k % candidates.length]];
        };
        const perform = async (move: Move, actor: Actor): Promise<boolean> => {
          const comment = move.action === 'comment' || move.withComment ? `${move.action} by ${actor.displayName}` : undefined;
          try {
            await actOnRequest(tdb.handle.db, actor, requestId, move.action, { comment });
            return true;
          } catch (err) {
            expect(err, String(err)).toBeInstanceOf(AppError);
            const code = (err as AppError).code;
            // Someone the request is hidden from gets the same 404 as for a missing request, whatever they tried;
            // others are refused for the action (403), the state (409) or the missing reason (400).
            if (actor.userId !== submitter.userId && !involved.has(actor.userId)) expect(code).toBe('not_found');
            else expect(['conflict', 'forbidden', 'not_found', 'validation_failed']).toContain(code);
            return false;
          }
        };
        const commentOf = (move: Move, actor: Actor) => (move.action === 'comment' || move.withComment ? `${move.action} by ${actor.displayName}` : undefined);

        for (const [n, step] of script.entries()) {
          const label = `${tag} action ${n + 1}: ${JSON.stringify(step)}`;
          if (step.kind === 'one') {
            const actor = resolve(step.move.who, prev);
            const predicted = apply(model, steps, submitter.userId, involved, step.move.action, actor.userId, commentOf(step.move, actor));
            const ok = await perform(step.move, actor);
            const s = await state(requestId, docId);
            expect(ok, label).toBe(predicted.ok);
            if (!ok) {
              // A refused action changes nothing at all.
              expect(s, label).toEqual(prev);
            } else if (step.move.action === 'comment') {
              expect(s.events.length, label).toBe(prev.events.length + 1);
            }
            model = predicted.next;
            expect({ status: s.status, cur: s.currentStep }, label).toEqual({ status: model.status, cur: model.cur });
            checkInvariants(s, steps, prev, frozen);
            prev = s;
          } else {
            // Two people at the same moment: the result is the one of some order of the two.
            const actorA = resolve(step.a.who, prev);
            const actorB = resolve(step.b.who, prev);
            const [okA, okB] = await Promise.all([perform(step.a, actorA), perform(step.b, actorB)]);
            const s = await state(requestId, docId);
            const orders = [
              [
                [step.a, actorA],
                [step.b, actorB],
              ],
              [
                [step.b, actorB],
                [step.a, actorA],
              ],
            ] as [Move, Actor][][];
            const replays = orders.map((order, o) => {
              let m = model;
              const oks: boolean[] = [];
              for (const [move, actor] of order) {
                const r = apply(m, steps, submitter.userId, involved, move.action, actor.userId, commentOf(move, actor));
                oks.push(r.ok);
                m = r.next;
              }
              return { m, oks: o === 0 ? oks : [oks[1], oks[0]] };
            });
            const match = replays.find((r) => r.m.status === s.status && r.m.cur === s.currentStep && r.oks[0] === okA && r.oks[1] === okB && JSON.stringify(r.m.approved.map((x) => [...x].sort())) === JSON.stringify(steps.map((_, i) => s.tasks.filter((t) => t.step_index === i && t.status === 'approved').map((t) => t.approver_id).sort())));
            expect(match, `${label}: got ${JSON.stringify({ okA, okB, status: s.status, cur: s.currentStep })}, possible ${JSON.stringify(replays.map((r) => ({ oks: r.oks, status: r.m.status, cur: r.m.cur })))}`).toBeDefined();
            model = match!.m;
            if (!okA && !okB) expect(s, label).toEqual(prev);
            checkInvariants(s, steps, prev, frozen);
            prev = s;
          }
          if (!frozen && prev.status !== 'pending') frozen = prev;
        }
        // The document heard of exactly one outcome, or of none while pending.
        expect(outcomes.get(docId) ?? []).toEqual(prev.status === 'pending' ? [] : [prev.status]);
      }),
      { numRuns: 40, verbose: 1 },
    );
  }, 180_000);
});
