import { DrawerForm, ProForm, ProFormSelect, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Row } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { CreateProductInput, ProductDto, ProductStatus } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { currencyOptions } from '../../ui/intl-options';
import { minorToInput, parseMoney } from '../../ui/money';
import { TreeRowSelect } from '../../ui/tree';
import { PRODUCT_STATUSES } from './labels';
import { moneyRules } from './money-field';
import { productsKey, useCategories } from './queries';

interface FormValues {
  code: string;
  name: string;
  categoryId?: string | null;
  unit?: string;
  currency: string;
  listPrice: string;
  cost?: string;
  status: ProductStatus;
  description?: string;
}

function toFormValues(p: ProductDto): FormValues {
  return {
    code: p.code,
    name: p.name,
    categoryId: p.categoryId,
    unit: p.unit,
    currency: p.currency,
    listPrice: minorToInput(p.listPrice, p.currency),
    cost: minorToInput(p.cost, p.currency),
    status: p.status,
    description: p.description,
  };
}

/** Create a product, or edit one at the version read. Prices are typed as decimals and sent as exact minor units. */
export function ProductFormDrawer({ product, onClose, onSaved }: { product?: ProductDto; onClose: () => void; onSaved: (p: ProductDto) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const qc = useQueryClient();
  const categories = useCategories();
  const formRef = useRef<ProFormInstance<FormValues>>(undefined);
  const actionKey = useRef(createActionKey()).current;
  const [version, setVersion] = useState(product?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isEdit = !!product;
  const currency = () => formRef.current?.getFieldValue('currency') ?? product?.currency ?? me.company.currency;

  const reloadLatest = async () => {
    if (!product) return;
    try {
      const fresh = await api.get<ProductDto>(`/api/v1/products/${product.id}`);
      setVersion(fresh.version);
      formRef.current?.setFieldsValue(toFormValues(fresh));
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <DrawerForm<FormValues>
      open
      title={t(isEdit ? 'catalogue.products.editTitle' : 'catalogue.products.createTitle')}
      formRef={formRef}
      width={620}
      drawerProps={{ destroyOnHidden: true, onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'save-product' } as never }}
      initialValues={product ? toFormValues(product) : { currency: me.company.currency, status: 'active' }}
      name="product"
      data-testid="product-form"
      onFinish={async (v) => {
        setError(null);
        const body: CreateProductInput = {
          code: v.code.trim(),
          name: v.name.trim(),
          categoryId: v.categoryId ?? null,
          unit: v.unit?.trim() || undefined,
          currency: v.currency,
          listPrice: parseMoney(v.listPrice, v.currency)!,
          cost: v.cost?.trim() ? parseMoney(v.cost, v.currency)! : null,
          status: v.status,
          description: v.description?.trim() ?? '',
        };
        try {
          const saved = isEdit
            ? await api.patch<ProductDto>(`/api/v1/products/${product.id}`, { ...body, version })
            : await api.post<ProductDto>('/api/v1/products', body, { idempotencyKey: actionKey.for(body) });
          actionKey.reset();
          await qc.invalidateQueries({ queryKey: productsKey });
          message.success(t(isEdit ? 'catalogue.products.saved' : 'catalogue.products.created', { code: saved.code }));
          onSaved(saved);
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        }
      }}
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('conflict.title')}
          description={t('errors.version_conflict')}
          action={
            <Button size="small" onClick={() => void reloadLatest()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col span={10}>
          <ProFormText
            name="code"
            label={t('catalogue.products.code')}
            extra={t('catalogue.products.codeHelp')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { max: 50, message: t('validation.tooLong', { max: 50 }) },
              { pattern: /^\S*$/, message: t('catalogue.products.codeNoSpaces') },
            ]}
          />
        </Col>
        <Col span={14}>
          <ProFormText name="name" label={t('catalogue.products.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.tooLong', { max: 200 }) }]} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}>
          <ProForm.Item name="categoryId" label={t('catalogue.products.category')}>
            <TreeRowSelect items={categories.data ?? []} loading={categories.isPending} placeholder={t('catalogue.products.noCategory')} />
          </ProForm.Item>
        </Col>
        <Col span={10}>
          <ProFormText name="unit" label={t('catalogue.products.unit')} placeholder={t('catalogue.products.unitPlaceholder')} rules={[{ max: 20, message: t('validation.tooLong', { max: 20 }) }]} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <ProFormSelect
            name="currency"
            label={t('catalogue.products.currency')}
            options={currencyOptions(i18n.language === 'en' ? 'en' : 'zh-CN', product?.currency)}
            rules={[{ required: true, message: t('validation.required') }]}
            fieldProps={{ showSearch: true, popupMatchSelectWidth: false, onChange: () => void formRef.current?.validateFields(['listPrice', 'cost']).catch(() => undefined) }}
          />
        </Col>
        <Col span={8}>
          <ProFormText name="listPrice" label={t('catalogue.products.listPrice')} rules={moneyRules(currency, true)} fieldProps={{ inputMode: 'decimal', style: { textAlign: 'right' } }} />
        </Col>
        <Col span={8}>
          <ProFormText name="cost" label={t('catalogue.products.cost')} rules={moneyRules(currency, false)} fieldProps={{ inputMode: 'decimal', style: { textAlign: 'right' } }} />
        </Col>
      </Row>
      <ProFormSelect
        name="status"
        label={t('catalogue.products.status')}
        options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`catalogue.products.statuses.${s}`) }))}
        rules={[{ required: true, message: t('validation.required') }]}
        width="sm"
      />
      <ProFormTextArea name="description" label={t('catalogue.products.description')} fieldProps={{ rows: 4, maxLength: 5000, showCount: true }} />
    </DrawerForm>
  );
}
