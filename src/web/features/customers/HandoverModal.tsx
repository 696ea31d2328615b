import { ModalForm, ProForm, ProFormCheckbox, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { App, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { CustomerDto } from '../../api/customers.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { OwnerSelect } from './OwnerSelect';
import type { TextKey } from './texts';

interface Values {
  ownerId: string;
  moveOpenNegotiations?: boolean;
  note?: string;
}

/** Hands the customer to another rep (the back office): the department, the licence reminder and, if asked, open negotiations follow. */
export function HandoverModal({ customer, onClose, onDone }: { customer: CustomerDto; onClose: () => void; onDone: (c: CustomerDto) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const key = useMemo(() => createActionKey(), []);
  const [error, setError] = useState<unknown>(null);
  const h = (k: TextKey<'handover'>) => t(`customers.handover.${k}`);
  return (
    <ModalForm<Values>
      title={t('customers.handover.title', { name: customer.name })}
      open
      formRef={formRef}
      width={560}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      initialValues={{ moveOpenNegotiations: true }}
      submitter={{ searchConfig: { submitText: h('action'), resetText: t('common.cancel') } }}
      data-testid="handover-form"
      onFinish={async (v) => {
        setError(null);
        const body = { ownerId: v.ownerId, version: customer.version, moveOpenNegotiations: !!v.moveOpenNegotiations, ...(v.note?.trim() ? { note: v.note.trim() } : {}) };
        try {
          const updated = await api.post<CustomerDto>(`/api/v1/customers/${customer.id}/handover`, body, { idempotencyKey: key.for(body) });
          key.reset();
          message.success(t('customers.handover.done', { name: updated.ownerName ?? '' }));
          onDone(updated);
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setError(e);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        }
      }}
    >
      <Typography.Paragraph type="secondary">{h('help')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProForm.Item
        name="ownerId"
        label={h('to')}
        rules={[
          { required: true, message: t('validation.required') },
          { validator: async (_: unknown, v: string | null) => (v && v === customer.ownerId ? Promise.reject(new Error(h('sameOwner'))) : undefined) },
        ]}
      >
        <OwnerSelect excludeId={customer.ownerId ?? undefined} />
      </ProForm.Item>
      <ProFormCheckbox name="moveOpenNegotiations">{h('moveNegotiations')}</ProFormCheckbox>
      <ProFormTextArea name="note" label={h('note')} fieldProps={{ rows: 3, maxLength: 2000 }} />
    </ModalForm>
  );
}
