import { ModalForm, ProForm, ProFormRadio, ProFormSelect, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Form } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { PaperItemDto } from '../../api/archive-paper.types';
import type { Confidentiality, SearchHit, SearchResult } from '../../api/archive.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { TreeRowSelect } from '../../ui/tree';
import { ConflictAlert, ContractSelect, CustomerSelect, RemoteSelect } from '../sales/common';
import { confidentialityOptions, typeOptions } from './labels';
import { locationsKey, paperKey, useLocations } from './paper-queries';
import { ARCHIVE_API, useDocumentTypes } from './queries';

interface PaperForm {
  title: string;
  typeCode?: string;
  locationId?: string;
  documentId?: string | null;
  customerId?: string | null;
  contractId?: string | null;
  confidentiality?: Confidentiality;
  notes?: string;
}

/** An archived document to link as the original's electronic copy, searched like the archive page. */
export function DocumentSelect(props: { value?: string | null; onChange?: (v: string | null) => void; id?: string; initialLabel?: string | null }) {
  const { t } = useTranslation();
  return (
    <RemoteSelect<SearchHit>
      {...props}
      placeholder={t('archive.paper.searchDocument')}
      queryKey={['archive', 'documents', 'lookup']}
      search={async (q, signal) => (await api.get<SearchResult>(`${ARCHIVE_API}/documents`, { q: q || undefined, limit: 20 }, { signal })).items}
      toOption={(d) => ({ value: d.id, label: `${d.number} · ${d.title}`, desc: d.counterparty || undefined })}
      testId="paper-document-select"
    />
  );
}

/** Registers a paper original at a location, or edits one's details (its place changes by lending and moving). */
export function PaperFormModal({ item, initial, onClose, onSaved }: { item?: PaperItemDto; initial?: Partial<PaperForm>; onClose: () => void; onSaved?: (p: PaperItemDto) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const types = useDocumentTypes();
  const locations = useLocations();
  const formRef = useRef<ProFormInstance<PaperForm>>(undefined);
  const key = useRef(createActionKey()).current;
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <ModalForm<PaperForm>
      open
      title={item ? t('archive.paper.editTitle', { number: item.number }) : t('archive.paper.registerTitle')}
      formRef={formRef}
      width={620}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'paper-save' } as never }}
      initialValues={
        item
          ? { title: item.title, typeCode: item.typeCode, documentId: item.documentId, customerId: item.customerId, contractId: item.contractId, confidentiality: item.confidentiality, notes: item.notes }
          : { typeCode: 'contract', confidentiality: 'internal', ...initial }
      }
      data-testid="paper-form"
      onFinish={async (v) => {
        setError(null);
        const body = {
          title: v.title.trim(),
          typeCode: v.typeCode,
          documentId: v.documentId || null,
          customerId: v.customerId || null,
          contractId: v.contractId || null,
          confidentiality: v.confidentiality,
          notes: (v.notes ?? '').trim(),
        };
        try {
          const saved = item
            ? await api.patch<PaperItemDto>(`${ARCHIVE_API}/paper/${item.id}`, { ...body, version: item.version })
            : await api.post<PaperItemDto>(`${ARCHIVE_API}/paper`, { ...body, locationId: v.locationId }, { idempotencyKey: key.for({ ...body, locationId: v.locationId }) });
          key.reset();
          await Promise.all([qc.invalidateQueries({ queryKey: paperKey }), qc.invalidateQueries({ queryKey: locationsKey })]);
          message.success(item ? t('archive.paper.saved') : t('archive.paper.registered', { number: saved.number }));
          onSaved?.(saved);
          onClose();
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        }
      }}
    >
      {conflict ? <ConflictAlert onReload={onClose} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProFormText name="title" label={t('archive.paper.titleField')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 300, message: t('validation.tooLong', { max: 300 }) }]} />
      <ProFormSelect name="typeCode" label={t('archive.field.type')} options={typeOptions(types.data, item?.typeCode)} fieldProps={{ allowClear: false }} />
      {item ? null : (
        <ProForm.Item name="locationId" label={t('archive.paper.location')} rules={[{ required: true, message: t('validation.required') }]}>
          <TreeRowSelect items={(locations.data ?? []).filter((l) => !l.isArchived)} loading={locations.isPending} allowClear={false} />
        </ProForm.Item>
      )}
      <ProForm.Item name="documentId" label={t('archive.paper.electronicCopy')}>
        <DocumentSelect initialLabel={item?.documentNumber} />
      </ProForm.Item>
      <ProForm.Item name="customerId" label={t('archive.paper.customer')}>
        <CustomerSelect initialLabel={item?.customerName} />
      </ProForm.Item>
      <ContractField initialLabel={item?.contractNumber} />
      <ProFormRadio.Group name="confidentiality" label={t('archive.field.confidentiality')} options={confidentialityOptions()} radioType="button" extra={t('archive.paper.effectiveLevel')} />
      <ProFormTextArea name="notes" label={t('archive.field.notes')} fieldProps={{ rows: 2, maxLength: 2000 }} />
    </ModalForm>
  );
}

/** The contract select follows the chosen customer (a contract brings its customer along on the server). */
function ContractField({ initialLabel }: { initialLabel?: string | null }) {
  const { t } = useTranslation();
  const customerId = Form.useWatch('customerId') as string | null | undefined;
  return (
    <ProForm.Item name="contractId" label={t('archive.paper.contract')}>
      <ContractSelect customerId={customerId ?? undefined} initialLabel={initialLabel} />
    </ProForm.Item>
  );
}
