import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { AuditActor } from '../access/actor';
import type { FlowStep } from './approvals.schema';

export type ApprovalOutcome = 'approved' | 'rejected' | 'returned' | 'withdrawn';

/**
 * A kind of document that goes through approval. A module registers it once; the
 * engine calls onOutcome inside the deciding transaction so the document's own
 * status always agrees with its approval.
 */
export interface ApprovalDocType {
  type: string;
  /** The flow used until an admin defines one. */
  defaultFlow: FlowStep[];
  onOutcome(trx: Transaction<Database>, docId: string, outcome: ApprovalOutcome, actor: AuditActor): Promise<void>;
  /** Where the document opens in the web app. */
  link(docId: string): string;
}

const docTypes = new Map<string, ApprovalDocType>();

export function registerApprovalDocType(def: ApprovalDocType): void {
  docTypes.set(def.type, def);
}

export function getApprovalDocType(type: string): ApprovalDocType | undefined {
  return docTypes.get(type);
}

export function listApprovalDocTypes(): ApprovalDocType[] {
  return [...docTypes.values()];
}
