import { AppError } from '../../http/app-error';
import type { Actor } from './actor';
import type { Permission } from './roles';

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/** A role that lacks an action gets 403 for the kind of thing; records it may not see answer 404 (scope.ts). */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError('forbidden', `Your role does not allow ${permission}`, { detail: { permission } });
  }
}
