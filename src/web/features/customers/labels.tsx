import { StarFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerLevel, CustomerStatus } from '../../api/customers.types';
import { translateOr } from '../../i18n/labels';

export const CUSTOMER_STATUSES: CustomerStatus[] = ['prospect', 'active', 'dormant', 'lost'];
export const CUSTOMER_LEVELS: CustomerLevel[] = ['A', 'B', 'C', 'D'];
export const ADDRESS_KINDS = ['office', 'shipping', 'billing', 'other'] as const;

export const statusLabel = (s: string) => translateOr(`customers.statuses.${s}`, s);
export const levelLabel = (l: string) => translateOr(`customers.levels.${l}`, l);
export const fieldLabel = (f: string) => translateOr(`customers.fields.${f}`, f);
export const addressKindLabel = (k: string) => translateOr(`customers.addresses.kinds.${k}`, k);
/** Timeline kinds are dotted ('customer.handover'), which is also their nesting under customers.events. */
export const eventLabel = (kind: string) => translateOr(`customers.events.${kind}`, kind);
/** Statuses of the sales records shown on the customer page ('orderStatus', 'returnStatus', 'contractStatus', 'stages', 'outcomes'). */
export const salesLabel = (group: string, value: string) => translateOr(`customers.sales.${group}.${value}`, value);

const STATUS_COLOR: Record<string, string> = { prospect: 'blue', active: 'green', dormant: 'orange', lost: 'default' };
const LEVEL_COLOR: Record<string, string> = { A: 'red', B: 'volcano', C: 'gold', D: 'default' };

export function CustomerStatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="customer-status">
      {statusLabel(status)}
    </Tag>
  );
}

export function LevelTag({ level }: { level: string | null }) {
  if (!level) return null;
  return <Tag color={LEVEL_COLOR[level] ?? 'default'}>{levelLabel(level)}</Tag>;
}

export function KeyCustomerMark() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('customers.fields.isKey')}>
      <Tag color="gold" icon={<StarFilled />} data-testid="key-customer">
        {t('customers.keyCustomer')}
      </Tag>
    </Tooltip>
  );
}

const SALES_COLOR: Record<string, string> = { draft: 'default', confirmed: 'blue', delivered: 'cyan', closed: 'green', cancelled: 'default', active: 'green', expired: 'orange', terminated: 'red', open: 'blue', won: 'green', lost: 'red' };
export function SalesStatusTag({ group, value }: { group: string; value: string }) {
  return <Tag color={SALES_COLOR[value] ?? 'default'}>{salesLabel(group, value)}</Tag>;
}
