import { DeleteOutlined, DownOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Dropdown, Empty, Form, Input, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../../api-client';
import type { PriceListDetailDto } from '../../api/catalogue.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ExportButton } from '../../ui/ExportButton';
import { newDraftKey, serverItemErrors, toDrafts, toItemsBody, type DraftItem, type ItemErrors } from './price-list-items';
import { PriceListFormModal } from './PriceListFormModal';
import { ListStateBadge } from './PriceListsPage';
import { ProductSelect } from './ProductSelect';
import { priceListsKey, usePriceList } from './queries';
import { listState, validityText } from './validity';

const PAGE_SIZE = 50;

const matches = (text: string, ...values: (string | undefined)[]) => {
  const q = text.trim().toLowerCase();
  return !q || values.some((v) => v?.toLowerCase().includes(q));
};

/** The prices of a list: read, or edited as a whole and saved with PUT …/items at the list's version. */
function Items({ list, canManage, onSaved, onConflict }: { list: PriceListDetailDto; canManage: boolean; onSaved: (l: PriceListDetailDto) => void; onConflict: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [drafts, setDrafts] = useState<DraftItem[] | null>(null);
  const [errors, setErrors] = useState<ItemErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const editing = drafts !== null;

  const update = (key: string, patch: Partial<DraftItem>) => {
    setDrafts((rows) => rows?.map((r) => (r.key === key ? { ...r, ...patch } : r)) ?? null);
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  };

  const save = async () => {
    if (!drafts) return;
    const { items, errors: found } = toItemsBody(drafts, list.currency);
    setErrors(found);
    setError(null);
    if (!items) {
      // Show the first row with a problem.
      const first = drafts.findIndex((r) => found[r.key]);
      setFilter('');
      setPage(Math.floor(first / PAGE_SIZE) + 1);
      return;
    }
    setSaving(true);
    try {
      const saved = await api.put<PriceListDetailDto>(`/api/v1/price-lists/${list.id}/items`, { items, version: list.version });
      message.success(t('catalogue.priceLists.itemsSaved', { name: saved.name }));
      setDrafts(null);
      onSaved(saved);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) onConflict();
      const rowErrors = serverItemErrors(e, drafts);
      if (rowErrors) setErrors(rowErrors);
      else setError(e);
    } finally {
      setSaving(false);
    }
  };

  const viewRows = list.items
    .filter((i) => matches(filter, i.productCode, i.productName))
    .map((i) => ({ ...i, key: `${i.productId}|${i.minQuantity}` }));
  const editRows = (drafts ?? []).filter((r) => !r.product || matches(filter, r.product.code, r.product.name));

  const toolbar = (
    <Space wrap>
      <Input.Search allowClear placeholder={t('catalogue.priceLists.searchItems')} value={filter} onChange={(e) => (setFilter(e.target.value), setPage(1))} style={{ width: 260 }} />
      {editing ? (
        <>
          <Button
            icon={<PlusOutlined />}
            onClick={() => {
              setDrafts((rows) => [{ key: newDraftKey(), product: null, minQuantity: '1', price: '' }, ...(rows ?? [])]);
              setFilter('');
              setPage(1);
            }}
            data-testid="add-item"
          >
            {t('catalogue.priceLists.addItem')}
          </Button>
          <Button onClick={() => (setDrafts(null), setErrors({}), setError(null))}>{t('catalogue.priceLists.discard')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-items">
            {t('catalogue.priceLists.saveItems')}
          </Button>
        </>
      ) : canManage && !list.isArchived ? (
        <Button icon={<EditOutlined />} onClick={() => setDrafts(toDrafts(list.items, list.currency))} data-testid="edit-items">
          {t('catalogue.priceLists.editItems')}
        </Button>
      ) : null}
    </Space>
  );

  const cellError = (key: string, field: 'product' | 'minQuantity' | 'price') => errors[key]?.[field];
  const errorText = (msg?: string) =>
    msg ? (
      <Typography.Text type="danger" style={{ fontSize: 12 }}>
        {msg}
      </Typography.Text>
    ) : null;

  return (
    <Card title={t('catalogue.priceLists.items')} size="small" extra={toolbar} data-testid="price-list-items">
      {editing ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('catalogue.priceLists.unsavedItems')} description={t('catalogue.priceLists.minQuantityHelp')} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {editing ? (
        <Table<DraftItem>
          size="small"
          rowKey="key"
          dataSource={editRows}
          pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.priceLists.itemsEmpty')} /> }}
          columns={[
            {
              title: t('catalogue.priceLists.product'),
              key: 'product',
              render: (_, r) => (
                <Form.Item style={{ margin: 0 }} validateStatus={cellError(r.key, 'product') ? 'error' : undefined} help={errorText(cellError(r.key, 'product'))}>
                  <ProductSelect value={r.product} currency={list.currency} onChange={(product) => update(r.key, { product })} status={cellError(r.key, 'product') ? 'error' : undefined} />
                </Form.Item>
              ),
            },
            {
              title: t('catalogue.priceLists.minQuantity'),
              key: 'minQuantity',
              width: 160,
              render: (_, r) => (
                <Form.Item style={{ margin: 0 }} validateStatus={cellError(r.key, 'minQuantity') ? 'error' : undefined} help={errorText(cellError(r.key, 'minQuantity'))}>
                  <Input value={r.minQuantity} inputMode="decimal" onChange={(e) => update(r.key, { minQuantity: e.target.value })} style={{ textAlign: 'right' }} aria-label={t('catalogue.priceLists.minQuantity')} />
                </Form.Item>
              ),
            },
            {
              title: `${t('catalogue.priceLists.price')} (${list.currency})`,
              key: 'price',
              width: 200,
              render: (_, r) => (
                <Form.Item style={{ margin: 0 }} validateStatus={cellError(r.key, 'price') ? 'error' : undefined} help={errorText(cellError(r.key, 'price'))}>
                  <Input value={r.price} inputMode="decimal" onChange={(e) => update(r.key, { price: e.target.value })} style={{ textAlign: 'right' }} aria-label={t('catalogue.priceLists.price')} data-testid="item-price" />
                </Form.Item>
              ),
            },
            {
              key: 'remove',
              width: 60,
              render: (_, r) => (
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('catalogue.priceLists.removeItem')} title={t('catalogue.priceLists.removeItem')} onClick={() => setDrafts((rows) => rows?.filter((x) => x.key !== r.key) ?? null)} />
              ),
            },
          ]}
        />
      ) : (
        <Table
          size="small"
          rowKey="key"
          dataSource={viewRows}
          pagination={{ current: page, pageSize: PAGE_SIZE, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.priceLists.itemsEmpty')} /> }}
          columns={[
            { title: t('catalogue.products.code'), dataIndex: 'productCode', width: 160, render: (_, i) => <Link to={`/products/${i.productId}`}>{i.productCode}</Link> },
            { title: t('catalogue.products.name'), dataIndex: 'productName' },
            { title: t('catalogue.priceLists.minQuantity'), dataIndex: 'minQuantity', width: 140, align: 'right' },
            { title: t('catalogue.priceLists.price'), dataIndex: 'price', width: 180, align: 'right', render: (_, i) => <span data-testid="item-price-text">{formatMoney(i.price, list.currency)}</span> },
          ]}
        />
      )}
    </Card>
  );
}

/** One price list: its header (validity, default, archive), export, and its prices. */
export function PriceListPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const list = usePriceList(id);
  const [editingHeader, setEditingHeader] = useState(false);
  const [conflict, setConflict] = useState(false);
  // Items keep their own edit state; a new key after a reload starts them afresh at the new version.
  const [itemsKey, setItemsKey] = useState(0);
  const today = useMemo(() => dayjs().format('YYYY-MM-DD'), []);

  if (list.isPending) return <PageLoading />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const l = list.data;
  const canManage = can('products:manage');

  const setSaved = (saved: PriceListDetailDto) => {
    qc.setQueryData([...priceListsKey, 'one', saved.id], saved);
    void qc.invalidateQueries({ queryKey: priceListsKey, exact: true });
  };

  const setArchived = async (isArchived: boolean) => {
    try {
      setSaved(await api.patch<PriceListDetailDto>(`/api/v1/price-lists/${l.id}`, { isArchived, version: l.version }));
      message.success(t(isArchived ? 'catalogue.priceLists.archivedMessage' : 'catalogue.priceLists.restoredMessage', { name: l.name }));
    } catch (e) {
      message.error(errorMessage(e));
      void list.refetch();
    }
  };

  return (
    <PageContainer
      title={l.name}
      onBack={() => navigate('/price-lists')}
      tags={[
        ...(l.isDefault ? [<Tag key="default" color="blue">{t('catalogue.priceLists.isDefault')}</Tag>] : []),
        <Tag key="currency">{l.currency}</Tag>,
      ]}
      extra={[
        <ExportButton key="export" path={`/api/v1/price-lists/${l.id}/export`} query={{}} fileName={l.name} testId="export-price-list" />,
        ...(canManage
          ? [
              <Button key="edit" icon={<EditOutlined />} onClick={() => setEditingHeader(true)} data-testid="edit-price-list">
                {t('common.edit')}
              </Button>,
              <Dropdown
                key="more"
                trigger={['click']}
                menu={{
                  items: [{ key: 'archive', label: t(l.isArchived ? 'catalogue.priceLists.restore' : 'catalogue.priceLists.archive'), danger: !l.isArchived }],
                  onClick: () =>
                    modal.confirm({
                      title: t(l.isArchived ? 'catalogue.priceLists.restore' : 'catalogue.priceLists.archive'),
                      content: t(l.isArchived ? 'catalogue.priceLists.restoreConfirm' : 'catalogue.priceLists.archiveConfirm', { name: l.name }),
                      okText: t(l.isArchived ? 'catalogue.priceLists.restore' : 'catalogue.priceLists.archive'),
                      okButtonProps: { danger: !l.isArchived },
                      cancelText: t('common.cancel'),
                      onOk: () => setArchived(!l.isArchived),
                    }),
                }}
              >
                <Button>
                  {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>,
            ]
          : []),
      ]}
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {conflict ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={t('conflict.title')}
            description={t('errors.version_conflict')}
            action={
              <Button
                size="small"
                onClick={async () => {
                  await list.refetch();
                  setConflict(false);
                  setItemsKey((k) => k + 1);
                  message.info(t('conflict.reloaded'));
                }}
              >
                {t('conflict.reload')}
              </Button>
            }
          />
        ) : null}
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 3 }} size="small" data-testid="price-list-header">
            <Descriptions.Item label={t('catalogue.priceLists.currency')}>{l.currency}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.priceLists.validity')}>{validityText(l)}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.priceLists.status')}>
              <ListStateBadge state={listState(l, today)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.priceLists.isDefault')}>{l.isDefault ? t('common.yes') : t('common.no')}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.priceLists.itemCount')}>{l.itemCount}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.priceLists.updatedAt')}>{formatDateTime(l.updatedAt)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Items key={itemsKey} list={l} canManage={canManage} onSaved={setSaved} onConflict={() => setConflict(true)} />
      </Space>
      {editingHeader ? (
        <PriceListFormModal
          list={l}
          onClose={() => setEditingHeader(false)}
          onSaved={(saved) => {
            setEditingHeader(false);
            setSaved(saved);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
