// The OpenAPI document route: it imports every route, so only the agent-api bundle carries it.
import { openApiDocument } from '../openapi';
import { ok, route } from '../route';

export const getOpenApi = route({
  method: 'GET',
  path: '/v1/openapi.json',
  role: 'public',
  tags: ['System'],
  summary: 'This API’s OpenAPI 3.1 document',
  responses: { 200: { description: 'The document' } },
  handler: async () => ok(openApiDocument()),
});
