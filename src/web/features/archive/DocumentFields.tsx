import { ProForm, ProFormDatePicker, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Col, Form, Row, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { DocumentLink } from '../../api/archive.types';
import type { Contract, CustomerRef, SalesOrder } from '../../api/sales.types';
import type { Page } from '../../api/types';
import { TreeRowSelect } from '../../ui/tree';
import { categoryRows, confidentialityOptions, typeOptions } from './labels';
import { useArchiveCategories, useDocumentTypes } from './queries';

type LinkKind = DocumentLink['entityType'];

/** Where each kind of link is searched, and how its options read. */
const LINK_SOURCES: Record<LinkKind, { path: string; toOption: (x: never) => { value: string; label: string } }> = {
  customer: { path: '/api/v1/customers', toOption: (c: CustomerRef) => ({ value: c.id, label: c.code ? `${c.name} (${c.code})` : c.name }) },
  contract: { path: '/api/v1/sales/contracts', toOption: (c: Contract) => ({ value: c.id, label: `${c.number} · ${c.title}` }) },
  sales_order: { path: '/api/v1/sales/orders', toOption: (o: SalesOrder) => ({ value: o.id, label: `${o.number} · ${o.customerName}` }) },
};

/**
 * Several customers, contracts or orders, searched on the server as the user types (the lists
 * are long). The records already linked keep their labels from the document.
 */
export function LinkSelect({ kind, value, onChange, id, initial }: { kind: LinkKind; value?: string[]; onChange?: (v: string[]) => void; id?: string; initial?: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Map<string, string>>(() => new Map((initial ?? []).map((o) => [o.value, o.label])));
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const source = LINK_SOURCES[kind];
  const found = useQuery({
    queryKey: ['archive', 'link-lookup', kind, q],
    queryFn: async ({ signal }) => (await api.get<Page<never>>(source.path, { q: q || undefined, limit: 20 }, { signal })).items.map(source.toOption),
    staleTime: 30_000,
  });
  const options = [...(found.data ?? [])];
  // A record given from outside (the address: ?customerId=…) that no search has loaded yet: ask for its label.
  const unknown = (value ?? []).filter((v) => !known.has(v) && !options.some((o) => o.value === v));
  const resolved = useQueries({
    queries: unknown.map((v) => ({ queryKey: ['archive', 'link-label', kind, v], queryFn: async () => source.toOption((await api.get(`${source.path}/${v}`)) as never), staleTime: 60_000 })),
  });
  for (const r of resolved) if (r.data && !options.some((o) => o.value === r.data.value)) options.push(r.data);
  for (const v of value ?? []) if (!options.some((o) => o.value === v)) options.push({ value: v, label: known.get(v) ?? '…' });
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(v: string[], picked) => {
        const next = new Map(known);
        for (const o of [picked].flat()) if (o && 'value' in o && typeof o.label === 'string') next.set(String(o.value), o.label);
        setKnown(next);
        onChange?.(v);
      }}
      options={options}
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      onBlur={() => setText('')}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? t('common.loading') : t('sales.common.noResults')}
      placeholder={t(kind === 'customer' ? 'sales.common.searchCustomer' : kind === 'contract' ? 'archive.upload.searchContract' : 'sales.common.searchOrder')}
      data-testid={`link-select-${kind}`}
    />
  );
}

/** The labels of a document's links, per kind, for LinkSelect's `initial`. */
export const linkOptions = (links: readonly DocumentLink[], kind: LinkKind) => links.filter((l) => l.entityType === kind).map((l) => ({ value: l.entityId, label: l.label ?? l.entityId }));

/**
 * The details of a document: on upload (shared by every file, with the confidentiality level)
 * and on edit (with the title; the level has its own action on the document page).
 */
export function DocumentFields({ mode, links = [], keepType }: { mode: 'upload' | 'edit'; links?: readonly DocumentLink[]; keepType?: string }) {
  const { t } = useTranslation();
  const types = useDocumentTypes();
  const categories = useArchiveCategories();
  return (
    <>
      {mode === 'edit' ? <ProFormText name="title" label={t('archive.field.title')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 300, message: t('validation.tooLong', { max: 300 }) }]} /> : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <ProFormSelect name="typeCode" label={t('archive.field.type')} options={typeOptions(types.data, keepType)} fieldProps={{ loading: types.isPending, 'data-testid': 'doc-type' } as object} />
        </Col>
        <Col xs={24} md={12}>
          <ProForm.Item name="categoryId" label={t('archive.field.category')}>
            <TreeRowSelect items={categoryRows(categories.data)} loading={categories.isPending} />
          </ProForm.Item>
        </Col>
        <Col xs={24} md={12}>
          <ProFormDatePicker name="documentDate" label={t('archive.field.documentDate')} width="100%" fieldProps={{ style: { width: '100%' } }} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="counterparty" label={t('archive.field.counterparty')} rules={[{ max: 200, message: t('validation.tooLong', { max: 200 }) }]} />
        </Col>
      </Row>
      <ProFormSelect name="tags" label={t('archive.field.tags')} mode="tags" fieldProps={{ tokenSeparators: [',', '，'], open: false, suffixIcon: null } as object} />
      {mode === 'upload' ? (
        <ProFormRadio.Group
          name="confidentiality"
          label={t('archive.field.confidentiality')}
          options={confidentialityOptions()}
          radioType="button"
          extra={<ConfidentialityHint />}
        />
      ) : null}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('archive.upload.links')}
      </Typography.Title>
      <ProForm.Item name="customerIds" label={t('archive.field.customers')}>
        <LinkSelect kind="customer" initial={linkOptions(links, 'customer')} />
      </ProForm.Item>
      <ProForm.Item name="contractIds" label={t('archive.field.contracts')}>
        <LinkSelect kind="contract" initial={linkOptions(links, 'contract')} />
      </ProForm.Item>
      <ProForm.Item name="orderIds" label={t('archive.field.orders')}>
        <LinkSelect kind="sales_order" initial={linkOptions(links, 'sales_order')} />
      </ProForm.Item>
      <ProFormTextArea name="notes" label={t('archive.field.notes')} fieldProps={{ rows: 3, maxLength: 5000 }} />
    </>
  );
}

/** What the chosen level means, under the level buttons. */
function ConfidentialityHint() {
  const { t } = useTranslation();
  const level = Form.useWatch('confidentiality') as string | undefined;
  return <>{t(`archive.confidentialityHelp.${(level ?? 'internal') as 'internal'}`)}</>;
}
