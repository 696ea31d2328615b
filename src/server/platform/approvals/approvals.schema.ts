import { z } from 'zod';
import { text, uuid } from '../schema/common.schema';

export const approverSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), role: z.enum(['admin', 'manager', 'assistant', 'rep', 'finance', 'viewer']) }).strict(),
  /** level 1: the submitter's manager; level 2: that manager's manager. */
  z.object({ kind: z.literal('manager'), level: z.union([z.literal(1), z.literal(2)]) }).strict(),
  z.object({ kind: z.literal('user'), userId: uuid }).strict(),
]);

/** The keys of the default flows' steps: such a step's name reads in the reader's language (approvals.texts.ts). */
export const STEP_KEYS = ['manager', 'finance', 'leaders'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const flowStepSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Set on the default flows' steps; kept on save only while the name is still the default one. */
    key: z.enum(STEP_KEYS).optional(),
    approvers: z.array(approverSchema).min(1).max(10),
    /** any: the first approval completes the step; all: every approver must approve. */
    mode: z.enum(['any', 'all']),
    /** The step applies only when the document's amount (minor units) is over this threshold. */
    minAmount: z.number().int().min(0).nullable().optional(),
  })
  .strict();
export type FlowStep = z.infer<typeof flowStepSchema>;

/** A flow step as the API shows it: with its label in the reader's language. */
export const flowStepDto = flowStepSchema.extend({ label: z.string() });

export const flowSchema = z.object({ steps: z.array(flowStepSchema).min(1).max(10), version: z.number().int().min(1).optional() }).strict();

export const actionBody = z.object({ comment: text(2000).optional(), onBehalfOf: uuid.optional() }).strict();
export const commentBody = z.object({ comment: text(2000).pipe(z.string().trim().min(1, 'is required')) }).strict();

export const delegationBody = z
  .object({ delegateId: uuid, startsOn: z.iso.date(), endsOn: z.iso.date() })
  .strict()
  .refine((d) => d.endsOn >= d.startsOn, { message: 'must not be before startsOn', path: ['endsOn'] });

export const approvalTaskDto = z.object({
  id: z.string(),
  stepIndex: z.number().int(),
  approverId: z.string(),
  approverName: z.string(),
  status: z.string(),
  actedBy: z.string().nullable(),
  actedByName: z.string().nullable(),
  actedAt: z.string().nullable(),
  comment: z.string().nullable(),
});

export const approvalEventDto = z.object({
  id: z.number().int(),
  requestId: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  onBehalfOfName: z.string().nullable(),
  action: z.string(),
  stepIndex: z.number().int().nullable(),
  comment: z.string().nullable(),
});

export const approvalRequestDto = z.object({
  id: z.string(),
  docType: z.string(),
  docId: z.string(),
  title: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  submitterId: z.string(),
  submitterName: z.string(),
  status: z.string(),
  currentStep: z.number().int(),
  steps: z.array(z.object({ name: z.string(), key: z.enum(STEP_KEYS).optional(), label: z.string(), mode: z.string(), approverIds: z.array(z.string()) })),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  link: z.string().nullable(),
  tasks: z.array(approvalTaskDto),
  /** What the caller may do now. */
  canAct: z.boolean(),
  canWithdraw: z.boolean(),
});
