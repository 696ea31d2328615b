import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError, request } from '../../api-client';
import type { ProductDto } from '../../api/catalogue.types';
import { errorMessage } from '../../i18n/labels';
import { productsKey } from './queries';

/**
 * Discontinue / put back on sale / delete, with their confirmations; used by the list and
 * the detail page. `onDone` runs after the server answered (success or refusal) so the
 * caller shows the current state either way.
 */
export function useProductActions(onDone: (deleted: boolean) => void) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();

  const setStatus = async (p: ProductDto, status: ProductDto['status']) => {
    try {
      await api.patch<ProductDto>(`/api/v1/products/${p.id}`, { status, version: p.version });
      message.success(t(status === 'discontinued' ? 'catalogue.products.discontinuedMessage' : 'catalogue.products.reactivatedMessage', { name: p.name }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: productsKey });
      onDone(false);
    }
  };

  const remove = async (p: ProductDto) => {
    let deleted = false;
    try {
      await request('DELETE', `/api/v1/products/${p.id}`, { body: { version: p.version } });
      deleted = true;
      message.success(t('catalogue.products.deletedMessage', { name: p.name }));
    } catch (e) {
      // The server refuses once an order line names the product (someone may have ordered it since the list was read).
      message.error(isApiError(e, 'conflict') ? t('catalogue.products.inUse') : errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: productsKey });
      onDone(deleted);
    }
  };

  return {
    toggleStatus: (p: ProductDto) => {
      const discontinue = p.status === 'active';
      modal.confirm({
        title: t(discontinue ? 'catalogue.products.discontinue' : 'catalogue.products.reactivate'),
        content: t(discontinue ? 'catalogue.products.discontinueConfirm' : 'catalogue.products.reactivateConfirm', { name: p.name }),
        okText: t(discontinue ? 'catalogue.products.discontinue' : 'catalogue.products.reactivate'),
        okButtonProps: { danger: discontinue },
        cancelText: t('common.cancel'),
        onOk: () => setStatus(p, discontinue ? 'discontinued' : 'active'),
      });
    },
    confirmDelete: (p: ProductDto) =>
      modal.confirm({
        title: t('catalogue.products.delete'),
        content: t('catalogue.products.deleteConfirm', { name: p.name }),
        okText: t('catalogue.products.delete'),
        okButtonProps: { danger: true, 'data-testid': 'confirm-delete' } as never,
        cancelText: t('common.cancel'),
        onOk: () => remove(p),
      }),
  };
}
