import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Badge, Button, Space, Switch, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { PriceListDto } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { PriceListFormModal } from './PriceListFormModal';
import { usePriceLists } from './queries';
import { listState, validityText, type ListState } from './validity';

const STATE_BADGE: Record<ListState, 'success' | 'processing' | 'default' | 'warning'> = { live: 'success', notYet: 'processing', expired: 'warning', archived: 'default' };

export function ListStateBadge({ state }: { state: ListState }) {
  const { t } = useTranslation();
  return <Badge status={STATE_BADGE[state]} text={state === 'archived' ? t('common.archived') : t(`catalogue.priceLists.${state}`)} />;
}

/** Every price list (a handful, so no paging): create one, open one to edit its prices. */
export function PriceListsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const lists = usePriceLists();
  const [showArchived, setShowArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const today = dayjs().format('YYYY-MM-DD');

  const columns: ProColumns<PriceListDto>[] = [
    {
      title: t('catalogue.priceLists.name'),
      dataIndex: 'name',
      render: (_, l) => (
        <Space size={4} wrap>
          <Link to={`/price-lists/${l.id}`} data-testid="price-list-link">
            {l.name}
          </Link>
          {l.isDefault ? <Tag color="blue">{t('catalogue.priceLists.isDefault')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('catalogue.priceLists.currency'), dataIndex: 'currency', width: 100 },
    { title: t('catalogue.priceLists.validity'), key: 'validity', width: 240, render: (_, l) => validityText(l) },
    { title: t('catalogue.priceLists.itemCount'), dataIndex: 'itemCount', width: 100, align: 'right' },
    { title: t('catalogue.priceLists.status'), key: 'state', width: 140, render: (_, l) => <ListStateBadge state={listState(l, today)} /> },
    { title: t('catalogue.priceLists.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (_, l) => formatDateTime(l.updatedAt) },
  ];

  if (lists.isError) return <LoadError error={lists.error} onRetry={() => void lists.refetch()} />;
  const rows = (lists.data ?? []).filter((l) => showArchived || !l.isArchived);

  return (
    <PageContainer title={t('catalogue.priceLists.title')}>
      <ProTable<PriceListDto>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={lists.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 900 }}
        options={{ reload: () => void lists.refetch(), density: true, setting: true, fullScreen: false }}
        rowClassName={(l) => (listState(l, today) === 'live' ? '' : 'sd-row-muted')}
        headerTitle={
          <Space>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} id="price-lists-archived" />
            <label htmlFor="price-lists-archived">{t('catalogue.tree.showArchived')}</label>
          </Space>
        }
        toolBarRender={() =>
          can('products:manage')
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-price-list">
                  {t('catalogue.priceLists.create')}
                </Button>,
              ]
            : []
        }
        data-testid="price-lists-table"
      />
      {creating ? <PriceListFormModal onClose={() => setCreating(false)} onSaved={(l) => navigate(`/price-lists/${l.id}`)} /> : null}
    </PageContainer>
  );
}
