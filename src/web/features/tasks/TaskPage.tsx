import { CheckOutlined, EditOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Modal, Row, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { TaskComment, TaskDto } from '../../api/types';
import { entityTypeLabel, errorMessage } from '../../i18n/labels';
import { hasPage } from '../../navigation';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate, formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { PriorityTag, TaskStatusTag } from './labels';
import { TaskFormDrawer } from './TaskFormDrawer';

function Comments({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const comments = useQuery({ queryKey: ['tasks', 'comments', taskId], queryFn: async () => (await api.get<{ items: TaskComment[] }>(`/api/v1/tasks/${taskId}/comments`)).items });
  const send = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    const body = { body: text.trim() };
    try {
      const res = await api.post<{ items: TaskComment[] }>(`/api/v1/tasks/${taskId}/comments`, body, { idempotencyKey: key.for(body) });
      key.reset();
      qc.setQueryData(['tasks', 'comments', taskId], res.items);
      setText('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('tasks.comments')} size="small" data-testid="task-comments">
      <ErrorAlert error={comments.error ?? error} style={{ marginBottom: 8 }} />
      <List
        size="small"
        loading={comments.isPending}
        dataSource={comments.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.noComments')} /> }}
        renderItem={(c) => (
          <List.Item key={c.id} style={{ paddingInline: 0 }}>
            <div style={{ width: '100%' }}>
              <Space size={8}>
                <Typography.Text strong>{c.authorName}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(c.createdAt)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.body}</Typography.Paragraph>
            </div>
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={5000} placeholder={t('tasks.commentPlaceholder')} data-testid="comment-input" />
        <Button type="primary" onClick={() => void send()} loading={busy} disabled={!text.trim()} style={{ height: 'auto' }}>
          {t('tasks.send')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

/** A task: what, when, who and how far each assignee is; an assignee reports progress, the creator edits or cancels. */
export function TaskPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ result?: string }>();
  const progressKey = useMemo(() => createActionKey(), []);
  const task = useQuery({ queryKey: ['tasks', 'detail', id], queryFn: () => api.get<TaskDto>(`/api/v1/tasks/${id}`) });
  if (task.isPending) return <PageLoading />;
  if (task.isError) return <LoadError error={task.error} onRetry={() => void task.refetch()} />;
  const x = task.data;
  const mine = x.assignees.find((a) => a.userId === me.user.id);
  const refresh = async (updated?: TaskDto) => {
    if (updated) qc.setQueryData(['tasks', 'detail', id], updated);
    await Promise.all([qc.invalidateQueries({ queryKey: ['tasks'] }), qc.invalidateQueries({ queryKey: ['workbench'] })]);
  };

  const progress = async (status: 'open' | 'in_progress' | 'done', result?: string) => {
    setBusy(true);
    const body = { status, ...(result?.trim() ? { result: result.trim() } : {}) };
    try {
      const updated = await api.post<TaskDto>(`/api/v1/tasks/${x.id}/progress`, body, { idempotencyKey: progressKey.for({ id: x.id, ...body }) });
      progressKey.reset();
      message.success(t(status === 'done' ? 'tasks.doneMessage' : status === 'in_progress' ? 'tasks.startedMessage' : 'tasks.reopenedMessage'));
      setFinishing(false);
      form.resetFields();
      await refresh(updated);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () =>
    modal.confirm({
      title: t('tasks.cancelTask'),
      content: t('tasks.cancelConfirm', { title: x.title }),
      okText: t('tasks.cancelTask'),
      okButtonProps: { danger: true },
      cancelText: t('common.close'),
      onOk: async () => {
        try {
          const updated = await api.post<TaskDto>(`/api/v1/tasks/${x.id}/cancel`, { version: x.version });
          message.success(t('tasks.cancelledMessage'));
          await refresh(updated);
        } catch (e) {
          message.error(isApiError(e, 'version_conflict') ? t('errors.version_conflict') : errorMessage(e));
          await refresh();
        }
      },
    });

  const active = x.status !== 'done' && x.status !== 'cancelled';
  return (
    <PageContainer
      title={`${x.number} ${x.title}`}
      tags={[<TaskStatusTag key="s" status={x.status} />, <PriorityTag key="p" priority={x.priority} />]}
      extra={
        <Space wrap>
          {x.canUpdateOwnPart && mine && active && mine.status === 'open' ? (
            <Button icon={<PlayCircleOutlined />} onClick={() => void progress('in_progress')} loading={busy} data-testid="start-task">
              {t('tasks.start')}
            </Button>
          ) : null}
          {x.canUpdateOwnPart && mine && active && mine.status !== 'done' ? (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setFinishing(true)} data-testid="finish-task">
              {t('tasks.markDone')}
            </Button>
          ) : null}
          {x.canUpdateOwnPart && mine && active && mine.status === 'done' ? (
            <Button onClick={() => void progress('open')} loading={busy}>
              {t('tasks.reopen')}
            </Button>
          ) : null}
          {x.canEdit && active ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-task">
                {t('common.edit')}
              </Button>
              <Button danger icon={<StopOutlined />} onClick={cancel} data-testid="cancel-task">
                {t('tasks.cancelTask')}
              </Button>
            </>
          ) : null}
        </Space>
      }
      data-testid="task-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('common.details')} size="small">
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                {
                  key: 'due',
                  label: t('tasks.dueOn'),
                  children: x.dueOn ? (
                    <Typography.Text type={x.isOverdue ? 'danger' : undefined} strong={x.isOverdue}>
                      {formatDate(x.dueOn)}
                      {x.isOverdue ? ` · ${t('tasks.overdue')}` : ''}
                    </Typography.Text>
                  ) : (
                    t('tasks.noDueDate')
                  ),
                },
                { key: 'createdBy', label: t('tasks.createdBy'), children: <Link to={`/people/${x.createdBy}`}>{x.createdByName}</Link> },
                { key: 'created', label: t('tasks.createdAt'), children: formatDateTime(x.createdAt) },
                { key: 'completed', label: t('tasks.completedAt'), children: formatDateTime(x.completedAt) || '–' },
                ...(x.related
                  ? [
                      {
                        key: 'related',
                        label: t('tasks.related'),
                        children: x.related.link && hasPage(x.related.link) ? <Link to={x.related.link}>{x.related.label ?? entityTypeLabel(x.related.type)}</Link> : `${entityTypeLabel(x.related.type)} ${x.related.label ?? ''}`,
                      },
                    ]
                  : []),
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('tasks.description')}
            </Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{x.description || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</Typography.Paragraph>
          </Card>
          <Card title={t('tasks.assignees')} size="small" style={{ marginTop: 16 }}>
            <Table
              rowKey="userId"
              size="small"
              pagination={false}
              dataSource={x.assignees}
              scroll={{ x: 560 }}
              columns={[
                { title: t('tasks.person'), dataIndex: 'name', render: (_, a) => <Link to={`/people/${a.userId}`}>{a.name}</Link> },
                { title: t('common.status'), dataIndex: 'status', width: 120, render: (_, a) => <TaskStatusTag status={a.status} /> },
                { title: t('tasks.result'), dataIndex: 'result', render: (_, a) => <span style={{ whiteSpace: 'pre-wrap' }}>{a.result ?? '–'}</span> },
                { title: t('tasks.completedAt'), dataIndex: 'completedAt', width: 150, render: (_, a) => formatDateTime(a.completedAt) || '–' },
              ]}
            />
          </Card>
          <Card title={t('files.attachments')} size="small" style={{ marginTop: 16 }}>
            <AttachmentList entityType="task" entityId={x.id} canUpload={active && (x.canEdit || x.canUpdateOwnPart)} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Comments taskId={x.id} />
        </Col>
      </Row>
      {editing ? <TaskFormDrawer task={x} onClose={() => setEditing(false)} onSaved={(u) => { setEditing(false); void refresh(u); }} /> : null}
      <Modal
        open={finishing}
        title={t('tasks.markDone')}
        okText={t('tasks.markDone')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy }}
        onOk={() => void form.validateFields().then((v) => progress('done', v.result), () => undefined)}
        onCancel={() => setFinishing(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="result" label={t('tasks.result')} rules={[{ max: 5000 }]}>
            <Input.TextArea rows={4} placeholder={t('tasks.resultPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
