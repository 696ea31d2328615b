import { ModalForm, ProFormDatePicker, ProFormSelect, ProFormSwitch, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Row } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { CreatePriceListInput, PriceListDetailDto, PriceListDto } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { currencyOptions } from '../../ui/intl-options';
import { priceListsKey } from './queries';

interface FormValues {
  name: string;
  currency: string;
  validFrom?: string | dayjs.Dayjs | null;
  validTo?: string | dayjs.Dayjs | null;
  isDefault?: boolean;
}

/** The date pickers give dayjs or text, the API wants YYYY-MM-DD or null. */
const toDate = (v: FormValues['validFrom']): string | null => (v ? dayjs(v).format('YYYY-MM-DD') : null);

function toFormValues(l: PriceListDto): FormValues {
  return { name: l.name, currency: l.currency, validFrom: l.validFrom, validTo: l.validTo, isDefault: l.isDefault };
}

/** Create a price list (its prices are added on its page), or edit its header at the version read. The currency is fixed once made. */
export function PriceListFormModal({ list, onClose, onSaved }: { list?: PriceListDto; onClose: () => void; onSaved: (l: PriceListDetailDto) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<FormValues>>(undefined);
  const actionKey = useRef(createActionKey()).current;
  const [version, setVersion] = useState(list?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isEdit = !!list;

  const reloadLatest = async () => {
    if (!list) return;
    try {
      const fresh = await api.get<PriceListDetailDto>(`/api/v1/price-lists/${list.id}`);
      setVersion(fresh.version);
      formRef.current?.setFieldsValue(toFormValues(fresh));
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <ModalForm<FormValues>
      open
      title={t(isEdit ? 'catalogue.priceLists.editTitle' : 'catalogue.priceLists.createTitle')}
      formRef={formRef}
      width={560}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'save-price-list' } as never }}
      initialValues={list ? toFormValues(list) : { currency: me.company.currency, isDefault: false }}
      data-testid="price-list-form"
      onFinish={async (v) => {
        setError(null);
        const header = { name: v.name.trim(), validFrom: toDate(v.validFrom), validTo: toDate(v.validTo), isDefault: !!v.isDefault };
        try {
          let saved: PriceListDetailDto;
          if (isEdit) {
            saved = await api.patch<PriceListDetailDto>(`/api/v1/price-lists/${list.id}`, { ...header, version });
          } else {
            const body: CreatePriceListInput = { ...header, currency: v.currency };
            saved = await api.post<PriceListDetailDto>('/api/v1/price-lists', body, { idempotencyKey: actionKey.for(body) });
          }
          actionKey.reset();
          await qc.invalidateQueries({ queryKey: priceListsKey });
          message.success(t(isEdit ? 'catalogue.priceLists.saved' : 'catalogue.priceLists.created', { name: saved.name }));
          onSaved(saved);
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          // Another default list of the currency overlaps these dates.
          else if (isApiError(e, 'conflict') && e.fields.some((f) => f.field === 'isDefault')) formRef.current?.setFields([{ name: 'isDefault', errors: [t('catalogue.priceLists.defaultClash')] }]);
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
      <ProFormText name="name" label={t('catalogue.priceLists.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormSelect
        name="currency"
        label={t('catalogue.priceLists.currency')}
        disabled={isEdit}
        extra={isEdit ? t('catalogue.priceLists.currencyFixed') : undefined}
        options={currencyOptions(i18n.language === 'en' ? 'en' : 'zh-CN', list?.currency)}
        rules={[{ required: true, message: t('validation.required') }]}
        fieldProps={{ showSearch: true, popupMatchSelectWidth: false }}
      />
      <Row gutter={16}>
        <Col span={12}>
          <ProFormDatePicker name="validFrom" label={t('catalogue.priceLists.validFrom')} fieldProps={{ style: { width: '100%' }, format: 'YYYY-MM-DD' }} />
        </Col>
        <Col span={12}>
          <ProFormDatePicker
            name="validTo"
            label={t('catalogue.priceLists.validTo')}
            dependencies={['validFrom']}
            fieldProps={{ style: { width: '100%' }, format: 'YYYY-MM-DD' }}
            rules={[
              ({ getFieldValue }: { getFieldValue: (name: string) => FormValues['validFrom'] }) => ({
                validator: async (_: unknown, v: FormValues['validTo']) => {
                  const from = toDate(getFieldValue('validFrom'));
                  const to = toDate(v);
                  if (from && to && to < from) throw new Error(t('catalogue.priceLists.validToBeforeFrom'));
                },
              }),
            ]}
          />
        </Col>
      </Row>
      <ProFormSwitch name="isDefault" label={t('catalogue.priceLists.isDefault')} extra={t('catalogue.priceLists.defaultHelp')} />
    </ModalForm>
  );
}
