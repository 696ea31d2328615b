import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CategoryDto } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import { subtreeIds, type TreeNodeOf } from '../../ui/tree';
import { CatalogueTreeTable } from './CatalogueTreeTable';
import { useCategories } from './queries';
import { categoryTree } from './tree-kinds';

/** The product category tree: create, rename, move and archive categories. */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const categories = useCategories();
  // The list filter on a category includes its sub-categories, so the count does too.
  const totals = useMemo(() => {
    const rows = categories.data ?? [];
    return new Map(rows.map((c) => [c.id, [...subtreeIds(rows, c.id)].reduce((sum, id) => sum + (rows.find((r) => r.id === id)?.productCount ?? 0), 0)]));
  }, [categories.data]);
  const columns: ProColumns<TreeNodeOf<CategoryDto>>[] = [
    {
      title: t('catalogue.categories.products'),
      dataIndex: 'productCount',
      width: 110,
      align: 'right',
      // The product list's category filter takes the sub-categories too.
      render: (_, c) => <Link to={`/products?categoryId=${c.id}`}>{totals.get(c.id) ?? c.productCount}</Link>,
    },
  ];
  return (
    <PageContainer title={t('catalogue.categories.title')} content={t('catalogue.categories.intro')}>
      <CatalogueTreeTable kind={categoryTree} query={categories} canManage={can('products:manage')} columns={columns} />
    </PageContainer>
  );
}
