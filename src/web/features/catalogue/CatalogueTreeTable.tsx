import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Space, Switch, Typography } from 'antd';
import type { ItemType } from 'antd/es/menu/interface';
import { useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { buildTree, type TreeNodeOf } from '../../ui/tree';
import { TreeNodeFormModal } from './TreeNodeFormModal';
import type { TreeEntity, TreeKind } from './tree-kinds';

type Editing<T> = { node?: T; parentId?: string | null };

/**
 * A catalogue tree (product categories, regions) as an expandable table: create at the top
 * or below a node, rename / move (the edit form's parent), archive and restore. The same
 * approach as the departments page; `columns` add what one tree has and the other has not,
 * `moreActions` a node's further actions (a region's reps).
 */
export function CatalogueTreeTable<T extends TreeEntity>({
  kind,
  query,
  canManage,
  columns: extraColumns,
  moreActions,
  onMoreAction,
}: {
  kind: TreeKind;
  query: UseQueryResult<T[]>;
  canManage: boolean;
  columns: ProColumns<TreeNodeOf<T>>[];
  moreActions?: (node: T) => ItemType[];
  onMoreAction?: (key: string, node: T) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  // Everything starts expanded (a tree of tens of nodes is read whole); the user may fold branches.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const rows = useMemo(() => query.data ?? [], [query.data]);
  const tree = useMemo(() => buildTree(rows.filter((d) => showArchived || !d.isArchived)), [rows, showArchived]);
  const allKeys = useMemo(() => rows.map((d) => d.id), [rows]);

  const setArchived = async (d: T, isArchived: boolean) => {
    try {
      await api.patch(`${kind.endpoint}/${d.id}`, { isArchived, version: d.version });
      message.success(t(isArchived ? 'catalogue.tree.archivedMessage' : 'catalogue.tree.restoredMessage', { name: d.name }));
    } catch (e) {
      // A refusal names its reason on a field (a region with active sub-regions): say that, not "check the fields".
      message.error(isApiError(e) && e.fields.length ? fieldErrorMessage(e.fields[0]) : errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: kind.queryKey });
    }
  };

  const confirmArchive = (d: T) =>
    modal.confirm({
      title: t(d.isArchived ? 'catalogue.tree.restore' : 'catalogue.tree.archive'),
      content: d.isArchived ? t('catalogue.tree.restoreConfirm', { name: d.name }) : t(kind.texts.archiveConfirm, { name: d.name }),
      okText: t(d.isArchived ? 'catalogue.tree.restore' : 'catalogue.tree.archive'),
      okButtonProps: { danger: !d.isArchived },
      cancelText: t('common.cancel'),
      onOk: () => setArchived(d, !d.isArchived),
    });

  const columns: ProColumns<TreeNodeOf<T>>[] = [
    {
      title: t('catalogue.tree.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 260,
      render: (_, d) => (
        <Typography.Text strong={!d.parentId} type={d.isArchived ? 'secondary' : undefined} delete={d.isArchived} data-testid={`${kind.testId}-name`}>
          {d.name}
        </Typography.Text>
      ),
    },
    { title: t('catalogue.tree.code'), dataIndex: 'code', width: 120, render: (_, d) => d.code ?? '–' },
    ...extraColumns,
    {
      title: t('catalogue.tree.status'),
      dataIndex: 'isArchived',
      width: 110,
      render: (_, d) => <Badge status={d.isArchived ? 'default' : 'success'} text={d.isArchived ? t('common.archived') : t('common.active')} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 150,
      hideInTable: !canManage,
      render: (_, d) => [
        <a key="edit" onClick={() => setEditing({ node: d })} data-testid={`${kind.testId}-edit`}>
          {t('common.edit')}
        </a>,
        <Dropdown
          key="more"
          trigger={['click']}
          menu={{
            items: [
              ...(d.isArchived ? [] : [{ key: 'child', label: <span data-testid={`${kind.testId}-add-child`}>{t('catalogue.tree.addChild')}</span> }]),
              ...(moreActions?.(d) ?? []),
              { key: 'archive', label: t(d.isArchived ? 'catalogue.tree.restore' : 'catalogue.tree.archive'), danger: !d.isArchived },
            ],
            onClick: ({ key }) => {
              if (key === 'child') setEditing({ parentId: d.id });
              else if (key === 'archive') confirmArchive(d);
              else onMoreAction?.(key, d);
            },
          }}
        >
          <a data-testid={`${kind.testId}-more`}>
            {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
          </a>
        </Dropdown>,
      ],
    },
  ];

  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <>
      <ProTable<TreeNodeOf<T>>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={query.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{ expandedRowKeys: expanded ?? allKeys, onExpandedRowsChange: setExpanded }}
        options={{ reload: () => void query.refetch(), density: true, setting: true, fullScreen: false }}
        locale={{ emptyText: t('catalogue.tree.empty') }}
        headerTitle={
          <Space>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} id={`${kind.testId}-show-archived`} />
            <label htmlFor={`${kind.testId}-show-archived`}>{t('catalogue.tree.showArchived')}</label>
          </Space>
        }
        toolBarRender={() =>
          canManage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid={`${kind.testId}-create`}>
                  {t(kind.texts.create)}
                </Button>,
              ]
            : []
        }
        data-testid={`${kind.testId}-tree`}
      />
      {editing ? <TreeNodeFormModal key={editing.node?.id ?? `new-${editing.parentId ?? ''}`} kind={kind} rows={rows} node={editing.node} parentId={editing.parentId} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
