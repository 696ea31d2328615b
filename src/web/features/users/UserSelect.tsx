import { useQuery } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { Page, UserDto } from '../../api/types';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The chosen person's name, known before the search has loaded them. */
  initialLabel?: string | null;
  excludeId?: string;
  placeholder?: string;
  id?: string;
  activeOnly?: boolean;
}

/** Picks a person by typing part of a name or email (server-side search: the directory may be large). */
export function UserSelect({ value, onChange, initialLabel, excludeId, placeholder, id, activeOnly = true }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const users = useQuery({
    queryKey: ['users', 'lookup', q, activeOnly],
    queryFn: ({ signal }) => api.get<Page<UserDto>>('/api/v1/users', { q: q || undefined, limit: 20, isActive: activeOnly ? 'true' : undefined }, { signal }),
    staleTime: 30_000,
  });
  const options = (users.data?.items ?? [])
    .filter((u) => u.id !== excludeId)
    .map((u) => ({
      value: u.id,
      label: u.displayName,
      title: u.email,
      desc: u.email,
    }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel ?? value, title: '', desc: '' });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      showSearch
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      options={options}
      optionRender={(o) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <span>{o.label}</span>
          {o.data.desc ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.desc}
            </Typography.Text>
          ) : null}
        </div>
      )}
      loading={users.isFetching}
      allowClear
      placeholder={placeholder ?? t('users.selectUser')}
      notFoundContent={users.isFetching ? t('common.loading') : t('header.noResults')}
      style={{ width: '100%' }}
      onBlur={() => setText('')}
    />
  );
}
