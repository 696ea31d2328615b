import type { FastifyInstance } from 'fastify';

/** One operation of the published API, as /api/openapi.json describes it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path template, e.g. /api/v1/users/{id}. */
  path: string;
  /** `METHOD /path/{id}`: the key that example and matrix registries use. */
  key: string;
  summary: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  maxLength?: number;
  [k: string]: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every documented operation, so that tests cover endpoints that did not exist when they were written. */
export async function listOperations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`openapi.json: ${res.statusCode}`);
  const doc = res.json() as { paths: Record<string, Record<string, { summary?: string; parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>> };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const method = m.toUpperCase() as Operation['method'];
      const params = op.parameters ?? [];
      ops.push({
        method,
        path,
        key: `${method} ${path}`,
        summary: op.summary ?? '',
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

/** Fills {param} placeholders. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(values[name]);
  });
}

export const isWrite = (op: Operation) => op.method !== 'GET';

export const GHOST_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * A request to an endpoint that has no matrix row yet: every path parameter
 * filled with a well-formed id that exists nowhere (or "x"), and an empty body.
 * Enough for checks that run before validation (sign-in, CSRF, body parsing).
 */
export function genericRequest(op: Operation): { url: string; body: Record<string, never> | undefined } {
  const values = Object.fromEntries(op.pathParams.map((p) => [p, /id$/i.test(p) ? GHOST_UUID : 'x']));
  return { url: fillPath(op.path, values), body: op.body ? {} : undefined };
}

/** A long-lived response (server-sent events): documented by its summary naming text/event-stream. */
export const isStream = (op: Operation) => /event-stream/i.test(op.summary);
