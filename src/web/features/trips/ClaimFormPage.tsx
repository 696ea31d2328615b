import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, uploadFile } from '../../api-client';
import type { Booking, Claim, ClaimItem, Trip, TripSummary } from '../../api/trips.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ConflictAlert } from '../sales/common';
import { CLAIM_CATEGORIES, failureText, useDocumentSave } from './common';

interface ItemValues {
  date?: Dayjs;
  category?: string;
  amount?: string;
  description?: string;
  nights?: number | null;
  bookingId?: string | null;
  receipt?: { kind?: string; fileId?: string | null; fileName?: string; invoiceNumber?: string; invoiceAmount?: string; buyerName?: string; buyerTaxpayerId?: string; passengerName?: string; invoiceDate?: string | null; fromCity?: string | null; toCity?: string | null };
  /** Kept as saved: what the form has no field for (a second receipt, the item's own city tier and customer). */
  kept?: { cityTier: number | null; customerId: string | null; moreReceipts: ReceiptBody[] };
}
type ReceiptBody = Omit<ClaimItem['receipts'][number], 'id' | 'fileName' | 'sha256'>;
interface Values {
  title: string;
  tripId?: string | null;
  items: ItemValues[];
}

const RECEIPT_KINDS = ['vat_invoice', 'rail_e_ticket', 'flight_itinerary', 'hotel_invoice', 'taxi', 'other'] as const;
const BOOKING_RECEIPT: Record<Booking['kind'], (typeof RECEIPT_KINDS)[number]> = { train: 'rail_e_ticket', flight: 'flight_itinerary', hotel: 'hotel_invoice', other: 'other' };

const receiptBody = (r: ClaimItem['receipts'][number]): ReceiptBody => ({
  kind: r.kind,
  fileId: r.fileId,
  invoiceNumber: r.invoiceNumber,
  invoiceAmount: r.invoiceAmount,
  invoiceDate: r.invoiceDate,
  buyerName: r.buyerName,
  buyerTaxpayerId: r.buyerTaxpayerId,
  passengerName: r.passengerName,
  fromCity: r.fromCity,
  toCity: r.toCity,
});

/** The form's values of a saved claim: one receipt per item in fields, any further ones kept as they are. */
function valuesOf(c: Claim): Values {
  return {
    title: c.title,
    tripId: c.tripId,
    items: c.items.map((it) => {
      const [first, ...more] = it.receipts;
      return {
        date: dayjs(it.date),
        category: it.category,
        amount: minorToInput(it.amount, c.currency),
        description: it.description || undefined,
        nights: it.nights,
        bookingId: it.bookingId,
        receipt: first
          ? {
              kind: first.kind,
              fileId: first.fileId,
              fileName: first.fileName ?? undefined,
              invoiceNumber: first.invoiceNumber ?? undefined,
              invoiceAmount: first.invoiceAmount === null ? undefined : minorToInput(first.invoiceAmount, c.currency),
              buyerName: first.buyerName ?? undefined,
              buyerTaxpayerId: first.buyerTaxpayerId ?? undefined,
              passengerName: first.passengerName ?? undefined,
              invoiceDate: first.invoiceDate,
              fromCity: first.fromCity,
              toCity: first.toCity,
            }
          : {},
        kept: { cityTier: it.cityTier, customerId: it.customerId, moreReceipts: more.map(receiptBody) },
      };
    }),
  };
}

/** A rep files a claim (/claims/new) or edits their draft or returned one (/claims/:id/edit). */
export function ClaimFormPage() {
  const { id } = useParams();
  const claim = useQuery({ queryKey: ['claims', 'edit', id], enabled: !!id, queryFn: () => api.get<Claim>(`/api/v1/claims/${id}`), staleTime: Infinity });
  if (!id) return <ClaimForm />;
  if (claim.isPending) return <PageLoading />;
  if (claim.isError) return <LoadError error={claim.error} onRetry={() => void claim.refetch()} />;
  return <ClaimForm key={claim.data.id} existing={claim.data} />;
}

/** Items with receipts (file, invoice number and amount, buyer), for a trip or local; the checks run on saving. */
function ClaimForm({ existing }: { existing?: Claim }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const currency = existing?.currency ?? me.company.currency;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const clientRequestId = useMemo(() => `claim-${crypto.randomUUID()}`, []);
  const { error, setError, conflict, busy, send, reload } = useDocumentSave<Claim, Values>({ kind: 'claims', existing, form, valuesOf, createExtra: { clientRequestId }, messages: { saved: 'claims.saved', submitted: 'claims.submittedMessage' } });
  const tripId = Form.useWatch('tripId', form) ?? (existing ? existing.tripId : params.get('tripId'));
  const trips = useQuery({ queryKey: ['trips', 'mine-approved'], queryFn: () => api.get<Page<TripSummary>>('/api/v1/trips', { mine: 'true', limit: 100 }) });
  const trip = useQuery({ queryKey: ['trips', 'detail-for-claim', tripId], enabled: !!tripId, queryFn: () => api.get<Trip>(`/api/v1/trips/${tripId}`) });
  const items = (Form.useWatch('items', { form, preserve: true }) ?? []) as ItemValues[];
  const total = items.reduce((s, it) => s + (parseMoney(it?.amount ?? '', currency) ?? 0), 0);

  const save = async (submit: boolean) => {
    setError(null);
    await form.validateFields();
    // The whole store: the receipts' and items' kept parts have no field of their own.
    const v = form.getFieldsValue(true) as Values;
    const money = (s: string | undefined) => (s ? (parseMoney(s, currency) ?? null) : null);
    const fields = {
      title: v.title,
      tripId: v.tripId ?? null,
      items: (v.items ?? []).map((it) => ({
        date: it.date!.format('YYYY-MM-DD'),
        category: it.category,
        amount: money(it.amount) ?? 0,
        description: it.description || undefined,
        nights: it.nights || null,
        bookingId: it.bookingId || null,
        ...(it.kept ? { cityTier: it.kept.cityTier, customerId: it.kept.customerId } : {}),
        receipts: [
          ...(it.receipt?.kind
            ? [
                {
                  kind: it.receipt.kind,
                  fileId: it.receipt.fileId || null,
                  invoiceNumber: it.receipt.invoiceNumber || null,
                  invoiceAmount: money(it.receipt.invoiceAmount),
                  buyerName: it.receipt.buyerName || null,
                  buyerTaxpayerId: it.receipt.buyerTaxpayerId || null,
                  passengerName: it.receipt.passengerName || null,
                  ...(it.receipt.invoiceDate ? { invoiceDate: it.receipt.invoiceDate } : {}),
                  ...(it.receipt.fromCity ? { fromCity: it.receipt.fromCity } : {}),
                  ...(it.receipt.toCity ? { toCity: it.receipt.toCity } : {}),
                },
              ]
            : []),
          ...(it.kept?.moreReceipts ?? []),
        ],
      })),
    };
    await send(fields, submit);
  };

  const bookings = trip.data?.bookings ?? [];
  /**
   * What the assistant recorded for the booking fills the line: date, category, nights, the ticket or
   * invoice number and what may be claimed of it (a refunded ticket: only what did not come back).
   */
  const fillFromBooking = (index: number, b: Booking) => {
    const claimable = b.status === 'refunded' || b.status === 'changed' ? b.price - (b.refundAmount ?? b.price) : b.price;
    const amount = minorToInput(claimable, currency);
    const line = form.getFieldValue(['items', index]) as ItemValues;
    form.setFieldValue(['items', index], {
      ...line,
      date: dayjs(b.travelDate),
      category: b.kind === 'hotel' ? 'lodging' : b.kind === 'other' ? 'other' : 'travel_transport',
      amount,
      nights: b.kind === 'hotel' ? b.nights : line.nights,
      receipt: { ...line.receipt, kind: BOOKING_RECEIPT[b.kind], invoiceNumber: b.ticketNumber ?? line.receipt?.invoiceNumber, invoiceAmount: amount },
    });
  };
  return (
    <PageContainer title={existing ? t('claims.editTitle', { number: existing.number }) : t('claims.new')}>
      {conflict ? <ConflictAlert onReload={() => void reload()} /> : null}
      <Form<Values> form={form} layout="vertical" data-testid="claim-form" initialValues={existing ? valuesOf(existing) : { tripId: params.get('tripId'), items: [{ date: dayjs(), receipt: { kind: 'vat_invoice' } }] }}>
        <Card size="small">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('claims.titleField')} rules={[{ required: true, whitespace: true }]}>
                <Input data-testid="claim-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="tripId" label={t('claims.trip')}>
                <Select
                  allowClear
                  placeholder={t('claims.noTrip')}
                  options={(trips.data?.items ?? []).filter((tr) => tr.status === 'approved' || tr.status === 'completed').map((tr) => ({ value: tr.id, label: `${tr.number} ${tr.purpose}` }))}
                  data-testid="claim-trip"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('claims.items')} style={{ marginTop: 16 }} extra={<Button icon={<PlusOutlined />} onClick={() => add({ date: dayjs(), receipt: { kind: 'vat_invoice' } })} data-testid="add-claim-item">{t('claims.addItem')}</Button>}>
              {fields.map((f) => (
                <Card key={f.key} size="small" type="inner" style={{ marginBottom: 12 }} title={t('claims.line', { n: f.name + 1 })} extra={fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} /> : null} data-testid={`claim-item-${f.name}`}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'date']} label={t('claims.date')} rules={[{ required: true }]}>
                      <DatePicker data-testid={`item-${f.name}-date`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'category']} label={t('claims.category')} rules={[{ required: true }]}>
                      <Select style={{ width: 180 }} options={CLAIM_CATEGORIES.map((c) => ({ value: c, label: t(`ledger.expenseTypes.${c}`) }))} data-testid={`item-${f.name}-category`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'amount']} label={`${t('claims.amount')} (${currency})`} rules={[{ required: true }, { validator: async (_, v: string) => { if (v && !parseMoney(v, currency)) throw new Error(t('ledger.form.amount')); } }]}>
                      <Input inputMode="decimal" style={{ width: 130 }} data-testid={`item-${f.name}-amount`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'nights']} label={t('claims.nights')}>
                      <InputNumber min={1} precision={0} style={{ width: 80 }} data-testid={`item-${f.name}-nights`} />
                    </Form.Item>
                    {bookings.length > 0 && (
                      <Form.Item name={[f.name, 'bookingId']} label={t('claims.booking')}>
                        <Select
                          allowClear
                          style={{ width: 280 }}
                          options={bookings.map((b) => ({ value: b.id, label: `${t(`trips.kinds.${b.kind}`)} ${b.ticketNumber ?? ''} ${b.travelDate} · ${t(`trips.bookingStatuses.${b.status}`)}` }))}
                          onChange={(bookingId: string | undefined) => {
                            const b = bookings.find((x) => x.id === bookingId);
                            if (b) fillFromBooking(f.name, b);
                          }}
                          data-testid={`item-${f.name}-booking`}
                        />
                      </Form.Item>
                    )}
                    <Form.Item name={[f.name, 'description']} label={t('claims.description')}>
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                  </Space>
                  <Typography.Text strong>{t('claims.receipt')}</Typography.Text>
                  <Space wrap align="start" style={{ marginTop: 8 }}>
                    <Form.Item name={[f.name, 'receipt', 'kind']} label={t('claims.receiptKind')}>
                      <Select style={{ width: 170 }} options={RECEIPT_KINDS.map((k) => ({ value: k, label: t(`claims.receiptKinds.${k}`) }))} data-testid={`item-${f.name}-receipt-kind`} />
                    </Form.Item>
                    <Form.Item label={t('claims.upload')}>
                      <Form.Item name={[f.name, 'receipt', 'fileId']} noStyle>
                        <Input type="hidden" />
                      </Form.Item>
                      <Upload
                        maxCount={1}
                        showUploadList={false}
                        customRequest={async ({ file, onSuccess, onError }) => {
                          try {
                            const up = await uploadFile<{ id: string; fileName: string }>(file as File, { purpose: 'receipt' });
                            form.setFieldValue(['items', f.name, 'receipt', 'fileId'], up.id);
                            form.setFieldValue(['items', f.name, 'receipt', 'fileName'], (file as File).name);
                            onSuccess?.(up);
                          } catch (e) {
                            message.error(failureText(e));
                            onError?.(e as Error);
                          }
                        }}
                      >
                        <Button icon={<UploadOutlined />} data-testid={`item-${f.name}-upload`}>
                          {items[f.name]?.receipt?.fileName ? t('claims.uploaded', { name: items[f.name]?.receipt?.fileName }) : t('claims.upload')}
                        </Button>
                      </Upload>
                      <Form.Item name={[f.name, 'receipt', 'fileName']} noStyle>
                        <Input type="hidden" />
                      </Form.Item>
                    </Form.Item>
                    <Form.Item name={[f.name, 'receipt', 'invoiceNumber']} label={t('claims.invoiceNumber')}>
                      <Input style={{ width: 200 }} data-testid={`item-${f.name}-invoice`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'receipt', 'invoiceAmount']} label={t('claims.invoiceAmount')}>
                      <Input inputMode="decimal" style={{ width: 120 }} data-testid={`item-${f.name}-invoice-amount`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'receipt', 'buyerName']} label={t('claims.buyerName')}>
                      <Input style={{ width: 200 }} placeholder={me.company.companyName} data-testid={`item-${f.name}-buyer`} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'receipt', 'buyerTaxpayerId']} label={t('claims.buyerTaxpayerId')}>
                      <Input style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'receipt', 'passengerName']} label={t('claims.passengerName')}>
                      <Input style={{ width: 140 }} data-testid={`item-${f.name}-passenger`} />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Typography.Text>
                {t('claims.total')}: <b data-testid="claim-form-total">{formatMoney(total, currency)}</b>
              </Typography.Text>
            </Card>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="claim-error" />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" loading={busy} onClick={() => void save(true)} data-testid="submit-claim">
            {t('claims.submit')}
          </Button>
          <Button loading={busy} onClick={() => void save(false)} data-testid="save-claim-draft">
            {existing ? t('trips.saveChanges') : t('claims.saveDraft')}
          </Button>
          {existing && <Button onClick={() => navigate(`/claims/${existing.id}`)}>{t('trips.cancelEdit')}</Button>}
        </Space>
      </Form>
    </PageContainer>
  );
}
