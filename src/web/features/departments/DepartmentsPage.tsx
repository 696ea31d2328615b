import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Space, Switch, Typography } from 'antd';
import { useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { DepartmentDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { DepartmentFormModal } from './DepartmentFormModal';
import { buildDepartmentTree, departmentsKey, useDepartments, type DepartmentNode } from './queries';

type Editing = { department?: DepartmentDto; parentId?: string | null };

/** The organisation as a tree: create, edit, archive and restore departments. */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const departments = useDepartments();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  // Everything starts expanded (an org chart is read whole); the user may fold branches.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);

  const tree = useMemo(() => {
    const items = (departments.data ?? []).filter((d) => showArchived || !d.isArchived);
    return buildDepartmentTree(items);
  }, [departments.data, showArchived]);
  const allKeys = useMemo(() => (departments.data ?? []).map((d) => d.id), [departments.data]);

  const confirmArchive = (d: DepartmentDto) =>
    modal.confirm({
      title: t(d.isArchived ? 'departments.unarchive' : 'departments.archive'),
      content: t(d.isArchived ? 'departments.unarchiveConfirm' : 'departments.archiveConfirm', { name: d.name }),
      okText: t(d.isArchived ? 'departments.unarchive' : 'departments.archive'),
      okButtonProps: { danger: !d.isArchived },
      cancelText: t('common.cancel'),
      onOk: () => setArchived(d, !d.isArchived),
    });

  const setArchived = async (d: DepartmentDto, isArchived: boolean) => {
    try {
      await api.patch(`/api/v1/departments/${d.id}`, { isArchived, version: d.version });
      message.success(t(isArchived ? 'departments.archivedMessage' : 'departments.restoredMessage', { name: d.name }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: departmentsKey });
    }
  };

  const columns: ProColumns<DepartmentNode>[] = [
    {
      title: t('departments.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 240,
      render: (_, d) => (
        <Typography.Text strong={!d.parentId} type={d.isArchived ? 'secondary' : undefined} delete={d.isArchived}>
          {d.name}
        </Typography.Text>
      ),
    },
    { title: t('departments.code'), dataIndex: 'code', width: 120, render: (_, d) => d.code ?? '–' },
    { title: t('departments.manager'), dataIndex: 'managerName', render: (_, d) => (d.managerId ? <Link to={`/people/${d.managerId}`}>{d.managerName}</Link> : '–') },
    {
      title: t('departments.members'),
      dataIndex: 'memberCount',
      width: 100,
      align: 'right',
      render: (_, d) => <Link to={`/admin/users?departmentId=${d.id}`}>{d.memberCount}</Link>,
    },
    {
      title: t('departments.status'),
      dataIndex: 'isArchived',
      width: 110,
      render: (_, d) => <Badge status={d.isArchived ? 'default' : 'success'} text={d.isArchived ? t('common.archived') : t('common.active')} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 150,
      render: (_, d) => [
        <a key="edit" onClick={() => setEditing({ department: d })}>
          {t('common.edit')}
        </a>,
        <Dropdown
          key="more"
          trigger={['click']}
          menu={{
            items: [
              ...(d.isArchived ? [] : [{ key: 'child', label: t('departments.createChild') }]),
              { key: 'archive', label: t(d.isArchived ? 'departments.unarchive' : 'departments.archive'), danger: !d.isArchived },
            ],
            onClick: ({ key }) => (key === 'child' ? setEditing({ parentId: d.id }) : confirmArchive(d)),
          }}
        >
          <a>
            {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
          </a>
        </Dropdown>,
      ],
    },
  ];

  if (departments.isError) return <LoadError error={departments.error} onRetry={() => void departments.refetch()} />;

  return (
    <PageContainer title={t('departments.title')}>
      <ProTable<DepartmentNode>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={departments.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 860 }}
        expandable={{ expandedRowKeys: expanded ?? allKeys, onExpandedRowsChange: setExpanded }}
        options={{ reload: () => void departments.refetch(), density: true, setting: true, fullScreen: false }}
        headerTitle={
          <Space>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} id="show-archived" />
            <label htmlFor="show-archived">{t('departments.showArchived')}</label>
          </Space>
        }
        toolBarRender={() => [
          <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('departments.create')}
          </Button>,
        ]}
      />
      {editing ? <DepartmentFormModal key={editing.department?.id ?? `new-${editing.parentId ?? ''}`} department={editing.department} parentId={editing.parentId} onClose={() => setEditing(null)} /> : null}
    </PageContainer>
  );
}
