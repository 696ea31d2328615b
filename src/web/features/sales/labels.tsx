import { Tag } from 'antd';
import { translateOr } from '../../i18n/labels';
import type { ContractStatus, NegotiationOutcome, NegotiationStage, OrderStatus, ReturnStatus } from '../../api/sales.types';

export const ORDER_STATUSES: OrderStatus[] = ['draft', 'confirmed', 'delivered', 'closed', 'cancelled'];
export const RETURN_STATUSES: ReturnStatus[] = ['draft', 'confirmed', 'cancelled'];
export const CONTRACT_STATUSES: ContractStatus[] = ['draft', 'active', 'expired', 'terminated'];
export const NEGOTIATION_STAGES: NegotiationStage[] = ['qualifying', 'proposal', 'negotiating', 'closing'];
export const NEGOTIATION_OUTCOMES: NegotiationOutcome[] = ['open', 'won', 'lost'];

/** The label sets of the sales records: one key prefix and one colour per value. */
const SETS = {
  order: { prefix: 'sales.orderStatuses', colors: { draft: 'default', confirmed: 'blue', delivered: 'cyan', closed: 'green', cancelled: 'red' } },
  return: { prefix: 'sales.returnStatuses', colors: { draft: 'default', confirmed: 'green', cancelled: 'red' } },
  contract: { prefix: 'sales.contractStatuses', colors: { draft: 'default', active: 'green', expired: 'orange', terminated: 'red' } },
  stage: { prefix: 'sales.stages', colors: { qualifying: 'default', proposal: 'blue', negotiating: 'purple', closing: 'gold' } },
  outcome: { prefix: 'sales.outcomes', colors: { open: 'processing', won: 'success', lost: 'error' } },
} as const satisfies Record<string, { prefix: string; colors: Record<string, string> }>;
export type LabelSet = keyof typeof SETS;

export const salesLabel = (set: LabelSet, value: string) => translateOr(`${SETS[set].prefix}.${value}`, value);

export const labelOptions = (set: LabelSet, values: readonly string[]) => values.map((v) => ({ value: v, label: salesLabel(set, v) }));

export function SalesTag({ set, value }: { set: LabelSet; value: string }) {
  const color = (SETS[set].colors as Record<string, string>)[value] ?? 'default';
  return (
    <Tag color={color} data-testid={`${set}-status`} data-value={value}>
      {salesLabel(set, value)}
    </Tag>
  );
}
