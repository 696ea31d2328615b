import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Badge, Button, Dropdown, Space, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ROLES } from '../../../server/platform/access/roles';
import type { ListUsersQuery, Role, UserDto } from '../../api/types';
import { errorMessage, roleLabel } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { formatDateTime, fromNow } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { useUserMutations } from './mutations';
import { fetchUsersPage } from './queries';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormDrawer } from './UserFormDrawer';

export interface UserFilters {
  q?: string;
  role?: Role;
  departmentId?: string;
  isActive?: 'true' | 'false';
}

/**
 * The people list. `manage` (the admin page) adds create, edit, disable/enable and
 * password reset; without it, it is the read-only directory every colleague may use.
 */
export function UsersTable({ manage, initialFilters }: { manage: boolean; initialFilters: UserFilters }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { me } = useSession();
  const actionRef = useRef<ActionType>(undefined);
  const { update } = useUserMutations();
  const [editing, setEditing] = useState<{ user?: UserDto } | null>(null);
  const [resetting, setResetting] = useState<UserDto | null>(null);

  const fetchPage = useCallback((f: ListUsersQuery, cursor: string | undefined, limit: number) => fetchUsersPage(f, cursor, limit), []);
  const paging = useKeysetPaging<UserDto, ListUsersQuery>(fetchPage);
  const onRequestError = useTableErrorHandler();

  const confirmActive = (u: UserDto) =>
    modal.confirm({
      title: t(u.isActive ? 'users.disable' : 'users.enable'),
      content: t(u.isActive ? 'users.disableConfirm' : 'users.enableConfirm', { name: u.displayName }),
      okText: t(u.isActive ? 'users.disable' : 'users.enable'),
      okButtonProps: { danger: u.isActive },
      cancelText: t('common.cancel'),
      onOk: () => setActive(u, !u.isActive),
    });

  const setActive = async (u: UserDto, isActive: boolean) => {
    try {
      await update(u.id, { isActive, version: u.version });
      message.success(t(isActive ? 'users.enabledMessage' : 'users.disabledMessage', { name: u.displayName }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      void actionRef.current?.reload();
    }
  };

  const columns: ProColumns<UserDto>[] = [
    { title: t('users.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { allowClear: true } },
    {
      title: t('users.name'),
      dataIndex: 'displayName',
      search: false,
      fixed: 'left',
      width: 220,
      render: (_, u) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.35 }}>
          <Link to={`/people/${u.id}`}>{u.displayName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {u.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('users.roles'),
      dataIndex: 'role',
      width: 150,
      valueType: 'select',
      fieldProps: { options: ROLES.map((r) => ({ value: r, label: roleLabel(r) })) },
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.roles.map((r) => (
            <Tag key={r} color={r === 'admin' ? 'magenta' : 'blue'} style={{ marginInlineEnd: 0 }}>
              {roleLabel(r)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('users.department'),
      dataIndex: 'departmentId',
      width: 150,
      renderFormItem: () => <DepartmentTreeSelect />,
      render: (_, u) => u.departmentName ?? <Typography.Text type="secondary">{t('users.notInDepartment')}</Typography.Text>,
    },
    { title: t('users.manager'), dataIndex: 'managerName', search: false, width: 190, render: (_, u) => (u.managerId ? <Link to={`/people/${u.managerId}`}>{u.managerName}</Link> : '–') },
    { title: t('users.jobTitle'), dataIndex: 'title', search: false, ellipsis: true },
    { title: t('users.phone'), dataIndex: 'phone', search: false, copyable: true },
    {
      title: t('users.status'),
      dataIndex: 'isActive',
      valueType: 'select',
      width: 100,
      fieldProps: {
        options: [
          { value: 'true', label: t('common.active') },
          { value: 'false', label: t('common.disabled') },
        ],
      },
      render: (_, u) => <Badge status={u.isActive ? 'success' : 'default'} text={u.isActive ? t('common.active') : t('common.disabled')} />,
    },
    {
      title: t('users.lastSignIn'),
      dataIndex: 'lastLoginAt',
      search: false,
      width: 130,
      hideInTable: !manage,
      render: (_, u) => (u.lastLoginAt ? <span title={formatDateTime(u.lastLoginAt)}>{fromNow(u.lastLoginAt)}</span> : t('common.never')),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 150,
      hideInTable: !manage,
      render: (_, u) => [
        <a key="edit" onClick={() => setEditing({ user: u })} data-testid={`edit-${u.email}`}>
          {t('common.edit')}
        </a>,
        <Dropdown
          key="more"
          trigger={['click']}
          menu={{
            items: [
              { key: 'reset', label: t('users.resetPassword') },
              ...(u.id === me.user.id ? [] : [{ key: 'active', label: t(u.isActive ? 'users.disable' : 'users.enable'), danger: u.isActive }]),
            ],
            onClick: ({ key }) => (key === 'reset' ? setResetting(u) : confirmActive(u)),
          }}
        >
          <a data-testid={`more-${u.email}`}>
            {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
          </a>
        </Dropdown>,
      ],
    },
  ];

  return (
    <>
      <ProTable<UserDto, UserFilters & { cursor?: string; limit?: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        params={paging.params}
        request={paging.request}
        form={{ initialValues: initialFilters, syncToUrl: false }}
        onSubmit={paging.restart}
        onReset={paging.restart}
        pagination={false}
        footer={paging.footer}
        onRequestError={onRequestError}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 } }}
        scroll={{ x: 1100 }}
        columnsState={{ defaultValue: { phone: { show: false }, title: { show: !manage } } }}
        options={{ density: true, reload: true, setting: true, fullScreen: false }}
        dateFormatter="string"
        toolBarRender={() =>
          manage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="create-user">
                  {t('users.create')}
                </Button>,
              ]
            : []
        }
        rowClassName={(u) => (u.isActive ? '' : 'sd-row-muted')}
        data-testid="users-table"
      />
      {manage && editing ? (
        <UserFormDrawer
          key={editing.user?.id ?? 'new'}
          open
          user={editing.user}
          defaultLocale={me.company.defaultLocale === 'en' ? 'en' : 'zh-CN'}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void actionRef.current?.reload();
          }}
        />
      ) : null}
      {manage && resetting ? <ResetPasswordModal key={resetting.id} user={resetting} onClose={() => setResetting(null)} /> : null}
    </>
  );
}
