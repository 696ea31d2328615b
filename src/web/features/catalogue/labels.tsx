import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProductStatus } from '../../api/catalogue.types';

export const PRODUCT_STATUSES: ProductStatus[] = ['active', 'discontinued'];

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return <Badge status={status === 'active' ? 'success' : 'default'} text={t(`catalogue.products.statuses.${status}`)} />;
}
