import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProForm, ProFormText, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Tag } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { StocktakeDto, StocktakeSummaryDto, StocktakesResult } from '../../api/archive-paper.types';
import { formatDateTime } from '../../ui/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useTableErrorHandler } from '../../ui/table-errors';
import { TreeRowSelect } from '../../ui/tree';
import { stocktakesKey, useLocations } from './paper-queries';
import { ARCHIVE_API } from './queries';

/** Starts a stocktake of a location and everything inside it. */
function StartModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const locations = useLocations();
  const key = useRef(createActionKey()).current;
  const [error, setError] = useState<unknown>(null);
  return (
    <ModalForm<{ locationId: string; note?: string }>
      open
      title={t('archive.stocktakes.startTitle')}
      width={480}
      modalProps={{ destroyOnHidden: true, onCancel: onClose }}
      submitter={{ searchConfig: { submitText: t('archive.stocktakes.start'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'stocktake-start-save' } as never }}
      onFinish={async (v) => {
        setError(null);
        const body = { locationId: v.locationId, note: v.note?.trim() || undefined };
        try {
          const st = await api.post<StocktakeDto>(`${ARCHIVE_API}/stocktakes`, body, { idempotencyKey: key.for(body) });
          key.reset();
          await qc.invalidateQueries({ queryKey: stocktakesKey });
          message.success(t('archive.stocktakes.started', { number: st.number }));
          navigate(`/archive/stocktakes/${st.id}`);
          return true;
        } catch (e) {
          setError(e);
          return false;
        }
      }}
    >
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProForm.Item name="locationId" label={t('archive.stocktakes.location')} rules={[{ required: true, message: t('validation.required') }]}>
        <TreeRowSelect items={(locations.data ?? []).filter((l) => !l.isArchived)} loading={locations.isPending} allowClear={false} />
      </ProForm.Item>
      <ProFormText name="note" label={t('archive.stocktakes.note')} rules={[{ max: 500, message: t('validation.tooLong', { max: 500 }) }]} />
    </ModalForm>
  );
}

/** Stocktakes, newest first, with how much of each location was found. */
export function StocktakesPage() {
  const { t } = useTranslation();
  const onError = useTableErrorHandler();
  const [starting, setStarting] = useState(false);
  const columns: ProColumns<StocktakeSummaryDto>[] = [
    {
      title: t('archive.stocktakes.number'),
      dataIndex: 'number',
      width: 150,
      render: (_, s) => (
        <Link to={`/archive/stocktakes/${s.id}`} data-testid="stocktake-link">
          {s.number}
        </Link>
      ),
    },
    { title: t('archive.stocktakes.location'), dataIndex: 'locationPath', ellipsis: true },
    {
      title: t('archive.stocktakes.status'),
      dataIndex: 'status',
      width: 110,
      render: (_, s) => <Tag color={s.status === 'open' ? 'processing' : 'default'}>{t(`archive.stocktakes.statuses.${s.status}`)}</Tag>,
    },
    { title: t('archive.stocktakes.progress'), width: 110, align: 'right', render: (_, s) => `${s.found} / ${s.expected}` },
    { title: t('archive.stocktakes.startedBy'), dataIndex: 'startedByName', width: 140, render: (_, s) => s.startedByName ?? '–' },
    { title: t('archive.stocktakes.startedAt'), dataIndex: 'startedAt', width: 150, render: (_, s) => formatDateTime(s.startedAt) },
    { title: t('archive.stocktakes.finishedAt'), dataIndex: 'finishedAt', width: 150, render: (_, s) => formatDateTime(s.finishedAt) || '–' },
  ];
  return (
    <PageContainer title={t('archive.stocktakes.title')} content={t('archive.stocktakes.intro')}>
      <ProTable<StocktakeSummaryDto, { current?: number; pageSize?: number }>
        rowKey="id"
        columns={columns}
        search={false}
        request={async ({ current = 1, pageSize = 50 }) => {
          const r = await api.get<StocktakesResult>(`${ARCHIVE_API}/stocktakes`, { limit: pageSize, offset: (current - 1) * pageSize });
          return { data: r.items, total: r.total, success: true };
        }}
        onRequestError={onError}
        pagination={{ defaultPageSize: 50, showSizeChanger: false }}
        scroll={{ x: 900 }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.stocktakes.empty') }}
        toolBarRender={() => [
          <Button key="start" type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="stocktake-start">
            {t('archive.stocktakes.start')}
          </Button>,
        ]}
        data-testid="stocktakes-table"
      />
      {starting ? <StartModal onClose={() => setStarting(false)} /> : null}
    </PageContainer>
  );
}
