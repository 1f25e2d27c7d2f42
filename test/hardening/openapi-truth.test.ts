// SPEC N5 from the OpenAPI document alone: a request the document calls valid is accepted, one it calls invalid is refused.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { createGeneratorSync } from 'json-schema-faker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type Response, type TestDesk } from '../support/harness';
import { freePort } from '../support/free-port';

/*
 * For every operation of the served document, in an order where producers come first (POST/PUT, then GET, PATCH,
 * DELETE): its example and a few requests generated from its schemas (json-schema-faker, seeded) must be accepted, and
 * requests that break one documented rule at a time must get 400/413/415/422 as the operation documents them. Path
 * parameters come from the document's links out of 201 responses of this very run, so destructive operations (revoking a
 * token, deactivating an employee, deleting a contact) only ever touch objects the run made itself. Every response also
 * passes the contract check of test/support/harness.ts (status, media type and body as documented).
 */

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  enum?: unknown[];
  items?: Schema;
  additionalProperties?: unknown;
  allOf?: Schema[];
  anyOf?: Schema[];
  not?: Schema;
  example?: unknown;
  const?: unknown;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
  example?: unknown;
}
interface Link {
  operationId: string;
  parameters: Record<string, string>;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  security: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { links?: Record<string, Link> }>;
}
interface Request {
  /** Every required parameter came from an example or from this run's own objects: the request must then succeed. */
  known?: boolean;
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
}

const SEED = 1616;
const VALID_PER_OPERATION = 3;
const INVALID_PER_OPERATION = 8;
const VALIDATION = 'https://shopdesk.dev/problems/validation';
/** Answers that mean "your request breaks the document's rules": never right for a valid request. */
const REFUSALS = [413, 415, 422];

let desk: TestDesk;
let operations: (Operation & { body?: Schema })[];
let closedPort: number;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const generator = createGeneratorSync({ seed: SEED });
const compiled = new Map<Schema, ValidateFunction>();
/** Values that 201 responses of this run offer to other operations through links: operationId → parameter → values. */
const linked = new Map<string, Map<string, string[]>>();
const counts = { valid: 0, accepted: 0, invalid: 0, refused: 0 };

beforeAll(async () => {
  desk = await startTestDesk({ env: { SUBMITS_PER_EMAIL: '1000000' } });
  const doc = (await desk.api.get('/v1/openapi.json', null)).body as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as { $ref?: string }).$ref;
    if (ref) return resolve(doc.components.schemas[ref.split('/').pop()!]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  const rank: Record<string, number> = { post: 0, put: 0, get: 1, patch: 2, delete: 3 };
  operations = Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ ...(resolve(op) as Operation), method, path })))
    .map((op) => ({ ...op, body: op.requestBody?.content['application/json']?.schema }))
    .sort((a, b) => rank[a.method]! - rank[b.method]! || pathParams(a).length - pathParams(b).length);
  closedPort = await freePort();
}, 180_000);
afterAll(async () => {
  await desk.close();
});

describe('the OpenAPI document tells the whole truth about requests (N5)', () => {
  it('accepts what the document calls valid and refuses what it calls invalid, on every operation', async () => {
    const started = Date.now();
    const failures: string[] = [];
    for (const op of operations) {
      for (const [label, request] of validRequests(op)) {
        counts.valid++;
        const res = await send(op, request);
        // An example must work as it stands; a generated request may name something that does not exist.
        if (label === 'its example' && request.known ? res.status < 300 : acceptable(op, res)) counts.accepted++;
        else failures.push(`${op.method.toUpperCase()} ${op.path} (${label}) answered ${res.status} ${JSON.stringify(res.body)} to ${JSON.stringify(request)}`);
        if (res.status === 201 || (res.status < 300 && pathParams(op).length > 0 && request.known)) remember(op, res);
      }
      for (const [label, request, raw] of invalidRequests(op)) {
        counts.invalid++;
        const res = await send(op, request, raw);
        if (refused(op, res)) counts.refused++;
        else failures.push(`${op.method.toUpperCase()} ${op.path} (${label}) answered ${res.status} to ${JSON.stringify(request).slice(0, 300)}`);
      }
    }
    console.info(`N5 contract: ${operations.length} operations, ${counts.valid} valid requests, ${counts.invalid} invalid ones, ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
    expect(counts.valid).toBeGreaterThanOrEqual(operations.length);
    expect(counts.invalid).toBeGreaterThan(operations.length);
  }, 600_000);

  it('lets ids that the desk makes never be taken for a fixed path: another method on one is 405 with Allow', async () => {
    const res = await desk.api.request('PATCH', '/v1/threads/next-unanswered', { body: { status: 'closed' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

function pathParams(op: Operation): Parameter[] {
  return (op.parameters ?? []).filter((p) => p.in === 'path');
}

// ---- valid requests

function* validRequests(op: Operation & { body?: Schema }): Generator<[string, Request]> {
  const example = op.body?.example;
  if (example !== undefined || op.parameters?.some((p) => p.example !== undefined || p.schema.example !== undefined)) {
    yield ['its example', { ...parametersOf(op, true), body: example ?? (op.body ? sample(op.body) : undefined) }];
  }
  for (let i = 0; i < VALID_PER_OPERATION; i++) yield [`generated #${i + 1}`, { ...parametersOf(op, false), body: op.body ? sample(op.body) : undefined }];
}

function parametersOf(op: Operation, examples: boolean): Omit<Request, 'body'> {
  const out: Omit<Request, 'body'> = { known: true, path: {}, query: {}, headers: {} };
  for (const p of op.parameters ?? []) {
    const ours = linked.get(op.operationId)?.get(p.name);
    const exampleValue = p.example ?? p.schema.example;
    if (!p.required && !(examples && exampleValue !== undefined) && generator.generate({ type: 'boolean' }) === false) continue;
    let value: unknown;
    if (p.in === 'path' && ours?.length) value = ours[ours.length - 1];
    else if (examples && exampleValue !== undefined) value = exampleValue;
    else {
      value = sample(p.schema);
      if (p.required) out.known = false;
    }
    out[p.in === 'header' ? 'headers' : p.in][p.name] = String(value);
  }
  return out;
}

/** A value the schema calls valid (json-schema-faker, checked with ajv; a few tries for rules the generator skips). */
function sample(schema: Schema): unknown {
  for (let attempt = 0; attempt < 20; attempt++) {
    const value = stayOnThisMachine(generator.generate(schema as never));
    if (validator(schema)(value)) return value;
  }
  throw new Error(`No valid sample for ${JSON.stringify(schema).slice(0, 200)}`);
}

/** A mailbox the run may name is a closed port on the loopback: nothing leaves the machine, nothing waits. */
function stayOnThisMachine(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'host' ? '127.0.0.1' : k === 'port' ? closedPort : stayOnThisMachine(v);
  return out;
}

function validator(schema: Schema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

function acceptable(op: Operation, res: Response): boolean {
  // 503 with Retry-After is the documented "a service the desk depends on is unavailable" (the run's mailbox is closed).
  if (res.status === 503) return res.headers.get('retry-after') !== null && op.responses['503'] !== undefined;
  if (res.status >= 500 || REFUSALS.includes(res.status) || res.status === 429) return false;
  // The run's admin token is good: 401 is right only where a public operation names it (a wrong sign-in code).
  if (res.status === 401) return op.security.length === 0 && op.responses['401'] !== undefined;
  if (res.status === 400) return res.body?.type !== VALIDATION; // a reference the data refuses, which the document names
  return res.status < 300 || op.responses[String(res.status)] !== undefined;
}

/**
 * Keeps, for the operations its links point to, what a response says about this run's own objects: what a 201 created,
 * or what an operation answered about an object the run made (never what a list shows of objects made by others).
 */
function remember(op: Operation, res: Response) {
  for (const link of Object.values(op.responses[String(res.status)]?.links ?? {})) {
    for (const [name, expression] of Object.entries(link.parameters)) {
      const value = pointer(res.body, expression.replace(/^\$response\.body#/, ''));
      if (typeof value !== 'string') continue;
      const target = linked.get(link.operationId) ?? new Map<string, string[]>();
      target.set(name, [...(target.get(name) ?? []), value]);
      linked.set(link.operationId, target);
    }
  }
}

function pointer(value: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), value);
}

// ---- invalid requests: one broken rule at a time

type Invalid = [string, Request, { raw: string; contentType: string }?];

function* invalidRequests(op: Operation & { body?: Schema }): Generator<Invalid> {
  const all: Invalid[] = [];
  const base = (): Request => ({ ...parametersOf(op, false), body: op.body ? sample(op.body) : undefined });
  for (const p of op.parameters ?? []) {
    for (const [rule, value] of brokenParameter(p)) {
      const request = base();
      request[p.in === 'header' ? 'headers' : p.in][p.name] = value;
      all.push([`${p.in} ${p.name}: ${rule}`, request]);
    }
  }
  if (op.body) {
    const body = op.body;
    all.push(['body: not JSON', base(), { raw: '{"unfinished": ', contentType: 'application/json' }]);
    all.push(['body: text/plain', base(), { raw: JSON.stringify(sample(body)), contentType: 'text/plain' }]);
    all.push(['body: over 64 KB', base(), { raw: JSON.stringify({ padding: 'x'.repeat(70_000) }), contentType: 'application/json' }]);
    for (const [rule, value] of brokenValue(body, sample(body))) {
      if (!validator(body)(value)) all.push([`body ${rule}`, { ...base(), body: value }]);
    }
  }
  // A seeded choice keeps the run short while every kind of rule gets its turn across operations.
  const shuffled = all.map((c) => [generator.generate({ type: 'number' }) as number, c] as const).sort((a, b) => a[0] - b[0]);
  yield* shuffled.slice(0, INVALID_PER_OPERATION).map(([, c]) => c);
}

/** Values that break one rule of a JSON value's schema, each with the rule's name. */
function brokenValue(schema: Schema, value: unknown, at = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  const types = [schema.type].flat().filter(Boolean) as string[];
  if (types.length > 0 && !types.includes('string')) out.push([`${at}: type ${types.join('|')}`, 'not-a-' + types[0]]);
  else if (types.includes('string')) out.push([`${at}: type string`, 12345]);
  if (schema.anyOf && types.length === 0) out.push([`${at}: none of anyOf`, true]);
  if (schema.enum) out.push([`${at}: enum`, `not-${String(schema.enum[0])}`]);
  if (typeof value === 'string') out.push(...brokenString(schema, value).map(([rule, v]) => [`${at}: ${rule}`, v] as [string, unknown]));
  if (typeof value === 'number') {
    if (schema.maximum !== undefined) out.push([`${at}: maximum`, schema.maximum + 1]);
    if (schema.minimum !== undefined) out.push([`${at}: minimum`, schema.minimum - 1]);
    if (types.includes('integer')) out.push([`${at}: integer`, value + 0.5]);
  }
  if (Array.isArray(value) && schema.maxItems !== undefined && value.length > 0) {
    out.push([`${at}: maxItems`, Array.from({ length: schema.maxItems + 1 }, (_, i) => value[i % value.length])]);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) out.push([`${at}: required ${name}`, omit(object, name)]);
    if (schema.additionalProperties === false) out.push([`${at}: additionalProperties`, { ...object, unexpected: 1 }]);
    for (const rule of schema.allOf ?? []) {
      const forbidden = rule.not?.properties;
      if (forbidden && Object.values(forbidden).every((p) => p.const !== undefined)) {
        out.push([`${at}: not ${Object.keys(forbidden).join('+')}`, { ...object, ...Object.fromEntries(Object.entries(forbidden).map(([k, p]) => [k, p.const])) }]);
      }
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const current = name in object ? object[name] : sample(property);
      for (const [rule, broken] of brokenValue(property, current, `${at}.${name}`)) out.push([rule, { ...object, [name]: broken }]);
    }
  }
  return out;
}

/** Strings that break the length or the pattern of a string schema and keep its other rules. */
function brokenString(schema: Schema, value: string): [string, string][] {
  const out: [string, string][] = [];
  const chars = (s: string) => [...s].length;
  const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : undefined;
  const fits = (s: string) => chars(s) <= (schema.maxLength ?? Infinity) && chars(s) >= (schema.minLength ?? 0);
  if (schema.maxLength !== undefined) {
    const longer = [...value].length > 0 ? [value.at(-1)!.repeat(schema.maxLength + 1 - chars(value)) + value, value + value.at(-1)!.repeat(schema.maxLength + 1 - chars(value))] : ['x'.repeat(schema.maxLength + 1)];
    const pick = longer.find((s) => !pattern || pattern.test(s)) ?? longer[0]!;
    out.push(['maxLength', pick]);
  }
  if (schema.minLength) out.push(['minLength', [...value].slice(0, schema.minLength - 1).join('')]);
  if (pattern) {
    const candidates = ['', ' ', '\u0000', 'a\nb', '@', '!', '%', value.slice(0, -1) + '!', value.slice(0, -1) + '\u0000', ' ' + value.slice(1), value + '\n', ' ' + value, value + ' ', '   '];
    const broken = candidates.find((s) => fits(s) && !pattern.test(s));
    if (broken !== undefined) out.push(['pattern', broken]);
  }
  return out;
}

function brokenParameter(p: Parameter): [string, string][] {
  const s = p.schema;
  const out: [string, string][] = [];
  if (s.type === 'integer' || s.type === 'number') {
    out.push(['not a number', 'abc']);
    if (s.maximum !== undefined) out.push(['maximum', String(s.maximum + 1)]);
    if (s.minimum !== undefined) out.push(['minimum', String(s.minimum - 1)]);
  }
  if (s.enum) out.push(['enum', `not-${String(s.enum[0])}`]);
  if (s.type === 'string') {
    const value = String(sample(s));
    // An empty path segment is another route, not a bad parameter.
    out.push(...brokenString(s, value).filter(([, v]) => !(p.in === 'path' && v === '') && !(p.in === 'header' && /[\r\n\u0000]/.test(v))));
  }
  return out;
}

function refused(op: Operation, res: Response): boolean {
  if (![400, ...REFUSALS].includes(res.status) || op.responses[String(res.status)] === undefined) return false;
  return res.status !== 400 || res.body?.type === VALIDATION;
}

function omit(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _omitted, ...rest } = object;
  return rest;
}

// ---- sending

async function send(op: Operation, request: Request, raw?: { raw: string; contentType: string }): Promise<Response> {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.path[name] ?? ''));
  const query = new URLSearchParams(request.query).toString();
  const token = op.security.length === 0 ? null : desk.adminToken;
  const url = path + (query ? `?${query}` : '');
  if (raw) return desk.api.request(op.method.toUpperCase(), url, { raw: raw.raw, token, headers: { ...request.headers, 'content-type': raw.contentType } });
  return desk.api.request(op.method.toUpperCase(), url, { body: request.body, token, headers: request.headers });
}
