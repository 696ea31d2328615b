import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Grid, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { translateOr } from '../../i18n/labels';
import { hasPage } from '../../navigation';
import { searchEverything, type SearchHit } from './providers';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** The header's search box: people and every module's records, grouped by kind. */
export function GlobalSearch() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);

  const results = useQuery({
    queryKey: ['global-search', q],
    enabled: q.length > 0,
    staleTime: 10_000,
    queryFn: ({ signal }) => searchEverything(q, signal),
  });

  const groups = new Map<string, SearchHit[]>();
  // Hits whose page the web app does not have yet (a module still being built) are left out rather than leading to a 404.
  for (const hit of (results.data ?? []).filter((h) => hasPage(h.link))) groups.set(hit.kind, [...(groups.get(hit.kind) ?? []), hit]);
  void i18n.language; // group labels follow the language
  const options = [...groups.entries()].map(([kind, hits]) => ({
    label: translateOr(`search.kinds.${kind}`, kind),
    options: hits.map((h) => ({
      value: h.link,
      key: `${h.kind}:${h.id}`,
      label: (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3, padding: '2px 0' }} data-testid="search-hit">
          <span>{h.title}</span>
          {h.subtitle ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {h.subtitle}
            </Typography.Text>
          ) : null}
        </div>
      ),
    })),
  }));

  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(link: string) => {
        setText('');
        navigate(link);
      }}
      notFoundContent={q && results.isFetched && !results.isFetching ? t('header.noResults') : null}
      popupMatchSelectWidth={340}
      style={{ width: screens.lg ? 260 : 170 }}
      data-testid="global-search"
    >
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('header.searchPlaceholder')} aria-label={t('header.searchLabel')} variant="filled" />
    </AutoComplete>
  );
}
