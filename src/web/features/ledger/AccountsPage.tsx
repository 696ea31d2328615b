import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import type { LedgerAccount } from '../../api/ledger.types';
import { useSession } from '../../session/SessionContext';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { accountLabel, accountName, expenseTypeLabel, useAccounts } from './common';

const TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
const EXPENSE_TYPES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other'] as const;
type Node = LedgerAccount & { children?: Node[] };

/** The chart of accounts as a tree; finance adds, renames, regroups and archives (deactivates) accounts. */
export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [showInactive, setShowInactive] = useState(false);
  const accounts = useAccounts(true);
  const [editing, setEditing] = useState<LedgerAccount | 'new' | null>(null);
  const canManage = can('ledger:manage');

  const tree = useMemo(() => {
    const list = (accounts.data ?? []).filter((a) => showInactive || a.isActive);
    const byId = new Map<string, Node>(list.map((a) => [a.id, { ...a }]));
    const roots: Node[] = [];
    for (const n of byId.values()) {
      const parent = n.parentId ? byId.get(n.parentId) : undefined;
      if (parent) (parent.children ??= []).push(n);
      else roots.push(n);
    }
    return roots;
  }, [accounts.data, showInactive]);

  if (accounts.isError) return <LoadError error={accounts.error} onRetry={() => void accounts.refetch()} />;
  const refresh = () => qc.invalidateQueries({ queryKey: ['ledger', 'accounts'] });
  const toggle = async (a: LedgerAccount) => {
    try {
      await api.patch(`/api/v1/ledger/accounts/${a.id}`, { isActive: !a.isActive, version: a.version });
      message.success(t('ledger.accounts.saved', { code: a.code }));
    } catch (e) {
      message.error(errorMessage(e));
    }
    await refresh();
  };
  const current = editing && editing !== 'new' ? editing : null;

  return (
    <PageContainer
      title={t('ledger.accounts.title')}
      extra={
        <Space>
          <Space>
            {t('ledger.accounts.showInactive')}
            <Switch checked={showInactive} onChange={setShowInactive} data-testid="show-inactive" />
          </Space>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-account">
              {t('ledger.accounts.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<Node>
        rowKey="id"
        size="small"
        loading={accounts.isPending}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={tree.length}
        columns={[
          { title: t('ledger.accounts.code'), dataIndex: 'code', width: 160 },
          { title: t('ledger.accounts.name'), render: (_, a) => accountName(a, i18n.language) },
          { title: t('ledger.accounts.type'), width: 110, render: (_, a) => t(`ledger.types.${a.type}`) },
          { title: t('ledger.accounts.normalSide'), width: 100, render: (_, a) => t(`ledger.sides.${a.normalSide}`) },
          { title: t('ledger.accounts.expenseType'), width: 170, render: (_, a) => expenseTypeLabel(a.expenseType) },
          { title: t('common.status'), width: 100, render: (_, a) => (a.isActive ? <Tag color="green">{t('ledger.accounts.active')}</Tag> : <Tag>{t('ledger.accounts.inactive')}</Tag>) },
          ...(canManage
            ? [
                {
                  title: '',
                  width: 170,
                  render: (_: unknown, a: LedgerAccount) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(a)} data-testid={`edit-${a.code}`}>
                        {t('common.edit')}
                      </Button>
                      {a.isActive ? (
                        <Popconfirm title={t('ledger.accounts.archiveConfirm', { code: a.code })} onConfirm={() => void toggle(a)}>
                          <Button size="small" danger>
                            {t('ledger.accounts.archive')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button size="small" onClick={() => void toggle(a)}>
                          {t('ledger.accounts.restore')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        data-testid="accounts-table"
      />
      <ModalForm
        key={current?.id ?? String(editing)}
        title={current ? `${t('ledger.accounts.edit')} ${current.code}` : t('ledger.accounts.new')}
        open={editing !== null}
        modalProps={{ destroyOnClose: true, onCancel: () => setEditing(null) }}
        initialValues={current ?? { type: 'expense' }}
        onFinish={async (values: Record<string, unknown>) => {
          try {
            const body = { ...values, expenseType: values.expenseType ?? null, parentId: values.parentId ?? null };
            const saved = current ? await api.patch<LedgerAccount>(`/api/v1/ledger/accounts/${current.id}`, { ...body, version: current.version }) : await api.post<LedgerAccount>('/api/v1/ledger/accounts', body);
            message.success(t('ledger.accounts.saved', { code: saved.code }));
            setEditing(null);
            await refresh();
            return true;
          } catch (e) {
            message.error(isApiError(e) && e.fields.length ? `${errorMessage(e)} ${e.fields.map((f) => f.field).join(', ')}` : errorMessage(e));
            return false;
          }
        }}
      >
        <ProFormText name="code" label={t('ledger.accounts.code')} rules={[{ required: true }]} disabled={current?.hasLines} fieldProps={{ 'data-testid': 'account-code' } as object} extra={current?.hasLines ? t('ledger.accounts.fixedOnceUsed') : undefined} />
        <ProFormText name="nameEn" label={t('ledger.accounts.nameEn')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'account-name-en' } as object} />
        <ProFormText name="nameZh" label={t('ledger.accounts.nameZh')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'account-name-zh' } as object} />
        <ProFormSelect name="type" label={t('ledger.accounts.type')} disabled={current?.hasLines} options={TYPES.map((v) => ({ value: v, label: t(`ledger.types.${v}`) }))} rules={[{ required: true }]} />
        <ProFormSelect name="expenseType" label={t('ledger.accounts.expenseType')} allowClear options={EXPENSE_TYPES.map((v) => ({ value: v, label: expenseTypeLabel(v) }))} />
        <ProFormSelect
          name="parentId"
          label={t('ledger.accounts.parent')}
          allowClear
          showSearch
          options={(accounts.data ?? []).filter((a) => a.id !== current?.id && !a.hasLines).map((a) => ({ value: a.id, label: accountLabel(a, i18n.language) }))}
        />
      </ModalForm>
    </PageContainer>
  );
}
