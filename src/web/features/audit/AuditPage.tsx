import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { AutoComplete, Descriptions, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { AuditEntry, ListAuditQuery, Page } from '../../api/types';
import { en } from '../../i18n/en';
import { auditActionLabel, entityTypeLabel } from '../../i18n/labels';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { UserSelect } from '../users/UserSelect';
import { actionColor } from '../workbench/cards/RecentActivityCard';
import { AuditDiff } from './AuditDiff';
import { changedKeys, entitySummary } from './describe';

/** Every action we have a name for, plus its prefix ("user." finds all user actions). */
const KNOWN_ACTIONS = Object.entries(en.auditActions).flatMap(([group, actions]) => [`${group}.`, ...Object.keys(actions).map((a) => `${group}.${a}`)]);
const KNOWN_ENTITY_TYPES = Object.keys(en.entityTypes);

interface AuditFilters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  period?: [string, string];
}

/** Only the API's own filters are sent: the list query is strict, and ProTable adds keys of its own (_timestamp). */
function toQuery(f: AuditFilters & { from?: string; to?: string }): ListAuditQuery {
  return { action: f.action?.trim(), entityType: f.entityType, entityId: f.entityId?.trim(), actorId: f.actorId, from: f.from, to: f.to };
}

/** The audit log, newest first, with filters; a row opens to show before and after side by side. */
export function AuditPage() {
  const { t } = useTranslation();
  const fetchPage = useCallback(
    (f: ListAuditQuery, cursor: string | undefined, limit: number) => api.get<Page<AuditEntry>>('/api/v1/audit', { ...toQuery(f as AuditFilters), cursor, limit }),
    [],
  );
  const paging = useKeysetPaging<AuditEntry, ListAuditQuery>(fetchPage, 50);
  const onRequestError = useTableErrorHandler();

  const columns: ProColumns<AuditEntry>[] = [
    // Fixed: antd then keeps an opened row's before/after within the visible width instead of the scrolled one (tablets).
    { title: t('audit.seq'), dataIndex: 'seq', search: false, width: 80, fixed: 'left' },
    { title: t('audit.at'), dataIndex: 'at', search: false, width: 150, render: (_, e) => formatDateTime(e.at) },
    {
      title: t('audit.period'),
      dataIndex: 'period',
      valueType: 'dateTimeRange',
      hideInTable: true,
      // The API takes instants with an offset; the picker gives local wall-clock strings.
      search: { transform: (v: [string, string]) => ({ from: dayjs(v[0]).toISOString(), to: dayjs(v[1]).toISOString() }) },
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorId',
      width: 200,
      ellipsis: true,
      renderFormItem: () => <UserSelect activeOnly={false} />,
      render: (_, e) => e.actorLabel ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.actionPrefix'),
      dataIndex: 'action',
      hideInTable: true,
      renderFormItem: () => (
        <AutoComplete
          allowClear
          options={KNOWN_ACTIONS.map((a) => ({ value: a, label: a.endsWith('.') ? `${a}*` : `${a} · ${auditActionLabel(a)}` }))}
          filterOption={(input, o) => String(o?.value ?? '').toLowerCase().includes(input.toLowerCase())}
        />
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'actionShown',
      search: false,
      width: 200,
      render: (_, e) => (
        <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2 }}>
          <Tag color={actionColor(e.action)}>{auditActionLabel(e.action)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {e.action}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      width: 240,
      // Free text with suggestions: every module adds record types, and the log keeps types no longer translated.
      renderFormItem: () => (
        <AutoComplete
          allowClear
          options={KNOWN_ENTITY_TYPES.map((k) => ({ value: k, label: `${k} · ${entityTypeLabel(k)}` }))}
          filterOption={(input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase())}
        />
      ),
      render: (_, e) => {
        const summary = entitySummary(e);
        const changed = changedKeys(e.before, e.after);
        return (
          <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.35 }}>
            <span>
              {entityTypeLabel(e.entityType)}
              {summary ? ` · ${summary}` : ''}
            </span>
            {changed.length ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {t('audit.changed', { fields: changed.join(', ') })}
              </Typography.Text>
            ) : null}
          </div>
        );
      },
    },
    { title: t('audit.entityId'), dataIndex: 'entityId', hideInTable: true },
    { title: t('audit.ip'), dataIndex: 'ip', search: false, width: 130 },
    { title: t('audit.requestId'), dataIndex: 'requestId', search: false, ellipsis: true, copyable: true },
  ];

  return (
    <PageContainer title={t('audit.title')}>
      <ProTable<AuditEntry, AuditFilters & { cursor?: string; limit?: number }>
        rowKey="seq"
        columns={columns}
        params={paging.params}
        request={paging.request as never}
        onSubmit={paging.restart}
        onReset={paging.restart}
        pagination={false}
        footer={paging.footer}
        onRequestError={onRequestError}
        dateFormatter="string"
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 8, xxl: 6 } }}
        scroll={{ x: 960 }}
        columnsState={{ defaultValue: { requestId: { show: false }, ip: { show: false } } }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        expandable={{
          expandedRowRender: (e) => (
            <div style={{ padding: '4px 8px' }}>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 3 }}
                style={{ marginBottom: 8 }}
                items={[
                  { key: 'id', label: t('audit.entityId'), children: <Typography.Text copyable={e.entityId ? { text: e.entityId } : false}>{e.entityId ?? '–'}</Typography.Text> },
                  { key: 'ip', label: t('audit.ip'), children: e.ip ?? '–' },
                  { key: 'request', label: t('audit.requestId'), children: <Typography.Text copyable={e.requestId ? { text: e.requestId } : false}>{e.requestId ?? '–'}</Typography.Text> },
                ]}
              />
              <AuditDiff before={e.before} after={e.after} />
            </div>
          ),
        }}
        data-testid="audit-table"
      />
    </PageContainer>
  );
}
