import { ModalForm, ProForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { DepartmentDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { applyFieldErrors } from '../../ui/form-errors';
import { UserSelect } from '../users/UserSelect';
import { DepartmentTreeSelect } from './DepartmentTreeSelect';
import { departmentsKey } from './queries';

interface FormValues {
  name: string;
  code?: string;
  parentId?: string | null;
  managerId?: string | null;
}

/** Create a department (optionally under a parent), or edit one at the version read. */
export function DepartmentFormModal({ department, parentId, onClose }: { department?: DepartmentDto; parentId?: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<FormValues>>(undefined);
  const actionKey = useRef(createActionKey()).current;
  const [version, setVersion] = useState(department?.version);
  const [managerLabel, setManagerLabel] = useState(department?.managerName);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isEdit = !!department;

  const reloadLatest = async () => {
    if (!department) return;
    try {
      const fresh = await api.get<DepartmentDto>(`/api/v1/departments/${department.id}`);
      setVersion(fresh.version);
      setManagerLabel(fresh.managerName);
      formRef.current?.setFieldsValue({ name: fresh.name, code: fresh.code ?? '', parentId: fresh.parentId, managerId: fresh.managerId });
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <ModalForm<FormValues>
      open
      title={isEdit ? t('departments.editTitle') : t('departments.createTitle')}
      formRef={formRef}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      initialValues={
        department
          ? { name: department.name, code: department.code ?? '', parentId: department.parentId, managerId: department.managerId }
          : { parentId: parentId ?? null }
      }
      onFinish={async (values) => {
        setError(null);
        const body = { name: values.name.trim(), code: values.code?.trim() || null, parentId: values.parentId ?? null, managerId: values.managerId ?? null };
        try {
          const saved = isEdit
            ? await api.patch<DepartmentDto>(`/api/v1/departments/${department.id}`, { ...body, version })
            : await api.post<DepartmentDto>('/api/v1/departments', body, { idempotencyKey: actionKey.for(body) });
          actionKey.reset();
          await qc.invalidateQueries({ queryKey: departmentsKey });
          message.success(t(isEdit ? 'departments.saved' : 'departments.created', { name: saved.name }));
          onClose();
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
      {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={errorMessage(error)} /> : null}
      <ProFormText name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]} />
      <ProFormText name="code" label={t('departments.code')} rules={[{ max: 30 }]} fieldProps={{ style: { textTransform: 'uppercase' } }} />
      <ProForm.Item name="parentId" label={t('departments.parent')}>
        <DepartmentTreeSelect excludeSubtreeOf={department?.id} placeholder={t('departments.topLevel')} />
      </ProForm.Item>
      <ProForm.Item name="managerId" label={t('departments.manager')}>
        <UserSelect initialLabel={managerLabel} />
      </ProForm.Item>
    </ModalForm>
  );
}
