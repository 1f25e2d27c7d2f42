import net from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, type Db } from '../../functions/store/db';
import { isPublicPath } from '../../local/http-adapter';
import { checkContract } from '../support/contract';
import { startTestDesk, type TestDesk } from '../support/harness';

type Handler = (e: APIGatewayProxyEventV2, c: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/** Cases per route: 600 in CI (CI=true), 300 in a local run; FUZZ_RUNS sets any other count. Each agent-route case costs a strongly consistent authorization, so the count is what keeps CI in bounds. */
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.CI ? 600 : 300));

let desk: TestDesk;
let db: Db;
let handlers: { publicApi: Handler; agentApi: Handler };
let operations: { method: string; path: string; keys: string[] }[];
/** Every address the desk tried to reach beyond loopback (a fuzzed mailbox host): refused, and the test fails. */
const outbound: string[] = [];
const socketConnect = net.Socket.prototype.connect;

/** The fuzz never lets the desk connect anywhere but loopback, whatever host a mailbox test is given (O3). */
function guardOutbound(): void {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const o = (typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] }) as { host?: string; path?: string };
    const host = o.host ?? 'localhost';
    if (!o.path && host !== 'localhost' && !(net.isIP(host) && /^(127\.|::1$|::ffff:127\.)/.test(host))) {
      outbound.push(host);
      process.nextTick(() => this.destroy(Object.assign(new Error(`fuzz: no connection to ${host}`), { code: 'ECONNREFUSED' })));
      return this;
    }
    return (socketConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
}

beforeAll(async () => {
  guardOutbound();
  desk = await startTestDesk({ env: { SUBMITS_PER_EMAIL: '1000000' } });
  db = createDb(desk.table, 'us-east-1', inject('services').dynamodb);
  handlers = {
    publicApi: (await import('../../functions/handlers/public-api')).handler as Handler,
    agentApi: (await import('../../functions/handlers/agent-api')).handler as Handler,
  };
  const doc = (await desk.api.get('/v1/openapi.json', null)).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object; $ref?: string } }> } }>>; components: { schemas: Record<string, { properties?: object }> } };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const schema = op.requestBody?.content['application/json']?.schema;
      const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
      return { method: method.toUpperCase(), path, keys: Object.keys(resolved?.properties ?? {}) };
    }),
  );
}, 180_000);
afterAll(async () => {
  net.Socket.prototype.connect = socketConnect;
  await desk.close();
});

async function countItems(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.doc.send(new ScanCommand({ TableName: db.table, Select: 'COUNT', ExclusiveStartKey: start }));
    count += res.Count ?? 0;
    start = res.LastEvaluatedKey;
  } while (start);
  return count;
}

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', '\u0000', '\u202e', 'a\r\nBcc: x@y.z', '<script>alert(1)</script>', '__proto__', 'x'.repeat(5000), '${jndi:ldap://x}', '😀'.repeat(300)),
);

const jsonish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), hostile, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(hostile, tie('value'), { maxKeys: 3 })),
})).value;

function bodyFor(keys: string[]) {
  const known = keys.length > 0 ? fc.constantFrom(...keys, '__proto__', 'constructor', 'prototype') : fc.constantFrom('__proto__', 'x');
  return fc.oneof(
    fc.dictionary(known, jsonish, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
    jsonish.map((v) => JSON.stringify(v) ?? 'null'),
    fc.constantFrom('{', '[]', 'null', '"x"', '{"__proto__":{"admin":true}}', '{"a":' + '['.repeat(500) + ']'.repeat(500) + '}'),
    hostile,
  );
}

const queryFor = fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'email', 'lang', 'contactId', 'employeeId', 'orderReference', 'after', 'token', 'moveTo', 'x'), hostile, { maxKeys: 4 });

function event(method: string, path: string, query: Record<string, string>, body: string | undefined, contentType: string, token: string | null): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'fuzz' }, requestId: 'fuzz', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, accountId: '', apiId: '', domainName: '', domainPrefix: '' },
    body,
    isBase64Encoded: false,
  };
}

describe(`every route refuses hostile input cleanly: ${RUNS} cases each (N3)`, () => {
  it('covers every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(41);
  });

  it('never answers 5xx, always problem+json as documented, and a refused call stores nothing', async () => {
    for (const op of operations) {
      const before = await countItems();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(hostile, fc.constantFrom('abc', 'webmaster')), { minLength: 3, maxLength: 3 }),
          queryFor,
          bodyFor(op.keys),
          fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/merge-patch+json'),
          async (segments, query, body, contentType) => {
            let i = 0;
            const path = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segments[i++]!));
            const handler = isPublicPath(path) ? handlers.publicApi : handlers.agentApi;
            const res = await handler(event(op.method, path, query, op.method === 'GET' || op.method === 'DELETE' ? undefined : body, contentType, desk.adminToken), {});
            const status = res.statusCode ?? 200;
            const parsed = res.body ? JSON.parse(res.body) : undefined;
            if (status < 500 && status >= 400) checkContract(op.method, path, status, String(res.headers?.['content-type'] ?? ''), parsed);
            if (status < 400) accepted++;
            return status < 500;
          },
        ),
        { numRuns: RUNS, seed: 424242, endOnFailure: true },
      );
      if (accepted === 0) expect([op.method, op.path, await countItems()]).toEqual([op.method, op.path, before]);
    }
    expect(outbound).toEqual([]);
  }, 1_500_000);
});
