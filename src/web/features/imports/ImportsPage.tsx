import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Tooltip } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportBatch, type ImportBatchStatus, type ImportKind } from '../../api/imports.types';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { UndoButton, UserName } from './BatchParts';
import { countsText, ImportStatusTag, kindLabel, mainCount } from './labels';
import { fetchBatchesPage } from './queries';

type Filters = { kind?: ImportKind; status?: ImportBatchStatus };

/** /imports: every batch of the back office, newest first, with its counts, errors and undo. */
export function ImportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const paging = useKeysetPaging<ImportBatch, Filters>(fetchBatchesPage);

  const columns: ProColumns<ImportBatch>[] = [
    { title: t('imports.number'), dataIndex: 'number', width: 130, search: false, render: (_, b) => <Link to={`/imports/${b.id}`} data-testid="batch-link">{b.number}</Link> },
    {
      title: t('imports.kind'),
      dataIndex: 'kind',
      width: 90,
      valueType: 'select',
      fieldProps: { options: IMPORT_KINDS.map((k) => ({ value: k, label: kindLabel(k) })) },
      render: (_, b) => kindLabel(b.kind),
    },
    { title: t('imports.fileName'), dataIndex: 'fileName', search: false, ellipsis: true, render: (_, b) => <span title={b.fileName}>{b.fileName}</span> },
    { title: t('imports.createdBy'), dataIndex: 'createdBy', width: 120, search: false, render: (_, b) => <UserName id={b.createdBy} /> },
    { title: t('imports.createdAt'), dataIndex: 'createdAt', width: 135, search: false, render: (_, b) => formatDateTime(b.createdAt) },
    {
      title: t('imports.status'),
      dataIndex: 'status',
      width: 90,
      valueType: 'select',
      fieldProps: { options: IMPORT_STATUSES.map((s) => ({ value: s, label: t(`imports.statuses.${s}`) })) },
      render: (_, b) => <ImportStatusTag status={b.status} />,
    },
    { title: t('imports.rows'), dataIndex: 'totalRows', width: 65, align: 'right', search: false, render: (_, b) => <span data-testid="batch-rows">{b.totalRows}</span> },
    {
      title: t('imports.created'),
      key: 'created',
      width: 75,
      align: 'right',
      search: false,
      render: (_, b) => (
        <Tooltip title={countsText(b.created) || undefined}>
          <span data-testid="batch-created">{mainCount(b, 'created')}</span>
        </Tooltip>
      ),
    },
    {
      title: t('imports.unchanged'),
      key: 'unchanged',
      width: 95,
      align: 'right',
      search: false,
      render: (_, b) => (
        <Tooltip title={countsText(b.unchanged) || undefined}>
          <span data-testid="batch-unchanged">{mainCount(b, 'unchanged')}</span>
        </Tooltip>
      ),
    },
    {
      title: t('imports.errorsColumn'),
      dataIndex: 'errorRows',
      width: 80,
      align: 'right',
      search: false,
      render: (_, b) => (b.errorRows > 0 ? <Link to={`/imports/${b.id}#errors`} data-testid="batch-errors-link">{t('imports.errorsLink', { count: b.errorRows })}</Link> : 0),
    },
    {
      title: '',
      key: 'actions',
      width: 90,
      search: false,
      fixed: 'right',
      render: (_, b) => <UndoButton batch={b} size="small" onDone={() => actionRef.current?.reload()} />,
    },
  ];

  return (
    <PageContainer title={t('imports.historyTitle')}>
      <ProTable<ImportBatch, Filters & { cursor?: string; limit?: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        request={paging.request}
        params={paging.params}
        onSubmit={paging.restart}
        onReset={paging.restart}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('imports.emptyHistory') }}
        search={{ labelWidth: 'auto', span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        onRow={(b) => ({ 'data-testid': 'batch-row', 'data-number': b.number }) as React.HTMLAttributes<HTMLElement>}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/imports/new')} data-testid="new-import">
            {t('imports.newImport')}
          </Button>,
        ]}
        data-testid="imports-table"
      />
    </PageContainer>
  );
}
