import type { CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';

/** A flat row of a tree the server keeps as `parentId` links (departments, product categories, regions). */
export interface TreeRow {
  id: string;
  parentId: string | null;
  name: string;
  isArchived: boolean;
}

export type TreeNodeOf<T> = T & { children?: TreeNodeOf<T>[] };

/** parentId → a tree sorted by name; a row whose parent is missing becomes a root rather than disappearing. */
export function buildTree<T extends TreeRow>(items: T[]): TreeNodeOf<T>[] {
  const byId = new Map<string, TreeNodeOf<T>>(items.map((d) => [d.id, { ...d }]));
  const roots: TreeNodeOf<T>[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: TreeNodeOf<T>[]) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a row and everything below it (a node cannot move under its own subtree). */
export function subtreeIds(items: readonly { id: string; parentId: string | null }[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of items) {
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** "East China / Shanghai": the names from the root down to a row, for labels outside the tree. */
export function pathName(items: readonly TreeRow[], id: string | null | undefined, separator = ' / '): string {
  const byId = new Map(items.map((r) => [r.id, r]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (let r = id ? byId.get(id) : undefined; r && !seen.has(r.id); r = r.parentId ? byId.get(r.parentId) : undefined) {
    seen.add(r.id);
    names.unshift(r.name);
  }
  return names.join(separator);
}

export interface TreeRowSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Hide this row and its subtree (choosing a parent for it). */
  excludeSubtreeOf?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
}

interface SelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: SelectNode[];
}

/**
 * Picks a row of a parentId tree; archived rows are shown greyed and cannot be chosen for
 * new assignments (the one already chosen stays visible). The rows come from the caller's query.
 */
export function TreeRowSelect({ items, loading, value, onChange, excludeSubtreeOf, placeholder, allowClear = true, style, id }: TreeRowSelectProps & { items: TreeRow[]; loading?: boolean }) {
  const { t } = useTranslation();
  const excluded = excludeSubtreeOf ? subtreeIds(items, excludeSubtreeOf) : new Set<string>();
  const toNode = (d: TreeNodeOf<TreeRow>): SelectNode | null => {
    if (excluded.has(d.id)) return null;
    return {
      value: d.id,
      title: d.isArchived ? `${d.name} (${t('common.archived')})` : d.name,
      disabled: d.isArchived && d.id !== value,
      children: d.children?.map(toNode).filter((n): n is SelectNode => n !== null),
    };
  };
  const treeData = buildTree(items)
    .map(toNode)
    .filter((n): n is SelectNode => n !== null);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? null)}
      treeData={treeData}
      loading={loading}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
