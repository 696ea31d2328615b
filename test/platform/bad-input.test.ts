import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrixWorld, disposeMatrixWorld, matrixRows } from '../access/index';
import { requestFor, rowKey, type MatrixContext, type MatrixRow } from '../access/matrix';
import { createTestApp } from '../helpers/app';
import { GHOST_UUID, fillPath, genericRequest, isStream, listOperations, type JsonSchema, type Operation } from '../helpers/openapi';
import { databaseState as sqlDatabaseState } from '../helpers/sql';

/**
 * Bad input against every write endpoint that /api/openapi.json documents, and bad
 * path and query parameters against every endpoint: always a 4xx problem+json with
 * a code (naming the field when one is at fault), never a 5xx, and nothing written.
 * The valid request each case starts from is the admin's row of the access matrix.
 */
const t = await createTestApp();
const ctx: MatrixContext = await createMatrixWorld(t);
const operations = await listOperations(t.app);
const writes = operations.filter((o) => o.method !== 'GET');

afterAll(async () => {
  await disposeMatrixWorld(ctx);
  await t.close();
});

const BODY_LIMIT = t.config.bodyLimit;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The admin's row for an endpoint whose request passes validation (any status but 400/401/403/404). */
function exampleRow(op: Operation): MatrixRow | undefined {
  return matrixRows.find((r) => rowKey(r) === op.key && ![400, 401, 403, 404].includes(r.expect.admin));
}

/**
 * The admin's valid request for an endpoint. An endpoint without a matrix row yet
 * (the access-matrix test reports it) gets a generic one: the checks that need a
 * valid starting point then only require a 4xx that writes nothing.
 */
async function validRequest(op: Operation): Promise<{ url: string; body: Json | undefined }> {
  const row = exampleRow(op);
  if (!row) return genericRequest(op);
  const opts = await requestFor(ctx, row, 'admin');
  return { url: String(opts.url), body: opts.payload as Json | undefined };
}

type Req = { method: string; url: string; payload?: string | Buffer; contentType?: string; json?: unknown };

function send(opts: Req): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  let payload: InjectOptions['payload'];
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.payload !== undefined) {
    payload = opts.payload;
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  return ctx.sessions.admin.request({ method: opts.method as InjectOptions['method'], url: opts.url, headers, payload });
}

const databaseState = () => sqlDatabaseState(t.db.handle);

const typeOf = (s: JsonSchema): string | undefined => {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((x) => x !== 'null');
  const inner = s.anyOf?.find((x) => x.type !== 'null');
  return inner ? typeOf(inner) : undefined;
};
const propertiesOf = (s: JsonSchema): Record<string, JsonSchema> => s.properties ?? s.anyOf?.find((x) => x.properties)?.properties ?? {};

function wrongValueFor(s: JsonSchema): Json | undefined {
  switch (typeOf(s)) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/** Every property path in a body schema, depth first, with its schema. */
function fieldsOf(schema: JsonSchema, prefix: string[] = []): { path: string[]; schema: JsonSchema }[] {
  const out: { path: string[]; schema: JsonSchema }[] = [];
  for (const [name, sub] of Object.entries(propertiesOf(schema))) {
    out.push({ path: [...prefix, name], schema: sub });
    if (typeOf(sub) === 'object') out.push(...fieldsOf(sub, [...prefix, name]));
  }
  return out;
}

/**
 * Every object in a body schema, with the field an unknown key there must be reported on:
 * the key itself in an object of fixed fields; for a map (a column mapping), the key or the
 * map itself, since its keys may be checked by the schema or by the service.
 */
function objectPaths(schema: JsonSchema, prefix: string[] = []): { path: string[]; blame?: string[] }[] {
  const isMap = prefix.length > 0 && !schema.properties && !schema.anyOf?.some((x) => x.properties);
  const out: { path: string[]; blame?: string[] }[] = [{ path: prefix, blame: isMap ? [prefix[prefix.length - 1], 'notAField'] : undefined }];
  for (const [name, sub] of Object.entries(propertiesOf(schema))) if (typeOf(sub) === 'object') out.push(...objectPaths(sub, [...prefix, name]));
  return out;
}

function setPath(body: Json | undefined, path: string[], value: Json): Json {
  const root: { [k: string]: Json } = body && typeof body === 'object' && !Array.isArray(body) ? structuredClone(body) : {};
  let cur = root;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    cur[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
    cur = cur[key] as { [k: string]: Json };
  }
  cur[path[path.length - 1]] = value;
  return root;
}

function getPath(body: Json | undefined, path: string[]): Json | undefined {
  let cur: Json | undefined = body;
  for (const key of path) cur = cur && typeof cur === 'object' && !Array.isArray(cur) ? cur[key] : undefined;
  return cur;
}

interface Case {
  name: string;
  /** Builds the request; runs before the database snapshot, so an example's own set-up (a token to revoke) does not count as a write. */
  prepare: () => Promise<Req>;
  /** A 2xx is acceptable too (a harmless value that finds nothing); never a 5xx. */
  okToo?: boolean;
  status?: number;
  code?: string;
  /** A field that errors[] must name (exactly, or as the last part of a dotted path); of a list, any one. */
  field?: string | string[];
}

function check(c: Case, res: LightMyRequestResponse): string | undefined {
  const where = `${c.name}: ${res.statusCode} ${res.body.slice(0, 240)}`;
  if (c.okToo && res.statusCode < 300) return undefined;
  if (res.statusCode < 400 || res.statusCode >= 500) return `${where} (want a 4xx)`;
  if (c.status && res.statusCode !== c.status) return `${where} (want ${c.status})`;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return `${where} (not problem+json)`;
  const body = res.json();
  if (typeof body.code !== 'string' || body.status !== res.statusCode) return `${where} (no code/status)`;
  if (c.code && body.code !== c.code) return `${where} (want code ${c.code})`;
  if (c.field) {
    const fields: string[] = (body.errors ?? []).map((e: { field: string }) => e.field);
    const wanted = Array.isArray(c.field) ? c.field : [c.field];
    const named = fields.some((f) => wanted.some((w) => f === w || f.endsWith(`.${w}`)));
    if (!named) return `${where} (errors[] should name ${wanted.join(' or ')}, names ${JSON.stringify(fields)})`;
  }
  return undefined;
}

async function runCases(cases: Case[]): Promise<void> {
  const requests: Req[] = [];
  for (const c of cases) requests.push(await c.prepare());
  const before = await databaseState();
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    const problem = check(c, await send(requests[i]));
    if (problem) failures.push(problem);
  }
  expect(failures).toEqual([]);
  expect(await databaseState(), 'a refused request wrote something').toEqual(before);
}

function bodyCases(op: Operation): Case[] {
  const cases: Case[] = [];
  const hasExample = exampleRow(op) !== undefined;
  // Without a valid example the request names made-up records, so a handler may answer 404 before it reads
  // the body: any 4xx that writes nothing will do. Parse-level refusals (JSON, size, type) stay exact.
  const named = (field: string | string[]) => (hasExample ? { field } : {});
  const exact = (status: number) => (hasExample ? { status } : {});
  const raw = (name: string, payload: string | Buffer, extra: Partial<Case> = {}, contentType?: string) =>
    cases.push({ name, ...extra, prepare: async () => ({ method: op.method, url: (await validRequest(op)).url, payload, contentType }) });

  raw('malformed JSON', '{"name": "x",', { status: 400, field: 'body' });
  raw('truncated JSON', '{"name', { status: 400 });
  raw('empty body declared as JSON', '', { status: 400 });
  raw('prototype pollution', '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}', { status: 400 });
  raw('a body over the body limit', JSON.stringify({ filler: 'x'.repeat(BODY_LIMIT + 1024) }), { status: 413, code: 'payload_too_large' });
  raw('XML', '<user><name>x</name></user>', { status: 415, code: 'unsupported_media_type' }, 'application/xml');
  raw('an HTML form post', 'name=x&email=y', { status: 415 }, 'application/x-www-form-urlencoded');
  raw('binary data', Buffer.from([0, 159, 146, 150, 255]), {}, 'application/octet-stream');
  if (!op.body) return cases;

  const withBody = (name: string, make: (valid: Json | undefined) => Json, extra: Partial<Case> = {}) =>
    cases.push({
      name,
      ...extra,
      prepare: async () => {
        const v = await validRequest(op);
        return { method: op.method, url: v.url, json: make(v.body) };
      },
    });

  raw('text/plain', 'just words', {}, 'text/plain');
  raw('deeply nested arrays', '['.repeat(5000) + ']'.repeat(5000), exact(400));
  withBody('a JSON array instead of an object', (v) => [v ?? {}], { ...exact(400), ...named('body') });
  withBody('JSON null', () => null, exact(400));
  withBody('a JSON string', () => 'hello', exact(400));
  withBody('a JSON number', () => 42, exact(400));

  for (const { path: prefix, blame } of objectPaths(op.body)) {
    const name = [...prefix, 'notAField'];
    withBody(`unknown field ${name.join('.')}`, (v) => setPath(v, name, 'surprise'), { ...exact(400), ...named(blame ?? 'notAField') });
  }

  for (const f of fieldsOf(op.body)) {
    const label = f.path.join('.');
    const wrong = wrongValueFor(f.schema);
    if (wrong !== undefined) withBody(`wrong type for ${label}`, (v) => setPath(v, f.path, wrong), { ...exact(400), ...named(f.path[f.path.length - 1]) });
    if (typeOf(f.schema) === 'string') {
      const base = (v: Json | undefined) => {
        const current = getPath(v, f.path);
        return typeof current === 'string' && current.length > 2 ? current : 'Valid text';
      };
      const mid = (s: string, ch: string) => s.slice(0, 2) + ch + s.slice(2);
      withBody(`NUL character in ${label}`, (v) => setPath(v, f.path, mid(base(v), '\u0000')), { ...exact(400), ...named(f.path[f.path.length - 1]) });
      withBody(`BEL character in ${label}`, (v) => setPath(v, f.path, mid(base(v), '\u0007')), { ...exact(400), ...named(f.path[f.path.length - 1]) });
      withBody(`escape sequence in ${label}`, (v) => setPath(v, f.path, mid(base(v), '\u001b[2J')), { ...exact(400), ...named(f.path[f.path.length - 1]) });
      withBody(`300 kB in ${label}`, (v) => setPath(v, f.path, base(v) + 'x'.repeat(300_000)), { ...exact(400), ...named(f.path[f.path.length - 1]) });
      withBody(`over 1 MB in ${label}`, (v) => setPath(v, f.path, 'x'.repeat(BODY_LIMIT + 1)), { status: 413, code: 'payload_too_large' });
    }
  }
  return cases;
}

describe('bad request bodies on every write endpoint', () => {
  it('finds the write endpoints in the OpenAPI document', () => {
    expect(writes.length).toBeGreaterThanOrEqual(10);
  });

  for (const op of writes) {
    it(`${op.key}: 4xx problem+json naming the field, nothing written`, async () => {
      await runCases(bodyCases(op));
    });
  }
});

function paramValueCases(op: Operation): Case[] {
  const cases: Case[] = [];
  // Ids are uuids; other path parameters (a document type…) have their own rules.
  for (const param of op.pathParams.filter((p) => /id$/i.test(p))) {
    for (const bad of ['not-a-uuid', '12345', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g', '%00', '..%2F..%2Fetc%2Fpasswd']) {
      cases.push({
        name: `${param}=${bad}`,
        status: 400,
        field: param,
        prepare: async () => {
          const v = await validRequest(op);
          // The other path parameters keep the example's values (or a well-formed made-up id).
          const others = Object.fromEntries(op.pathParams.map((p) => [p, GHOST_UUID]));
          const example = op.path.split('/');
          v.url.split('?')[0].split('/').forEach((seg, i) => {
            const m = /^\{(\w+)\}$/.exec(example[i] ?? '');
            if (m) others[m[1]] = decodeURIComponent(seg);
          });
          const url = fillPath(op.path, { ...others, [param]: '__BAD__' }).replace('__BAD__', bad);
          return { method: op.method, url, ...(v.body !== undefined && { json: v.body }) };
        },
      });
    }
  }
  return cases;
}

function wrongQueryValue(s: JsonSchema): string | undefined {
  if (s.enum) return 'not-one-of-the-choices';
  if (s.format === 'uuid') return 'not-a-uuid';
  if (s.format === 'date-time') return 'yesterday';
  if (typeOf(s) === 'integer' || typeOf(s) === 'number') return 'abc';
  if (typeof s.maxLength === 'number') return 'x'.repeat(s.maxLength + 1);
  return undefined;
}

function queryCases(op: Operation): Case[] {
  const cases: Case[] = [];
  // See bodyCases: without a row the made-up record may be a 404 before the cursor is read.
  const strict = exampleRow(op) !== undefined;
  // The case's parameters replace the example's own (a valid q= or docType= stays unless the case sets it).
  const q = (name: string, query: string, extra: Partial<Case>) =>
    cases.push({
      name,
      ...extra,
      prepare: async () => {
        const url = new URL((await validRequest(op)).url, 'http://x');
        const given = new URLSearchParams(query);
        for (const key of new Set(given.keys())) url.searchParams.delete(key);
        const rest = url.searchParams.toString();
        return { method: 'GET', url: `${url.pathname}?${[rest, query].filter(Boolean).join('&')}` };
      },
    });
  // An endpoint that declares query parameters refuses unknown ones (a typo must not silently widen a list).
  if (op.queryParams.length) q('unknown parameter', 'notAParam=1', { status: 400, field: 'notAParam' });
  const names = new Set(op.queryParams.map((p) => p.name));
  if (names.has('limit')) {
    for (const v of ['-1', '0', 'abc', '1.5', '100000', '']) q(`limit=${v}`, `limit=${v}`, { status: 400, field: 'limit' });
  }
  if (names.has('cursor')) {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = strict ? { status: 400, field: 'cursor' } : {};
    q('cursor=garbage', 'cursor=garbage', bad);
    q('cursor that is not JSON', `cursor=${Buffer.from('not json').toString('base64url')}`, bad);
    for (const v of [[1], { a: 1 }, ['a', '00000000-0000-4000-8000-000000000000', 3]]) {
      q(`cursor=${JSON.stringify(v)}`, `cursor=${b64(v)}`, bad);
    }
    // Well-formed JSON pairs that no server ever issued: refused or an empty page, never a 5xx.
    for (const v of [['a', 'b'], [{ a: 1 }, 'x'], [null, null], [true, 1e308], ['\u0000', '\u0000']]) {
      q(`cursor=${JSON.stringify(v)}`, `cursor=${b64(v)}`, { okToo: true });
    }
    q('cursor over 500 characters', `cursor=${'A'.repeat(501)}`, { status: 400, field: 'cursor' });
  }
  for (const p of op.queryParams) {
    if (p.name === 'limit' || p.name === 'cursor') continue;
    const bad = wrongQueryValue(p.schema);
    if (bad !== undefined) q(`${p.name}=${bad.slice(0, 30)}`, `${p.name}=${encodeURIComponent(bad)}`, { status: 400, field: p.name });
    q(`${p.name} with a NUL`, `${p.name}=a%00b`, {});
    q(`${p.name} given twice`, `${p.name}=a&${p.name}=b`, { okToo: true });
  }
  return cases;
}

describe('bad path and query parameters on every endpoint', () => {
  const withParams = operations.filter((o) => o.pathParams.some((p) => /id$/i.test(p)));
  const withQuery = operations.filter((o) => o.method === 'GET' && !isStream(o));

  it('finds parameterised endpoints', () => {
    expect(withParams.length).toBeGreaterThanOrEqual(5);
    expect(withQuery.some((o) => o.queryParams.some((p) => p.name === 'cursor'))).toBe(true);
  });

  for (const op of withParams) {
    it(`${op.key}: a malformed id is a 400 naming it`, async () => {
      await runCases(paramValueCases(op));
    });
  }

  for (const op of withQuery) {
    it(`${op.key}: bad query parameters are a 400`, async () => {
      await runCases(queryCases(op));
    });
  }

  it('answers 404 (not 500) for a well-formed id that does not exist', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    for (const url of ['/api/v1/users/' + ghost, '/api/v1/departments/' + ghost]) {
      const res = await send({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    const patch = await send({ method: 'PATCH', url: '/api/v1/users/' + ghost, json: { title: 'x', version: 1 } });
    expect(patch.statusCode).toBe(404);
  });
});

describe('bad references and values the schema cannot see', () => {
  it('refuses references to records that do not exist, naming the field', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const before = await databaseState();
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/v1/users', { email: 'ref-check@test.example', displayName: 'Ref', password: 'a long enough password 9', roles: ['rep'], departmentId: ghost }, 'departmentId'],
      ['/api/v1/users', { email: 'ref-check@test.example', displayName: 'Ref', password: 'a long enough password 9', roles: ['rep'], managerId: ghost }, 'managerId'],
      ['/api/v1/departments', { name: 'Orphan', parentId: ghost }, 'parentId'],
      ['/api/v1/departments', { name: 'Headless', managerId: ghost }, 'managerId'],
    ];
    for (const [url, json, field] of cases) {
      const res = await send({ method: 'POST', url, json });
      expect(res.statusCode, `${url} ${field}`).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await databaseState()).toEqual(before);
  });

  it('refuses a duplicate email (any case) and a department loop, naming the field', async () => {
    const before = await databaseState();
    const dup = await send({
      method: 'POST',
      url: '/api/v1/users',
      json: { email: ctx.users.rep.email.toUpperCase(), displayName: 'Twin', password: 'a long enough password 9', roles: ['rep'] },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors.map((e: { field: string }) => e.field)).toContain('email');

    const loop = await send({
      method: 'PATCH',
      url: `/api/v1/departments/${ctx.otherDepartmentId}`,
      json: { parentId: ctx.salesDepartmentId, version: await ctx.version('departments', ctx.otherDepartmentId) },
    });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors.map((e: { field: string }) => e.field)).toContain('parentId');

    const self = await send({
      method: 'PATCH',
      url: `/api/v1/users/${ctx.users.manager.id}`,
      json: { managerId: ctx.users.rep.id, version: await ctx.version('users', ctx.users.manager.id) },
    });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors.map((e: { field: string }) => e.field)).toContain('managerId');
    expect(await databaseState()).toEqual(before);
  });
});
