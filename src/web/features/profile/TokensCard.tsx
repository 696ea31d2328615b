import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormSelect, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Modal, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, createActionKey } from '../../api-client';
import type { ApiToken, CreateTokenInput } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatDate, formatDateTime } from '../../ui/format';

// Not under ['me']: sign-in keeps the 'me' query, and one user's tokens must never show for the next.
const tokensKey = ['my-tokens'] as const;

function tokenState(tk: ApiToken): 'revoked' | 'expired' | 'active' {
  if (tk.revokedAt) return 'revoked';
  if (tk.expiresAt && new Date(tk.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

/** Personal API tokens: the secret is shown once, right after creation; revoked tokens stay listed for the record. */
export function TokensCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: async () => (await api.get<{ items: ApiToken[] }>('/api/v1/me/tokens')).items });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const formRef = useRef<ProFormInstance<{ name: string; expiresInDays: number | 'never' }>>(undefined);
  const actionKey = useRef(createActionKey()).current;

  const revoke = async (tk: ApiToken) => {
    try {
      await api.delete(`/api/v1/me/tokens/${tk.id}`);
      message.success(t('profile.revokedMessage', { name: tk.name }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: tokensKey });
    }
  };

  const columns: ColumnsType<ApiToken> = [
    { title: t('profile.tokenName'), dataIndex: 'name', ellipsis: true },
    { title: t('profile.tokenPrefix'), dataIndex: 'prefix', width: 150, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('profile.tokenCreated'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('profile.tokenLastUsed'), dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => (v ? formatDateTime(v) : t('common.never')) },
    { title: t('profile.tokenExpires'), dataIndex: 'expiresAt', width: 120, render: (v: string | null) => (v ? formatDate(v) : t('profile.noExpiry')) },
    {
      title: t('profile.tokenStatus'),
      key: 'status',
      width: 100,
      render: (_, tk) => {
        const s = tokenState(tk);
        return <Badge status={s === 'active' ? 'success' : 'default'} text={t(s === 'active' ? 'profile.tokenActive' : s === 'expired' ? 'profile.tokenExpired' : 'profile.tokenRevoked')} />;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, tk) =>
        tk.revokedAt ? null : (
          <Popconfirm
            title={t('profile.revokeConfirm', { name: tk.name })}
            okText={t('profile.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            overlayStyle={{ maxWidth: 340 }}
            onConfirm={() => revoke(tk)}
          >
            <a style={{ color: '#cf1322' }}>{t('profile.revoke')}</a>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('profile.tokensTitle')}
      id="tokens"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-token">
          {t('profile.newToken')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('profile.tokensHelp')}</Typography.Paragraph>
      {tokens.isError ? <Alert type="error" showIcon message={errorMessage(tokens.error)} style={{ marginBottom: 16 }} /> : null}
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens.data ?? []}
        loading={tokens.isPending}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('profile.noTokens') }}
        data-testid="tokens-table"
      />
      {creating ? (
        <ModalForm<{ name: string; expiresInDays: number | 'never' }>
          title={t('profile.newTokenTitle')}
          open
          formRef={formRef}
          width={440}
          modalProps={{ destroyOnHidden: true, onCancel: () => setCreating(false) }}
          initialValues={{ expiresInDays: 90 }}
          submitter={{ searchConfig: { submitText: t('common.create'), resetText: t('common.cancel') } }}
          onFinish={async ({ name, expiresInDays }) => {
            const body: CreateTokenInput = { name: name.trim(), ...(expiresInDays === 'never' ? {} : { expiresInDays }) };
            try {
              const created = await api.post<{ token: string; apiToken: ApiToken }>('/api/v1/me/tokens', body, { idempotencyKey: actionKey.for(body) });
              actionKey.reset();
              setCreating(false);
              setSecret({ name: created.apiToken.name, token: created.token });
              await qc.invalidateQueries({ queryKey: tokensKey });
              return true;
            } catch (e) {
              if (!applyFieldErrors(formRef.current, e)) message.error(errorMessage(e));
              return false;
            }
          }}
        >
          <ProFormText name="name" label={t('profile.tokenName')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100 }]} />
          <ProFormSelect
            name="expiresInDays"
            label={t('profile.expiresIn')}
            allowClear={false}
            options={[
              ...[30, 90, 180, 365].map((d) => ({ value: d, label: t('profile.days', { count: d }) })),
              { value: 'never', label: t('profile.noExpiry') },
            ]}
          />
        </ModalForm>
      ) : null}
      <Modal
        open={!!secret}
        title={t('profile.secretTitle')}
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('profile.secretDone')}
          </Button>
        }
      >
        <Alert type="warning" showIcon message={t('profile.secretText')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph strong>{secret?.name}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: secret?.token ?? '', tooltips: [t('common.copy'), t('common.copied')] }} code style={{ wordBreak: 'break-all' }} data-testid="token-secret">
          {secret?.token}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
