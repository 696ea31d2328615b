import { ModalForm, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import type { DocumentDto } from '../../api/archive.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { ConflictAlert } from '../sales/common';
import { toMetadata, type DocumentFormValues } from './archive-logic';
import { DocumentFields } from './DocumentFields';
import { documentKey, documentPath } from './queries';

const formValues = (d: DocumentDto): DocumentFormValues => ({
  title: d.title,
  typeCode: d.typeCode,
  categoryId: d.categoryId,
  tags: d.tags,
  documentDate: d.documentDate,
  counterparty: d.counterparty,
  notes: d.notes,
  customerIds: d.links.filter((l) => l.entityType === 'customer').map((l) => l.entityId),
  contractIds: d.links.filter((l) => l.entityType === 'contract').map((l) => l.entityId),
  orderIds: d.links.filter((l) => l.entityType === 'sales_order').map((l) => l.entityId),
});

/**
 * Edits a document's details and links at the version read; a stale version (someone else
 * saved in between) is a 409, shown with a button that loads the latest details.
 */
export function DocumentEditModal({ doc, onClose }: { doc: DocumentDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<DocumentFormValues>>(undefined);
  const [base, setBase] = useState(doc);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reloadLatest = async () => {
    try {
      const fresh = await api.get<DocumentDto>(documentPath(doc.id));
      qc.setQueryData(documentKey(doc.id), fresh);
      setBase(fresh);
      formRef.current?.setFieldsValue(formValues(fresh));
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <ModalForm<DocumentFormValues>
      open
      title={t('archive.doc.editTitle')}
      formRef={formRef}
      width={720}
      dateFormatter="string"
      initialValues={formValues(doc)}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'doc-edit-save' } as never }}
      data-testid="doc-edit-form"
      onFinish={async (values) => {
        setError(null);
        try {
          const saved = await api.patch<DocumentDto>(documentPath(doc.id), { ...toMetadata(values, 'edit'), version: base.version });
          qc.setQueryData(documentKey(doc.id), saved);
          message.success(t('archive.doc.saved'));
          onClose();
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        }
      }}
    >
      {conflict ? <ConflictAlert onReload={() => void reloadLatest()} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <DocumentFields mode="edit" links={base.links} keepType={base.typeCode} />
    </ModalForm>
  );
}
