import { CheckOutlined, QuestionCircleOutlined, SaveOutlined, SendOutlined, WarningFilled } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, createActionKey } from '../../api-client';
import type { Figure, Statement } from '../../api/statements.types';
import { errorMessage } from '../../i18n/labels';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { currencyDigits, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { FIGURES, MONEY_FIGURES, StatementStatusTag, figureText, minorToInput } from './common';

type Draft = Record<Figure, string>;
const toDraft = (s: Statement): Draft =>
  Object.fromEntries(
    FIGURES.map((f) => {
      const v = s.reported[f];
      // Only figures the rep reported differently show in the input; agreement is an empty field.
      if (v === null || v === s.system[f]) return [f, ''];
      return [f, MONEY_FIGURES.includes(f) ? minorToInput(v, currencyDigits(s.currency)) : String(v)];
    }),
  ) as Draft;

/** One statement: the system's figures beside the reported ones (flags where they differ beyond the tolerance), commentary, and the actions of the rep or the reviewer. */
export function StatementPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const q = useQuery({ queryKey: ['statements', 'detail', id], queryFn: () => api.get<Statement>(`/api/v1/statements/${id}`) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [text, setText] = useState({ market: '', problems: '', nextSteps: '', answer: '' });
  const [querying, setQuerying] = useState(false);
  const [question, setQuestion] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data) {
      setDraft(toDraft(q.data));
      setText({ market: q.data.market, problems: q.data.problems, nextSteps: q.data.nextSteps, answer: '' });
    }
  }, [q.data]);
  if (q.isPending || !draft) return q.isError ? <LoadError error={q.error} onRetry={() => void q.refetch()} /> : <PageLoading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  const flagOf = (f: Figure) => s.flags.find((x) => x.figure === f);

  const reported = () => {
    const out: Partial<Record<Figure, number | null>> = {};
    for (const f of FIGURES) {
      const raw = draft[f].trim();
      if (!raw) continue;
      const v = MONEY_FIGURES.includes(f) ? parseMoney(raw, s.currency) : Number.isInteger(Number(raw)) ? Number(raw) : undefined;
      if (v === undefined) throw new Error(`${t(`statements.figures.${f}`)}: ${raw}`);
      out[f] = v;
    }
    return out;
  };
  const run = async (what: () => Promise<Statement>, done: string) => {
    setBusy(true);
    try {
      const next = await what();
      qc.setQueryData(['statements', 'detail', id], next);
      message.success(done);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      await qc.invalidateQueries({ queryKey: ['statements'] });
    }
  };
  const body = () => ({ reported: reported(), market: text.market, problems: text.problems, nextSteps: text.nextSteps, version: s.version });
  const save = () => run(() => api.patch<Statement>(`/api/v1/statements/${s.id}`, body()), t('statements.saved'));
  const submit = () =>
    run(
      () => api.post<Statement>(`/api/v1/statements/${s.id}/submit`, { ...body(), ...(s.status === 'queried' && { answer: text.answer }) }, { idempotencyKey: key.for({ id: s.id, v: s.version, a: 'submit' }) }),
      t('statements.submitted', { number: s.number }),
    );
  const accept = () => run(() => api.post<Statement>(`/api/v1/statements/${s.id}/accept`, { version: s.version }), t('statements.accepted', { number: s.number }));
  const sendQuery = async () => {
    await run(() => api.post<Statement>(`/api/v1/statements/${s.id}/query`, { question, version: s.version }), t('statements.queried', { name: s.repName }));
    setQuerying(false);
    setQuestion('');
  };

  const rows = FIGURES.map((f) => ({ key: f, figure: f }));
  return (
    <PageContainer
      title={`${s.number} · ${t(`statements.kinds.${s.kind}`)} ${s.periodKey}`}
      subTitle={s.repName}
      tags={
        <Space>
          <StatementStatusTag status={s.status} />
          {s.isLate ? <Tag color="error">{t('statements.late')}</Tag> : null}
        </Space>
      }
      extra={
        <Space wrap>
          {s.canEdit ? (
            <>
              <Button icon={<SaveOutlined />} onClick={() => void save()} loading={busy} data-testid="save-statement">
                {t('statements.save')}
              </Button>
              <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} loading={busy} data-testid="submit-statement">
                {s.status === 'queried' ? t('statements.resubmit') : t('statements.submit')}
              </Button>
            </>
          ) : null}
          {s.canReview ? (
            <>
              <Button icon={<QuestionCircleOutlined />} onClick={() => setQuerying(true)} data-testid="query-statement">
                {t('statements.query')}
              </Button>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => void accept()} loading={busy} data-testid="accept-statement">
                {t('statements.accept')}
              </Button>
            </>
          ) : null}
        </Space>
      }
      data-testid="statement-page"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('statements.details')} size="small">
            {s.flags.length ? (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('statements.flaggedCount', { count: s.flags.length })} data-testid="flags-alert" />
            ) : (
              <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('statements.noFlags')} />
            )}
            <Table
              size="small"
              pagination={false}
              dataSource={rows}
              data-testid="figures-table"
              columns={[
                { title: t('statements.figureColumn'), dataIndex: 'figure', render: (f: Figure) => t(`statements.figures.${f}`) },
                { title: t('statements.system'), align: 'right', render: (_, r) => <span data-testid={`system-${r.figure}`}>{figureText(r.figure, s.system[r.figure], s.currency)}</span> },
                {
                  title: t('statements.reported'),
                  align: 'right',
                  width: 200,
                  render: (_, r) =>
                    s.canEdit ? (
                      MONEY_FIGURES.includes(r.figure) ? (
                        <Input
                          value={draft[r.figure]}
                          placeholder={figureText(r.figure, s.system[r.figure], s.currency)}
                          onChange={(e) => setDraft({ ...draft, [r.figure]: e.target.value })}
                          style={{ textAlign: 'right' }}
                          inputMode="decimal"
                          data-testid={`reported-${r.figure}`}
                        />
                      ) : (
                        <InputNumber
                          value={draft[r.figure] === '' ? null : Number(draft[r.figure])}
                          placeholder={figureText(r.figure, s.system[r.figure], s.currency)}
                          precision={0}
                          onChange={(v) => setDraft({ ...draft, [r.figure]: v === null ? '' : String(v) })}
                          style={{ width: '100%' }}
                          data-testid={`reported-${r.figure}`}
                        />
                      )
                    ) : (
                      <Typography.Text type={flagOf(r.figure) ? 'danger' : undefined} strong={!!flagOf(r.figure)} data-testid={`reported-${r.figure}`}>
                        {figureText(r.figure, s.reported[r.figure], s.currency)}
                      </Typography.Text>
                    ),
                },
                {
                  title: t('statements.difference'),
                  align: 'right',
                  render: (_, r) => {
                    const flag = flagOf(r.figure);
                    if (!flag) return null;
                    return (
                      <Typography.Text type="danger" data-testid={`flag-${r.figure}`}>
                        <WarningFilled /> {figureText(r.figure, flag.difference, s.currency)}
                      </Typography.Text>
                    );
                  },
                },
              ]}
            />
            {s.canEdit ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('statements.reportedHelp')}
              </Typography.Paragraph>
            ) : null}
          </Card>
          <Card title={t('statements.commentary')} size="small" style={{ marginTop: 16 }}>
            <Form layout="vertical">
              {(['market', 'problems', 'nextSteps'] as const).map((k) => (
                <Form.Item key={k} label={t(`statements.${k}`)}>
                  {s.canEdit ? (
                    <Input.TextArea value={text[k]} onChange={(e) => setText({ ...text, [k]: e.target.value })} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5000} data-testid={`text-${k}`} />
                  ) : (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s[k] || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</Typography.Paragraph>
                  )}
                </Form.Item>
              ))}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          {s.queryQuestion ? (
            <Card title={t('statements.question')} size="small" style={{ marginBottom: 16 }} data-testid="query-card">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{s.queryQuestion}</Typography.Paragraph>
              {s.status === 'queried' && s.canEdit ? (
                <Form.Item label={t('statements.answer')} required style={{ marginBottom: 0 }}>
                  <Input.TextArea value={text.answer} onChange={(e) => setText({ ...text, answer: e.target.value })} autoSize={{ minRows: 2 }} data-testid="query-answer" />
                </Form.Item>
              ) : s.queryAnswer ? (
                <Descriptions size="small" column={1} items={[{ key: 'a', label: t('statements.answerShown'), children: s.queryAnswer }]} />
              ) : null}
            </Card>
          ) : null}
          <Card title={t('common.details')} size="small">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'rep', label: t('statements.rep'), children: s.repName },
                { key: 'period', label: t('statements.period'), children: t('statements.range', { from: s.from, to: s.to }) },
                { key: 'due', label: t('statements.dueOn'), children: s.isLate ? <Typography.Text type="danger">{s.dueOn}</Typography.Text> : s.dueOn },
                { key: 'submitted', label: t('statements.submittedAt'), children: formatDateTime(s.submittedAt) || '–' },
                {
                  key: 'reminders',
                  label: t('statements.reminders'),
                  children: (
                    <Space direction="vertical" size={0}>
                      <span data-testid="reminder-info">{s.reminders.count ? t('statements.remindedTimes', { count: s.reminders.count, at: formatDateTime(s.reminders.lastAt) }) : t('statements.notReminded')}</span>
                      {s.reminders.escalatedAt ? <Typography.Text type="danger">{t('statements.escalated', { at: formatDateTime(s.reminders.escalatedAt), name: s.reminders.escalatedToName ?? '' })}</Typography.Text> : null}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal open={querying} title={t('statements.queryTitle')} onCancel={() => setQuerying(false)} onOk={() => void sendQuery()} okButtonProps={{ disabled: !question.trim(), loading: busy }} destroyOnHidden>
        <Input.TextArea value={question} onChange={(e) => setQuestion(e.target.value)} placeholder={t('statements.queryPlaceholder')} autoSize={{ minRows: 3 }} data-testid="query-question" />
      </Modal>
    </PageContainer>
  );
}
