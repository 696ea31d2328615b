import { CheckCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../../api-client';
import { translateOr } from '../../../i18n/labels';
import { hasPage } from '../../../navigation';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { formatDate } from '../../../ui/format';

interface WorkbenchItem {
  id: string;
  title: string;
  subtitle?: string | null;
  link?: string | null;
  date?: string | null;
  severity?: 'info' | 'warning' | 'danger';
  meta?: Record<string, string | number>;
}
interface Section {
  key: string;
  count: number;
  items: WorkbenchItem[];
  link?: string;
  error?: boolean;
}

const SEVERITY_COLOR = { info: '#1677ff', warning: '#fa8c16', danger: '#f5222d' } as const;

/** A link when the web app has the page, plain text otherwise (the module's pages may not exist yet). */
function MaybeLink({ to, children }: { to?: string | null; children: ReactNode }) {
  return to && hasPage(to) ? <Link to={to}>{children}</Link> : <>{children}</>;
}

/** Structured facts (meta) in the reader's language: { status: 'returned' } → "Returned for changes". */
function MetaTags({ meta }: { meta?: Record<string, string | number> }) {
  if (!meta) return null;
  return (
    <Space size={4} wrap>
      {Object.entries(meta)
        .filter(([, v]) => v !== 0) // "Overdue: 0" says nothing
        .map(([k, v]) => (
          <Tag key={k} style={{ marginInlineEnd: 0 }}>
            {k === 'status' ? translateOr(`workbench.statuses.${v}`, String(v)) : `${translateOr(`workbench.meta.${k}`, k)}: ${v}`}
          </Tag>
        ))}
    </Space>
  );
}

function SectionPanel({ section }: { section: Section }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{translateOr(`workbench.sections.${section.key}`, section.key)}</span>
          <Badge count={section.count} overflowCount={99} color={section.count ? '#1677ff' : '#d9d9d9'} showZero />
        </Space>
      }
      extra={section.link && hasPage(section.link) ? <Link to={section.link}>{t('common.viewAll')}</Link> : null}
      style={{ height: '100%' }}
      data-testid={`section-${section.key}`}
    >
      {section.error ? <Alert type="warning" showIcon message={t('workbench.sectionFailed')} /> : null}
      <List
        size="small"
        dataSource={section.items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workbench.nothingToday')} /> }}
        renderItem={(item) => (
          <List.Item key={item.id} style={{ paddingInline: 0 }}>
            <div style={{ display: 'flex', gap: 8, width: '100%', minWidth: 0, alignItems: 'flex-start' }}>
              <Badge color={SEVERITY_COLOR[item.severity ?? 'info']} style={{ marginTop: 2 }} />
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text ellipsis style={{ display: 'block' }}>
                  <MaybeLink to={item.link}>{item.title}</MaybeLink>
                </Typography.Text>
                {item.subtitle ? (
                  <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
                    {item.subtitle}
                  </Typography.Text>
                ) : null}
                <MetaTags meta={item.meta} />
              </div>
              {item.date ? (
                // Red only when the module says so: a date may be a due date or just when something happened.
                <Typography.Text type={item.severity === 'danger' ? 'danger' : 'secondary'} style={{ fontSize: 12, flex: 'none' }}>
                  {formatDate(item.date)}
                </Typography.Text>
              ) : null}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * What needs the user today, from every module: GET /api/v1/workbench returns the
 * sections the server's modules registered (approvals, tasks, requests, reminders,
 * notifications, …). Sections with nothing in them fold into one line.
 */
export function TodayCard() {
  const { t } = useTranslation();
  // No polling: a request every few minutes would keep an abandoned tab's session alive past its idle timeout.
  // The list refreshes when the user comes back to the tab (TanStack Query's refetch on focus).
  const workbench = useQuery({ queryKey: ['workbench', 'sections'], queryFn: () => api.get<{ sections: Section[] }>('/api/v1/workbench') });
  const sections = workbench.data?.sections ?? [];
  const busy = sections.filter((s) => s.items.length > 0 || s.error);
  const quiet = sections.filter((s) => s.items.length === 0 && !s.error);
  return (
    <Card title={t('workbench.todayTitle')} loading={workbench.isPending} data-testid="today">
      <ErrorAlert error={workbench.error} />
      {busy.length === 0 && !workbench.isError ? (
        <Typography.Text type="secondary">
          <CheckCircleOutlined style={{ color: '#52c41a' }} /> {t('workbench.nothingToday')}
        </Typography.Text>
      ) : (
        <Row gutter={[12, 12]}>
          {busy.map((s) => (
            <Col key={s.key} xs={24} lg={12} xxl={8}>
              <SectionPanel section={s} />
            </Col>
          ))}
        </Row>
      )}
      {busy.length > 0 && quiet.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
          <CheckCircleOutlined style={{ color: '#52c41a' }} /> {t('workbench.nothingIn', { sections: quiet.map((s) => translateOr(`workbench.sections.${s.key}`, s.key)).join(' · ') })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
