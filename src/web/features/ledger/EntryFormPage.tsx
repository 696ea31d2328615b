import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { LedgerEntry } from '../../api/ledger.types';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { formatMoney, parseMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { AccountSelect } from './common';

interface LineValues {
  accountId?: string;
  debit?: string;
  credit?: string;
  employeeId?: string | null;
  description?: string;
}
interface Values {
  entryDate: Dayjs;
  description?: string;
  reason: string;
  lines: LineValues[];
}

/** Minor units of a typed amount; blank is zero, text that is no amount is undefined. */
const minor = (text: string | undefined, currency: string) => (text === undefined || text.trim() === '' ? 0 : parseMoney(text, currency));

/**
 * A manual journal entry: lines with a debit or a credit each, the difference shown as one types
 * (amounts parsed exactly, in minor units), posted at once or kept as a draft.
 */
export function EntryFormPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const currency = me.company.currency;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const key = useMemo(() => createActionKey(), []);
  const [serverError, setServerError] = useState<string | null>(null);
  const lines = (Form.useWatch('lines', form) ?? []) as LineValues[];

  const totals = lines.reduce(
    (s, l) => {
      const d = minor(l?.debit, currency);
      const c = minor(l?.credit, currency);
      return { debit: s.debit + (d ?? 0), credit: s.credit + (c ?? 0), bad: s.bad || d === undefined || c === undefined };
    },
    { debit: 0, credit: 0, bad: false },
  );
  const difference = totals.debit - totals.credit;
  const balanced = difference === 0 && totals.debit > 0 && !totals.bad;

  const save = async (post: boolean) => {
    setServerError(null);
    const v = await form.validateFields();
    const body = {
      entryDate: v.entryDate.format('YYYY-MM-DD'),
      description: v.description ?? '',
      reason: v.reason,
      post,
      lines: v.lines.map((l) => ({ accountId: l.accountId, debit: minor(l.debit, currency) ?? 0, credit: minor(l.credit, currency) ?? 0, employeeId: l.employeeId ?? null, description: l.description ?? '' })),
    };
    try {
      const e = await api.post<LedgerEntry>('/api/v1/ledger/entries', body, { idempotencyKey: key.for(body) });
      message.success(post ? t('ledger.entries.postedMessage', { number: e.number }) : t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['ledger'] });
      navigate(`/ledger/entries/${e.id}`);
    } catch (e) {
      setServerError(isApiError(e) && e.fields.length ? `${errorMessage(e)} ${e.fields.map((f) => `${f.field}: ${fieldErrorMessage(f)}`).join('; ')}` : errorMessage(e));
    }
  };

  /** A line's amount: an amount, and only one side of the line filled in. */
  const amountRule = (index: number, side: 'debit' | 'credit') => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (minor(value, currency) === undefined) throw new Error(t('ledger.form.amount'));
      const other = form.getFieldValue(['lines', index, side === 'debit' ? 'credit' : 'debit']) as string | undefined;
      if ((minor(value, currency) ?? 0) > 0 && (minor(other, currency) ?? 0) > 0) throw new Error(t('ledger.form.oneSide'));
    },
  });

  return (
    <PageContainer title={t('ledger.form.title')}>
      <Form<Values> form={form} layout="vertical" initialValues={{ entryDate: dayjs(), lines: [{}, {}] }}>
        <Card size="small">
          <Space wrap size={16} align="start">
            <Form.Item name="entryDate" label={t('ledger.form.entryDate')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} data-testid="entry-date" />
            </Form.Item>
            <Form.Item name="reason" label={t('ledger.form.reason')} rules={[{ required: true, whitespace: true }]} style={{ minWidth: 320 }}>
              <Input data-testid="entry-reason" />
            </Form.Item>
            <Form.Item name="description" label={t('ledger.form.description')} style={{ minWidth: 320 }}>
              <Input data-testid="entry-description" />
            </Form.Item>
          </Space>
        </Card>
        <Form.List name="lines" rules={[{ validator: async (_, v: unknown[]) => { if (!v || v.length < 2) throw new Error(t('ledger.form.needTwo')); } }]}>
          {(fields, { add, remove }) => (
            <Card size="small" style={{ marginTop: 16 }} title={t('ledger.entries.lines')} extra={<Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-line">{t('ledger.form.addLine')}</Button>}>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                columns={[
                  { title: t('ledger.entries.account'), render: (_, f) => <Form.Item name={[f.name, 'accountId']} rules={[{ required: true, message: t('ledger.form.pickAccount') }]} style={{ margin: 0 }}><AccountSelect leavesOnly testId={`line-${f.name}-account`} /></Form.Item> },
                  { title: t('ledger.entries.debit'), width: 150, render: (_, f) => <Form.Item name={[f.name, 'debit']} rules={[amountRule(f.name, 'debit')]} style={{ margin: 0 }}><Input inputMode="decimal" style={{ textAlign: 'right' }} data-testid={`line-${f.name}-debit`} /></Form.Item> },
                  { title: t('ledger.entries.credit'), width: 150, render: (_, f) => <Form.Item name={[f.name, 'credit']} rules={[amountRule(f.name, 'credit')]} style={{ margin: 0 }}><Input inputMode="decimal" style={{ textAlign: 'right' }} data-testid={`line-${f.name}-credit`} /></Form.Item> },
                  { title: t('ledger.entries.employee'), width: 220, render: (_, f) => <Form.Item name={[f.name, 'employeeId']} style={{ margin: 0 }}><UserSelect /></Form.Item> },
                  { title: t('ledger.entries.lineDescription'), render: (_, f) => <Form.Item name={[f.name, 'description']} style={{ margin: 0 }}><Input /></Form.Item> },
                  { title: '', width: 60, render: (_, f) => <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('ledger.form.removeLine')} /> },
                ]}
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <b>{t('ledger.form.totals')}</b>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <b data-testid="total-debit">{formatMoney(totals.debit, currency)}</b>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      <b data-testid="total-credit">{formatMoney(totals.credit, currency)}</b>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} colSpan={3}>
                      <Typography.Text type={balanced ? 'success' : 'danger'} data-testid="difference" data-balanced={balanced ? 'true' : 'false'}>
                        {balanced ? t('ledger.form.balanced') : t('ledger.form.unbalanced', { amount: formatMoney(Math.abs(difference), currency) })}
                      </Typography.Text>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                )}
              />
            </Card>
          )}
        </Form.List>
        {serverError && <Alert type="error" showIcon message={serverError} style={{ marginTop: 16 }} data-testid="entry-error" />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" disabled={!balanced} onClick={() => void save(true)} data-testid="post-now">
            {t('ledger.form.postNow')}
          </Button>
          <Button onClick={() => void save(false)} disabled={!balanced} data-testid="save-draft">
            {t('ledger.form.saveDraft')}
          </Button>
        </Space>
      </Form>
    </PageContainer>
  );
}
