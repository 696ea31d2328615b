import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { DepartmentDto } from '../../api/types';
import { buildTree, type TreeNodeOf } from '../../ui/tree';

export const departmentsKey = ['departments'] as const;

/** The whole organisation chart: small (tens of rows), so fetched whole and cached. */
export function useDepartments() {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: async () => (await api.get<{ items: DepartmentDto[] }>('/api/v1/departments')).items,
  });
}

export type DepartmentNode = TreeNodeOf<DepartmentDto>;

/** parentId → a tree; a department whose parent is missing becomes a root rather than disappearing. */
export const buildDepartmentTree = (items: DepartmentDto[]): DepartmentNode[] => buildTree(items);
