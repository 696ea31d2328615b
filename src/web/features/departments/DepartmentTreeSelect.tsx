import type { CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, subtreeIds, useDepartments, type DepartmentNode } from './queries';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Hide this department and its subtree (choosing a parent for it). */
  excludeSubtreeOf?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
}

interface TreeNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeNode[];
}

/** Picks a department from the tree; archived ones are shown greyed and cannot be chosen for new assignments. */
export function DepartmentTreeSelect({ value, onChange, excludeSubtreeOf, placeholder, allowClear = true, style, id }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const items = departments.data ?? [];
  const excluded = excludeSubtreeOf ? subtreeIds(items, excludeSubtreeOf) : new Set<string>();
  const toNode = (d: DepartmentNode): TreeNode | null => {
    if (excluded.has(d.id)) return null;
    return {
      value: d.id,
      title: d.isArchived ? `${d.name} (${t('common.archived')})` : d.name,
      disabled: d.isArchived && d.id !== value,
      children: d.children?.map(toNode).filter((n): n is TreeNode => n !== null),
    };
  };
  const treeData = buildDepartmentTree(items)
    .map(toNode)
    .filter((n): n is TreeNode => n !== null);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as string | undefined) ?? null)}
      treeData={treeData}
      loading={departments.isPending}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      placeholder={placeholder ?? t('departments.choose')}
      style={{ width: '100%', ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
