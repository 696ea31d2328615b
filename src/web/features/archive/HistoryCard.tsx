import { HistoryOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { AccessEvent, GrantDto, HistoryResult } from '../../api/archive.types';
import type { UserDto } from '../../api/types';
import { roleLabel, translateOr } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';
import { historyDetail, historyVerb } from './archive-logic';
import { confidentialityLabel } from './labels';
import { documentPath, grantsKey, historyKey } from './queries';

const COLORS: Record<string, string> = { grant: 'green', revoke: 'orange', denied: 'red', confidentiality: 'purple', download: 'blue', preview: 'blue', view: 'gray' };

/** A person named in an entry (who was granted): from the grants when still there, else from the directory. */
function PersonName({ id, grants }: { id: string; grants: GrantDto[] | undefined }) {
  const known = grants?.find((g) => g.userId === id)?.userName;
  const user = useQuery({ queryKey: ['users', 'one', id], queryFn: () => api.get<UserDto>(`/api/v1/users/${id}`), enabled: !known, staleTime: 300_000 });
  return <>{known ?? user.data?.displayName ?? '…'}</>;
}

function EventText({ e, grants }: { e: AccessEvent; grants: GrantDto[] | undefined }) {
  const { t } = useTranslation();
  const verb = historyVerb(e.action);
  const d = historyDetail(e.detail);
  const whom = d.userId ? <PersonName id={d.userId} grants={grants} /> : d.role ? t('archive.access.roleGrant', { role: roleLabel(d.role) }) : null;
  return (
    <Space size={6} wrap data-testid="history-entry" data-verb={verb}>
      <Typography.Text strong>{translateOr(`archive.history.${verb}`, e.action)}</Typography.Text>
      {(verb === 'grant' || verb === 'revoke') && whom ? <Typography.Text>→ {whom}</Typography.Text> : null}
      {verb === 'confidentiality' && d.level ? <Typography.Text>→ {confidentialityLabel(d.level)}</Typography.Text> : null}
      {d.versionNo ? <Typography.Text type="secondary">{t('archive.access.versionNo', { n: d.versionNo })}</Typography.Text> : null}
      {d.watermarked ? <Tag color="orange">{t('archive.access.watermarked')}</Tag> : null}
      <Typography.Text type="secondary">— {e.actorName ?? '–'}</Typography.Text>
    </Space>
  );
}

/** Who viewed, downloaded, previewed, changed, granted or was refused the document, and when (owner and admins). */
export function HistoryCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const grants = useQuery({ queryKey: grantsKey(id), queryFn: async () => (await api.get<{ items: GrantDto[] }>(`${documentPath(id)}/grants`)).items });
  const history = useInfiniteQuery({
    queryKey: historyKey(id),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => api.get<HistoryResult>(`${documentPath(id)}/access-history`, { limit: 30, before: pageParam }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={<Space><HistoryOutlined />{t('archive.access.history')}</Space>} data-testid="access-history">
      {history.error ? <ErrorAlert error={history.error} /> : null}
      {history.isPending ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.access.noHistory')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={items.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: COLORS[historyVerb(e.action)] ?? 'blue',
            children: (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
                <br />
                <EventText e={e} grants={grants.data} />
              </>
            ),
          }))}
        />
      )}
      {history.hasNextPage ? (
        <Button size="small" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {t('archive.access.loadMore')}
        </Button>
      ) : null}
    </Card>
  );
}
