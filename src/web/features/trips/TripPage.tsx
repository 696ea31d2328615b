import { EditOutlined, FileAddOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormDigit, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { Booking, Trip } from '../../api/trips.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { AdvanceRepaymentCard } from './AdvanceRepaymentCard';
import { failureText, TripStatus } from './common';

const day = (v: unknown) => (v ? dayjs(v as string).format('YYYY-MM-DD') : undefined);

/** A trip: plan, budget and customers, its approval, and for the assistant the bookings (refund, change, reissue) and the advance. */
export function TripPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const bookingForm = useRef<ProFormInstance>(undefined);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const [booking, setBooking] = useState<{ mode: 'new' | 'reissue' | 'refunded' | 'changed'; of?: Booking } | null>(null);
  const trip = useQuery({ queryKey: ['requests', 'trips', id] /* under 'requests': the approval panel refreshes those after a decision */, queryFn: () => api.get<Trip>(`/api/v1/trips/${id}`) });
  if (trip.isPending) return <PageLoading />;
  if (trip.isError) return <LoadError error={trip.error} onRetry={() => void trip.refetch()} />;
  const tr = trip.data;
  const currency = tr.currency;
  const m = (v: number | null) => (v === null ? '–' : formatMoney(v, currency));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['trips'] }), qc.invalidateQueries({ queryKey: ['requests', 'trips'] }), qc.invalidateQueries({ queryKey: ['approvals'] })]);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await refresh();
      return true;
    } catch (e) {
      message.error(failureText(e));
      return false;
    }
  };

  return (
    <PageContainer
      title={`${tr.number} ${tr.purpose}`}
      tags={<TripStatus status={tr.status} />}
      extra={
        <Space>
          {tr.canEdit && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/trips/${tr.id}/edit`)} data-testid="edit-trip">
              {t('trips.edit')}
            </Button>
          )}
          {tr.canEdit && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => void act(() => api.post(`/api/v1/trips/${tr.id}/submit`, { version: tr.version }), t('trips.submitted', { number: tr.number }))} data-testid="submit-trip-existing">
              {t('trips.submit')}
            </Button>
          )}
          {tr.canBook && tr.status === 'approved' && (
            <Button onClick={() => void act(() => api.post(`/api/v1/trips/${tr.id}/complete`, { version: tr.version }), t('trips.statuses.completed'))}>{t('trips.complete')}</Button>
          )}
          {tr.travellerId === me.user.id && (tr.status === 'approved' || tr.status === 'completed') && (
            <Button icon={<FileAddOutlined />} onClick={() => navigate(`/claims/new?tripId=${tr.id}`)} data-testid="claim-for-trip">
              {t('trips.claimExpenses')}
            </Button>
          )}
          <Link to={`/claims?tripId=${tr.id}`}>{t('trips.claims')}</Link>
        </Space>
      }
      data-testid="trip-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'tr', label: t('trips.traveller'), children: tr.travellerName },
                { key: 'd', label: t('trips.dates'), children: `${tr.startDate} – ${tr.endDate}` },
                { key: 's', label: t('trips.status'), children: <TripStatus status={tr.status} /> },
                { key: 'b', label: t('trips.budgetTotal'), children: m(tr.budgetTotal) },
                { key: 'a', label: t('trips.advanceRequested'), children: m(tr.advanceRequested) },
                { key: 'o', label: t('trips.openAdvance'), children: <span data-testid="open-advance">{m(tr.openAdvance)}</span> },
                { key: 'c', label: t('trips.customers'), children: tr.customers.map((c) => <Tag key={c.id}>{c.name}</Tag>) },
              ]}
            />
          </Card>
          <Card size="small" title={t('trips.legs')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={tr.legs}
              columns={[
                { title: t('trips.fromCity'), dataIndex: 'fromCity' },
                { title: t('trips.toCity'), dataIndex: 'toCity' },
                { title: t('trips.departOn'), dataIndex: 'departOn' },
                { title: t('trips.arriveOn'), dataIndex: 'arriveOn' },
                { title: t('trips.mode'), render: (_, l) => t(`trips.modes.${l.mode}`) },
                { title: t('trips.cityTier'), dataIndex: 'cityTier', align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title={t('trips.budget')} style={{ marginTop: 16 }}>
            <Space wrap size={24}>
              {tr.budget.map((b) => (
                <span key={b.category}>
                  {t(`trips.categories.${b.category}`)}: <b>{m(b.amount)}</b>
                </span>
              ))}
            </Space>
          </Card>
          <Card
            size="small"
            title={t('trips.bookings')}
            style={{ marginTop: 16 }}
            extra={
              tr.canBook ? (
                <Button icon={<PlusOutlined />} onClick={() => setBooking({ mode: 'new' })} data-testid="add-booking">
                  {t('trips.addBooking')}
                </Button>
              ) : null
            }
          >
            <Table<Booking>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={tr.bookings}
              scroll={{ x: 1100 }}
              columns={[
                { title: t('trips.kind'), width: 80, render: (_, b) => t(`trips.kinds.${b.kind}`) },
                { title: t('trips.passenger'), dataIndex: 'passengerName' },
                { title: t('trips.ticketNumber'), dataIndex: 'ticketNumber' },
                { title: t('trips.route'), render: (_, b) => (b.fromCity ? `${b.fromCity} → ${b.toCity ?? ''}` : (b.toCity ?? '')) },
                { title: t('trips.travelDate'), render: (_, b) => `${b.travelDate}${b.travelTime ? ` ${b.travelTime}` : ''}${b.nights ? ` · ${b.nights}` : ''}` },
                { title: t('trips.class'), dataIndex: 'class' },
                { title: t('trips.price'), align: 'right', render: (_, b) => m(b.price) },
                { title: t('trips.bookingStatus'), render: (_, b) => <Tag color={b.status === 'booked' ? 'blue' : b.status === 'refunded' ? 'red' : 'orange'} data-testid="booking-status" data-status={b.status}>{t(`trips.bookingStatuses.${b.status}`)}{b.refundAmount !== null ? ` ${m(b.refundAmount)}` : ''}</Tag> },
                ...(tr.canBook
                  ? [
                      {
                        title: '',
                        width: 220,
                        render: (_: unknown, b: Booking) =>
                          b.status === 'booked' || b.status === 'reissued' ? (
                            <Space size={4}>
                              <Button size="small" onClick={() => setBooking({ mode: 'refunded', of: b })} data-testid={`refund-${b.ticketNumber ?? b.id}`}>
                                {t('trips.refund')}
                              </Button>
                              <Button size="small" onClick={() => setBooking({ mode: 'changed', of: b })}>
                                {t('trips.change')}
                              </Button>
                              {b.kind !== 'hotel' && (
                                <Button size="small" onClick={() => setBooking({ mode: 'reissue', of: b })}>
                                  {t('trips.reissue')}
                                </Button>
                              )}
                            </Space>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
              data-testid="bookings-table"
            />
          </Card>
          <Card
            size="small"
            title={t('trips.advances')}
            style={{ marginTop: 16 }}
            extra={
              tr.canBook && tr.status === 'approved' ? (
                <ModalForm
                  title={t('trips.payAdvance')}
                  trigger={<Button type="primary" ghost data-testid="pay-advance">{t('trips.payAdvance')}</Button>}
                  modalProps={{ destroyOnClose: true }}
                  initialValues={{ amount: minorToInput(Math.max(tr.advanceRequested - tr.advancePaid, 0), currency), method: 'bank', paidOn: dayjs() }}
                  onFinish={async (v: { amount: string; method: string; paidOn?: unknown; note?: string }) => {
                    const amount = parseMoney(v.amount, currency);
                    if (!amount) return false;
                    return act(() => api.post(`/api/v1/trips/${tr.id}/advances`, { amount, method: v.method, paidOn: day(v.paidOn), note: v.note || undefined, clientRequestId: key.for({ adv: tr.id, amount }) }), t('trips.advancePaidMessage', { amount: m(amount) }));
                  }}
                >
                  <Form.Item name="amount" label={`${t('trips.amount')} (${currency})`} rules={[{ required: true }]}>
                    <Input inputMode="decimal" data-testid="advance-amount" />
                  </Form.Item>
                  <ProFormSelect name="method" label={t('trips.method')} options={(['bank', 'cash'] as const).map((v) => ({ value: v, label: t(`trips.methods.${v}`) }))} />
                  <ProFormDatePicker name="paidOn" label={t('trips.paidOn')} />
                  <ProFormText name="note" label={t('trips.note')} />
                </ModalForm>
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={tr.advances}
              columns={[
                { title: t('trips.paidOn'), dataIndex: 'paidOn' },
                { title: t('trips.method'), render: (_, a) => t(`trips.methods.${a.method}`) },
                { title: t('trips.amount'), align: 'right', render: (_, a) => m(a.amount) },
                { title: t('trips.note'), dataIndex: 'note' },
                { title: t('trips.ledgerEntry'), render: (_, a) => <Link to={`/ledger/entries/${a.ledgerEntryId}`}>{a.ledgerEntryNumber}</Link> },
              ]}
              data-testid="advances-table"
            />
          </Card>
          <AdvanceRepaymentCard tripId={tr.id} travellerName={tr.travellerName} />
        </Col>
        <Col xs={24} xl={8}>
          <ApprovalPanel requestId={tr.approvalRequestId} docType="trip" docId={tr.id} />
        </Col>
      </Row>
      <ModalForm
        key={`${booking?.mode}-${booking?.of?.id}`}
        formRef={bookingForm}
        open={booking !== null}
        title={booking?.mode === 'refunded' ? t('trips.refundTitle', { ticket: booking.of?.ticketNumber ?? '' }) : booking?.mode === 'changed' ? t('trips.changeTitle', { ticket: booking.of?.ticketNumber ?? '' }) : t('trips.addBooking')}
        modalProps={{ destroyOnClose: true, onCancel: () => setBooking(null) }}
        initialValues={
          booking?.mode === 'refunded' || booking?.mode === 'changed'
            ? { refundAmount: minorToInput(booking.of!.price, currency) }
            : { kind: booking?.of?.kind ?? 'train', passengerName: booking?.of?.passengerName ?? tr.travellerName, fromCity: booking?.of?.fromCity, toCity: booking?.of?.toCity, bookedOn: dayjs(), travelDate: booking?.of ? dayjs(booking.of.travelDate) : dayjs(tr.startDate) }
        }
        onFinish={async (v: Record<string, unknown>) => {
          if (!booking) return false;
          if (booking.mode === 'refunded' || booking.mode === 'changed') {
            const refundAmount = parseMoney(String(v.refundAmount ?? ''), currency) ?? null;
            const ok = await act(() => api.patch(`/api/v1/trips/${tr.id}/bookings/${booking.of!.id}`, { status: booking.mode, refundAmount, version: booking.of!.version }), t('trips.bookingSaved'));
            if (ok) setBooking(null);
            return ok;
          }
          const price = parseMoney(String(v.price ?? ''), currency);
          if (price === undefined) return false;
          const body = {
            kind: v.kind,
            passengerName: v.passengerName,
            passengerIdNumber: (v.passengerIdNumber as string) || null,
            ticketNumber: (v.ticketNumber as string) || null,
            fromCity: (v.fromCity as string) || null,
            toCity: (v.toCity as string) || null,
            travelDate: day(v.travelDate),
            travelTime: (v.travelTime as string) || null,
            nights: (v.nights as number) || null,
            class: (v.class as string) || null,
            price,
            bookedOn: day(v.bookedOn),
            ...(booking.mode === 'reissue' ? { originalBookingId: booking.of!.id } : {}),
          };
          const ok = await act(() => api.post(`/api/v1/trips/${tr.id}/bookings`, body, { idempotencyKey: key.for(body) }), t('trips.bookingSaved'));
          if (ok) setBooking(null);
          return ok;
        }}
      >
        {booking?.mode === 'refunded' || booking?.mode === 'changed' ? (
          <Form.Item name="refundAmount" label={`${t('trips.refundAmount')} (${currency})`}>
            <Input inputMode="decimal" data-testid="refund-amount" />
          </Form.Item>
        ) : (
          <>
            {booking?.mode === 'new' && tr.legs.length > 0 && (
              // Filling route, date and kind from the approved itinerary saves retyping them (and mistyping them).
              <Form.Item name="legId" label={t('trips.forLeg')}>
                <Select
                  allowClear
                  options={tr.legs.map((l) => ({ value: l.id, label: `${l.fromCity} → ${l.toCity} · ${l.departOn} · ${t(`trips.modes.${l.mode}`)}` }))}
                  onChange={(legId: string | undefined) => {
                    const l = tr.legs.find((x) => x.id === legId);
                    if (l) bookingForm.current?.setFieldsValue({ fromCity: l.fromCity, toCity: l.toCity, travelDate: dayjs(l.departOn), kind: l.mode === 'flight' || l.mode === 'train' ? l.mode : 'other' });
                  }}
                  data-testid="booking-leg"
                />
              </Form.Item>
            )}
            <ProFormSelect name="kind" label={t('trips.kind')} options={(['flight', 'train', 'hotel', 'other'] as const).map((k) => ({ value: k, label: t(`trips.kinds.${k}`) }))} fieldProps={{ 'data-testid': 'booking-kind' } as object} />
            <ProFormText name="passengerName" label={t('trips.passenger')} rules={[{ required: true }]} />
            <ProFormText name="ticketNumber" label={t('trips.ticketNumber')} fieldProps={{ 'data-testid': 'booking-ticket' } as object} />
            <Space>
              <ProFormText name="fromCity" label={t('trips.fromCity')} fieldProps={{ 'data-testid': 'booking-from' } as object} />
              <ProFormText name="toCity" label={t('trips.toCity')} fieldProps={{ 'data-testid': 'booking-to' } as object} />
            </Space>
            <Space>
              <ProFormDatePicker name="travelDate" label={t('trips.travelDate')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'booking-date' } as object} />
              <ProFormText name="travelTime" label={t('trips.travelTime')} placeholder="08:30" />
              <ProFormDigit name="nights" label={t('trips.nights')} min={1} fieldProps={{ precision: 0, 'data-testid': 'booking-nights' } as object} />
            </Space>
            <Space>
              <ProFormText name="class" label={t('trips.class')} fieldProps={{ 'data-testid': 'booking-class' } as object} />
              <Form.Item name="price" label={`${t('trips.price')} (${currency})`} rules={[{ required: true }]}>
                <Input inputMode="decimal" data-testid="booking-price" />
              </Form.Item>
              <ProFormDatePicker name="bookedOn" label={t('trips.bookedOn')} rules={[{ required: true }]} />
            </Space>
          </>
        )}
      </ModalForm>
    </PageContainer>
  );
}
