import { DrawerForm, ProForm, ProFormDatePicker, ProFormSelect, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { TaskDto } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { AttachmentUpload } from '../files/Attachments';
import { AssigneeSelect } from './AssigneeSelect';
import { PRIORITIES, priorityLabel } from './labels';

interface Values {
  title: string;
  description?: string;
  dueOn?: Dayjs | string | null;
  priority: string;
  assigneeIds: string[];
  fileIds?: string[];
}

const toDay = (v: Values['dueOn']) => (v ? dayjs(v).format('YYYY-MM-DD') : null);

/** New task, or the creator's edit at the version read (a stale version offers the latest). */
export function TaskFormDrawer({ task, related, onClose, onSaved }: { task?: TaskDto; related?: { type: string; id: string }; onClose: () => void; onSaved: (t: TaskDto) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const [version, setVersion] = useState(task?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const key = useMemo(() => createActionKey(), []);

  const toValues = (x: TaskDto): Values => ({ title: x.title, description: x.description, dueOn: x.dueOn ? dayjs(x.dueOn) : null, priority: x.priority, assigneeIds: x.assignees.map((a) => a.userId) });

  const reload = async () => {
    if (!task) return;
    const fresh = await api.get<TaskDto>(`/api/v1/tasks/${task.id}`);
    setVersion(fresh.version);
    formRef.current?.setFieldsValue(toValues(fresh));
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  return (
    <DrawerForm<Values>
      title={task ? t('tasks.editTitle', { number: task.number }) : t('tasks.new')}
      open
      formRef={formRef}
      width={620}
      drawerProps={{ destroyOnHidden: true, onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      initialValues={task ? toValues(task) : { priority: 'normal', assigneeIds: [me.user.id] }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, resetButtonProps: { onClick: onClose } }}
      data-testid="task-form"
      onFinish={async (v) => {
        setError(null);
        const common = { title: v.title.trim(), description: v.description ?? '', dueOn: toDay(v.dueOn), priority: v.priority as TaskDto['priority'], assigneeIds: v.assigneeIds };
        try {
          let saved: TaskDto;
          if (task) saved = await api.patch<TaskDto>(`/api/v1/tasks/${task.id}`, { ...common, version });
          else {
            const body = { ...common, fileIds: v.fileIds ?? [], related: related ?? null };
            saved = await api.post<TaskDto>('/api/v1/tasks', body, { idempotencyKey: key.for(body) });
            key.reset();
          }
          message.success(t(task ? 'tasks.savedMessage' : 'tasks.createdMessage', { number: saved.number }));
          await Promise.all([qc.invalidateQueries({ queryKey: ['tasks'] }), qc.invalidateQueries({ queryKey: ['workbench'] })]);
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
      <ProFormText name="title" label={t('tasks.titleField')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.tooLong', { max: 200 }) }]} />
      <ProFormTextArea name="description" label={t('tasks.description')} fieldProps={{ rows: 4, maxLength: 20000 }} />
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <ProFormDatePicker name="dueOn" label={t('tasks.dueOn')} width="100%" fieldProps={{ style: { width: '100%' } }} />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormSelect name="priority" label={t('tasks.priority')} allowClear={false} options={PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }))} />
        </Col>
      </Row>
      <ProForm.Item name="assigneeIds" label={t('tasks.assignees')} rules={[{ required: true, message: t('validation.required') }]} extra={<Typography.Text type="secondary">{t('tasks.assigneesHelp')}</Typography.Text>}>
        <AssigneeSelect initial={task?.assignees} />
      </ProForm.Item>
      {!task ? (
        <ProForm.Item name="fileIds" label={t('files.attachments')}>
          <AttachmentUpload />
        </ProForm.Item>
      ) : null}
    </DrawerForm>
  );
}
