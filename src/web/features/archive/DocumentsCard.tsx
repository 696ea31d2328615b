import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api-client';
import type { LinkedResult } from '../../api/archive.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { ConfidentialityTag, ExtractionTag, typeName } from './labels';
import { ARCHIVE_API, archiveKey, useDocumentTypes } from './queries';

const SEGMENTS = { customer: 'customers', contract: 'contracts', sales_order: 'orders' } as const;

/**
 * The archived documents of a customer, contract or order that the reader may see (the
 * server leaves out the confidential ones not theirs, and does not count them), with a
 * shortcut to file one already linked. `bare` leaves out the card frame (inside a tab).
 */
export function DocumentsCard({ entityType, entityId, customerId, bare }: { entityType: keyof typeof SEGMENTS; entityId: string; customerId?: string; bare?: boolean }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const types = useDocumentTypes();
  const docs = useQuery({
    queryKey: [...archiveKey, 'linked', entityType, entityId],
    queryFn: () => api.get<LinkedResult>(`${ARCHIVE_API}/${SEGMENTS[entityType]}/${entityId}/documents`, { limit: 10 }),
    enabled: can('archive:read'),
  });
  if (!can('archive:read')) return null;
  const uploadLink = () => {
    const q = new URLSearchParams();
    if (entityType === 'customer') q.set('customerId', entityId);
    if (entityType === 'contract') {
      q.set('contractId', entityId);
      q.set('typeCode', 'contract');
    }
    if (entityType === 'sales_order') {
      q.set('orderId', entityId);
      q.set('typeCode', 'sales_order');
    }
    if (customerId && entityType !== 'customer') q.append('customerId', customerId);
    return `/archive/upload?${q.toString()}`;
  };
  const total = docs.data?.total ?? 0;
  const body = (
    <div data-testid="documents-card" data-total={docs.data?.total}>
      {docs.error ? <ErrorAlert error={docs.error} /> : null}
      <List
        size="small"
        loading={docs.isPending}
        dataSource={docs.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.card.empty')} /> }}
        renderItem={(d) => (
          <List.Item key={d.id} extra={<ExtractionTag status={d.extractionStatus} />}>
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Space size={4} wrap>
                <Link to={`/archive/documents/${d.id}`} data-testid="linked-document">
                  {d.title}
                </Link>
                {d.confidentiality !== 'internal' ? <ConfidentialityTag level={d.confidentiality} /> : null}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[d.number, typeName(types.data, d.typeCode), formatDate(d.documentDate)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Space style={{ marginTop: 8 }} wrap>
        {total > (docs.data?.items.length ?? 0) && entityType === 'customer' ? <Link to={`/archive/documents?customerId=${entityId}`}>{t('archive.card.more', { count: total })}</Link> : null}
        {can('archive:write') ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => navigate(uploadLink())} data-testid="documents-card-upload">
            {t('archive.card.file')}
          </Button>
        ) : null}
      </Space>
    </div>
  );
  return bare ? body : (
    <Card size="small" title={total ? `${t('archive.card.title')} (${total})` : t('archive.card.title')}>
      {body}
    </Card>
  );
}
