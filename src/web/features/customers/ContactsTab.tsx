import { EditOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import type { ContactDto } from '../../api/customers.types';
import { errorMessage } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ContactFormModal } from './ContactFormModal';
import { listCustomerContacts } from './queries';
import type { TextKey } from './texts';

/** A customer's contacts: add, edit, archive (never deleted); archived ones on request. */
export function ContactsTab({ customerId, canEdit, highlightId }: { customerId: string; canEdit: boolean; highlightId?: string | null }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<ContactDto | 'new' | null>(null);
  const archived = showArchived ? 'all' : 'false';
  const contacts = useQuery({ queryKey: ['customers', 'contacts', customerId, archived], queryFn: async () => (await listCustomerContacts(customerId, archived)).items });
  const c = (k: TextKey<'contacts'>) => t(`customers.contacts.${k}`);
  const refresh = () => qc.invalidateQueries({ queryKey: ['customers'] });

  const archive = (x: ContactDto) =>
    modal.confirm({
      title: c('archive'),
      content: t('customers.contacts.archiveConfirm', { name: x.name }),
      okText: c('archive'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/v1/contacts/${x.id}/archive`, { version: x.version });
          message.success(c('archivedMessage'));
        } catch (e) {
          message.error(isApiError(e, 'version_conflict') ? t('errors.version_conflict') : errorMessage(e));
        }
        await refresh();
      },
    });

  return (
    <div data-testid="contacts-tab">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Switch size="small" checked={showArchived} onChange={setShowArchived} />
          <Typography.Text>{c('showArchived')}</Typography.Text>
        </Space>
        {canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-contact">
            {c('new')}
          </Button>
        ) : null}
      </Space>
      <ErrorAlert error={contacts.error} style={{ marginBottom: 8 }} />
      <Table<ContactDto>
        rowKey="id"
        size="small"
        loading={contacts.isPending}
        dataSource={contacts.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c('none')} /> }}
        rowClassName={(r) => (r.id === highlightId ? 'ant-table-row-selected' : '')}
        columns={[
          {
            title: c('name'),
            dataIndex: 'name',
            width: 220,
            render: (_, r) => (
              <div data-testid="contact-row-name">
                <Space size={4} wrap>
                  <Typography.Text strong delete={r.isArchived}>
                    {r.name}
                  </Typography.Text>
                  {r.isPrimary ? <Tag color="blue">{c('primary')}</Tag> : null}
                  {r.isArchived ? <Tag>{t('common.archived')}</Tag> : null}
                </Space>
                {r.title ? <div><Typography.Text type="secondary">{r.title}</Typography.Text></div> : null}
              </div>
            ),
          },
          {
            title: `${c('mobile')} / ${c('phone')}`,
            dataIndex: 'mobile',
            width: 150,
            render: (_, r) => (
              <>
                {r.mobile ? <div><a href={`tel:${r.mobile}`}>{r.mobile}</a></div> : null}
                {r.phone ? <div>{r.phone}</div> : null}
                {!r.mobile && !r.phone ? '–' : null}
              </>
            ),
          },
          { title: c('email'), dataIndex: 'email', ellipsis: true, render: (v) => (v ? <a href={`mailto:${v}`}>{v}</a> : '–') },
          { title: c('wechat'), dataIndex: 'wechat', width: 130, ellipsis: true, render: (v) => v ?? '–' },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 150,
                  render: (_: unknown, r: ContactDto) =>
                    r.isArchived ? null : (
                      <Space size={0}>
                        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                          {t('common.edit')}
                        </Button>
                        <Button type="link" size="small" icon={<InboxOutlined />} onClick={() => archive(r)}>
                          {c('archive')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <ContactFormModal
          customerId={customerId}
          contact={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}
