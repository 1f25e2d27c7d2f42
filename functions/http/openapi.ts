// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { agentRoutes } from './routes/agent';
import { publicRoutes } from './routes/public';
import { getOpenApi } from './routes/openapi';
import { getHealth, getMe } from './routes/system';
import type { AnyRoute } from './route';
import { ProblemSchema } from './schemas/common-responses';
import { RESPONSE_SCHEMAS } from './schemas/responses';

let cached: object | undefined;

const DESCRIPTION = [
  'A customer-service desk for online shops. Errors are RFC 9457 problem+json with a stable `type`.',
  'A request that breaks a rule of this document gets 400 with `type` …/validation and field-level `errors`.',
  'A well-formed request can still get 400 when it names something that does not exist or can no longer be used',
  '(`type` …/unknown-reference: a contact, employee, upload, message or cursor), contradicts the saved settings',
  '(…/contradicts-saved-settings), would lock the caller out (…/self-lockout) or signs out with an API token',
  '(…/not-a-session); an unknown id in the path gets 404.',
  'A known path called with another method gets 405 with an `Allow` header (components/responses/MethodNotAllowed).',
].join(' ');

export function openApiDocument(): object {
  if (cached) return cached;
  const routes: AnyRoute[] = [getHealth, getOpenApi, getMe, ...publicRoutes, ...authRoutes, ...agentRoutes, ...adminRoutes];
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (sdk_…) or a console session (sds_…).' });
  registry.register('Problem', ProblemSchema);
  registry.registerComponent('responses', 'MethodNotAllowed', {
    description: 'The path exists, but not with this method',
    headers: { Allow: { description: 'The methods this path accepts, e.g. "GET".', schema: { type: 'string' } } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  const ids = new Map(routes.map((r) => [`${r.method} ${r.path}`, operationIdOf(r)]));
  for (const r of routes) registry.registerPath(operationOf(r, ids));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'ShopDesk API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: '/' }],
  });
  return cached;
}

/** A stable operationId from the method and path: GET /v1/threads/{id}/replies → getThreadsByIdReplies. */
export function operationIdOf(r: Pick<AnyRoute, 'method' | 'path'>): string {
  const words = r.path
    .replace(/^\/v1\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith('{') ? `By${capital(w.slice(1, -1))}` : capital(w)));
  return r.method.toLowerCase() + words.join('');
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' as const, minimum: 1 } } };

/** The problems any operation of its kind can answer, besides the ones it declares itself. */
function commonProblems(r: AnyRoute): Record<number, string> {
  const problems: Record<number, string | undefined> = {
    400: 'Invalid request (field-level errors)',
    ...(r.role !== 'public' ? { 401: 'No valid token' } : {}),
    ...(r.role === 'admin' ? { 403: 'Not an admin' } : {}),
    ...(r.params ? { 404: 'Not found' } : {}),
    ...(r.body ? { 413: 'Body over 64 KB', 415: 'Body not JSON' } : {}),
    ...(r.role === 'public' ? { 429: 'Too many requests (Retry-After)' } : {}),
    500: 'Unexpected error (with a request id)',
    503: 'Busy; retry after Retry-After seconds',
  };
  return Object.fromEntries(Object.entries(problems).filter(([, v]) => v !== undefined)) as Record<number, string>;
}

function operationOf(r: AnyRoute, ids: Map<string, string>): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const mediaType = spec.mediaType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
    responses[status] = {
      description: spec.description,
      ...(spec.schema ? { content: { [mediaType]: { schema: RESPONSE_SCHEMAS[spec.schema] } } } : {}),
      ...(spec.headers ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
      ...(spec.links ? { links: linksOf(r, spec.links, ids) } : {}),
    };
  }
  for (const [status, description] of Object.entries(commonProblems(r))) {
    responses[status] ??= { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  for (const status of ['429', '503']) {
    if (responses[status]) responses[status] = { ...responses[status], headers: RETRY_AFTER };
  }
  return {
    method: r.method.toLowerCase() as RouteConfig['method'],
    path: r.path,
    operationId: operationIdOf(r),
    summary: r.summary,
    tags: r.tags,
    security: r.role === 'public' ? [] : [{ bearer: [] }],
    request: {
      params: r.params as never,
      query: r.query as never,
      headers: r.requestHeaders as never,
      body: r.body ? { content: { 'application/json': { schema: r.body } }, required: true } : undefined,
    },
    responses,
  };
}

function linksOf(r: AnyRoute, links: NonNullable<AnyRoute['responses'][number]['links']>, ids: Map<string, string>) {
  return Object.fromEntries(
    Object.entries(links).map(([name, link]) => {
      const operationId = ids.get(link.operation);
      if (!operationId) throw new Error(`${r.method} ${r.path}: the link ${name} names ${link.operation}, which is no route.`);
      return [name, { operationId, parameters: link.parameters, description: link.description }];
    }),
  );
}
