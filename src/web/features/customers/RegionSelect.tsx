import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api } from '../../api-client';

interface RegionRow {
  id: string;
  name: string;
  parentId: string | null;
  isArchived: boolean;
}

/** The sales regions (a small tree) as one indented list. */
export function RegionSelect({ value, onChange, id, placeholder }: { value?: string | null; onChange?: (id: string | null) => void; id?: string; placeholder?: string }) {
  const regions = useQuery({ queryKey: ['regions', 'all'], queryFn: async () => (await api.get<{ items: RegionRow[] }>('/api/v1/regions')).items, staleTime: 60_000 });
  const rows = regions.data ?? [];
  const ordered: { row: RegionRow; depth: number }[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const r of rows.filter((x) => x.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push({ row: r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  // A region whose parent is missing still shows.
  for (const r of rows) if (!ordered.some((o) => o.row.id === r.id)) ordered.push({ row: r, depth: 0 });
  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      showSearch
      optionFilterProp="title"
      loading={regions.isPending}
      placeholder={placeholder}
      style={{ width: '100%' }}
      options={ordered.map(({ row, depth }) => ({ value: row.id, title: row.name, label: `${'\u3000'.repeat(depth)}${row.name}`, disabled: row.isArchived && row.id !== value }))}
    />
  );
}
