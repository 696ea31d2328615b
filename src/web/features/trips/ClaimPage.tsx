import { CheckCircleOutlined, DollarOutlined, EditOutlined, ReloadOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormText } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, List, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { Claim, ClaimCheck } from '../../api/trips.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ApprovalPanel } from '../approvals/ApprovalPanel';
import { ClaimStatus, failureText } from './common';

const SEVERITY_COLOR = { info: 'blue', warning: 'orange', high: 'red' } as const;

/**
 * A claim: its items and receipts, every automatic check with its explanation (in the reader's
 * language) and what it matched, overrides with a reason, the approval, and the payment net of the advance.
 */
export function ClaimPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  // Under 'requests': the approval panel refreshes those after a decision. The saved language is in the key because
  // the server writes the checks' explanations in it: once a language switch is saved, they are read again.
  const claim = useQuery({ queryKey: ['requests', 'claims', id, me.user.locale], queryFn: () => api.get<Claim>(`/api/v1/claims/${id}`) });
  if (claim.isPending) return <PageLoading />;
  if (claim.isError) return <LoadError error={claim.error} onRetry={() => void claim.refetch()} />;
  const c = claim.data;
  const m = (v: number | null) => (v === null ? '–' : formatMoney(v, c.currency));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['requests', 'claims'] }), qc.invalidateQueries({ queryKey: ['claims'] }), qc.invalidateQueries({ queryKey: ['approvals'] })]);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      await refresh();
      return true;
    } catch (e) {
      message.error(failureText(e));
      return false;
    }
  };
  const open = c.checks.filter((k) => !k.overridden);

  return (
    <PageContainer
      title={`${c.number} ${c.title}`}
      tags={<ClaimStatus status={c.status} />}
      extra={
        <Space>
          {c.canEdit && (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/claims/${c.id}/edit`)} data-testid="edit-claim">
              {t('claims.edit')}
            </Button>
          )}
          {c.canEdit && (
            <Button type="primary" icon={<SendOutlined />} onClick={() => void act(() => api.post(`/api/v1/claims/${c.id}/submit`, { version: c.version }), t('claims.submittedMessage', { number: c.number }))} data-testid="submit-claim-existing">
              {t('claims.submit')}
            </Button>
          )}
          {c.canOverride && (
            <Button icon={<ReloadOutlined />} onClick={() => void act(() => api.post(`/api/v1/claims/${c.id}/recheck`, {}), t('claims.recheck'))}>
              {t('claims.recheck')}
            </Button>
          )}
          {c.canPay && (
            <Popconfirm
              title={t('claims.payConfirm', { amount: m(c.settlement.toPay), name: c.claimantName })}
              okButtonProps={{ 'data-testid': 'confirm-pay' } as never}
              onConfirm={() => void act(() => api.post(`/api/v1/claims/${c.id}/pay`, { version: c.version, method: 'bank' }, { idempotencyKey: key.for({ pay: c.id, v: c.version }) }), t('claims.paidMessage', { number: c.number, amount: m(c.settlement.toPay) }))}
            >
              <Button type="primary" icon={<DollarOutlined />} data-testid="pay-claim">
                {t('claims.pay')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
      data-testid="claim-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'c', label: t('claims.claimant'), children: c.claimantName },
                { key: 't', label: t('claims.trip'), children: c.tripId ? <Link to={`/trips/${c.tripId}`}>{c.tripNumber}</Link> : t('claims.noTrip') },
                { key: 's', label: t('claims.status'), children: <ClaimStatus status={c.status} /> },
                { key: 'total', label: t('claims.total'), children: <b data-testid="claim-total">{m(c.total)}</b> },
                ...(c.approvalEntryId && can('ledger:read') ? [{ key: 'le', label: t('trips.ledgerEntry'), children: <Link to={`/ledger/entries/${c.approvalEntryId}`}>{t('trips.ledgerEntry')}</Link> }] : []),
              ]}
            />
          </Card>
          <Card size="small" style={{ marginTop: 16 }} title={<Space>{open.length ? <WarningOutlined style={{ color: '#fa8c16' }} /> : <CheckCircleOutlined style={{ color: '#52c41a' }} />}{t('claims.checks')}</Space>} data-testid="claim-checks">
            {c.checks.length === 0 ? (
              <Alert type="success" showIcon message={t('claims.noChecks')} />
            ) : (
              <List<ClaimCheck>
                dataSource={c.checks}
                renderItem={(k) => (
                  <List.Item
                    data-testid="claim-check"
                    data-code={k.code}
                    data-overridden={String(k.overridden)}
                    actions={
                      c.canOverride && !k.overridden
                        ? [
                            <ModalForm
                              key="o"
                              title={t('claims.overrideTitle')}
                              trigger={<Button size="small" data-testid={`override-${k.code}`}>{t('claims.override')}</Button>}
                              modalProps={{ destroyOnClose: true }}
                              onFinish={async (v: { reason: string }) => act(() => api.post(`/api/v1/claims/${c.id}/checks/${k.id}/override`, { reason: v.reason }), t('claims.overriddenMessage'))}
                            >
                              <Typography.Paragraph>{k.explanation}</Typography.Paragraph>
                              <ProFormText name="reason" label={t('claims.overrideReason')} rules={[{ required: true }]} fieldProps={{ 'data-testid': 'override-reason' } as object} />
                            </ModalForm>,
                          ]
                        : []
                    }
                  >
                    <List.Item.Meta
                      title={
                        <Space wrap>
                          <Tag color={k.overridden ? 'default' : SEVERITY_COLOR[k.severity]}>{t(`claims.severities.${k.severity}`)}</Tag>
                          <Typography.Text type="secondary">{k.lineNo ? t('claims.line', { n: k.lineNo }) : t('claims.wholeClaim')}</Typography.Text>
                          <Typography.Text delete={k.overridden}>{k.explanation}</Typography.Text>
                        </Space>
                      }
                      description={
                        <>
                          {k.matches.length > 0 && (
                            <div>
                              {t('claims.matches')}:{' '}
                              {k.matches.map((mt, i) => (
                                <Tag key={i}>{mt.type === 'claim' && mt.id ? <Link to={`/claims/${mt.id}`}>{mt.label}</Link> : mt.label}</Tag>
                              ))}
                            </div>
                          )}
                          {k.overridden && <Typography.Text type="success">{t('claims.overridden', { name: k.overriddenByName ?? '', reason: k.overrideReason ?? '' })} · {formatDateTime(k.overriddenAt)}</Typography.Text>}
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={t('claims.items')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.items}
              columns={[
                { title: '#', dataIndex: 'lineNo', width: 40 },
                { title: t('claims.date'), dataIndex: 'date', width: 110 },
                { title: t('claims.category'), render: (_, it) => t(`ledger.expenseTypes.${it.category}`) },
                { title: t('claims.description'), dataIndex: 'description', ellipsis: true },
                // Tags wrap: a 20-digit number and a file name would otherwise run over the amount column.
                { title: t('claims.receipt'), render: (_, it) => it.receipts.map((r) => <Tag key={r.id} style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>{t(`claims.receiptKinds.${r.kind}`)} {r.invoiceNumber ?? ''} {r.fileName ? `· ${r.fileName}` : ''}</Tag>) },
                { title: t('claims.amount'), align: 'right', width: 120, render: (_, it) => m(it.amount) },
              ]}
              data-testid="claim-items"
            />
          </Card>
          <Card size="small" title={t('claims.byCategory')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="category"
              pagination={false}
              dataSource={c.byCategory}
              columns={[
                { title: t('claims.category'), render: (_, r) => t(`ledger.expenseTypes.${r.category}`) },
                { title: t('claims.claimed'), align: 'right', render: (_, r) => m(r.amount) },
                { title: t('claims.budget'), align: 'right', render: (_, r) => m(r.budget) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('claims.settlement')} style={{ marginBottom: 16 }} data-testid="claim-settlement">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 't', label: t('claims.total'), children: m(c.settlement.total) },
                { key: 'o', label: t('claims.openAdvance'), children: m(c.settlement.openAdvance) },
                { key: 'a', label: t('claims.advanceToClear'), children: <span data-testid="advance-to-clear">{m(c.payment?.advanceCleared ?? c.settlement.advanceToClear)}</span> },
                { key: 'p', label: c.payment ? t('claims.payment') : t('claims.toPay'), children: <b data-testid="to-pay">{m(c.payment?.amountPaid ?? c.settlement.toPay)}</b> },
                ...(c.settlement.employeeOwes ? [{ key: 'e', label: t('claims.employeeOwes'), children: m(c.settlement.employeeOwes) }] : []),
                ...(c.payment && can('ledger:read') ? [{ key: 'l', label: t('trips.ledgerEntry'), children: <Link to={`/ledger/entries/${c.payment.ledgerEntryId}`}>{c.payment.ledgerEntryNumber}</Link> }] : []),
              ]}
            />
          </Card>
          <ApprovalPanel requestId={c.approvalRequestId} docType="expense_claim" docId={c.id} />
        </Col>
      </Row>
    </PageContainer>
  );
}
