import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Col, DatePicker, Form, Input, Row, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { CreateReturnInput, SalesOrder, SalesReturn } from '../../api/sales.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatMoney } from '../../ui/money';
import { compareDecimal, formatQuantity, isQuantity, remaining, toDay } from './amounts';
import { actionErrorText, FormActions, OrderSelect } from './common';
import { RETURNABLE_STATUSES } from './OrderPage';

interface Values {
  returnDate?: Dayjs;
  reason?: string;
  /** Quantity to return per order line id. */
  quantities: Record<string, string | undefined>;
}

/** A return of goods from one order: which lines, how many (up to what is still returnable), and why. */
export function ReturnNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const orderId = params.get('orderId') ?? undefined;
  const [form] = Form.useForm<Values>();
  const key = useMemo(() => createActionKey(), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const order = useQuery({ queryKey: ['sales', 'orders', 'detail', orderId], enabled: !!orderId, queryFn: () => api.get<SalesOrder>(`/api/v1/sales/orders/${orderId}`) });
  const o = order.data;
  const lines = (o?.lines ?? []).map((l) => ({ ...l, returnable: remaining(l.quantity, l.returnedQuantity) }));
  const canReturn = !!o && RETURNABLE_STATUSES.includes(o.status);

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const chosen = lines.filter((l) => v.quantities?.[l.id]?.trim());
    if (chosen.length === 0) {
      setError(null);
      message.warning(t('sales.returns.nothingChosen'));
      return;
    }
    const body: CreateReturnInput = { orderId: o!.id, returnDate: toDay(v.returnDate)!, reason: v.reason!.trim(), lines: chosen.map((l) => ({ orderLineId: l.id, quantity: v.quantities[l.id]!.trim() })) };
    setBusy(true);
    setError(null);
    try {
      const saved = await api.post<SalesReturn>('/api/v1/sales/returns', body, { idempotencyKey: key.for(body) });
      key.reset();
      message.success(t('sales.common.saved', { number: saved.number }));
      await qc.invalidateQueries({ queryKey: ['sales'] });
      navigate(`/sales/returns/${saved.id}`);
    } catch (e) {
      const aliases = Object.fromEntries(chosen.map((l, i) => [`lines.${i}.quantity`, ['quantities', String(l.id)]]));
      if (!applyFieldErrors(form, e, aliases)) setError(actionErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('sales.common.required') };
  return (
    <PageContainer title={t('sales.returns.new')} onBack={() => navigate(o ? `/sales/orders/${o.id}` : '/sales/returns')}>
      <Form<Values> form={form} layout="vertical" initialValues={{ returnDate: dayjs(), quantities: {} }} data-testid="return-form">
        {error ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={String(error)} /> : null}
        <ErrorAlert error={order.error} style={{ marginBottom: 16 }} />
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t('sales.returns.order')} required>
                <OrderSelect value={orderId} initialLabel={o ? `${o.number} · ${o.customerName}` : t('common.loading')} statuses={RETURNABLE_STATUSES} placeholder={t('sales.returns.chooseOrder')} onChange={(v) => setParams(v ? { orderId: v } : {}, { replace: true })} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="returnDate" label={t('sales.returns.returnDate')} rules={[{ required: true, message: t('sales.common.required') }]}>
                <DatePicker placeholder={t('sales.common.chooseDate')} style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} xl={12}>
              <Form.Item name="reason" label={t('sales.returns.reason')} rules={[required, { max: 500 }]}>
                <Input maxLength={500} data-testid="return-reason" />
              </Form.Item>
            </Col>
          </Row>
          {o ? (
            <Typography.Text type="secondary">
              <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>
            </Typography.Text>
          ) : null}
        </Card>
        {o && !canReturn ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('sales.returns.notReturnable')} /> : null}
        {o && canReturn && lines.every((l) => compareDecimal(l.returnable, '0') <= 0) ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('sales.returns.nothingReturnable')} /> : null}
        {o && canReturn ? (
          <Card size="small" title={t('sales.common.lines')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={lines}
              scroll={{ x: 900 }}
              data-testid="return-lines"
              columns={[
                { title: t('sales.field.lineNo'), dataIndex: 'lineNo', width: 40 },
                { title: t('sales.field.product'), render: (_, l) => `${l.productCode} ${l.productName}` },
                { title: t('sales.returns.ordered'), align: 'right', width: 100, render: (_, l) => `${formatQuantity(l.quantity)} ${l.unit}` },
                { title: t('sales.returns.alreadyReturned'), align: 'right', width: 100, render: (_, l) => formatQuantity(l.returnedQuantity) },
                { title: t('sales.returns.returnable'), align: 'right', width: 120, dataIndex: 'returnable' },
                { title: t('sales.field.gross'), align: 'right', width: 120, render: (_, l) => formatMoney(l.grossAmount, o.currency) },
                {
                  title: t('sales.returns.returnQuantity'),
                  width: 160,
                  render: (_, l) => (
                    <Form.Item
                      name={['quantities', String(l.id)]}
                      style={{ marginBottom: 0 }}
                      rules={[
                        {
                          validator: async (_r, v: string | undefined) => {
                            if (!v || !v.trim()) return;
                            if (!isQuantity(v)) throw new Error(t('sales.common.invalidQuantity'));
                            if (compareDecimal(v.trim(), l.returnable) > 0) throw new Error(t('sales.returns.tooMuch', { max: l.returnable }));
                          },
                        },
                      ]}
                    >
                      <Input inputMode="decimal" disabled={compareDecimal(l.returnable, '0') <= 0} placeholder={l.returnable} suffix={l.unit} data-testid={`return-quantity-${l.lineNo}`} />
                    </Form.Item>
                  ),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
              {t('sales.returns.draftHint')}
            </Typography.Paragraph>
          </Card>
        ) : null}
        <FormActions onSave={() => void save()} busy={busy} saveLabel={t('sales.returns.save')} saveTestId="save-return" cancelTo={o ? `/sales/orders/${o.id}` : '/sales/returns'} saveDisabled={!canReturn} />
      </Form>
    </PageContainer>
  );
}
