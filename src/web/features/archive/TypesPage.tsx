import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormText, ProTable, type ProColumns, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { DocumentTypeDto } from '../../api/archive.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { ConflictAlert } from '../sales/common';
import { retentionParts, yearsToMonths } from './archive-logic';
import { localName, retentionText } from './labels';
import { ARCHIVE_API, typesKey, useDocumentTypes } from './queries';

interface TypeForm {
  code?: string;
  nameEn: string;
  nameZh: string;
  retentionYears?: number | null;
  sort?: number;
}

const yearsOf = (months: number | null) => {
  const p = retentionParts(months);
  return p === null ? null : 'years' in p ? p.years : Math.round((p.months / 12) * 100) / 100;
};

/** Adds a type, or renames / re-times one at the version read. */
function TypeFormModal({ type, onClose }: { type?: DocumentTypeDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<TypeForm>>(undefined);
  const key = useRef(createActionKey()).current;
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <ModalForm<TypeForm>
      open
      title={type ? t('archive.types.editTitle', { name: localName(type) }) : t('archive.types.createTitle')}
      formRef={formRef}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      initialValues={type ? { nameEn: type.nameEn, nameZh: type.nameZh, retentionYears: yearsOf(type.retentionMonths), sort: type.sort } : { sort: 100 }}
      data-testid="type-form"
      onFinish={async (v) => {
        setError(null);
        const body = { nameEn: v.nameEn.trim(), nameZh: v.nameZh.trim(), retentionMonths: yearsToMonths(v.retentionYears), sort: v.sort ?? 0 };
        try {
          const saved = type
            ? await api.patch<DocumentTypeDto>(`${ARCHIVE_API}/types/${type.code}`, { ...body, version: type.version })
            : await api.post<DocumentTypeDto>(`${ARCHIVE_API}/types`, { ...body, code: v.code?.trim() }, { idempotencyKey: key.for(v) });
          key.reset();
          message.success(t(type ? 'archive.types.saved' : 'archive.types.created', { name: localName(saved) }));
          onClose();
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e, { retentionMonths: ['retentionYears'] })) setError(e);
          return false;
        } finally {
          await qc.invalidateQueries({ queryKey: typesKey });
        }
      }}
    >
      {conflict ? <ConflictAlert onReload={onClose} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      {type ? null : (
        <ProFormText
          name="code"
          label={t('archive.types.code')}
          extra={t('archive.types.codeHelp')}
          rules={[
            { required: true, message: t('validation.required') },
            { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('archive.types.codeHelp') },
          ]}
        />
      )}
      <ProFormText name="nameEn" label={t('archive.types.nameEn')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormText name="nameZh" label={t('archive.types.nameZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormDigit name="retentionYears" label={t('archive.types.retentionYears')} extra={t('archive.types.retentionHelp')} min={0.1} max={100} fieldProps={{ precision: 2 }} />
      <ProFormDigit name="sort" label={t('archive.types.sort')} min={0} max={100_000} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}

/** The document types and their retention periods: add, rename, re-time, retire (never delete). */
export function TypesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useDocumentTypes();
  const [editing, setEditing] = useState<{ type?: DocumentTypeDto } | null>(null);
  const manage = can('archive:manage');

  const setActive = async (x: DocumentTypeDto, isActive: boolean) => {
    try {
      await api.patch(`${ARCHIVE_API}/types/${x.code}`, { isActive, version: x.version });
      message.success(t('archive.types.saved', { name: localName(x) }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: typesKey });
    }
  };

  const columns: ProColumns<DocumentTypeDto>[] = [
    { title: t('archive.types.code'), dataIndex: 'code', width: 150, render: (_, x) => <code>{x.code}</code> },
    { title: t('archive.types.nameEn'), dataIndex: 'nameEn' },
    { title: t('archive.types.nameZh'), dataIndex: 'nameZh' },
    { title: t('archive.types.retention'), dataIndex: 'retentionMonths', width: 140, render: (_, x) => <span data-testid="type-retention">{retentionText(x.retentionMonths)}</span> },
    { title: t('archive.types.sort'), dataIndex: 'sort', width: 80, align: 'right' },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 110,
      render: (_, x) => <Badge status={x.isActive ? 'success' : 'default'} text={x.isActive ? t('archive.types.active') : t('archive.types.retired')} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 150,
      hideInTable: !manage,
      render: (_, x) => [
        <a key="edit" onClick={() => setEditing({ type: x })} data-testid="type-edit">
          {t('common.edit')}
        </a>,
        <a key="active" onClick={() => void setActive(x, !x.isActive)}>
          {x.isActive ? t('archive.types.retire') : t('archive.types.reactivate')}
        </a>,
      ],
    },
  ];

  if (types.isError) return <LoadError error={types.error} onRetry={() => void types.refetch()} />;
  return (
    <PageContainer title={t('archive.types.title')} content={t('archive.types.intro')}>
      <ProTable<DocumentTypeDto>
        rowKey="code"
        columns={columns}
        dataSource={[...(types.data ?? [])].sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))}
        loading={types.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 800 }}
        options={{ reload: () => void types.refetch(), density: false, setting: true, fullScreen: false }}
        toolBarRender={() =>
          manage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="type-create">
                  {t('archive.types.create')}
                </Button>,
              ]
            : []
        }
        data-testid="types-table"
      />
      {editing ? <TypeFormModal type={editing.type} onClose={() => setEditing(null)} /> : null}
    </PageContainer>
  );
}
