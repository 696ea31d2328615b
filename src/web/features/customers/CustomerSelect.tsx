import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { CustomerDto } from '../../api/customers.types';
import type { Page } from '../../api/types';

/** Picks a customer the user may see by typing part of its name, code or credit code (server-side search). */
export function CustomerSelect({ value, onChange, excludeId, placeholder, id }: { value?: string | null; onChange?: (id: string | null, customer?: CustomerDto) => void; excludeId?: string; placeholder?: string; id?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const found = useQuery({
    queryKey: ['customers', 'lookup', q],
    queryFn: ({ signal }) => api.get<Page<CustomerDto>>('/api/v1/customers', { q: q || undefined, limit: 20, sort: 'name', direction: 'asc' }, { signal }),
    staleTime: 15_000,
  });
  // A customer chosen elsewhere (a customerId in the address) shows its name, not its id.
  const chosen = useQuery({ queryKey: ['customers', 'detail', value], queryFn: () => api.get<CustomerDto>(`/api/v1/customers/${value}`), enabled: !!value && !found.data?.items.some((c) => c.id === value), retry: false, staleTime: 60_000 });
  const items = (found.data?.items ?? []).filter((c) => c.id !== excludeId);
  if (value && chosen.data && !items.some((c) => c.id === value)) items.unshift(chosen.data);
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null, items.find((c) => c.id === v))}
      showSearch
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      options={items.map((c) => ({ value: c.id, label: `${c.code} ${c.name}`, desc: c.ownerName ?? '' }))}
      optionRender={(o) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <span>{o.label}</span>
          {o.data.desc ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.desc}
            </Typography.Text>
          ) : null}
        </div>
      )}
      loading={found.isFetching}
      allowClear
      placeholder={placeholder ?? t('customers.customerPlaceholder')}
      notFoundContent={found.isFetching ? t('common.loading') : t('header.noResults')}
      style={{ width: '100%' }}
      data-testid="customer-select"
    />
  );
}
