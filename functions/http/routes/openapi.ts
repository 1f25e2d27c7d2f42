// The OpenAPI document route: the document imports every route, so only the agent-api bundle carries it, and loads
// it (with the OpenAPI generator) on the first request for the document rather than at every cold start.
import { ok, route } from '../route';

export const getOpenApi = route({
  method: 'GET',
  path: '/v1/openapi.json',
  role: 'public',
  tags: ['System'],
  summary: 'This API’s OpenAPI 3.1 document',
  responses: { 200: { description: 'The document (OpenAPI 3.1, JSON)', schema: 'OpenApiDocument' } },
  handler: async () => ok((await import('../openapi')).openApiDocument()),
});
