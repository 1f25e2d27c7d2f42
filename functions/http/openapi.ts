// The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { adminRoutes } from './routes/admin';
import { agentRoutes } from './routes/agent';
import { publicRoutes } from './routes/public';
import { getHealth, getMe, getOpenApi } from './routes/system';
import type { AnyRoute } from './route';
import { ProblemSchema } from './schemas/common';

export const allRoutes: AnyRoute[] = [getHealth, getOpenApi, getMe, ...publicRoutes, ...agentRoutes, ...adminRoutes];

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (sdk_…).' });
  registry.register('Problem', ProblemSchema);
  for (const r of allRoutes) registry.registerPath(operationOf(r));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'ShopDesk API', version: '1.0.0', description: 'A customer-service desk for online shops. Errors are RFC 9457 problem+json.' },
    servers: [{ url: '/' }],
  });
  return cached;
}

function operationOf(r: AnyRoute): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, spec] of Object.entries(r.responses)) {
    const mediaType = Number(status) >= 400 ? 'application/problem+json' : 'application/json';
    responses[status] = spec.schema ? { description: spec.description, content: { [mediaType]: { schema: spec.schema } } } : { description: spec.description };
  }
  const common = r.role === 'public' ? {} : { 401: 'No valid token', ...(r.role === 'admin' ? { 403: 'Not an admin' } : {}) };
  for (const [status, description] of Object.entries({ ...common, 400: 'Invalid request', 500: 'Unexpected error' })) {
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
