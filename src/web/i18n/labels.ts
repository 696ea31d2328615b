import { ApiError, isApiError } from '../api-client';
import { formatWait } from '../ui/format';
import { i18n } from './index';

/** Translates a key that is only known at run time (a role, an audit action, an error code), or returns the fallback. */
export function translateOr(key: string, fallback: string): string {
  return i18n.exists(key) ? (i18n.t as unknown as (k: string) => string)(key) : fallback;
}

export const roleLabel = (role: string) => translateOr(`roles.${role}`, role);
export const permissionLabel = (permission: string) => translateOr(`permissions.${permission}`, permission);
/** Audit actions are dotted ("user.create"), which is also the nesting of auditActions in en.ts. */
export const auditActionLabel = (action: string) => translateOr(`auditActions.${action}`, action);
export const entityTypeLabel = (type: string) => translateOr(`entityTypes.${type}`, type);

/** The sentence to show for a failed API call: the translated code, else the server's own message. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'too_many_requests' && error.retryAfterSeconds) {
      return i18n.t('auth.throttled', { time: formatWait(error.retryAfterSeconds) });
    }
    return translateOr(`errors.${error.code}`, error.message || i18n.t('errors.title'));
  }
  if (error instanceof Error && /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(error.message)) {
    return i18n.t('pages.updatedText');
  }
  return i18n.t('errors.internal');
}

/** A field error's text: translated by its code where we have one, else the server's message. */
export function fieldErrorMessage(field: { code: string; message: string }): string {
  // zod reports an empty required text as too_small with our own message "is required".
  if (field.message === 'is required') return i18n.t('errors.field.required');
  return translateOr(`errors.field.${field.code}`, field.message);
}

export { ApiError };
