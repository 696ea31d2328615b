import { EditOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormSelect, ProFormSwitch, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Empty, Row, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { AddressDto, AddressKind } from '../../api/customers.types';
import { errorMessage } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { ADDRESS_KINDS, addressKindLabel } from './labels';
import type { TextKey } from './texts';

interface Values {
  kind: AddressKind;
  address: string;
  city?: string | null;
  province?: string | null;
  postalCode?: string | null;
  isDefault?: boolean;
}
const line = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

function AddressFormModal({ customerId, address, onClose, onSaved }: { customerId: string; address?: AddressDto; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const key = useMemo(() => createActionKey(), []);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const a = (k: TextKey<'addresses'>) => t(`customers.addresses.${k}`);
  const max = (n: number) => ({ max: n, message: t('validation.tooLong', { max: n }) });
  return (
    <ModalForm<Values>
      title={address ? a('edit') : a('new')}
      open
      formRef={formRef}
      width={620}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      initialValues={address ?? { kind: 'office', isDefault: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      data-testid="address-form"
      onFinish={async (v) => {
        setError(null);
        const fields = { kind: v.kind, address: v.address.trim(), city: line(v.city), province: line(v.province), postalCode: line(v.postalCode), isDefault: !!v.isDefault };
        try {
          if (address) await api.patch<AddressDto>(`/api/v1/customer-addresses/${address.id}`, { ...fields, version: address.version });
          else {
            await api.post<AddressDto>(`/api/v1/customers/${customerId}/addresses`, fields, { idempotencyKey: key.for(fields) });
            key.reset();
          }
          message.success(a('savedMessage'));
          onSaved();
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
            <Button size="small" onClick={onSaved}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <ProFormSelect name="kind" label={a('kind')} allowClear={false} options={ADDRESS_KINDS.map((k) => ({ value: k, label: addressKindLabel(k) }))} />
        </Col>
        <Col xs={24} md={16}>
          <ProFormText name="address" label={a('address')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, max(300)]} />
        </Col>
        <Col xs={24} md={8}>
          <ProFormText name="province" label={a('province')} rules={[max(100)]} />
        </Col>
        <Col xs={24} md={8}>
          <ProFormText name="city" label={a('city')} rules={[max(100)]} />
        </Col>
        <Col xs={24} md={8}>
          <ProFormText name="postalCode" label={a('postalCode')} rules={[max(20)]} />
        </Col>
        <Col span={24}>
          <ProFormSwitch name="isDefault" label={a('isDefault')} />
        </Col>
      </Row>
    </ModalForm>
  );
}

/** A customer's addresses (office, shipping, billing…): add, edit, archive; one default per kind. */
export function AddressesTab({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<AddressDto | 'new' | null>(null);
  const archived = showArchived ? 'all' : 'false';
  const addresses = useQuery({ queryKey: ['customers', 'addresses', customerId, archived], queryFn: async () => (await api.get<{ items: AddressDto[] }>(`/api/v1/customers/${customerId}/addresses`, { archived })).items });
  const a = (k: TextKey<'addresses'>) => t(`customers.addresses.${k}`);
  const refresh = () => qc.invalidateQueries({ queryKey: ['customers'] });
  const archive = (x: AddressDto) =>
    modal.confirm({
      title: t('customers.contacts.archive'),
      content: a('archiveConfirm'),
      okText: t('customers.contacts.archive'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/v1/customer-addresses/${x.id}/archive`, { version: x.version });
          message.success(a('archivedMessage'));
        } catch (e) {
          message.error(isApiError(e, 'version_conflict') ? t('errors.version_conflict') : errorMessage(e));
        }
        await refresh();
      },
    });
  return (
    <div data-testid="addresses-tab">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Switch size="small" checked={showArchived} onChange={setShowArchived} />
          <Typography.Text>{t('customers.contacts.showArchived')}</Typography.Text>
        </Space>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-address">
            {a('new')}
          </Button>
        ) : null}
      </Space>
      <ErrorAlert error={addresses.error} style={{ marginBottom: 8 }} />
      <Table<AddressDto>
        rowKey="id"
        size="small"
        loading={addresses.isPending}
        dataSource={addresses.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={a('none')} /> }}
        columns={[
          {
            title: a('kind'),
            dataIndex: 'kind',
            width: 140,
            render: (_, r) => (
              <Space size={4}>
                {addressKindLabel(r.kind)}
                {r.isDefault ? <Tag color="blue">{a('default')}</Tag> : null}
                {r.isArchived ? <Tag>{t('common.archived')}</Tag> : null}
              </Space>
            ),
          },
          { title: a('address'), dataIndex: 'address', render: (_, r) => <Typography.Text delete={r.isArchived}>{r.address}</Typography.Text> },
          { title: a('province'), dataIndex: 'province', width: 110, render: (v) => v ?? '–' },
          { title: a('city'), dataIndex: 'city', width: 110, render: (v) => v ?? '–' },
          { title: a('postalCode'), dataIndex: 'postalCode', width: 100, render: (v) => v ?? '–' },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, r: AddressDto) =>
                    r.isArchived ? null : (
                      <Space size={0}>
                        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                          {t('common.edit')}
                        </Button>
                        <Button type="link" size="small" icon={<InboxOutlined />} onClick={() => archive(r)}>
                          {t('customers.contacts.archive')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <AddressFormModal
          customerId={customerId}
          address={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}
