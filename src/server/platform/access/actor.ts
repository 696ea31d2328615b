import type { Permission, Role } from './roles';

/** Who is acting, resolved once per request and passed to every service call. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  permissions: Set<Permission>;
  departmentId: string | null;
  managerId: string | null;
  locale: 'en' | 'zh-CN';
  sessionId?: string;
  tokenId?: string;
  ip?: string;
  requestId?: string;
}

/** Context for writes done by the system itself (CLI, setup, jobs). */
export interface SystemContext {
  label: string;
  ip?: string;
  requestId?: string;
}

export type AuditActor = Actor | SystemContext;

export function isActor(a: AuditActor): a is Actor {
  return (a as Actor).userId !== undefined;
}
