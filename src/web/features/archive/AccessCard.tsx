import { DeleteOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Segmented, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey, isApiError } from '../../api-client';
import type { Confidentiality, DocumentDto, GrantDto, GrantInput } from '../../api/archive.types';
import { errorMessage, roleLabel } from '../../i18n/labels';
import { formatDateTime } from '../../ui/format';
import { actionErrorText } from '../sales/common';
import { UserSelect } from '../users/UserSelect';
import { confidentialityLabel, confidentialityOptions } from './labels';
import { documentKey, documentPath, grantsKey, historyKey } from './queries';

const GRANT_ROLES = ['manager', 'assistant', 'rep', 'finance', 'viewer'] as const;

/**
 * The owner's (or an admin's) control of who reads a document: its level, and grants to a
 * person or a role, each revocable. Every change lands in the access history.
 */
export function AccessCard({ doc }: { doc: DocumentDto }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const grants = useQuery({ queryKey: grantsKey(doc.id), queryFn: async () => (await api.get<{ items: GrantDto[] }>(`${documentPath(doc.id)}/grants`)).items });
  const [kind, setKind] = useState<'user' | 'role'>('user');
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<(typeof GRANT_ROLES)[number] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const grantKey = useMemo(() => createActionKey(), []);

  const refresh = () => qc.invalidateQueries({ queryKey: documentKey(doc.id) });
  const refreshGrants = () => Promise.all([qc.invalidateQueries({ queryKey: grantsKey(doc.id) }), qc.invalidateQueries({ queryKey: historyKey(doc.id) })]);

  const setLevel = async (level: Confidentiality) => {
    setBusy('level');
    try {
      const saved = await api.post<DocumentDto>(`${documentPath(doc.id)}/confidentiality`, { level, version: doc.version });
      qc.setQueryData(documentKey(doc.id), saved);
      await qc.invalidateQueries({ queryKey: historyKey(doc.id) });
      message.success(t('archive.access.levelChanged', { level: confidentialityLabel(level) }));
    } catch (e) {
      if (isApiError(e, 'version_conflict')) {
        message.warning(`${t('errors.version_conflict')} ${t('sales.common.reloaded')}`);
        await refresh();
      } else message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const grant = async () => {
    const body: GrantInput = kind === 'user' ? { userId: userId ?? undefined } : { role: role ?? undefined };
    setBusy('grant');
    try {
      const g = await api.post<GrantDto>(`${documentPath(doc.id)}/grants`, body, { idempotencyKey: grantKey.for({ id: doc.id, body }) });
      grantKey.reset();
      message.success(t('archive.access.granted', { name: g.userName ?? roleLabel(g.role ?? '') }));
      setUserId(null);
      setRole(null);
    } catch (e) {
      message.error(actionErrorText(e));
    } finally {
      setBusy(null);
      await refreshGrants();
    }
  };

  const revoke = (g: GrantDto) =>
    modal.confirm({
      title: t('archive.access.revokeConfirm', { name: grantName(g) }),
      okText: t('archive.access.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.delete(`${documentPath(doc.id)}/grants/${g.id}`);
          message.success(t('archive.access.revoked'));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          await refreshGrants();
        }
      },
    });

  const grantName = (g: GrantDto) => (g.userId ? (g.userName ?? g.userId) : t('archive.access.roleGrant', { role: roleLabel(g.role ?? '') }));
  const canGrant = kind === 'user' ? !!userId : !!role;

  return (
    <Card size="small" title={<Space><LockOutlined />{t('archive.access.title')}</Space>} data-testid="access-card">
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <div>
          <Typography.Text type="secondary">{t('archive.access.level')}</Typography.Text>
          <Segmented
            block
            style={{ marginTop: 4 }}
            value={doc.confidentiality}
            disabled={busy === 'level'}
            options={confidentialityOptions().map((o) => ({ ...o, label: <span data-testid={`level-${o.value}`}>{o.label}</span> }))}
            onChange={(v) => void setLevel(v as Confidentiality)}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
            {t(`archive.confidentialityHelp.${doc.confidentiality}`)}
          </Typography.Paragraph>
        </div>
        {doc.confidentiality === 'internal' ? <Alert type="info" showIcon message={t('archive.access.grantsMatterHint')} /> : null}
        <div>
          <Typography.Text type="secondary">{t('archive.access.grants')}</Typography.Text>
          <List
            size="small"
            loading={grants.isPending}
            dataSource={grants.data ?? []}
            locale={{ emptyText: t('archive.access.noGrants') }}
            data-testid="grants"
            renderItem={(g) => (
              <List.Item
                key={g.id}
                data-testid="grant-row"
                actions={[<Button key="revoke" type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => revoke(g)} aria-label={t('archive.access.revoke')} data-testid="grant-revoke" />]}
              >
                <List.Item.Meta title={grantName(g)} description={formatDateTime(g.grantedAt)} />
              </List.Item>
            )}
          />
        </div>
        <div>
          <Typography.Text type="secondary">{t('archive.access.grantTo')}</Typography.Text>
          <Space.Compact style={{ width: '100%', marginTop: 4 }}>
            <Segmented
              value={kind}
              onChange={(v) => setKind(v as 'user' | 'role')}
              options={[
                { value: 'user', label: t('archive.access.aUser') },
                { value: 'role', label: t('archive.access.aRole') },
              ]}
            />
          </Space.Compact>
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <div style={{ flex: 1, minWidth: 0 }} data-testid="grant-user">
              {kind === 'user' ? (
                <UserSelect value={userId} onChange={setUserId} excludeId={doc.ownerId ?? undefined} placeholder={t('archive.access.aUser')} />
              ) : (
                <Select style={{ width: '100%' }} value={role} onChange={setRole} options={GRANT_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} placeholder={t('archive.access.aRole')} data-testid="grant-role" />
              )}
            </div>
            <Button type="primary" disabled={!canGrant} loading={busy === 'grant'} onClick={() => void grant()} data-testid="grant-submit">
              {t('archive.access.grant')}
            </Button>
          </Space.Compact>
        </div>
      </Space>
    </Card>
  );
}
