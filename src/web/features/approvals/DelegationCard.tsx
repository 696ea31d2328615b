import { ModalForm, ProForm, ProFormDateRangePicker, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey } from '../../api-client';
import type { Delegation } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatDate } from '../../ui/format';
import { UserSelect } from '../users/UserSelect';

interface Values {
  delegateId: string;
  period: [Dayjs, Dayjs];
}

/** "While I am away": someone decides my approvals between two dates; both of us see it. */
export function DelegationCard() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const [open, setOpen] = useState(false);
  const key = useMemo(() => createActionKey(), []);
  const list = useQuery({ queryKey: ['approvals', 'delegations'], queryFn: async () => (await api.get<{ items: Delegation[] }>('/api/v1/approvals/delegations')).items });
  const today = new Date().toISOString().slice(0, 10);

  const revoke = (d: Delegation) =>
    modal.confirm({
      title: t('approvals.revokeDelegation'),
      content: t('approvals.revokeConfirm', { name: d.delegateName }),
      okText: t('approvals.revokeDelegation'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.delete(`/api/v1/approvals/delegations/${d.id}`);
          message.success(t('approvals.delegationRevoked'));
        } catch (e) {
          message.error(errorMessage(e));
        }
        await qc.invalidateQueries({ queryKey: ['approvals', 'delegations'] });
      },
    });

  return (
    <Card
      title={t('approvals.delegationTitle')}
      extra={
        <Button type="primary" onClick={() => setOpen(true)} data-testid="new-delegation">
          {t('approvals.newDelegation')}
        </Button>
      }
      data-testid="delegations"
    >
      <Typography.Paragraph type="secondary">{t('approvals.delegationHelp')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <Table<Delegation>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: t('approvals.noDelegations') }}
        columns={[
          { title: t('approvals.delegator'), dataIndex: 'userName', render: (_, d) => (d.userId === me.user.id ? t('approvals.me') : d.userName) },
          { title: t('approvals.delegate'), dataIndex: 'delegateName', render: (_, d) => (d.delegateId === me.user.id ? t('approvals.me') : d.delegateName) },
          { title: t('approvals.period'), key: 'period', render: (_, d) => `${formatDate(d.startsOn)} – ${formatDate(d.endsOn)}` },
          {
            title: t('common.status'),
            key: 'status',
            render: (_, d) =>
              d.revokedAt ? <Tag>{t('approvals.delegationEnded')}</Tag> : d.endsOn < today ? <Tag>{t('approvals.delegationPast')}</Tag> : d.startsOn > today ? <Tag color="blue">{t('approvals.delegationFuture')}</Tag> : <Tag color="green">{t('approvals.delegationActive')}</Tag>,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, d) => (!d.revokedAt && d.userId === me.user.id && d.endsOn >= today ? <a onClick={() => revoke(d)}>{t('approvals.revokeDelegation')}</a> : null),
          },
        ]}
      />
      <ModalForm<Values>
        title={t('approvals.newDelegation')}
        open={open}
        formRef={formRef}
        width={520}
        modalProps={{ destroyOnHidden: true, onCancel: () => setOpen(false) }}
        submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
        onFinish={async (v) => {
          const body = { delegateId: v.delegateId, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD') };
          try {
            await api.post('/api/v1/approvals/delegations', body, { idempotencyKey: key.for(body) });
            key.reset();
            message.success(t('approvals.delegationSaved'));
            setOpen(false);
            await qc.invalidateQueries({ queryKey: ['approvals', 'delegations'] });
            return true;
          } catch (e) {
            if (!applyFieldErrors(formRef.current, e, { startsOn: ['period'], endsOn: ['period'] })) message.error(errorMessage(e));
            return false;
          }
        }}
      >
        <ProForm.Item name="delegateId" label={t('approvals.delegate')} rules={[{ required: true, message: t('validation.required') }]}>
          <UserSelect excludeId={me.user.id} />
        </ProForm.Item>
        <ProFormDateRangePicker name="period" label={t('approvals.period')} rules={[{ required: true, message: t('validation.required') }]} />
      </ModalForm>
    </Card>
  );
}
