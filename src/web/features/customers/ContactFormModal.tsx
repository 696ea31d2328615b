import { ModalForm, ProFormDatePicker, ProFormSwitch, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { Alert, App, Button, Col, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { ContactDto } from '../../api/customers.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import type { TextKey } from './texts';

interface Values {
  name: string;
  title?: string | null;
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
  wechat?: string | null;
  qq?: string | null;
  birthday?: Dayjs | string | null;
  isPrimary?: boolean;
  notes?: string;
}

const toValues = (c: ContactDto): Values => ({ ...c, birthday: c.birthday ? dayjs(c.birthday) : null });
const line = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** Adds a contact to a customer, or changes one at the version read (a stale version offers the latest). */
export function ContactFormModal({ customerId, contact, onClose, onSaved }: { customerId: string; contact?: ContactDto; onClose: () => void; onSaved: (c: ContactDto) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const key = useMemo(() => createActionKey(), []);
  const [version, setVersion] = useState(contact?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const c = (k: TextKey<'contacts'>) => t(`customers.contacts.${k}`);
  const max = (n: number) => ({ max: n, message: t('validation.tooLong', { max: n }) });

  const reload = async () => {
    if (!contact) return;
    const all = await api.get<{ items: ContactDto[] }>(`/api/v1/customers/${customerId}/contacts`, { archived: 'all' });
    const fresh = all.items.find((x) => x.id === contact.id);
    if (fresh) {
      setVersion(fresh.version);
      formRef.current?.setFieldsValue(toValues(fresh));
    }
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  return (
    <ModalForm<Values>
      title={contact ? c('edit') : c('new')}
      open
      formRef={formRef}
      width={680}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      initialValues={contact ? toValues(contact) : { isPrimary: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      data-testid="contact-form"
      onFinish={async (v) => {
        setError(null);
        const fields = {
          name: v.name.trim(),
          title: line(v.title),
          mobile: line(v.mobile),
          phone: line(v.phone),
          email: line(v.email),
          wechat: line(v.wechat),
          qq: line(v.qq),
          birthday: v.birthday ? dayjs(v.birthday).format('YYYY-MM-DD') : null,
          isPrimary: !!v.isPrimary,
          notes: v.notes ?? '',
        };
        try {
          let saved: ContactDto;
          if (contact) saved = await api.patch<ContactDto>(`/api/v1/contacts/${contact.id}`, { ...fields, version });
          else {
            saved = await api.post<ContactDto>(`/api/v1/customers/${customerId}/contacts`, fields, { idempotencyKey: key.for(fields) });
            key.reset();
          }
          message.success(contact ? c('savedMessage') : t('customers.contacts.createdMessage', { name: saved.name }));
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
            <Button size="small" onClick={() => void reload()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <ProFormText name="name" label={c('name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, max(100)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="title" label={c('jobTitle')} rules={[max(100)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="mobile" label={c('mobile')} rules={[max(50)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="phone" label={c('phone')} rules={[max(50)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="email" label={c('email')} rules={[{ type: 'email', message: t('validation.email') }, max(254)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="wechat" label={c('wechat')} rules={[max(100)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormText name="qq" label={c('qq')} rules={[max(20)]} />
        </Col>
        <Col xs={24} md={12}>
          <ProFormDatePicker name="birthday" label={c('birthday')} width="100%" fieldProps={{ style: { width: '100%' } }} />
        </Col>
        <Col span={24}>
          <ProFormSwitch name="isPrimary" label={c('isPrimary')} extra={c('primaryHelp')} />
        </Col>
        <Col span={24}>
          <ProFormTextArea name="notes" label={c('notes')} fieldProps={{ rows: 3, maxLength: 5000 }} />
        </Col>
      </Row>
    </ModalForm>
  );
}
