import { EditOutlined, FileAddOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, List, Modal, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { Contract, Negotiation } from '../../api/sales.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDate, formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { AttachmentList } from '../files/Attachments';
import { toDay } from './amounts';
import { DETAIL_COLUMNS, RecordHistory, useRecordAction } from './common';
import { salesLabel, SalesTag } from './labels';
import { NextStepDate } from './NegotiationsPage';

/** Meeting notes: newest first, and a small form to add one while the negotiation is open. */
function Meetings({ n, mayWrite }: { n: Negotiation; mayWrite: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ heldOn: Dayjs; notes: string }>();
  const action = useRecordAction();
  const add = async () => {
    let v: { heldOn: Dayjs; notes: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const saved = await action.run<Negotiation>('meeting', `/api/v1/sales/negotiations/${n.id}/meetings`, { heldOn: toDay(v.heldOn), notes: v.notes.trim() }, () => t('sales.negotiations.meetingSaved'));
    if (saved) form.resetFields();
  };
  const meetings = n.meetings ?? [];
  return (
    <>
      {mayWrite && n.outcome === 'open' ? (
        <Form form={form} layout="vertical" initialValues={{ heldOn: dayjs() }} data-testid="meeting-form" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="heldOn" label={t('sales.negotiations.heldOn')} rules={[{ required: true, message: t('sales.common.required') }]}>
                <DatePicker placeholder={t('sales.common.chooseDate')} style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item name="notes" label={t('sales.negotiations.meetingNotes')} rules={[{ required: true, whitespace: true, message: t('sales.common.required') }]}>
                <Input.TextArea rows={3} maxLength={20000} data-testid="meeting-notes" />
              </Form.Item>
            </Col>
          </Row>
          <Button onClick={() => void add()} loading={action.busy === 'meeting'} data-testid="add-meeting">
            {t('sales.negotiations.addMeeting')}
          </Button>
        </Form>
      ) : null}
      {meetings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.negotiations.noMeetings')} />
      ) : (
        <List
          size="small"
          dataSource={meetings}
          data-testid="meetings"
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <Tag>{formatDate(m.heldOn)}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.authorName ?? ''} · {formatDateTime(m.createdAt)}
                    </Typography.Text>
                  </Space>
                }
                description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.notes}</Typography.Paragraph>}
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}

/** One negotiation: who, what, where it stands, the meetings, the outcome, and the contract a win leads to. */
export function NegotiationPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const action = useRecordAction();
  const [lostOpen, setLostOpen] = useState(false);
  const [lostReason, setLostReason] = useState('');
  const query = useQuery({ queryKey: ['sales', 'negotiations', 'detail', id], queryFn: () => api.get<Negotiation>(`/api/v1/sales/negotiations/${id}`) });
  if (query.isPending) return <PageLoading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const n = query.data;
  const mayWrite = can('sales:write');
  const open = n.outcome === 'open';
  const outcome = (to: 'won' | 'lost', reason?: string) => action.run<Negotiation>(to, `/api/v1/sales/negotiations/${n.id}/outcome`, { outcome: to, lostReason: reason, version: n.version }, (x) => `${x.number}: ${salesLabel('outcome', x.outcome)}`);
  const createContract = async () => {
    const c = await action.run<Contract>('contract', `/api/v1/sales/negotiations/${n.id}/contract`, { version: n.version }, (x) => t('sales.negotiations.contractCreated', { number: x.number }));
    if (c) navigate(`/sales/contracts/${c.id}`);
  };
  const people = (kind: 'user' | 'contact') => (n.participants ?? []).filter((p) => p.kind === kind);

  return (
    <PageContainer
      title={
        <Space>
          {n.number}
          <SalesTag set="stage" value={n.stage} />
          <SalesTag set="outcome" value={n.outcome} />
        </Space>
      }
      subTitle={n.subject}
      onBack={() => navigate('/sales/negotiations')}
      extra={
        mayWrite ? (
          <Space wrap>
            {open ? (
              <>
                <Button type="primary" disabled={!!action.busy} loading={action.busy === 'won'} onClick={() => modal.confirm({ title: t('sales.negotiations.wonConfirm', { number: n.number }), onOk: () => outcome('won') })} data-testid="negotiation-won">
                  {t('sales.negotiations.won')}
                </Button>
                <Button danger disabled={!!action.busy} onClick={() => setLostOpen(true)} data-testid="negotiation-lost">
                  {t('sales.negotiations.lost')}
                </Button>
                <Button icon={<EditOutlined />} onClick={() => navigate(`/sales/negotiations/${n.id}/edit`)} data-testid="negotiation-edit">
                  {t('common.edit')}
                </Button>
              </>
            ) : null}
            {n.outcome === 'won' && !n.contractId ? (
              <Button type="primary" icon={<FileAddOutlined />} loading={action.busy === 'contract'} onClick={() => void createContract()} data-testid="negotiation-create-contract">
                {t('sales.negotiations.createContract')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
      data-testid="negotiation-page"
    >
      {!open ? <Alert type={n.outcome === 'won' ? 'success' : 'warning'} showIcon style={{ marginBottom: 16 }} message={t('sales.negotiations.closed', { outcome: salesLabel('outcome', n.outcome) })} description={n.lostReason ?? undefined} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('common.details')}>
            <Descriptions
              size="small"
              column={DETAIL_COLUMNS}
              items={[
                { key: 'subject', label: t('sales.negotiations.subject'), span: 2, children: n.subject },
                { key: 'customer', label: t('sales.field.customer'), children: <Link to={`/customers/${n.customerId}`}>{n.customerName}</Link> },
                { key: 'value', label: t('sales.negotiations.expectedValue'), children: n.expectedValue === null ? '–' : formatMoney(n.expectedValue, n.currency) },
                { key: 'nextStep', label: t('sales.negotiations.nextStep'), children: n.nextStep ?? '–' },
                { key: 'nextStepOn', label: t('sales.negotiations.nextStepOn'), children: <NextStepDate n={n} /> },
                { key: 'owner', label: t('sales.field.owner'), children: n.ownerId ? <Link to={`/people/${n.ownerId}`}>{n.ownerName}</Link> : '–' },
                { key: 'contract', label: t('sales.negotiations.contract'), children: n.contractId ? <Link to={`/sales/contracts/${n.contractId}`} data-testid="negotiation-contract">{t('sales.negotiations.openContract')}</Link> : '–' },
                { key: 'users', label: t('sales.negotiations.users'), children: people('user').map((p) => p.name).join(', ') || '–' },
                { key: 'contacts', label: t('sales.negotiations.contacts'), children: people('contact').map((p) => p.name).join(', ') || '–' },
              ]}
            />
          </Card>
          <Card size="small" title={t('sales.negotiations.meetings')} style={{ marginTop: 16 }}>
            <Meetings n={n} mayWrite={mayWrite} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('sales.common.files')}>
            <AttachmentList entityType="negotiation" entityId={n.id} canUpload={mayWrite && can('files:upload')} />
          </Card>
          <Card size="small" title={t('sales.common.history')} style={{ marginTop: 16 }}>
            <RecordHistory customerId={n.customerId} entityId={n.id} kinds={['negotiation.stage', 'negotiation.meeting', 'negotiation.won', 'negotiation.lost']} createdAt={n.createdAt} owner={n.ownerName} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={lostOpen}
        title={t('sales.negotiations.lost')}
        onCancel={() => setLostOpen(false)}
        okButtonProps={{ danger: true, disabled: !lostReason.trim(), loading: action.busy === 'lost' }}
        onOk={async () => {
          if (await outcome('lost', lostReason.trim())) setLostOpen(false);
        }}
      >
        <Typography.Paragraph>{t('sales.negotiations.lostReason')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={lostReason} onChange={(e) => setLostReason(e.target.value)} data-testid="lost-reason" />
      </Modal>
    </PageContainer>
  );
}
