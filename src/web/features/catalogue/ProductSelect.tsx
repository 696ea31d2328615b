import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { ProductDto } from '../../api/catalogue.types';
import type { Page } from '../../api/types';
import { formatMoney } from '../../ui/money';

export interface ProductChoice {
  id: string;
  code: string;
  name: string;
}

/** Picks an active product by typing part of its code or name (server-side search: catalogues are large). */
export function ProductSelect({ value, onChange, currency, status }: { value?: ProductChoice | null; onChange: (p: ProductChoice | null) => void; currency?: string; status?: 'error' }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const products = useQuery({
    queryKey: ['products', 'lookup', q],
    queryFn: ({ signal }) => api.get<Page<ProductDto>>('/api/v1/products', { q: q || undefined, status: 'active', limit: 20 }, { signal }),
    staleTime: 30_000,
  });
  const found = products.data?.items ?? [];
  const options = found.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}`, product: p }));
  if (value && !options.some((o) => o.value === value.id)) options.unshift({ value: value.id, label: `${value.code} · ${value.name}`, product: undefined as unknown as ProductDto });
  return (
    <Select
      value={value?.id}
      onChange={(id) => {
        const p = found.find((x) => x.id === id);
        onChange(p ? { id: p.id, code: p.code, name: p.name } : null);
      }}
      showSearch
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      onBlur={() => setText('')}
      options={options}
      status={status}
      loading={products.isFetching}
      placeholder={t('catalogue.priceLists.chooseProduct')}
      notFoundContent={products.isFetching ? t('common.loading') : t('header.noResults')}
      optionRender={(o) => (
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
          <span>{o.label}</span>
          {o.data.product && (!currency || o.data.product.currency === currency) ? <Typography.Text type="secondary">{formatMoney(o.data.product.listPrice, o.data.product.currency)}</Typography.Text> : null}
        </div>
      )}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      data-testid="item-product"
    />
  );
}
