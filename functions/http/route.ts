// One route declaration gives the router its route, the validator its schemas and the OpenAPI document its operation.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { Deps } from '../deps';
import type { Caller } from '../credentials';
import type { ResponseSchemaName } from './schemas/responses';

export type Role = 'public' | 'agent' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Request<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller | null;
  headers: Record<string, string>;
  sourceIp: string;
  requestId: string;
  event: APIGatewayProxyEventV2;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  /**
   * The body's shape, by its name in schemas/responses.ts: only the OpenAPI document reads it, so that serving a
   * request never builds a response shape.
   */
  schema?: ResponseSchemaName;
  /** The body's media type when it is not JSON (a raw mail: message/rfc822). */
  mediaType?: string;
  /** Headers the response carries, by name (documented with a plain string schema). */
  headers?: Record<string, string>;
  /**
   * Where a value of this response feeds another operation (an OpenAPI link): `operation` is 'METHOD /path', each
   * parameter a runtime expression such as '$response.body#/id'.
   */
  links?: Record<string, { operation: string; parameters: Record<string, string>; description: string }>;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  role: Role;
  summary: string;
  tags: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Headers the operation reads, for the OpenAPI document. */
  requestHeaders?: z.ZodObject;
  responses: Record<number, ResponseSpec>;
  handler: (req: Request<P, Q, B>, deps: Deps) => Promise<HttpResult>;
}

export type AnyRoute = Route<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(def: Route<P, Q, B>): Route<P, Q, B> {
  return def;
}

export const ok = (body: unknown, headers?: Record<string, string>): HttpResult => ({ status: 200, body, headers });
export const created = (body: unknown, headers?: Record<string, string>): HttpResult => ({ status: 201, body, headers });
export const noContent = (): HttpResult => ({ status: 204 });
/** A 302 whose body names the target too, for clients that do not follow redirects. */
export const redirect = (location: string): HttpResult => ({ status: 302, headers: { location }, body: { url: location } });

export function toResult(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) return { statusCode: result.status, headers };
  if (Buffer.isBuffer(result.body)) return { statusCode: result.status, headers, body: result.body.toString('base64'), isBase64Encoded: true };
  headers['content-type'] ??= 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}
