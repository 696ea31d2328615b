/**
 * Roles and the actions each grants. Record rules (which rows) live in scope.ts;
 * this is only "may this role do this kind of thing at all".
 * Modules add their permissions here as they arrive, so the matrix stays one table.
 */
export const ROLES = ['admin', 'manager', 'assistant', 'rep', 'finance', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users:read',
  'users:manage',
  'departments:read',
  'departments:manage',
  'roles:read',
  'audit:read',
  'settings:manage',
  'tokens:own',
  'jobs:manage',
  'approvals:configure',
  'requests:use',
  'tasks:use',
  'tasks:assign',
  'files:upload',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['users:read', 'departments:read', 'tokens:own', 'requests:use', 'tasks:use', 'files:upload'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [...everyone, 'roles:read', 'tasks:assign'],
  assistant: [...everyone, 'tasks:assign'],
  rep: [...everyone],
  finance: [...everyone],
  // A viewer reads; it submits nothing and uploads nothing.
  viewer: ['users:read', 'departments:read', 'tokens:own'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role] ?? []) set.add(p);
  return set;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
