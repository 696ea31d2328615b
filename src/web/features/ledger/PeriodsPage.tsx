import { ModalForm, PageContainer, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { LedgerPeriod } from '../../api/ledger.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';

/** The twelve months of a year: open or closed, with their entries; finance closes and reopens (with a reason). */
export function PeriodsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(dayjs().year());
  const periods = useQuery({ queryKey: ['ledger', 'periods', year], queryFn: () => api.get<{ items: LedgerPeriod[] }>('/api/v1/ledger/periods', { year }).then((r) => r.items) });
  if (periods.isError) return <LoadError error={periods.error} onRetry={() => void periods.refetch()} />;
  const act = async (p: LedgerPeriod, action: 'close' | 'reopen', reason?: string) => {
    try {
      await api.post(`/api/v1/ledger/periods/${p.month}/${action}`, action === 'reopen' ? { reason } : {});
      message.success(t(action === 'close' ? 'ledger.periods.closedMessage' : 'ledger.periods.reopenedMessage', { month: p.month }));
    } catch (e) {
      message.error(errorMessage(e));
    }
    await qc.invalidateQueries({ queryKey: ['ledger', 'periods'] });
  };
  return (
    <PageContainer title={t('ledger.periods.title')} extra={<Space>{t('ledger.periods.year')}<InputNumber value={year} min={1900} max={2999} onChange={(v) => v && setYear(v)} data-testid="period-year" /></Space>}>
      <Table<LedgerPeriod>
        size="small"
        rowKey="month"
        loading={periods.isPending}
        pagination={false}
        dataSource={periods.data}
        columns={[
          { title: t('ledger.periods.month'), dataIndex: 'month', width: 110 },
          { title: t('ledger.periods.state'), width: 110, render: (_, p) => (p.isClosed ? <Tag color="red">{t('ledger.periods.closed')}</Tag> : <Tag color="green">{t('ledger.periods.open')}</Tag>) },
          { title: t('ledger.periods.posted'), dataIndex: 'postedEntries', align: 'right', width: 130 },
          { title: t('ledger.periods.drafts'), dataIndex: 'draftEntries', align: 'right', width: 100 },
          { title: t('ledger.periods.closedAt'), render: (_, p) => formatDateTime(p.closedAt) },
          { title: t('ledger.periods.reopenReason'), dataIndex: 'reopenReason', render: (_, p) => p.reopenReason ?? '' },
          ...(can('ledger:manage')
            ? [
                {
                  title: '',
                  width: 120,
                  render: (_: unknown, p: LedgerPeriod) =>
                    p.isClosed ? (
                      <ModalForm title={t('ledger.periods.reopenTitle', { month: p.month })} trigger={<Button size="small" data-testid={`reopen-${p.month}`}>{t('ledger.periods.reopen')}</Button>} modalProps={{ destroyOnClose: true }} onFinish={async (v: { reason: string }) => { await act(p, 'reopen', v.reason); return true; }}>
                        <ProFormText name="reason" label={t('ledger.periods.reason')} rules={[{ required: true }]} />
                      </ModalForm>
                    ) : (
                      <Popconfirm title={t('ledger.periods.closeConfirm', { month: p.month })} onConfirm={() => void act(p, 'close')}>
                        <Button size="small" danger data-testid={`close-${p.month}`}>
                          {t('ledger.periods.close')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
        data-testid="periods-table"
      />
    </PageContainer>
  );
}
