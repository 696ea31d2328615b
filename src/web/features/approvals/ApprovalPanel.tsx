import { CheckOutlined, CloseOutlined, MessageOutlined, RollbackOutlined, UndoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { ApprovalEvent, ApprovalRequest } from '../../api/types';

import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';
import { eventActionLabel, taskStatusLabel } from './labels';
import { invalidateApprovals, useApprovalHistory, useApprovalRequest } from './queries';

type Action = 'approve' | 'reject' | 'return' | 'withdraw' | 'comment';

const TASK_COLOR: Record<string, string> = { approved: 'green', rejected: 'red', returned: 'orange', pending: 'blue', waiting: 'default', skipped: 'default' };
const EVENT_COLOR: Record<string, string> = { approve: 'green', auto_approve: 'green', reject: 'red', return: 'orange', withdraw: 'gray', submit: 'blue', comment: 'gray' };

/** Approve / reject / return / comment / withdraw, each asking for a comment (required to reject or return). */
export function ApprovalActions({ request, onDone }: { request: ApprovalRequest; onDone?: (r: ApprovalRequest) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ comment?: string }>();
  const key = useMemo(() => createActionKey(), []);
  const needsReason = action === 'reject' || action === 'return' || action === 'comment';

  const run = async () => {
    if (!action) return;
    let comment: string | undefined;
    try {
      ({ comment } = await form.validateFields());
    } catch {
      return; // the form shows what is missing
    }
    const body = comment?.trim() ? { comment: comment.trim() } : {};
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<ApprovalRequest>(`/api/v1/approvals/requests/${request.id}/${action}`, body, { idempotencyKey: key.for({ action, id: request.id, ...body }) });
      key.reset();
      message.success(t(`approvals.done.${action}`));
      setAction(null);
      form.resetFields();
      await invalidateApprovals(qc);
      onDone?.(updated);
    } catch (e) {
      if (isApiError(e) && e.fields.some((f) => f.field === 'comment')) form.setFields([{ name: 'comment', errors: [t('approvals.reasonRequired')] }]);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space wrap data-testid="approval-actions">
        {request.canAct ? (
          <>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setAction('approve')} data-testid="approve">
              {t('approvals.approve')}
            </Button>
            <Button danger icon={<CloseOutlined />} onClick={() => setAction('reject')} data-testid="reject">
              {t('approvals.reject')}
            </Button>
            <Button icon={<RollbackOutlined />} onClick={() => setAction('return')} data-testid="return">
              {t('approvals.return')}
            </Button>
          </>
        ) : null}
        {request.canWithdraw ? (
          <Button icon={<UndoOutlined />} onClick={() => setAction('withdraw')} data-testid="withdraw">
            {t('approvals.withdraw')}
          </Button>
        ) : null}
        <Button icon={<MessageOutlined />} onClick={() => setAction('comment')} data-testid="comment">
          {t('approvals.comment')}
        </Button>
      </Space>
      <Modal
        open={!!action}
        title={action ? t(`approvals.confirm.${action}`, { title: request.title }) : ''}
        okText={action ? t(`approvals.${action}`) : ''}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: action === 'reject', loading: busy, id: 'confirm-action' }}
        onOk={() => void run()}
        onCancel={() => {
          setAction(null);
          setError(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <ErrorAlert error={error} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="comment"
            label={needsReason && action !== 'comment' ? t('approvals.reason') : t('approvals.commentLabel')}
            rules={needsReason ? [{ required: true, whitespace: true, message: t('approvals.reasonRequired') }, { max: 2000 }] : [{ max: 2000 }]}
          >
            <Input.TextArea rows={4} autoFocus data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The steps with each approver and what they did (and for whom). */
export function ApprovalSteps({ request }: { request: ApprovalRequest }) {
  const { t } = useTranslation();
  const current = request.status === 'pending' ? request.currentStep : request.steps.length;
  const status = request.status === 'rejected' || request.status === 'returned' ? 'error' : request.status === 'pending' ? 'process' : 'finish';
  return (
    <Steps
      direction="vertical"
      size="small"
      current={Math.min(current, request.steps.length - 1)}
      status={request.status === 'approved' ? 'finish' : status}
      data-testid="approval-steps"
      items={request.steps.map((s, i) => {
        const tasks = request.tasks.filter((x) => x.stepIndex === i);
        return {
          title: (
            <Space size={6}>
              <span>{s.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`approvals.modes.${s.mode === 'all' ? 'all' : 'any'}`)}
              </Typography.Text>
            </Space>
          ),
          description: (
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              {tasks.map((task) => (
                <div key={task.id}>
                  <Space size={6} wrap>
                    <span>{task.approverName}</span>
                    <Tag color={TASK_COLOR[task.status] ?? 'default'}>{taskStatusLabel(task.status)}</Tag>
                    {task.actedBy && task.actedBy !== task.approverId ? <Typography.Text type="secondary">{t('approvals.actedFor', { actor: task.actedByName, approver: task.approverName })}</Typography.Text> : null}
                    {task.actedAt ? <Typography.Text type="secondary">{formatDateTime(task.actedAt)}</Typography.Text> : null}
                  </Space>
                  {task.comment ? <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>“{task.comment}”</Typography.Paragraph> : null}
                </div>
              ))}
            </Space>
          ),
        };
      })}
    />
  );
}

/** Every event of a document's approvals (a returned document may go through several), oldest first. */
export function ApprovalHistory({ events }: { events: ApprovalEvent[] }) {
  const { t } = useTranslation();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.noHistory')} />;
  return (
    <Timeline
      data-testid="approval-history"
      items={events.map((e) => ({
        key: e.id,
        color: EVENT_COLOR[e.action] ?? 'gray',
        children: (
          <div data-testid="history-event" data-action={e.action}>
            <Space size={6} wrap>
              <Typography.Text strong>{eventActionLabel(e.action)}</Typography.Text>
              <span>{e.actorName ?? t('audit.system')}</span>
              {e.onBehalfOfName ? <Typography.Text type="secondary">{t('approvals.onBehalfOf', { name: e.onBehalfOfName })}</Typography.Text> : null}
              {e.stepIndex !== null ? <Typography.Text type="secondary">{t('approvals.stepN', { n: e.stepIndex + 1 })}</Typography.Text> : null}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)}
              </Typography.Text>
            </div>
            {e.comment ? <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>“{e.comment}”</Typography.Paragraph> : null}
          </div>
        ),
      }))}
    />
  );
}

/**
 * The approval block of a document page: actions for whoever may act, the steps, the history.
 * `requestId` is the current approval (null for a draft); the history covers all of the document's.
 */
export function ApprovalPanel({ requestId, docType, docId }: { requestId: string | null; docType: string; docId: string }) {
  const { t } = useTranslation();
  const request = useApprovalRequest(requestId);
  const history = useApprovalHistory(docType, docId);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {requestId ? (
        <Card title={t('approvals.stepsTitle')} size="small" loading={request.isPending} data-testid="approval-card">
          <ErrorAlert error={request.error} />
          {request.data?.canAct ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('approvals.yourTurn')} /> : null}
          {request.data ? (
            <div style={{ marginBottom: 16 }}>
              <ApprovalActions request={request.data} />
            </div>
          ) : null}
          {request.data ? <ApprovalSteps request={request.data} /> : null}
        </Card>
      ) : null}
      <Card title={t('approvals.historyTitle')} size="small" loading={history.isPending && !!docId}>
        <ErrorAlert error={history.error} />
        {history.data ? <ApprovalHistory events={history.data} /> : null}
      </Card>
    </Space>
  );
}

