import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormDigit, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Space, Switch, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { SupplyItem, SupplyMovement } from '../../api/supplies.types';
import type { Page } from '../../api/types';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { itemName, useSupplyItems } from './common';

const failure = (e: unknown) => (isApiError(e) && e.fields.length ? `${errorMessage(e)} ${e.fields.map((f) => `${f.field}: ${fieldErrorMessage(f)}`).join('; ')}` : errorMessage(e));

/** The supplies catalogue with stock on hand and its value; the assistant adds items and receives purchases. */
export function CataloguePage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [onlyReorder, setOnlyReorder] = useState(false);
  const [editing, setEditing] = useState<SupplyItem | 'new' | null>(null);
  const [receiving, setReceiving] = useState<SupplyItem | null>(null);
  const items = useSupplyItems(true);
  const canManage = can('supplies:manage');
  const movements = useQuery({ queryKey: ['supplies', 'movements'], enabled: canManage, queryFn: () => api.get<Page<SupplyMovement>>('/api/v1/supplies/movements', { limit: 20 }) });
  if (items.isError) return <LoadError error={items.error} onRetry={() => void items.refetch()} />;
  const refresh = () => qc.invalidateQueries({ queryKey: ['supplies'] });
  const current = editing && editing !== 'new' ? editing : null;
  const currency = me.company.currency;
  const rows = (items.data ?? []).filter((i) => !onlyReorder || i.needsReorder);
  const key = createActionKey();

  return (
    <PageContainer
      title={t('supplies.catalogue.title')}
      extra={
        <Space>
          <Space>
            {t('supplies.catalogue.needsReorderOnly')}
            <Switch checked={onlyReorder} onChange={setOnlyReorder} />
          </Space>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-item">
              {t('supplies.catalogue.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<SupplyItem>
        rowKey="id"
        size="small"
        loading={items.isPending}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('supplies.catalogue.code'), dataIndex: 'code', width: 120 },
          { title: t('supplies.catalogue.name'), render: (_, i) => <>{itemName(i, i18n.language)} {!i.isActive && <Tag>{t('supplies.catalogue.inactive')}</Tag>}</> },
          { title: t('supplies.catalogue.unit'), dataIndex: 'unit', width: 80 },
          { title: t('supplies.catalogue.unitCost'), align: 'right', width: 120, render: (_, i) => formatMoney(i.unitCost, i.currency) },
          { title: t('supplies.catalogue.stock'), align: 'right', width: 130, render: (_, i) => <span data-testid={`stock-${i.code}`}>{i.stockQty}</span> },
          { title: t('supplies.catalogue.reorderLevel'), dataIndex: 'reorderLevel', align: 'right', width: 100, render: (_, i) => <>{i.reorderLevel} {i.needsReorder && <Tag color="red">{t('supplies.catalogue.reorder')}</Tag>}</> },
          { title: t('supplies.catalogue.stockValue'), align: 'right', width: 130, render: (_, i) => formatMoney(i.stockValue, i.currency) },
          ...(canManage
            ? [
                {
                  title: '',
                  width: 220,
                  render: (_: unknown, i: SupplyItem) => (
                    <Space>
                      <Button size="small" type="primary" ghost onClick={() => setReceiving(i)} disabled={!i.isActive} data-testid={`receive-${i.code}`}>
                        {t('supplies.catalogue.receive')}
                      </Button>
                      <Button size="small" onClick={() => setEditing(i)}>
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="small"
                        onClick={async () => {
                          try {
                            await api.patch(`/api/v1/supplies/items/${i.id}`, { isActive: !i.isActive, version: i.version });
                          } catch (e) {
                            message.error(failure(e));
                          }
                          await refresh();
                        }}
                      >
                        {i.isActive ? t('supplies.catalogue.deactivate') : t('supplies.catalogue.activate')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        data-testid="items-table"
      />
      {canManage && (
        <Card size="small" title={t('supplies.catalogue.movements')} style={{ marginTop: 16 }}>
          <Table<SupplyMovement>
            rowKey="id"
            size="small"
            pagination={false}
            loading={movements.isPending}
            dataSource={movements.data?.items}
            columns={[
              { title: t('supplies.catalogue.date'), dataIndex: 'movedOn', width: 110 },
              { title: '', width: 90, render: (_, m) => <Tag color={m.kind === 'receipt' ? 'green' : 'blue'}>{t(`supplies.catalogue.kinds.${m.kind}`)}</Tag> },
              { title: t('supplies.catalogue.name'), render: (_, m) => `${m.itemCode} ${itemName(m as never, i18n.language)}` },
              { title: t('supplies.catalogue.quantity'), dataIndex: 'quantity', align: 'right', width: 90 },
              { title: t('supplies.catalogue.amount'), align: 'right', width: 120, render: (_, m) => formatMoney(m.amount, currency) },
              { title: t('supplies.catalogue.person'), render: (_, m) => m.employeeName ?? '' },
              { title: t('supplies.catalogue.request'), render: (_, m) => (m.requestId ? <Link to={`/supplies/requests/${m.requestId}`}>{m.requestNumber}</Link> : m.note) },
              { title: t('supplies.requests.ledgerEntry'), width: 110, render: (_, m) => (m.ledgerEntryId && can('ledger:read') ? <Link to={`/ledger/entries/${m.ledgerEntryId}`}>{t('supplies.requests.ledgerEntry')}</Link> : '') },
            ]}
          />
        </Card>
      )}
      <ModalForm
        key={current?.id ?? String(editing)}
        title={current ? `${t('supplies.catalogue.edit')} ${current.code}` : t('supplies.catalogue.new')}
        open={editing !== null}
        modalProps={{ destroyOnClose: true, onCancel: () => setEditing(null) }}
        initialValues={current ? { ...current, unitCost: minorToInput(current.unitCost, current.currency) } : { reorderLevel: 0 }}
        onFinish={async (v: { code: string; nameEn?: string; nameZh?: string; unit: string; unitCost: string; reorderLevel: number }) => {
          const unitCost = parseMoney(v.unitCost, currency);
          if (unitCost === undefined) {
            message.error(t('ledger.form.amount'));
            return false;
          }
          try {
            const body = { nameEn: v.nameEn || undefined, nameZh: v.nameZh || undefined, unit: v.unit, unitCost, reorderLevel: v.reorderLevel };
            const saved = current ? await api.patch<SupplyItem>(`/api/v1/supplies/items/${current.id}`, { ...body, version: current.version }) : await api.post<SupplyItem>('/api/v1/supplies/items', { ...body, code: v.code }, { idempotencyKey: key.for(v) });
            message.success(t('supplies.catalogue.saved', { code: saved.code }));
            setEditing(null);
            await refresh();
            return true;
          } catch (e) {
            message.error(failure(e));
            return false;
          }
        }}
      >
        <ProFormText name="code" label={t('supplies.catalogue.code')} disabled={!!current} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'item-code' } as object} />
        <ProFormText name="nameEn" label={t('supplies.catalogue.nameEn')} fieldProps={{ 'data-testid': 'item-name-en' } as object} extra={t('supplies.catalogue.oneName')} />
        <ProFormText name="nameZh" label={t('supplies.catalogue.nameZh')} fieldProps={{ 'data-testid': 'item-name-zh' } as object} />
        <ProFormText name="unit" label={t('supplies.catalogue.unit')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'item-unit' } as object} />
        <Form.Item name="unitCost" label={`${t('supplies.catalogue.unitCost')} (${currency})`} rules={[{ required: true }]}>
          <Input inputMode="decimal" data-testid="item-cost" />
        </Form.Item>
        <ProFormDigit name="reorderLevel" label={t('supplies.catalogue.reorderLevel')} min={0} fieldProps={{ precision: 0 }} />
      </ModalForm>
      <ModalForm
        key={receiving?.id ?? 'none'}
        title={receiving ? t('supplies.catalogue.receiveTitle', { name: itemName(receiving, i18n.language) }) : ''}
        open={receiving !== null}
        modalProps={{ destroyOnClose: true, onCancel: () => setReceiving(null) }}
        initialValues={receiving ? { unitCost: minorToInput(receiving.unitCost, receiving.currency), receivedOn: dayjs() } : {}}
        onFinish={async (v: { quantity: number; unitCost: string; receivedOn?: dayjs.Dayjs | string; note?: string }) => {
          const unitCost = parseMoney(v.unitCost, currency);
          if (!receiving || unitCost === undefined) return false;
          try {
            const body = { quantity: v.quantity, unitCost, receivedOn: v.receivedOn ? dayjs(v.receivedOn).format('YYYY-MM-DD') : undefined, note: v.note || undefined };
            await api.post(`/api/v1/supplies/items/${receiving.id}/receipts`, body, { idempotencyKey: key.for({ r: receiving.id, ...body }) });
            message.success(t('supplies.catalogue.received', { quantity: v.quantity, stock: receiving.stockQty + v.quantity }));
            setReceiving(null);
            await refresh();
            return true;
          } catch (e) {
            message.error(failure(e));
            return false;
          }
        }}
      >
        <ProFormDigit name="quantity" label={t('supplies.catalogue.quantity')} min={1} fieldProps={{ precision: 0, 'data-testid': 'receive-quantity' } as object} rules={[{ required: true }]} />
        <Form.Item name="unitCost" label={`${t('supplies.catalogue.unitCost')} (${currency})`} rules={[{ required: true }]}>
          <Input inputMode="decimal" data-testid="receive-cost" />
        </Form.Item>
        <ProFormDatePicker name="receivedOn" label={t('supplies.catalogue.receivedOn')} />
        <ProFormText name="note" label={t('supplies.catalogue.note')} />
      </ModalForm>
    </PageContainer>
  );
}
