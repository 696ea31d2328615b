import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DrawerForm, PageContainer, ProFormDependency, ProFormList, ProFormRadio, ProFormSelect, ProFormText, ProForm, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../server/platform/access/roles';
import { api, isApiError } from '../../api-client';
import type { ApprovalFlow, Approver, FlowStep, Role } from '../../api/types';
import { errorMessage, roleLabel } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { docTypeLabel } from './labels';

const flowsKey = ['approvals', 'flows'] as const;

interface ApproverValues {
  kind: 'role' | 'manager' | 'user';
  role?: Role;
  level?: 1 | 2;
  userId?: string;
}
interface StepValues {
  name: string;
  /** A default step's key: sent back, the server keeps it while the name is still the default one. */
  key?: FlowStep['key'];
  mode: 'any' | 'all';
  minAmount?: string;
  approvers: ApproverValues[];
}

/** The people a step names, in words; named users come from the directory lookup. */
function ApproverTag({ a, names }: { a: Approver; names: Map<string, string> }) {
  const { t } = useTranslation();
  if (a.kind === 'role') return <Tag color="blue">{t('flows.roleApprover', { role: roleLabel(a.role) })}</Tag>;
  if (a.kind === 'manager') return <Tag color="purple">{t(a.level === 1 ? 'flows.manager1' : 'flows.manager2')}</Tag>;
  return <Tag color="green">{names.get(a.userId) ?? t('flows.namedUser')}</Tag>;
}

function toValues(steps: ApprovalFlow['steps'], currency: string): StepValues[] {
  return steps.map((s) => ({
    name: s.label,
    key: s.key,
    mode: s.mode,
    minAmount: s.minAmount === null || s.minAmount === undefined ? '' : minorToInput(s.minAmount, currency),
    approvers: s.approvers.map((a) => ({ ...a }) as ApproverValues),
  }));
}

function FlowEditor({ flow, onClose }: { flow: ApprovalFlow; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const currency = me.company.currency;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<{ steps: StepValues[] }>>(undefined);
  const [version, setVersion] = useState(flow.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = async () => {
    const fresh = (await api.get<{ items: ApprovalFlow[] }>('/api/v1/approvals/flows')).items.find((f) => f.docType === flow.docType);
    if (fresh) {
      setVersion(fresh.version);
      formRef.current?.setFieldsValue({ steps: toValues(fresh.steps, currency) });
      setConflict(false);
      message.info(t('conflict.reloaded'));
    }
  };

  return (
    <DrawerForm<{ steps: StepValues[] }>
      title={t('flows.editTitle', { type: docTypeLabel(flow.docType) })}
      open
      formRef={formRef}
      width={720}
      drawerProps={{ destroyOnHidden: true, onClose, maskClosable: false }}
      onOpenChange={(o) => !o && onClose()}
      initialValues={{ steps: toValues(flow.steps, currency) }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, resetButtonProps: { onClick: onClose } }}
      onFinish={async ({ steps }) => {
        setError(null);
        const body = {
          version: version || undefined,
          steps: steps.map((s) => ({
            name: s.name.trim(),
            ...(s.key ? { key: s.key } : {}),
            mode: s.mode,
            minAmount: s.minAmount ? (parseMoney(s.minAmount, currency) ?? null) : null,
            approvers: s.approvers.map((a): Approver => (a.kind === 'role' ? { kind: 'role', role: a.role! } : a.kind === 'manager' ? { kind: 'manager', level: a.level ?? 1 } : { kind: 'user', userId: a.userId! })),
          })),
        };
        try {
          await api.put(`/api/v1/approvals/flows/${encodeURIComponent(flow.docType)}`, body);
          message.success(t('flows.saved'));
          await qc.invalidateQueries({ queryKey: flowsKey });
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
            <Button size="small" onClick={() => void reload()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Typography.Paragraph type="secondary">{t('flows.editHelp')}</Typography.Paragraph>
      <ProFormList<StepValues>
        name="steps"
        min={1}
        max={10}
        copyIconProps={false}
        creatorButtonProps={{ creatorButtonText: t('flows.addStep') }}
        creatorRecord={{ name: '', mode: 'any', approvers: [{ kind: 'manager', level: 1 }] }}
        itemRender={({ listDom, action }, { index }) => (
          <Card size="small" title={t('approvals.stepN', { n: index + 1 })} extra={action} style={{ marginBottom: 12 }} data-testid="flow-step">
            {listDom}
          </Card>
        )}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <ProFormText name="name" label={t('flows.stepName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]} />
            <ProFormText name="key" hidden />
          </Col>
          <Col xs={24} sm={12}>
            <ProFormText
              name="minAmount"
              label={t('flows.minAmount', { currency })}
              tooltip={t('flows.minAmountHelp')}
              fieldProps={{ placeholder: t('flows.always'), inputMode: 'decimal' }}
              rules={[{ validator: async (_, v) => (!v || parseMoney(v, currency) !== undefined ? undefined : Promise.reject(new Error(t('validation.amount')))) }]}
            />
          </Col>
        </Row>
        <ProFormRadio.Group
          name="mode"
          label={t('flows.mode')}
          options={[
            { value: 'any', label: t('approvals.modes.any') },
            { value: 'all', label: t('approvals.modes.all') },
          ]}
        />
        <ProFormList<ApproverValues>
          name="approvers"
          label={t('flows.approvers')}
          min={1}
          max={10}
          copyIconProps={false}
          deleteIconProps={{ Icon: DeleteOutlined }}
          creatorButtonProps={{ creatorButtonText: t('flows.addApprover'), icon: <PlusOutlined /> }}
          creatorRecord={{ kind: 'role', role: 'manager' }}
        >
          <Space align="start" wrap>
            <ProFormSelect
              name="kind"
              width={230}
              allowClear={false}
              options={[
                { value: 'role', label: t('flows.kindRole') },
                { value: 'manager', label: t('flows.kindManager') },
                { value: 'user', label: t('flows.kindUser') },
              ]}
            />
            <ProFormDependency name={['kind']}>
              {({ kind }) =>
                kind === 'role' ? (
                  <ProFormSelect name="role" width={200} allowClear={false} rules={[{ required: true, message: t('validation.required') }]} options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
                ) : kind === 'manager' ? (
                  <ProFormSelect
                    name="level"
                    width={240}
                    allowClear={false}
                    rules={[{ required: true, message: t('validation.required') }]}
                    options={[
                      { value: 1, label: t('flows.manager1') },
                      { value: 2, label: t('flows.manager2') },
                    ]}
                  />
                ) : (
                  <ProForm.Item name="userId" rules={[{ required: true, message: t('validation.required') }]} style={{ width: 260 }}>
                    <UserSelect />
                  </ProForm.Item>
                )
              }
            </ProFormDependency>
          </Space>
        </ProFormList>
      </ProFormList>
    </DrawerForm>
  );
}

/** Admin: who approves each kind of document, step by step. */
export function FlowsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const flows = useQuery({ queryKey: flowsKey, queryFn: async () => (await api.get<{ items: ApprovalFlow[] }>('/api/v1/approvals/flows')).items });
  const [editing, setEditing] = useState<ApprovalFlow | null>(null);
  const userIds = [...new Set((flows.data ?? []).flatMap((f) => f.steps.flatMap((s) => s.approvers.flatMap((a) => (a.kind === 'user' ? [a.userId] : [])))))];
  const names = useQuery({
    queryKey: ['users', 'names', userIds],
    enabled: userIds.length > 0,
    queryFn: async () => new Map((await Promise.all(userIds.map((id) => api.get<{ id: string; displayName: string }>(`/api/v1/users/${id}`).catch(() => null)))).filter((u) => !!u).map((u) => [u!.id, u!.displayName])),
  });
  if (flows.isError) return <LoadError error={flows.error} onRetry={() => void flows.refetch()} />;
  return (
    <PageContainer title={t('flows.title')} content={t('flows.intro')}>
      {flows.data?.length === 0 ? <Empty /> : null}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {(flows.data ?? []).map((f) => (
          <Card
            key={f.docType}
            loading={flows.isPending}
            title={
              <Space>
                <span>{docTypeLabel(f.docType)}</span>
                {f.isDefault ? <Tag>{t('flows.default')}</Tag> : <Tag color="blue">{t('flows.versionN', { n: f.version })}</Tag>}
              </Space>
            }
            extra={
              <Button onClick={() => setEditing(f)} data-testid={`edit-flow-${f.docType}`}>
                {t('common.edit')}
              </Button>
            }
            data-testid="flow-card"
          >
            <Table<ApprovalFlow['steps'][number] & { index: number }>
              rowKey="index"
              size="small"
              pagination={false}
              scroll={{ x: 640 }}
              dataSource={f.steps.map((s, index) => ({ ...s, index }))}
              columns={[
                { title: '#', dataIndex: 'index', width: 50, render: (i: number) => i + 1 },
                { title: t('flows.stepName'), dataIndex: 'label' },
                { title: t('flows.approvers'), key: 'approvers', render: (_, s) => <Space size={[4, 4]} wrap>{s.approvers.map((a, i) => <ApproverTag key={i} a={a} names={names.data ?? new Map()} />)}</Space> },
                { title: t('flows.mode'), dataIndex: 'mode', width: 150, render: (m: string) => t(m === 'all' ? 'approvals.modes.all' : 'approvals.modes.any') },
                {
                  title: t('flows.condition'),
                  dataIndex: 'minAmount',
                  width: 200,
                  render: (v: number | null | undefined) => (v === null || v === undefined ? t('flows.always') : t('flows.over', { amount: formatMoney(v, me.company.currency) })),
                },
              ]}
            />
          </Card>
        ))}
      </Space>
      {editing ? <FlowEditor key={editing.docType} flow={editing} onClose={() => setEditing(null)} /> : null}
    </PageContainer>
  );
}
