import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CustomerEvent } from '../../api/customers.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';
import { eventLabel, fieldLabel, salesLabel, statusLabel } from './labels';
import { getTimeline, timelineKey } from './queries';
import { salesLink } from './SalesTab';

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** The record an event is about, as a link when the web has a page for it. */
function entityLink(e: CustomerEvent): string | null {
  if (!e.entityId) return null;
  switch (e.entityType) {
    case 'sales_order':
      return salesLink.order(e.entityId);
    case 'sales_return':
      return salesLink.return(e.entityId);
    case 'contract':
      return salesLink.contract(e.entityId);
    case 'negotiation':
      return salesLink.negotiation(e.entityId);
    case 'customer':
      return e.kind === 'customer.created' ? null : `/customers/${e.entityId}`;
    case 'contact':
      return `?tab=contacts&contact=${e.entityId}`;
    default:
      return null;
  }
}

/** The event's details in words: the server stores codes and values, the sentence is built here in the reader's language. */
function EventDetail({ e }: { e: CustomerEvent }) {
  const { t } = useTranslation();
  const d = (e.data ?? {}) as Data;
  const parts: ReactNode[] = [];
  switch (e.kind) {
    case 'customer.handover':
      parts.push(t('customers.timeline.handoverTo', { from: str(d.fromName) || t('customers.noOwner'), to: str(d.toName) }));
      if (Number(d.negotiationsMoved) > 0) parts.push(t('customers.timeline.negotiationsMoved', { count: Number(d.negotiationsMoved) }));
      if (d.note) parts.push(t('customers.timeline.note', { note: str(d.note) }));
      break;
    case 'customer.status_changed':
      parts.push(t('customers.timeline.from', { from: statusLabel(str(d.from)), to: statusLabel(str(d.to)) }));
      break;
    case 'customer.updated':
      if (Array.isArray(d.fields) && d.fields.length) parts.push(t('customers.timeline.changedFields', { fields: d.fields.map((f) => fieldLabel(str(f))).join(t('customers.listSeparator')) }));
      break;
    case 'customer.merged':
      parts.push(t('customers.timeline.mergedFrom', { code: str(d.mergedCode), name: str(d.mergedName) }));
      break;
    case 'customer.merged_into':
      parts.push(t('customers.timeline.mergedInto', { code: str(d.survivorCode), name: str(d.survivorName) }));
      break;
    case 'negotiation.stage':
      parts.push(t('customers.timeline.from', { from: salesLabel('stages', str(d.from)), to: salesLabel('stages', str(d.to)) }));
      break;
    default:
      if (e.kind.startsWith('negotiation.') && d.reason) parts.push(str(d.reason));
  }
  if (!parts.length) return null;
  return <Typography.Text type="secondary">{parts.join(' · ')}</Typography.Text>;
}

/** The customer's timeline, newest first, paged by cursor ("show older"). */
export function TimelineCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const events = useInfiniteQuery({
    queryKey: timelineKey(customerId),
    queryFn: ({ pageParam }) => getTimeline(customerId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={t('customers.timeline.title')} data-testid="customer-timeline">
      <ErrorAlert error={events.error} style={{ marginBottom: 8 }} />
      {!events.isPending && !items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.timeline.empty')} /> : null}
      <Timeline
        style={{ marginTop: 8 }}
        items={items.map((e) => {
          const link = entityLink(e);
          return {
            key: e.id,
            color: e.kind.startsWith('customer.merged') || e.kind === 'customer.handover' ? 'orange' : e.kind.endsWith('lost') || e.kind.endsWith('cancelled') ? 'red' : 'blue',
            children: (
              <div data-testid="timeline-event" data-kind={e.kind}>
                <Typography.Text strong>{eventLabel(e.kind)}</Typography.Text>{' '}
                {link ? <Link to={link}>{e.title}</Link> : <Typography.Text>{e.title}</Typography.Text>}
                <div>
                  <EventDetail e={e} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                  {e.actorName ? ` · ${t('customers.timeline.by', { name: e.actorName })}` : ''}
                </Typography.Text>
              </div>
            ),
          };
        })}
      />
      {events.hasNextPage ? (
        <Button block onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="timeline-more">
          {t('customers.timeline.more')}
        </Button>
      ) : null}
    </Card>
  );
}
