import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { DepartmentDto } from '../../api/types';

export const departmentsKey = ['departments'] as const;

/** The whole organisation chart: small (tens of rows), so fetched whole and cached. */
export function useDepartments() {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: async () => (await api.get<{ items: DepartmentDto[] }>('/api/v1/departments')).items,
  });
}

export interface DepartmentNode extends DepartmentDto {
  children?: DepartmentNode[];
}

/** parentId → a tree; a department whose parent is missing becomes a root rather than disappearing. */
export function buildDepartmentTree(items: DepartmentDto[]): DepartmentNode[] {
  const byId = new Map<string, DepartmentNode>(items.map((d) => [d.id, { ...d }]));
  const roots: DepartmentNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const sort = (nodes: DepartmentNode[]) => {
    nodes.sort((a, b) => a.name.localeCompare(b.name));
    for (const n of nodes) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a department and everything below it (a department cannot move under its own subtree). */
export function subtreeIds(items: DepartmentDto[], rootId: string): Set<string> {
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
