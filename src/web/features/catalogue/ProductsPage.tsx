import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Dropdown, Button, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { ProductDto, ProductFilters, ProductSort } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import { currencyOptions } from '../../ui/intl-options';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { TreeRowSelect } from '../../ui/tree';
import { ExportButton } from '../../ui/ExportButton';
import { PRODUCT_STATUSES, ProductStatusBadge } from './labels';
import { ProductFormDrawer } from './ProductFormDrawer';
import { useProductActions } from './product-actions';
import { fetchProductsPage, productQuery, useCategories } from './queries';

const SORTABLE = ['code', 'name', 'listPrice'] as const;

/** ProTable's column sort → the API's `sort` ("-listPrice" for descending); code when none. */
function toSort(sort: Record<string, SortOrder>): ProductSort | undefined {
  const [key, order] = Object.entries(sort).find(([k, o]) => o && (SORTABLE as readonly string[]).includes(k)) ?? [];
  if (!key || !order) return undefined;
  return (order === 'descend' ? `-${key}` : key) as ProductSort;
}

/** The product list: filters, keyset paging, export with the same filters, create / edit / discontinue / delete. */
export function ProductsPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const [params] = useSearchParams();
  const actionRef = useRef<ActionType>(undefined);
  const categories = useCategories();
  const canManage = can('products:manage');
  const [editing, setEditing] = useState<{ product?: ProductDto } | null>(null);
  // What the table shows is what Export writes: the filters and sort of the last load.
  const [current, setCurrent] = useState<ProductFilters>({});
  const onRequestError = useTableErrorHandler();
  const actions = useProductActions(() => void actionRef.current?.reload());

  const fetchPage = useCallback((f: ProductFilters, cursor: string | undefined, limit: number) => {
    setCurrent(productQuery(f));
    return fetchProductsPage(f, cursor, limit);
  }, []);
  const paging = useKeysetPaging<ProductDto, ProductFilters>(fetchPage);
  const initialFilters = { categoryId: params.get('categoryId') ?? undefined, q: params.get('q') ?? undefined };

  const columns: ProColumns<ProductDto>[] = [
    { title: t('catalogue.products.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { allowClear: true } },
    {
      title: t('catalogue.products.code'),
      dataIndex: 'code',
      search: false,
      sorter: true,
      fixed: 'left',
      width: 140,
      render: (_, p) => (
        <Link to={`/products/${p.id}`} data-testid="product-link">
          {p.code}
        </Link>
      ),
    },
    { title: t('catalogue.products.name'), dataIndex: 'name', search: false, sorter: true, ellipsis: true },
    {
      title: t('catalogue.products.category'),
      dataIndex: 'categoryId',
      width: 180,
      ellipsis: true,
      renderFormItem: () => <TreeRowSelect items={categories.data ?? []} loading={categories.isPending} placeholder={t('catalogue.categories.choose')} />,
      render: (_, p) => p.categoryName ?? <Typography.Text type="secondary">{t('catalogue.products.noCategory')}</Typography.Text>,
    },
    { title: t('catalogue.products.unit'), dataIndex: 'unit', search: false, width: 70 },
    {
      title: t('catalogue.products.listPrice'),
      dataIndex: 'listPrice',
      search: false,
      sorter: true,
      align: 'right',
      width: 140,
      render: (_, p) => <span data-testid="list-price">{formatMoney(p.listPrice, p.currency)}</span>,
    },
    { title: t('catalogue.products.cost'), dataIndex: 'cost', search: false, align: 'right', width: 130, render: (_, p) => (p.cost === null ? '–' : formatMoney(p.cost, p.currency)) },
    {
      title: t('catalogue.products.currency'),
      dataIndex: 'currency',
      width: 80,
      valueType: 'select',
      fieldProps: { showSearch: true, options: currencyOptions(i18n.language === 'en' ? 'en' : 'zh-CN', me.company.currency), popupMatchSelectWidth: false },
      render: (_, p) => p.currency,
    },
    {
      title: t('catalogue.products.status'),
      dataIndex: 'status',
      width: 110,
      valueType: 'select',
      fieldProps: { options: PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`catalogue.products.statuses.${s}`) })) },
      render: (_, p) => <ProductStatusBadge status={p.status} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 140,
      hideInTable: !canManage,
      render: (_, p) => [
        <a key="edit" onClick={() => setEditing({ product: p })}>
          {t('common.edit')}
        </a>,
        <Dropdown
          key="more"
          trigger={['click']}
          menu={{
            items: [
              { key: 'status', label: t(p.status === 'active' ? 'catalogue.products.discontinue' : 'catalogue.products.reactivate') },
              // Once an order line names it, a product can only be discontinued (the server refuses a delete).
              ...(p.isUsed ? [] : [{ key: 'delete', label: <span data-testid="delete-product">{t('catalogue.products.delete')}</span>, danger: true }]),
            ],
            onClick: ({ key }) => (key === 'delete' ? actions.confirmDelete(p) : actions.toggleStatus(p)),
          }}
        >
          <a data-testid={`more-${p.code}`}>
            {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
          </a>
        </Dropdown>,
      ],
    },
  ];

  return (
    <PageContainer title={t('catalogue.products.title')}>
      <ProTable<ProductDto, ProductFilters & { cursor?: string; limit?: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        params={paging.params}
        request={(p, sort) => paging.request({ ...p, sort: toSort(sort) })}
        form={{ initialValues: initialFilters, syncToUrl: false }}
        onSubmit={paging.restart}
        onReset={paging.restart}
        pagination={false}
        footer={paging.footer}
        onRequestError={onRequestError}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 } }}
        scroll={{ x: 1100 }}
        // Cost is for the back office, and one column too many for a laptop screen: offered in the column settings.
        columnsState={{ defaultValue: { cost: { show: false } } }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        rowClassName={(p) => (p.status === 'active' ? '' : 'sd-row-muted')}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/v1/products/export" query={current} fileName="products" testId="export-products" />,
          ...(canManage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="create-product">
                  {t('catalogue.products.create')}
                </Button>,
              ]
            : []),
        ]}
        data-testid="products-table"
      />
      {editing ? (
        <ProductFormDrawer
          key={editing.product?.id ?? 'new'}
          product={editing.product}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void actionRef.current?.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
