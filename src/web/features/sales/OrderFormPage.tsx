import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { CreateOrderInput, PriceQuote, ProductRef, SalesOrder, UpdateOrderInput } from '../../api/sales.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { draftLineAmounts, formatQuantity, isQuantity, percentToRate, rateToPercent, sumAmounts, toDay, type LineDraft } from './amounts';
import { ConflictAlert, ContractSelect, CurrencySelect, CustomerSelect, FormActions, ProductSelect, RecordEditPage } from './common';
import { salesLabel } from './labels';

interface LineValues extends LineDraft {
  productId?: string;
  productName?: string;
  unit?: string;
  /** True while the unit price is the API's quote (re-quoted when the quantity or currency changes); false once typed. */
  quoted?: boolean;
  priceNote?: string;
}

interface Values {
  customerId?: string;
  ownerId?: string | null;
  contractId?: string | null;
  orderDate?: Dayjs;
  currency: string;
  notes?: string;
  lines: LineValues[];
}

const DEFAULT_TAX_PERCENT = '13';

function valuesOf(o: SalesOrder): Values {
  return {
    customerId: o.customerId,
    ownerId: o.ownerId,
    contractId: o.contractId,
    orderDate: dayjs(o.orderDate),
    currency: o.currency,
    notes: o.notes,
    lines: (o.lines ?? []).map((l) => ({
      productId: l.productId,
      productName: `${l.productName}`,
      unit: l.unit,
      quantity: formatQuantity(l.quantity),
      unitPrice: minorToInput(l.unitPrice, o.currency),
      discount: rateToPercent(l.discountRate),
      taxRate: rateToPercent(l.taxRate),
      quoted: false,
    })),
  };
}

/** Server field names of a line → the form's (lines.3.discountRate → ['lines', 3, 'discount']). */
function lineAliases(count: number): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  for (let i = 0; i < count; i++) {
    for (const [server, form] of [['productId', 'productId'], ['quantity', 'quantity'], ['unitPrice', 'unitPrice'], ['discountRate', 'discount'], ['taxRate', 'taxRate']]) out[`lines.${i}.${server}`] = ['lines', i, form];
  }
  return out;
}

/**
 * A sales order's header and lines. Amounts are previewed with the server's own line
 * arithmetic in integer cents; once saved, the order page shows the totals the server stored.
 */
function OrderForm({ existing }: { existing?: SalesOrder }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const urlCustomerId = useSearchParams()[0].get('customerId') ?? undefined;
  const key = useMemo(() => createActionKey(), []);
  const [version, setVersion] = useState(existing?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const isDraft = !existing || existing.status === 'draft';
  const [customerLabel, setCustomerLabel] = useState(existing?.customerName);

  const currency = Form.useWatch('currency', form) ?? existing?.currency ?? me.company.currency;
  const customerId = Form.useWatch('customerId', form) ?? existing?.customerId;
  // preserve: the lines' own notes (product name, unit, price source) have no Form.Item of their own.
  const lines = (Form.useWatch('lines', { form, preserve: true }) ?? []) as LineValues[];
  const amounts = lines.map((l) => draftLineAmounts(l, currency));
  const totals = sumAmounts(amounts);

  /** The price the server would use: price list in force on the order date with quantity breaks, else the list price. */
  const quote = async (index: number) => {
    const line = form.getFieldValue(['lines', index]) as LineValues | undefined;
    if (!line?.productId) return;
    const quantity = isQuantity(line.quantity) ? line.quantity!.trim() : '1';
    try {
      const { quote: q } = await api.get<{ quote: PriceQuote | null }>(`/api/v1/products/${line.productId}/price`, { quantity, date: toDay(form.getFieldValue('orderDate')) ?? undefined, currency: form.getFieldValue('currency') });
      const patch: Partial<LineValues> = q
        ? { unitPrice: minorToInput(q.unitPrice, q.currency), quoted: true, priceNote: t('sales.orders.priceFromList', { source: q.priceListName ?? t('sales.orders.priceListPrice') }) }
        : { unitPrice: undefined, quoted: false, priceNote: t('sales.orders.noPrice') };
      form.setFieldValue(['lines', index], { ...form.getFieldValue(['lines', index]), ...patch });
    } catch (e) {
      message.error(String((e as Error).message));
    }
  };
  const requoteAll = () => (form.getFieldValue('lines') as LineValues[]).forEach((l, i) => l.quoted && void quote(i));

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    const lineBodies = (v.lines ?? []).map((l) => ({
      productId: l.productId!,
      quantity: l.quantity!.trim(),
      unitPrice: parseMoney(l.unitPrice, v.currency)!,
      discountRate: percentToRate(l.discount)!,
      taxRate: percentToRate(l.taxRate)!,
    }));
    try {
      let saved: SalesOrder;
      if (!existing) {
        const body: CreateOrderInput = { customerId: v.customerId!, ownerId: v.ownerId ?? undefined, contractId: v.contractId ?? null, orderDate: toDay(v.orderDate)!, currency: v.currency, notes: v.notes ?? '', lines: lineBodies };
        saved = await api.post<SalesOrder>('/api/v1/sales/orders', body, { idempotencyKey: key.for(body) });
      } else {
        const body: UpdateOrderInput = isDraft
          ? { ownerId: v.ownerId ?? undefined, contractId: v.contractId ?? null, orderDate: toDay(v.orderDate)!, currency: v.currency, notes: v.notes ?? '', lines: lineBodies, version: version! }
          : { contractId: v.contractId ?? null, notes: v.notes ?? '', version: version! };
        saved = await api.patch<SalesOrder>(`/api/v1/sales/orders/${existing.id}`, body);
      }
      key.reset();
      message.success(t('sales.common.saved', { number: saved.number }));
      await qc.invalidateQueries({ queryKey: ['sales'] });
      navigate(`/sales/orders/${saved.id}`);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(form, e, lineAliases(lineBodies.length))) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!existing) return;
    const fresh = await api.get<SalesOrder>(`/api/v1/sales/orders/${existing.id}`);
    setVersion(fresh.version);
    form.setFieldsValue(valuesOf(fresh));
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  const required = { required: true, message: t('sales.common.required') };
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={existing ? valuesOf(existing) : { customerId: urlCustomerId, orderDate: dayjs(), currency: me.company.currency, notes: '', lines: [{ taxRate: DEFAULT_TAX_PERCENT, discount: '0', quantity: '1' }] }}
      data-testid="order-form"
    >
      {conflict ? <ConflictAlert onReload={() => void reload()} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      {existing && !isDraft ? <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('sales.orders.onlyNotes', { status: salesLabel('order', existing.status) })} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="customerId" label={t('sales.field.customer')} rules={[required]}>
              <CustomerSelect disabled={!!existing} initialLabel={customerLabel} onPick={(c) => { setCustomerLabel(c?.name); form.setFieldValue('contractId', null); }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="orderDate" label={t('sales.orders.orderDate')} rules={[required]}>
              <DatePicker placeholder={t('sales.common.chooseDate')} style={{ width: '100%' }} disabled={!isDraft} allowClear={false} onChange={() => requoteAll()} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="currency" label={t('sales.field.currency')} rules={[required]}>
              <CurrencySelect disabled={!isDraft} onChange={() => setTimeout(requoteAll)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="ownerId" label={t('sales.field.owner')}>
              <UserSelect initialLabel={existing?.ownerName} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="contractId" label={t('sales.field.contract')}>
              <ContractSelect customerId={customerId} initialLabel={existing?.contractNumber} placeholder={t('sales.orders.contractNone')} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={16}>
            <Form.Item name="notes" label={t('sales.field.notes')}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('sales.common.lines')} style={{ marginBottom: 16 }}>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                tableLayout="fixed"
                scroll={{ x: 1150 }}
                locale={{ emptyText: t('sales.orders.noLines') }}
                data-testid="order-lines"
                columns={[
                  { title: t('sales.field.lineNo'), width: 40, render: (_, f, i) => i + 1 },
                  {
                    title: t('sales.field.product'),
                    width: 280,
                    render: (_, f) => (
                      <>
                        <Form.Item name={[f.name, 'productId']} rules={[required]} style={{ marginBottom: 0 }}>
                          <ProductSelect
                            disabled={!isDraft}
                            initialLabel={lines[f.name]?.productName}
                            testId={`line-product-${f.name}`}
                            onPick={(p: ProductRef | null) => {
                              form.setFieldValue(['lines', f.name], { ...form.getFieldValue(['lines', f.name]), productName: p?.name, unit: p?.unit });
                              if (p) void quote(f.name);
                            }}
                          />
                        </Form.Item>
                        {lines[f.name]?.priceNote ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{lines[f.name]?.priceNote}</Typography.Text> : null}
                      </>
                    ),
                  },
                  {
                    title: t('sales.field.quantity'),
                    width: 110,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'quantity']} rules={[required, { validator: async (_r, v) => (!v || isQuantity(v) ? undefined : Promise.reject(new Error(t('sales.common.invalidQuantity')))) }]} style={{ marginBottom: 0 }}>
                        <Input inputMode="decimal" disabled={!isDraft} onBlur={() => lines[f.name]?.quoted && void quote(f.name)} data-testid={`line-quantity-${f.name}`} />
                      </Form.Item>
                    ),
                  },
                  { title: t('sales.field.unit'), width: 60, render: (_, f) => lines[f.name]?.unit ?? '' },
                  {
                    title: `${t('sales.field.unitPrice')} (${currency})`,
                    width: 130,
                    render: (_, f) => (
                      <Form.Item name={[f.name, 'unitPrice']} rules={[required, { validator: async (_r, v) => (!v || parseMoney(v, currency) !== undefined ? undefined : Promise.reject(new Error(t('sales.common.invalidAmount')))) }]} style={{ marginBottom: 0 }}>
                        <Input inputMode="decimal" disabled={!isDraft} onChange={() => form.setFieldValue(['lines', f.name, 'quoted'], false)} data-testid={`line-price-${f.name}`} />
                      </Form.Item>
                    ),
                  },
                  ...(['discount', 'taxRate'] as const).map((field) => ({
                    title: t(field === 'discount' ? 'sales.field.discount' : 'sales.field.taxRate'),
                    width: 90,
                    render: (_: unknown, f: { name: number }) => (
                      <Form.Item name={[f.name, field]} rules={[{ validator: async (_r: unknown, v: string) => (percentToRate(v) !== undefined ? undefined : Promise.reject(new Error(t('sales.common.invalidPercent')))) }]} style={{ marginBottom: 0 }}>
                        <Input inputMode="decimal" suffix="%" disabled={!isDraft} data-testid={`line-${field}-${f.name}`} />
                      </Form.Item>
                    ),
                  })),
                  ...(['net', 'tax', 'gross'] as const).map((k) => ({
                    title: t(`sales.field.${k}`),
                    width: 110,
                    align: 'right' as const,
                    render: (_: unknown, f: { name: number }) => <span data-testid={`line-${k}-${f.name}`}>{amounts[f.name] ? formatMoney(amounts[f.name]![k], currency) : '–'}</span>,
                  })),
                  {
                    width: 44,
                    render: (_, f) => (isDraft ? <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sales.orders.removeLine')} title={t('sales.orders.removeLine')} onClick={() => remove(f.name)} /> : null),
                  },
                ]}
              />
              {isDraft ? (
                <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add({ taxRate: DEFAULT_TAX_PERCENT, discount: '0', quantity: '1' })} data-testid="add-line">
                  {t('sales.orders.addLine')}
                </Button>
              ) : null}
            </>
          )}
        </Form.List>
        <Row justify="end" style={{ marginTop: 12 }}>
          <Col>
            <Descriptions
              size="small"
              column={1}
              bordered
              data-testid="order-form-totals"
              items={[
                { key: 'net', label: t('sales.field.netTotal'), children: <span data-testid="form-net-total">{formatMoney(totals.net, currency)}</span> },
                { key: 'tax', label: t('sales.field.taxTotal'), children: <span data-testid="form-tax-total">{formatMoney(totals.tax, currency)}</span> },
                { key: 'gross', label: t('sales.field.grossTotal'), children: <Typography.Text strong data-testid="form-gross-total">{formatMoney(totals.gross, currency)}</Typography.Text> },
              ]}
            />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
          {t('sales.orders.previewNote')}
        </Typography.Paragraph>
      </Card>
      <FormActions onSave={() => void save()} busy={busy} saveLabel={t('sales.orders.save')} saveTestId="save-order" cancelTo={existing ? `/sales/orders/${existing.id}` : '/sales/orders'} />
    </Form>
  );
}

export function OrderNewPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('sales.orders.new')}>
      <OrderForm />
    </PageContainer>
  );
}

export function OrderEditPage() {
  const { t } = useTranslation();
  return (
    <RecordEditPage<SalesOrder>
      kind="orders"
      title={(o) => t('sales.orders.editTitle', { number: o.number })}
      notEditable={(o) => (o.status === 'cancelled' ? t('sales.orders.notEditable') : null)}
      form={(o) => <OrderForm existing={o} />}
    />
  );
}
