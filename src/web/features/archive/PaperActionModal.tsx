import { ModalForm, ProForm, ProFormDatePicker, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { PaperItemDto } from '../../api/archive-paper.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { applyFieldErrors } from '../../ui/form-errors';
import { TreeRowSelect } from '../../ui/tree';
import { UserSelect } from '../users/UserSelect';
import { ConflictAlert } from '../sales/common';
import { locationsKey, paperKey, useLocations } from './paper-queries';
import { ARCHIVE_API } from './queries';

export type PaperAction = 'checkout' | 'checkin' | 'move';

interface ActionForm {
  borrowerId?: string;
  dueOn?: string;
  locationId?: string | null;
  note?: string;
}

/**
 * Lending (to a person, until a day: reminders go out before and after it), taking back (to
 * where it was or elsewhere) and moving a paper original, each at the version read.
 */
export function PaperActionModal({ item, action, onClose }: { item: PaperItemDto; action: PaperAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const locations = useLocations();
  const formRef = useRef<ProFormInstance<ActionForm>>(undefined);
  const key = useRef(createActionKey()).current;
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const places = (locations.data ?? []).filter((l) => !l.isArchived);
  const titles = { checkout: 'archive.paper.checkoutTitle', checkin: 'archive.paper.checkinTitle', move: 'archive.paper.moveTitle' } as const;
  return (
    <ModalForm<ActionForm>
      open
      title={t(titles[action], { number: item.number })}
      formRef={formRef}
      width={480}
      dateFormatter="string"
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'paper-action-save' } as never }}
      initialValues={action === 'checkout' ? { dueOn: dayjs().add(14, 'day').format('YYYY-MM-DD') } : {}}
      data-testid="paper-action-form"
      onFinish={async (v) => {
        setError(null);
        const note = v.note?.trim() || undefined;
        const body =
          action === 'checkout'
            ? { borrowerId: v.borrowerId, dueOn: v.dueOn, note, version: item.version }
            : action === 'checkin'
              ? { locationId: v.locationId || undefined, note, version: item.version }
              : { locationId: v.locationId, note, version: item.version };
        try {
          const saved = await api.post<PaperItemDto>(`${ARCHIVE_API}/paper/${item.id}/${action}`, body, { idempotencyKey: key.for(body) });
          key.reset();
          await Promise.all([qc.invalidateQueries({ queryKey: paperKey }), qc.invalidateQueries({ queryKey: locationsKey })]);
          message.success(
            action === 'checkout'
              ? t('archive.paper.lent', { name: saved.borrowerName ?? '', date: formatDate(saved.dueOn) })
              : action === 'checkin'
                ? t('archive.paper.returned')
                : t('archive.paper.moved', { path: saved.locationPath }),
          );
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
      {action === 'checkout' ? (
        <>
          <ProForm.Item name="borrowerId" label={t('archive.paper.borrower')} rules={[{ required: true, message: t('validation.required') }]}>
            <UserSelect />
          </ProForm.Item>
          <ProFormDatePicker
            name="dueOn"
            label={t('archive.paper.dueOn')}
            rules={[{ required: true, message: t('validation.required') }]}
            fieldProps={{ style: { width: '100%' }, disabledDate: (d: Dayjs) => d.isBefore(dayjs(), 'day') }}
          />
        </>
      ) : (
        <ProForm.Item
          name="locationId"
          label={action === 'checkin' ? t('archive.paper.checkinTo') : t('archive.paper.location')}
          extra={action === 'checkin' ? t('archive.paper.checkinToHelp', { path: item.locationPath }) : undefined}
          rules={action === 'move' ? [{ required: true, message: t('validation.required') }] : undefined}
        >
          <TreeRowSelect items={places} loading={locations.isPending} />
        </ProForm.Item>
      )}
      <ProFormText name="note" label={t('archive.paper.note')} rules={[{ max: 500, message: t('validation.tooLong', { max: 500 }) }]} />
    </ModalForm>
  );
}
