import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { recordAudit } from '../platform/audit/audit.service';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from './app-error';

/** RFC 9457 problem details, with our code and per-field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extra: string]: unknown;
}

function problem(code: ErrorCode, message: string, request: FastifyRequest, fields?: FieldError[], extra?: Record<string, unknown>): Problem {
  return {
    type: `/problems/${code.replace(/_/g, '-')}`,
    title: message,
    status: ERROR_STATUS[code],
    code,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(fields && fields.length ? { errors: fields } : {}),
    ...extra,
  };
}

function send(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Postgres errors that mean "your input", never "our bug". */
const PG_CLIENT_ERRORS: Record<string, ErrorCode> = {
  '23505': 'duplicate',
  '23503': 'validation_failed',
  '23514': 'validation_failed',
  '22P02': 'validation_failed',
  '22001': 'validation_failed',
  '22003': 'validation_failed',
  '22007': 'validation_failed',
  '22008': 'validation_failed',
  // A NUL or another character PostgreSQL cannot store in text/jsonb (e.g. inside a paging cursor).
  '22021': 'validation_failed',
  '22P05': 'validation_failed',
  '40001': 'conflict',
  '40P01': 'conflict',
};

function zodFields(error: FastifyError & { validation: { instancePath: string; message?: string; keyword: string; params?: Record<string, unknown> }[] }, context: string | undefined): FieldError[] {
  return error.validation.map((v) => {
    const pathPart = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const unknownKeys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? (v.params!.keys as string[]).join(', ') : '';
    const field = [context && context !== 'body' ? context : '', pathPart, unknownKeys].filter(Boolean).join('.') || context || 'body';
    return { field, code: v.keyword, message: v.message ?? 'is invalid' };
  });
}

export function registerErrorHandler(app: FastifyInstance, getDb: () => Kysely<Database>) {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.denied && request.actor) {
        // Written outside the failed transaction, so the denial is recorded even though the work was rolled back.
        await recordAudit(getDb(), request.actor, {
          action: 'access.denied',
          entityType: error.denied.entityType,
          entityId: error.denied.entityId,
          after: { method: request.method, path: request.url.split('?')[0] },
        }).catch((e) => request.log.error({ err: e }, 'could not audit a denial'));
      }
      if (error.code === 'forbidden' && request.actor) {
        await recordAudit(getDb(), request.actor, {
          action: 'access.denied',
          entityType: 'route',
          entityId: request.routeOptions.url ?? null,
          after: { method: request.method, detail: error.detail ?? null },
        }).catch((e) => request.log.error({ err: e }, 'could not audit a denial'));
      }
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return send(reply, problem(error.code, error.message, request, error.fields, error.detail ? { meta: error.detail } : undefined));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = zodFields(error as never, error.validationContext);
      return send(reply, problem('validation_failed', `Invalid ${error.validationContext ?? 'request'}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, request, fields));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
      return send(reply, problem('internal', 'Internal error', request));
    }
    const code = (error as { code?: string }).code;
    switch (code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, problem('bad_request', 'The request body is not valid JSON', request, [{ field: 'body', code: 'invalid_json', message: error.message }]));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, problem('payload_too_large', 'The request body is too large', request, [{ field: 'body', code: 'too_large', message: error.message }]));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, problem('unsupported_media_type', 'Send the body as application/json', request, [{ field: 'body', code: 'media_type', message: error.message }]));
      case 'database_busy':
        return send(reply, problem('database_busy', 'The database is busy; try again', request));
    }
    if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
      return send(reply, problem('bad_request', 'The request body is not valid JSON', request, [{ field: 'body', code: 'invalid_json', message: error.message }]));
    }
    if (code && PG_CLIENT_ERRORS[code]) {
      const pgErr = error as unknown as { column?: string; constraint?: string; detail?: string };
      const field = pgErr.column ?? pgErr.constraint ?? 'body';
      const mapped = PG_CLIENT_ERRORS[code];
      const msg = mapped === 'duplicate' ? 'A record with these values already exists' : mapped === 'conflict' ? 'A concurrent change got in the way; try again' : 'A value is not valid';
      return send(reply, problem(mapped, msg, request, [{ field, code: `pg_${code}`, message: msg }]));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return send(reply, problem(status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'too_many_requests' : status === 404 ? 'not_found' : 'bad_request', error.message, request));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, problem('internal', 'Internal error', request));
  });

  app.setNotFoundHandler((request, reply) => send(reply, problem('not_found', `No route ${request.method} ${request.url.split('?')[0]}`, request)));
}
