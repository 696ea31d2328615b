/**
 * The one error type services throw. A closed list of codes, one code → status map;
 * services never know about HTTP, the error handler turns this into problem+json.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  conflict: 409,
  duplicate: 409,
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  setup_required: 409,
  already_set_up: 409,
  database_busy: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldError[];
  readonly detail?: Record<string, unknown>;
  /** Set when a record exists but the user may not see it: answered as not_found, written to the audit log as a denial. */
  readonly denied?: { entityType: string; entityId: string };
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: {
      fields?: FieldError[];
      detail?: Record<string, unknown>;
      denied?: { entityType: string; entityId: string };
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.fields = extra.fields;
    this.detail = extra.detail;
    this.denied = extra.denied;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (entityType: string, id?: string) =>
  new AppError('not_found', `${entityType} not found`, { detail: id ? { entityType, id } : { entityType } });

/** A record exists but the caller may not see it: the same answer as a missing one, plus an audit entry. */
export const deniedAsNotFound = (entityType: string, id: string) =>
  new AppError('not_found', `${entityType} not found`, { detail: { entityType, id }, denied: { entityType, entityId: id } });

export const fieldError = (field: string, code: string, message: string) =>
  new AppError('validation_failed', message, { fields: [{ field, code, message }] });

export const versionConflict = (entityType: string) =>
  new AppError('version_conflict', `${entityType} was changed by someone else; reload and try again`);
