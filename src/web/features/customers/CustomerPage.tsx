import { EditOutlined, InboxOutlined, MergeCellsOutlined, PlusOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, List, Row, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, isApiError } from '../../api-client';
import type { CustomerDto, CustomerOverview } from '../../api/customers.types';
import { errorMessage, translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { DocumentsCard } from '../archive/DocumentsCard';
import { TaskFormDrawer } from '../tasks/TaskFormDrawer';
import { AddressesTab } from './AddressesTab';
import { ContactsTab } from './ContactsTab';
import { HandoverModal } from './HandoverModal';
import { CustomerStatusTag, KeyCustomerMark, LevelTag } from './labels';
import { MergeModal } from './MergeModal';
import { ProfileTab } from './ProfileTab';
import { mergedIntoId, useOverview } from './queries';
import { SalesTab } from './SalesTab';
import { TimelineCard } from './TimelineCard';

const TABS = ['profile', 'contacts', 'addresses', 'sales', 'files', 'documents', 'tasks'] as const;

function TasksTab({ o, canCreate }: { o: CustomerOverview; canCreate: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  return (
    <div data-testid="customer-tasks">
      {canCreate ? (
        <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('customers.tasks.new')}
          </Button>
        </Space>
      ) : null}
      <List
        size="small"
        dataSource={o.tasks}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.tasks.none')} /> }}
        renderItem={(task) => (
          <List.Item key={task.id} extra={<Tag>{translateOr(`customers.tasks.statuses.${task.status}`, task.status)}</Tag>}>
            <Space wrap>
              <Link to={`/tasks/${task.id}`}>
                {task.number} {task.title}
              </Link>
              {task.dueOn ? (
                <Typography.Text type={task.isOverdue ? 'danger' : 'secondary'}>
                  {t('customers.tasks.due')} {formatDate(task.dueOn)}
                  {task.isOverdue ? ` · ${t('customers.tasks.overdue')}` : ''}
                </Typography.Text>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
      {creating ? (
        <TaskFormDrawer
          related={{ type: 'customer', id: o.profile.id }}
          onClose={() => setCreating(false)}
          onSaved={(task) => {
            setCreating(false);
            void qc.invalidateQueries({ queryKey: ['customers'] });
            navigate(`/tasks/${task.id}`);
          }}
        />
      ) : null}
    </div>
  );
}

function Figures({ o }: { o: CustomerOverview }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const currency = o.orders.recent[0]?.currency ?? me.company.currency;
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={12} md={5}>
          <Statistic title={t('customers.stats.orders')} value={o.orders.count} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('customers.stats.netTotal')} value={formatMoney(o.orders.netTotal, currency)} />
        </Col>
        <Col xs={8} md={4}>
          <Statistic title={t('customers.stats.returns')} value={o.returns.count} />
        </Col>
        <Col xs={8} md={4}>
          <Statistic title={t('customers.stats.contracts')} value={o.contracts.count} />
        </Col>
        <Col xs={8} md={5}>
          <Statistic title={t('customers.stats.negotiations')} value={o.negotiations.count} suffix={o.negotiations.open ? <Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('customers.stats.openNegotiations', { count: o.negotiations.open })}</Typography.Text> : null} />
        </Col>
      </Row>
    </Card>
  );
}

/**
 * Customer 360: the header (status, level, key mark, owner) and the actions the user
 * may take; tabs for the profile, contacts, addresses, sales, files and tasks; the
 * timeline beside them. A merged-away customer leads to the one it was merged into.
 */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<'handover' | 'merge' | null>(null);
  const overview = useOverview(id);
  const survivor = mergedIntoId(overview.error);
  const mergedFrom = (location.state as { mergedFrom?: string } | null)?.mergedFrom;

  useEffect(() => {
    if (survivor) navigate(`/customers/${survivor}`, { replace: true, state: { mergedFrom: id } });
  }, [survivor, id, navigate]);

  if (overview.isPending || survivor) return <PageLoading />;
  if (overview.isError) return <LoadError error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const c = o.profile;
  const contactId = params.get('contact');
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : contactId ? 'contacts' : 'profile';
  const refresh = () => qc.invalidateQueries({ queryKey: ['customers'] });
  const writable = can('customers:write') && !c.isArchived;

  const setArchived = (archive: boolean) =>
    modal.confirm({
      title: archive ? t('customers.archive') : t('customers.restore'),
      content: archive ? t('customers.archiveConfirm', { name: c.name }) : undefined,
      okText: archive ? t('customers.archive') : t('customers.restore'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post<CustomerDto>(`/api/v1/customers/${c.id}/${archive ? 'archive' : 'restore'}`, { version: c.version });
          message.success(archive ? t('customers.archivedMessage') : t('customers.restoredMessage'));
        } catch (e) {
          message.error(isApiError(e, 'version_conflict') ? t('errors.version_conflict') : errorMessage(e));
        }
        await refresh();
      },
    });

  return (
    <PageContainer
      title={<span data-testid="customer-title">{`${c.code} ${c.name}`}</span>}
      tags={
        <Space size={0}>
          <CustomerStatusTag status={c.status} />
          <LevelTag level={c.level} />
          {c.isKey ? <KeyCustomerMark /> : null}
          {c.isArchived ? <Tag>{t('customers.archivedBadge')}</Tag> : null}
        </Space>
      }
      content={
        <Space split={<Typography.Text type="secondary">·</Typography.Text>} wrap>
          <Typography.Text data-testid="customer-owner">{t('customers.ownerLine', { name: c.ownerName ?? t('customers.noOwner') })}</Typography.Text>
          {c.departmentName ? <Typography.Text type="secondary">{c.departmentName}</Typography.Text> : null}
          {c.shortName ? <Typography.Text type="secondary">{c.shortName}</Typography.Text> : null}
          {c.industry ? <Typography.Text type="secondary">{c.industry}</Typography.Text> : null}
          {c.creditCode ? <Typography.Text type="secondary" copyable>{c.creditCode}</Typography.Text> : null}
        </Space>
      }
      extra={
        <Space wrap>
          {c.canEdit ? (
            <Link to={`/customers/${c.id}/edit`}>
              <Button icon={<EditOutlined />} data-testid="edit-customer">
                {t('common.edit')}
              </Button>
            </Link>
          ) : null}
          {can('customers:handover') && !c.isArchived ? (
            <Button icon={<SwapOutlined />} onClick={() => setDialog('handover')} data-testid="handover">
              {t('customers.handover.action')}
            </Button>
          ) : null}
          {can('customers:merge') && !c.isArchived ? (
            <Button icon={<MergeCellsOutlined />} onClick={() => setDialog('merge')} data-testid="merge">
              {t('customers.merge.action')}
            </Button>
          ) : null}
          {can('customers:write') ? (
            c.isArchived ? (
              <Button icon={<RollbackOutlined />} onClick={() => setArchived(false)} data-testid="restore-customer">
                {t('customers.restore')}
              </Button>
            ) : (
              <Button danger icon={<InboxOutlined />} onClick={() => setArchived(true)} data-testid="archive-customer">
                {t('customers.archive')}
              </Button>
            )
          ) : null}
        </Space>
      }
      data-testid="customer-page"
    >
      {mergedFrom ? <Alert type="info" showIcon closable style={{ marginBottom: 16 }} message={t('customers.mergedRedirect')} data-testid="merged-notice" /> : null}
      <Figures o={o} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams(k === 'profile' ? {} : { tab: k }, { replace: true })}
              items={[
                { key: 'profile', label: t('customers.tabs.profile'), children: <ProfileTab c={c} /> },
                { key: 'contacts', label: t('customers.tabs.contacts', { count: o.contacts.length }), children: <ContactsTab customerId={c.id} canEdit={writable} highlightId={contactId} /> },
                { key: 'addresses', label: t('customers.tabs.addresses', { count: o.addresses.length }), children: <AddressesTab customerId={c.id} canEdit={writable} /> },
                { key: 'sales', label: t('customers.tabs.sales'), children: <SalesTab o={o} customerId={c.id} /> },
                { key: 'files', label: t('customers.tabs.files', { count: o.files.length }), children: <AttachmentList entityType="customer" entityId={c.id} canUpload={writable} /> },
                ...(can('archive:read') ? [{ key: 'documents', label: t('archive.card.title'), children: <DocumentsCard entityType="customer" entityId={c.id} bare /> }] : []),
                { key: 'tasks', label: t('customers.tabs.tasks', { count: o.tasks.length }), children: <TasksTab o={o} canCreate={can('tasks:use') && !c.isArchived} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <TimelineCard customerId={c.id} />
        </Col>
      </Row>
      {dialog === 'handover' ? (
        <HandoverModal
          customer={c}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void refresh();
          }}
        />
      ) : null}
      {dialog === 'merge' ? (
        <MergeModal
          survivor={c}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void refresh();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
