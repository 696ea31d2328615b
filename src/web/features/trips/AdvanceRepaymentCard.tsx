import { ModalForm, ProFormDatePicker, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { AdvanceAccount, RecordedRepayment } from '../../api/trips.types';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { failureText } from './common';

interface RepaymentForm {
  amount: string;
  method: 'bank' | 'cash';
  repaidOn?: unknown;
  note?: string;
}

/**
 * A trip's travel advance account: paid, used by paid claims, repaid, outstanding; the repayments,
 * each linked to its ledger entry; and for the assistant or finance a form to record the
 * traveller paying back what is left. One Idempotency-Key per filled-in form: a double click
 * records one repayment.
 */
export function AdvanceRepaymentCard({ tripId, travellerName }: { tripId: string; travellerName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const formRef = useRef<ProFormInstance<RepaymentForm>>(undefined);
  const queryKey = ['requests', 'trips', tripId, 'repayments'] /* under the trip's key: refreshing the trip refreshes this too */;
  const account = useQuery({ queryKey, queryFn: () => api.get<AdvanceAccount>(`/api/v1/trips/${tripId}/repayments`) });
  if (!account.data) return null;
  const a = account.data;
  // A trip that never had an advance has nothing to show.
  if (a.advancePaid === 0) return null;
  const m = (v: number) => formatMoney(v, a.currency);

  return (
    <Card
      size="small"
      title={t('advanceRepayment.title')}
      style={{ marginTop: 16 }}
      data-testid="advance-repayment-card"
      extra={
        a.canRecord ? (
          <ModalForm<RepaymentForm>
            formRef={formRef}
            title={t('advanceRepayment.recordTitle')}
            trigger={
              <Button type="primary" ghost data-testid="record-repayment">
                {t('advanceRepayment.record')}
              </Button>
            }
            modalProps={{ destroyOnClose: true }}
            initialValues={{ amount: minorToInput(a.outstanding, a.currency), method: 'bank', repaidOn: dayjs() }}
            onFinish={async (v) => {
              const amount = parseMoney(v.amount, a.currency);
              if (!amount) return false;
              const body = { amount, method: v.method, repaidOn: v.repaidOn ? dayjs(v.repaidOn as string).format('YYYY-MM-DD') : undefined, note: v.note || undefined };
              try {
                await api.post<RecordedRepayment>(`/api/v1/trips/${tripId}/repayments`, body, { idempotencyKey: key.for(body) });
                key.reset();
                message.success(t('advanceRepayment.recorded', { amount: m(amount) }));
                await qc.invalidateQueries({ queryKey: ['requests', 'trips', tripId] });
                await qc.invalidateQueries({ queryKey: ['trips'] });
                return true;
              } catch (e) {
                if (!applyFieldErrors(formRef.current, e)) message.error(failureText(e));
                return false;
              }
            }}
          >
            <Typography.Paragraph type="secondary">{t('advanceRepayment.recordHelp', { amount: m(a.outstanding), name: travellerName })}</Typography.Paragraph>
            <Form.Item
              name="amount"
              label={`${t('advanceRepayment.amount')} (${a.currency})`}
              rules={[
                {
                  validator: async (_, value: string) => {
                    const v = parseMoney(value, a.currency);
                    if (!v || v <= 0) throw new Error(t('advanceRepayment.amountRequired'));
                    if (v > a.outstanding) throw new Error(t('advanceRepayment.overOutstanding', { amount: m(a.outstanding) }));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" data-testid="repayment-amount" />
            </Form.Item>
            <ProFormSelect name="method" label={t('advanceRepayment.method')} allowClear={false} options={(['bank', 'cash'] as const).map((v) => ({ value: v, label: t(`advanceRepayment.methods.${v}`) }))} />
            <ProFormDatePicker name="repaidOn" label={t('advanceRepayment.repaidOn')} fieldProps={{ disabledDate: (d: dayjs.Dayjs) => d.isAfter(dayjs(), 'day') }} />
            <ProFormText name="note" label={t('advanceRepayment.note')} fieldProps={{ maxLength: 500 }} />
          </ModalForm>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xxl: 4 }}
        items={[
          { key: 'p', label: t('advanceRepayment.paid'), children: m(a.advancePaid) },
          { key: 'c', label: t('advanceRepayment.cleared'), children: m(a.clearedByClaims) },
          { key: 'r', label: t('advanceRepayment.repaid'), children: m(a.repaid) },
          {
            key: 'o',
            label: t('advanceRepayment.outstanding'),
            children: (
              <Typography.Text strong type={a.outstanding > 0 ? 'warning' : 'success'} data-testid="advance-outstanding">
                {a.outstanding > 0 ? m(a.outstanding) : `${m(0)} · ${t('advanceRepayment.settled')}`}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('advanceRepayment.help')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={a.repayments}
        locale={{ emptyText: t('advanceRepayment.none') }}
        columns={[
          { title: t('advanceRepayment.repaidOn'), dataIndex: 'repaidOn' },
          { title: t('advanceRepayment.method'), render: (_, r) => t(`advanceRepayment.methods.${r.method}`) },
          { title: t('advanceRepayment.amount'), align: 'right', render: (_, r) => m(r.amount) },
          { title: t('advanceRepayment.note'), dataIndex: 'note' },
          { title: t('advanceRepayment.recordedBy'), dataIndex: 'recordedByName' },
          { title: t('advanceRepayment.ledgerEntry'), render: (_, r) => <Link to={`/ledger/entries/${r.ledgerEntryId}`}>{r.ledgerEntryNumber}</Link> },
        ]}
        data-testid="repayments-table"
      />
    </Card>
  );
}
