import { ModalForm, ProForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { TreeRowSelect } from '../../ui/tree';
import type { TreeEntity, TreeKind } from './tree-kinds';

interface FormValues {
  name: string;
  code?: string;
  parentId?: string | null;
}

/**
 * Create a node of a catalogue tree (a product category or a region), optionally under a
 * parent; or rename / re-code / move one at the version read. Both trees have the same
 * fields and rules on the server, so one form serves them.
 */
export function TreeNodeFormModal<T extends TreeEntity>({ kind, rows, node, parentId, onClose }: { kind: TreeKind; rows: T[]; node?: T; parentId?: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<FormValues>>(undefined);
  const actionKey = useRef(createActionKey()).current;
  const [version, setVersion] = useState(node?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isEdit = !!node;

  const reloadLatest = async () => {
    if (!node) return;
    try {
      const fresh = await api.get<T>(`${kind.endpoint}/${node.id}`);
      setVersion(fresh.version);
      formRef.current?.setFieldsValue({ name: fresh.name, code: fresh.code ?? '', parentId: fresh.parentId });
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <ModalForm<FormValues>
      open
      title={t(isEdit ? kind.texts.editTitle : kind.texts.createTitle)}
      formRef={formRef}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      initialValues={node ? { name: node.name, code: node.code ?? '', parentId: node.parentId } : { parentId: parentId ?? null }}
      data-testid={`${kind.testId}-form`}
      onFinish={async (values) => {
        setError(null);
        const body = { name: values.name.trim(), code: values.code?.trim() || null, parentId: values.parentId ?? null };
        try {
          const saved = isEdit
            ? await api.patch<T>(`${kind.endpoint}/${node.id}`, { ...body, version })
            : await api.post<T>(kind.endpoint, body, { idempotencyKey: actionKey.for(body) });
          actionKey.reset();
          await qc.invalidateQueries({ queryKey: kind.queryKey });
          message.success(t(isEdit ? 'catalogue.tree.saved' : 'catalogue.tree.created', { name: saved.name }));
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
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProFormText name="name" label={t('catalogue.tree.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormText
        name="code"
        label={t('catalogue.tree.code')}
        rules={[
          { max: kind.codeMax, message: t('validation.tooLong', { max: kind.codeMax }) },
          { pattern: /^\S*$/, message: t('catalogue.products.codeNoSpaces') },
        ]}
      />
      <ProForm.Item name="parentId" label={t('catalogue.tree.parent')} extra={isEdit ? t('catalogue.tree.moveHelp') : undefined}>
        <TreeRowSelect items={rows} excludeSubtreeOf={node?.id} placeholder={t('catalogue.tree.topLevel')} />
      </ProForm.Item>
    </ModalForm>
  );
}
