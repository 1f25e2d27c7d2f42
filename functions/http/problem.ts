// RFC 9457 problem+json: the one mapping from thrown errors to error responses (expose below 500, hide above).
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DeskError, MethodNotAllowed, TooMany, Unavailable } from '../desk/errors';

export const PROBLEM_BASE = 'https://shopdesk.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
]);

/** An AWS service that throttles, fails on its side or cannot be reached: the client may retry (503), nothing was half-done. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (TRANSIENT_NAMES.has(e.name ?? '') || e.$retryable) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e.code ?? '');
}

/** Maps any error to a response; unknown errors become a bare 500 that names only the request id. */
export function toProblem(error: unknown, requestId: string, path: string): APIGatewayProxyStructuredResultV2 {
  if (error instanceof DeskError) {
    const headers: Record<string, string> = {};
    if (error instanceof TooMany || error instanceof Unavailable) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error instanceof MethodNotAllowed && Array.isArray(error.extra.allowed)) headers.allow = (error.extra.allowed as string[]).join(', ');
    return problemResponse(
      {
        type: PROBLEM_BASE + error.type,
        title: TITLES[error.status] ?? 'Error',
        status: error.status,
        detail: error.message,
        instance: path,
        requestId,
        ...error.extra,
      },
      headers,
    );
  }
  if (isTransient(error)) {
    return problemResponse(
      { type: PROBLEM_BASE + 'unavailable', title: TITLES[503]!, status: 503, detail: 'A service the desk depends on is busy or unavailable; try again in a moment.', instance: path, requestId },
      { 'retry-after': '2' },
    );
  }
  return problemResponse({
    type: PROBLEM_BASE + 'internal',
    title: TITLES[500]!,
    status: 500,
    detail: 'Something went wrong on our side. Quote the request id if you report it.',
    requestId,
  });
}
