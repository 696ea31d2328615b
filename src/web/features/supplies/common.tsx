import { useQuery } from '@tanstack/react-query';
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { SupplyItem, SupplyRequestStatus } from '../../api/supplies.types';

/** The item's name in the reader's language. */
export const itemName = (i: { nameEn?: string; nameZh: string; itemNameEn?: string; itemNameZh?: string }, lang: string) =>
  lang.startsWith('zh') ? (i.itemNameZh ?? i.nameZh) : (i.itemNameEn ?? i.nameEn ?? i.nameZh);

export function useSupplyItems(includeInactive = false) {
  return useQuery({ queryKey: ['supplies', 'items', includeInactive], queryFn: () => api.get<{ items: SupplyItem[] }>('/api/v1/supplies/items', { includeInactive: String(includeInactive) }).then((r) => r.items) });
}

export function ItemSelect({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t, i18n } = useTranslation();
  const items = useSupplyItems();
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      loading={items.isPending}
      optionFilterProp="label"
      placeholder={t('supplies.requests.item')}
      options={(items.data ?? []).map((i) => ({ value: i.id, label: `${i.code} ${itemName(i, i18n.language)} (${i.stockQty} ${i.unit})` }))}
      style={{ minWidth: 280 }}
      data-testid={testId}
    />
  );
}

const COLORS: Partial<Record<SupplyRequestStatus, string>> = { pending: 'gold', approved: 'blue', issued: 'green', rejected: 'red', returned: 'orange' };

export function SupplyStatus({ status }: { status: SupplyRequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="supply-status" data-status={status}>
      {t(`supplies.requests.statuses.${status}`)}
    </Tag>
  );
}
