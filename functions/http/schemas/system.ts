// Response shapes of health, the caller's identity and the OpenAPI document: read only by the OpenAPI document, which routes name them for (schemas/responses.ts).
import './zod';
import * as z from 'zod';

export const Health = z.object({ status: z.literal('ok'), time: z.string() }).openapi('Health');

export const Me = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['admin', 'agent']),
    lang: z.enum(['en', 'fr', 'de', 'es', 'ru']),
    tokenId: z.string(),
    credential: z.enum(['token', 'session']).openapi({ description: 'An API token, or a console session (A12).' }),
  })
  .openapi('Me');

export const OpenApiDocument = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .passthrough()
  .openapi('OpenApiDocument');
