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
  // Customers, products and sales records (issue 4). Record rules narrow them further (customers.access.ts).
  'customers:read',
  'customers:write',
  'customers:merge',
  'customers:handover',
  'products:read',
  'products:manage',
  'regions:manage',
  'sales:read',
  'sales:write',
  'imports:run',
  'analysis:read',
  // The double-entry ledger (issue 7): reports, posting, and the chart of accounts with periods.
  'ledger:read',
  'ledger:post',
  'ledger:manage',
  // Document archive (issue 6). Confidentiality narrows reading further (modules/archive/archive.access.ts).
  'archive:read',
  'archive:write',
  'archive:manage',
  // Office supplies (issue 7): the catalogue, stock, issuing and the cost report. Requesting is requests:use.
  'supplies:manage',
  // Reps' periodic statements and the department report (issue 5): a rep submits their own; managers and assistants review the department's.
  'statements:submit',
  'statements:review',
  // Business trips and reimbursement claims (issue 7): plan and claim; review and override checks; book and pay advances; pay claims; the expense policy.
  'expenses:use',
  'expenses:review',
  'expenses:book',
  'expenses:pay',
  'expenses:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['users:read', 'departments:read', 'tokens:own', 'requests:use', 'tasks:use', 'files:upload'];

const readSales: Permission[] = ['customers:read', 'products:read', 'sales:read'];
const backOffice: Permission[] = [...readSales, 'customers:write', 'customers:merge', 'customers:handover', 'products:manage', 'regions:manage', 'sales:write', 'imports:run', 'analysis:read', 'archive:read', 'archive:write', 'archive:manage'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [...everyone, 'roles:read', 'tasks:assign', ...backOffice, 'ledger:read', 'supplies:manage', 'statements:review', 'expenses:use', 'expenses:review'],
  assistant: [...everyone, 'tasks:assign', ...backOffice, 'ledger:read', 'ledger:post', 'supplies:manage', 'statements:review', 'expenses:use', 'expenses:review', 'expenses:book'],
  // A rep keeps their own customers and sales records; merging, hand-over, catalogue and imports are the back office's.
  rep: [...everyone, ...readSales, 'customers:write', 'sales:write', 'archive:read', 'statements:submit', 'expenses:use'],
  finance: [...everyone, ...readSales, 'analysis:read', 'archive:read', 'ledger:read', 'ledger:post', 'ledger:manage', 'supplies:manage', 'expenses:use', 'expenses:review', 'expenses:book', 'expenses:pay', 'expenses:manage'],
  // A viewer reads; it submits nothing and uploads nothing.
  viewer: ['users:read', 'departments:read', 'tokens:own', ...readSales, 'archive:read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role] ?? []) set.add(p);
  return set;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
