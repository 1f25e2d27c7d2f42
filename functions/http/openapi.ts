// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { agentRoutes } from './routes/agent';
import { publicRoutes } from './routes/public';
import { getOpenApi } from './routes/openapi';
import { getHealth, getMe } from './routes/system';
import type { AnyRoute } from './route';
import { ProblemSchema } from './schemas/common';

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (sdk_…) or a console session (sds_…).' });
  registry.register('Problem', ProblemSchema);
  const routes: AnyRoute[] = [getHealth, getOpenApi, getMe, ...publicRoutes, ...authRoutes, ...agentRoutes, ...adminRoutes];
  for (const r of routes) registry.registerPath(operationOf(r));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'ShopDesk API', version: '1.0.0', description: 'A customer-service desk for online shops. Errors are RFC 9457 problem+json.' },
    servers: [{ url: '/' }],
  });
  return cached;
}

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

function operationOf(r: AnyRoute): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const mediaType = spec.mediaType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
    responses[status] = spec.schema ? { description: spec.description, content: { [mediaType]: { schema: spec.schema } } } : { description: spec.description };
  }
  for (const [status, description] of Object.entries(commonProblems(r))) {
    responses[status] ??= { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  return {
    method: r.method.toLowerCase() as RouteConfig['method'],
    path: r.path,
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
