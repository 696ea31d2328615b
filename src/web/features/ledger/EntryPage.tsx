import { RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDatePicker, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { LedgerEntry, LedgerEntryLine } from '../../api/ledger.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { accountLabel, expenseTypeLabel, sourceLabel, sourceLink } from './common';

/** One journal entry: its lines, where it comes from, and a reversal (with a reason) or, for a draft, posting. */
export function EntryPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const entry = useQuery({ queryKey: ['ledger', 'entry', id], queryFn: () => api.get<LedgerEntry>(`/api/v1/ledger/entries/${id}`) });
  if (entry.isPending) return <PageLoading />;
  if (entry.isError) return <LoadError error={entry.error} onRetry={() => void entry.refetch()} />;
  const e = entry.data;
  const m = (v: number) => formatMoney(v, e.currency);
  const link = sourceLink(e.sourceType, e.sourceId, e.lines.find((l) => l.tripId)?.tripId);
  const refresh = () => qc.invalidateQueries({ queryKey: ['ledger'] });

  const postDraft = async () => {
    try {
      const posted = await api.post<LedgerEntry>(`/api/v1/ledger/entries/${e.id}/post`, { version: e.version }, { idempotencyKey: key.for({ post: e.id, v: e.version }) });
      message.success(t('ledger.entries.postedMessage', { number: posted.number }));
    } catch (err) {
      message.error(errorMessage(err));
    }
    await refresh();
  };

  return (
    <PageContainer
      title={`${e.number ?? t('ledger.entries.statuses.draft')} ${e.description}`.trim()}
      tags={[
        <Tag key="s" color={e.status === 'posted' ? 'blue' : undefined} data-testid="entry-status">
          {t(`ledger.entries.statuses.${e.status}`)}
        </Tag>,
        ...(e.reversedById ? [<Tag key="r" color="orange">{t('ledger.entries.reversed')}</Tag>] : []),
      ]}
      extra={
        <Space>
          {e.status === 'draft' && can('ledger:post') && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => void postDraft()} data-testid="post-entry">
              {t('ledger.entries.post')}
            </Button>
          )}
          {e.status === 'posted' && !e.reversedById && e.sourceType !== 'reversal' && can('ledger:post') && (
            <ModalForm
              title={t('ledger.entries.reverseTitle', { number: e.number })}
              trigger={
                <Button danger icon={<RollbackOutlined />} data-testid="reverse-entry">
                  {t('ledger.entries.reverse')}
                </Button>
              }
              modalProps={{ destroyOnClose: true }}
              initialValues={{ entryDate: dayjs() }}
              onFinish={async (v: { reason: string; entryDate?: dayjs.Dayjs | string }) => {
                try {
                  const entryDate = v.entryDate ? dayjs(v.entryDate).format('YYYY-MM-DD') : undefined;
                  const rev = await api.post<LedgerEntry>(`/api/v1/ledger/entries/${e.id}/reverse`, { reason: v.reason, entryDate }, { idempotencyKey: key.for({ reverse: e.id }) });
                  message.success(t('ledger.entries.reversedMessage', { number: rev.number }));
                  await refresh();
                  navigate(`/ledger/entries/${rev.id}`);
                  return true;
                } catch (err) {
                  message.error(errorMessage(err));
                  return false;
                }
              }}
            >
              <p>{t('ledger.entries.reverseHint')}</p>
              <ProFormText name="reason" label={t('ledger.entries.reason')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'reverse-reason' } as object} />
              <ProFormDatePicker name="entryDate" label={t('ledger.entries.reverseDate')} />
            </ModalForm>
          )}
        </Space>
      }
      data-testid="entry-page"
    >
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'n', label: t('ledger.entries.number'), children: e.number ?? '–' },
            { key: 'd', label: t('ledger.entries.date'), children: e.entryDate },
            { key: 's', label: t('ledger.entries.source'), children: link ? <Link to={link} data-testid="source-link">{sourceLabel(e.sourceType)}</Link> : sourceLabel(e.sourceType) },
            ...(e.reason ? [{ key: 'r', label: t('ledger.entries.reason'), children: e.reason }] : []),
            ...(e.reversesId ? [{ key: 'rv', label: t('ledger.entries.reverses'), children: <Link to={`/ledger/entries/${e.reversesId}`}>{t('ledger.entries.reverses')}</Link> }] : []),
            ...(e.reversedById ? [{ key: 'rb', label: t('ledger.entries.reversedBy'), children: <Link to={`/ledger/entries/${e.reversedById}`} data-testid="reversed-by">{t('ledger.entries.reversedBy')}</Link> }] : []),
            { key: 'p', label: t('ledger.entries.postedAt'), children: formatDateTime(e.postedAt) || '–' },
          ]}
        />
      </Card>
      <Card size="small" title={t('ledger.entries.lines')} style={{ marginTop: 16 }}>
        <Table<LedgerEntryLine>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={e.lines}
          columns={[
            { title: t('ledger.entries.account'), render: (_, l) => accountLabel({ code: l.accountCode, nameEn: l.accountNameEn, nameZh: l.accountNameZh }, i18n.language) },
            { title: t('ledger.entries.lineDescription'), dataIndex: 'description', ellipsis: true },
            { title: t('ledger.entries.employee'), render: (_, l) => (l.employeeId ? <Link to={`/ledger/subsidiary?dimension=employee&value=${l.employeeId}`}>{l.employeeName}</Link> : '') },
            { title: t('ledger.entries.department'), dataIndex: 'departmentName' },
            { title: t('ledger.accounts.expenseType'), render: (_, l) => expenseTypeLabel(l.expenseType) },
            { title: t('ledger.entries.customer'), dataIndex: 'customerName' },
            { title: t('ledger.entries.debit'), align: 'right', render: (_, l) => (l.debit ? m(l.debit) : '') },
            { title: t('ledger.entries.credit'), align: 'right', render: (_, l) => (l.credit ? m(l.credit) : '') },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={6}>
                <b>{t('ledger.form.totals')}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                <b>{m(e.totalDebit)}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                <b>{m(e.totalCredit)}</b>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
          data-testid="entry-lines"
        />
      </Card>
    </PageContainer>
  );
}
