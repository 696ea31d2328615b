import { DownOutlined, EditOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Dropdown, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { PriceListDetailDto, PriceQuote } from '../../api/catalogue.types';
import type { AuditEntry, Page } from '../../api/types';
import { auditActionLabel } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { pathName } from '../../ui/tree';
import { changedKeys } from '../audit/describe';
import { ProductStatusBadge } from './labels';
import { ProductFormDrawer } from './ProductFormDrawer';
import { useProductActions } from './product-actions';
import { priceListsKey, useCategories, usePriceLists, useProduct } from './queries';
import { listState, validityText } from './validity';

interface ListPrice {
  key: string;
  listId: string;
  listName: string;
  currency: string;
  validity: string;
  state: ReturnType<typeof listState>;
  isDefault: boolean;
  minQuantity: string;
  price: number;
}

/**
 * Which price lists price this product. The API has no "lists of a product" query, so the
 * lists (a handful) are read and searched here; each list's detail is cached for its own page.
 */
function usePricesOf(productId: string): { rows: ListPrice[]; isPending: boolean } {
  const lists = usePriceLists();
  const details = useQueries({
    queries: (lists.data ?? []).map((l) => ({
      queryKey: [...priceListsKey, 'one', l.id],
      queryFn: () => api.get<PriceListDetailDto>(`/api/v1/price-lists/${l.id}`),
      staleTime: 30_000,
    })),
  });
  const today = dayjs().format('YYYY-MM-DD');
  const rows = details.flatMap((d) =>
    d.data
      ? d.data.items
          .filter((i) => i.productId === productId)
          .map((i) => ({
            key: `${d.data.id}:${i.minQuantity}`,
            listId: d.data.id,
            listName: d.data.name,
            currency: d.data.currency,
            validity: validityText(d.data),
            state: listState(d.data, today),
            isDefault: d.data.isDefault,
            minQuantity: i.minQuantity,
            price: i.price,
          }))
      : [],
  );
  return { rows, isPending: lists.isPending || details.some((d) => d.isPending) };
}

function PriceLists({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const { rows, isPending } = usePricesOf(productId);
  return (
    <Card title={t('catalogue.products.priceLists')} size="small" data-testid="product-price-lists">
      <Table<ListPrice>
        size="small"
        rowKey="key"
        loading={isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.products.priceListsEmpty')} /> }}
        columns={[
          {
            title: t('catalogue.priceLists.name'),
            dataIndex: 'listName',
            render: (_, r) => (
              <Space size={4} wrap>
                <Link to={`/price-lists/${r.listId}`}>{r.listName}</Link>
                {r.isDefault ? <Tag color="blue">{t('catalogue.priceLists.isDefault')}</Tag> : null}
                {r.state === 'live' ? null : <Tag>{r.state === 'archived' ? t('common.archived') : t(`catalogue.priceLists.${r.state}`)}</Tag>}
              </Space>
            ),
          },
          { title: t('catalogue.products.validity'), dataIndex: 'validity', width: 220 },
          { title: t('catalogue.products.minQuantity'), dataIndex: 'minQuantity', align: 'right', width: 120 },
          { title: t('catalogue.products.price'), dataIndex: 'price', align: 'right', width: 150, render: (_, r) => <span data-testid="list-item-price">{formatMoney(r.price, r.currency)}</span> },
        ]}
      />
    </Card>
  );
}

/** What a sale of one piece would cost today in the product's currency, and which rule gave it. */
function PriceToday({ productId, currency }: { productId: string; currency: string }) {
  const { t } = useTranslation();
  const quote = useQuery({
    queryKey: ['products', 'price', productId, currency],
    queryFn: () => api.get<{ quote: PriceQuote | null }>(`/api/v1/products/${productId}/price`, { currency }),
  });
  const q = quote.data?.quote;
  return (
    <Card title={t('catalogue.products.currentPrice')} size="small" loading={quote.isPending}>
      {q ? (
        <Space direction="vertical" size={2}>
          <Typography.Text strong style={{ fontSize: 20 }}>
            {formatMoney(q.unitPrice, q.currency)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {q.source === 'price_list' && q.priceListId ? (
              <Link to={`/price-lists/${q.priceListId}`}>{t('catalogue.products.fromList', { name: q.priceListName })}</Link>
            ) : (
              t('catalogue.products.fromListPrice')
            )}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('catalogue.products.noPrice', { currency })}</Typography.Text>
      )}
    </Card>
  );
}

/** The audit trail of the product (the audit log is an administrator's: shown only to those who may read it). */
function History({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const entries = useQuery({
    queryKey: ['audit', 'product', productId],
    queryFn: () => api.get<Page<AuditEntry>>('/api/v1/audit', { entityType: 'product', entityId: productId, limit: 50 }),
  });
  return (
    <Card title={t('catalogue.products.history')} size="small">
      <Table<AuditEntry>
        size="small"
        rowKey="seq"
        loading={entries.isPending}
        dataSource={entries.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.products.historyEmpty')} /> }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('audit.actor'), dataIndex: 'actorLabel', width: 180, render: (v: string | null) => v ?? t('audit.system') },
          { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => auditActionLabel(v) },
          {
            title: t('catalogue.products.changedFields'),
            key: 'changed',
            render: (_, e) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {changedKeys(e.before, e.after).filter((k) => k !== 'version' && k !== 'updatedAt').join(', ')}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One product: its fields, today's price, the price lists that carry it, and its history. */
export function ProductPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const product = useProduct(id);
  const categories = useCategories();
  const [editing, setEditing] = useState(false);
  const actions = useProductActions((deleted) => (deleted ? navigate('/products') : void product.refetch()));

  if (product.isPending) return <PageLoading />;
  if (product.isError) return <LoadError error={product.error} onRetry={() => void product.refetch()} />;
  const p = product.data;
  const canManage = can('products:manage');
  const margin = p.cost !== null && p.listPrice > 0 ? `${(((p.listPrice - p.cost) / p.listPrice) * 100).toFixed(1)}%` : '–';

  return (
    <PageContainer
      title={`${p.code} · ${p.name}`}
      onBack={() => navigate('/products')}
      tags={p.status === 'active' ? undefined : <Tag>{t('catalogue.products.statuses.discontinued')}</Tag>}
      extra={
        canManage
          ? [
              <Button key="edit" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-product">
                {t('common.edit')}
              </Button>,
              <Dropdown
                key="more"
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'status', label: t(p.status === 'active' ? 'catalogue.products.discontinue' : 'catalogue.products.reactivate') },
                    ...(p.isUsed ? [] : [{ key: 'delete', label: t('catalogue.products.delete'), danger: true }]),
                  ],
                  onClick: ({ key }) => (key === 'delete' ? actions.confirmDelete(p) : actions.toggleStatus(p)),
                }}
              >
                <Button>
                  {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>,
            ]
          : undefined
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('catalogue.products.details')} size="small">
            <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="product-details">
              <Descriptions.Item label={t('catalogue.products.code')}>{p.code}</Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.name')}>{p.name}</Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.category')}>
                {p.categoryId ? pathName(categories.data ?? [], p.categoryId) || p.categoryName : t('catalogue.products.noCategory')}
              </Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.unit')}>{p.unit}</Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.listPrice')}>
                <span data-testid="detail-list-price">{formatMoney(p.listPrice, p.currency)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.currency')}>{p.currency}</Descriptions.Item>
              {canManage ? <Descriptions.Item label={t('catalogue.products.cost')}>{p.cost === null ? '–' : formatMoney(p.cost, p.currency)}</Descriptions.Item> : null}
              {canManage ? <Descriptions.Item label={t('catalogue.products.margin')}>{margin}</Descriptions.Item> : null}
              <Descriptions.Item label={t('catalogue.products.status')}>
                <ProductStatusBadge status={p.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.updatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('catalogue.products.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{p.description || '–'}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <PriceToday productId={p.id} currency={p.currency} />
        </Col>
        <Col span={24}>
          <PriceLists productId={p.id} />
        </Col>
        {can('audit:read') ? (
          <Col span={24}>
            <History productId={p.id} />
          </Col>
        ) : null}
      </Row>
      {editing ? (
        <ProductFormDrawer
          product={p}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void product.refetch();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
