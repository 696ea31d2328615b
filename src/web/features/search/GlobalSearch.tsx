import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Grid, Input, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../session/SessionContext';
import { searchProviders } from './providers';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The header's search box: every provider the user may use, grouped by kind. */
export function GlobalSearch() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const providers = useMemo(() => searchProviders.filter((p) => can(p.permission)), [can]);

  const results = useQuery({
    queryKey: ['global-search', q, providers.map((p) => p.kind)],
    enabled: q.length > 0 && providers.length > 0,
    staleTime: 10_000,
    queryFn: ({ signal }) =>
      Promise.all(
        providers.map(async (p) => ({ provider: p, hits: await p.search(q, signal).catch(() => []) })),
      ),
  });

  const options = (results.data ?? [])
    .filter((g) => g.hits.length > 0)
    .map((g) => ({
      label: t(g.provider.label),
      options: g.hits.map((h) => ({
        value: h.path,
        label: (
          <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3, padding: '2px 0' }}>
            <span>{h.title}</span>
            {h.description ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {h.description}
              </Typography.Text>
            ) : null}
          </div>
        ),
      })),
    }));

  if (providers.length === 0) return null;
  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(path: string) => {
        setText('');
        navigate(path);
      }}
      notFoundContent={q && results.isFetched && !results.isFetching ? t('header.noResults') : null}
      popupMatchSelectWidth={320}
      style={{ width: screens.lg ? 260 : 170 }}
      data-testid="global-search"
    >
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('header.searchPlaceholder')} aria-label={t('header.searchLabel')} variant="filled" />
    </AutoComplete>
  );
}
