// The middy stack every HTTP handler shares: access log, problem+json errors, CORS, body limits, then the router.
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { Invalid, MethodNotAllowed, NotFound, PayloadTooLarge, UnsupportedMediaType, type FieldError } from '../desk/errors';
import type { Deps } from '../deps';
import { authenticate } from './auth';
import { callerAddress } from './edge';
import { toProblem } from './problem';
import { toResult, type AnyRoute } from './route';

export const MAX_BODY_BYTES = 64 * 1024;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export function createHttpHandler(routes: AnyRoute[], deps: Deps): Handler {
  const fixed = fixedPaths(routes);
  const router = httpRouterHandler({
    routes: routes.map((r) => ({
      method: r.method,
      path: r.path,
      handler: (event: APIGatewayProxyEventV2) => {
        // A fixed path (/v1/threads/next-unanswered) is never an id of the template beside it (/v1/threads/{id}):
        // ids never look like it (their pattern says so), so another method on it is 405, as the document has it.
        const allowed = r.path.includes('{') ? fixed.get(event.rawPath.replace(/\/$/, '')) : undefined;
        if (allowed) throw new MethodNotAllowed(`${r.method} is not allowed here; use ${allowed.join(', ')}.`, { allowed });
        return runRoute(r, event, deps);
      },
    })),
    notFoundResponse: ({ method, path }: { method: string; path: string }) => {
      const allowed = routes.filter((r) => pathPattern(r.path).test(path)).map((r) => r.method);
      if (allowed.length > 0) throw new MethodNotAllowed(`${method} is not allowed here; use ${allowed.join(', ')}.`, { allowed });
      throw new NotFound('No such route.');
    },
  });
  const cors = httpCors({
    origins: deps.config.corsOrigins.length > 0 ? deps.config.corsOrigins : ['*'],
    headers: 'authorization,content-type,idempotency-key',
    methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
    exposeHeaders: 'retry-after,location',
    maxAge: 600,
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    // after/onError run in reverse: problem+json is made first, then CORS headers are added, then it is logged.
    .use(accessLog(deps))
    .use(cors)
    .use(problemErrors())
    .handler(async (event, context) => {
      if (event.requestContext.http.method === 'OPTIONS') return { statusCode: 204 };
      return router(event, context, { signal: new AbortController().signal }) as Promise<APIGatewayProxyStructuredResultV2>;
    }) as unknown as Handler;
}

/** The methods of each path without parameters. */
function fixedPaths(routes: AnyRoute[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of routes) if (!r.path.includes('{')) out.set(r.path, [...(out.get(r.path) ?? []), r.method]);
  return out;
}

function pathPattern(path: string): RegExp {
  return new RegExp('^' + path.replace(/\{[^/]+\}/g, '[^/]+') + '/?$');
}

async function runRoute(r: AnyRoute, event: APIGatewayProxyEventV2, deps: Deps): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = lowerCaseHeaders(event.headers);
  const sourceIp = callerAddress(headers, event.requestContext.http.sourceIp, deps.config.originSecret);
  const caller = r.role === 'public' ? null : await authenticate(deps, headers.authorization, r.role);
  const errors: FieldError[] = [];
  const params = parsePart(r.params, decodeParams(event.pathParameters), 'path', errors);
  const query = parsePart(r.query, event.queryStringParameters ?? {}, 'query', errors);
  const body = parsePart(r.body, r.body && !(bodyIsOptional(r.body) && !event.body) ? readJsonBody(event, headers) : undefined, 'body', errors);
  if (errors.length > 0) throw new Invalid('Some fields are not valid.', errors);
  const result = await r.handler(
    { params, query, body, caller, headers, sourceIp, requestId: event.requestContext.requestId, event },
    deps,
  );
  return toResult(result);
}

function bodyIsOptional(schema: z.ZodType): boolean {
  return schema.safeParse(undefined).success;
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string, errors: FieldError[]): unknown {
  if (!schema) return value ?? {};
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : where;
    errors.push({ field: where === 'body' ? field : `${where}.${field}`.replace(/\.(path|query)$/, ''), message: issue.message });
  }
  return undefined;
}

function decodeParams(params: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    try {
      out[key] = decodeURIComponent(value);
    } catch {
      throw new Invalid('A path segment is not valid.', [{ field: `path.${key}`, message: 'Bad percent-encoding.' }]);
    }
  }
  return out;
}

function readJsonBody(event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new Invalid('A JSON body is required.', [{ field: 'body', message: 'Required.' }]);
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > MAX_BODY_BYTES) throw new PayloadTooLarge(`The body may be at most ${MAX_BODY_BYTES} bytes.`);
  const type = headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) throw new UnsupportedMediaType('Send the body as application/json.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new Invalid('The body is not valid JSON.', [{ field: 'body', message: 'Not valid JSON.' }]);
  }
}

export function lowerCaseHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) out[key.toLowerCase()] = value;
  return out;
}

function problemErrors(): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const event = request.event;
      request.response = toProblem(request.error, event.requestContext?.requestId ?? 'unknown', event.rawPath ?? '');
    },
  };
}

function accessLog(deps: Deps): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const started = new WeakMap<object, number>();
  const log = (request: middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>) => {
    const status = request.response?.statusCode ?? 500;
    const entry = {
      requestId: request.event.requestContext?.requestId,
      method: request.event.requestContext?.http?.method,
      route: request.event.rawPath,
      status,
      durationMs: Date.now() - (started.get(request) ?? Date.now()),
    };
    if (status >= 500) deps.logger.error('request failed', { ...entry, error: describeError(request.error) });
    else deps.logger.info('request', entry);
  };
  return {
    before: (request) => {
      started.set(request, Date.now());
    },
    after: log,
    onError: log,
  };
}

/** The error's class and message only: SDK and domain messages never carry secrets or bodies. */
function describeError(error: unknown): { name: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  return { name: error.name, message: error.message.slice(0, 300) };
}
