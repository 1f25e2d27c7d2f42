// The OpenAPI document route: the document imports every route, so only the agent-api bundle carries it, and loads
// it (with the OpenAPI generator) on the first request for the document rather than at every cold start.
import { ok, route } from '../route';
import '../schemas/zod';
import * as z from 'zod';

export const getOpenApi = route({
  method: 'GET',
  path: '/v1/openapi.json',
  role: 'public',
  tags: ['System'],
  summary: 'This API’s OpenAPI 3.1 document',
  responses: { 200: { description: 'The document (OpenAPI 3.1, JSON)', schema: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }).passthrough().openapi('OpenApiDocument') } },
  handler: async () => ok((await import('../openapi')).openApiDocument()),
});
