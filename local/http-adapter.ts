// Serves the Lambda handlers over HTTP the way API Gateway (HTTP API, payload v2) calls them.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { WebHandler } from './web';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's own limit on a request body (10 MB); the handlers enforce their smaller one. */
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

export function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = /json|text|xml|form-urlencoded/i.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

function lambdaContext(requestId: string): Context {
  return {
    awsRequestId: requestId,
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
    memoryLimitInMB: '512',
    logGroupName: 'local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function startHttpAdapter(options: {
  port: number;
  host: string;
  pick: (path: string) => HttpHandler;
  /** The pages: every path outside /v1/ when set. */
  web?: WebHandler;
  onRequest?: (line: string) => void;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'https://shopdesk.dev/problems/internal', title: 'Bad Gateway', status: 502 }));
    });
  });
  // Node closes idle connections after 5 s, the moment a busy client may reuse one (ECONNRESET); gateways keep them longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const started = Date.now();
    const path = (req.url ?? '/').split('?')[0]!;
    if (options.web && !path.startsWith('/v1/')) {
      await options.web(req, res);
      options.onRequest?.(`${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_GATEWAY_BODY) {
        res.writeHead(413, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'https://shopdesk.dev/problems/payload-too-large', title: 'Content Too Large', status: 413 }));
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const event = toEvent(req, Buffer.concat(chunks));
    const result = await options.pick(event.rawPath)(event, lambdaContext(event.requestContext.requestId));
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    options.onRequest?.(`${req.method} ${event.rawPath} ${result.statusCode} ${Date.now() - started}ms`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The same split as the stack's routes: public paths to public-api, everything else (the OpenAPI document too) to agent-api. */
export function isPublicPath(path: string): boolean {
  return path.startsWith('/v1/public/') || path === '/v1/health';
}
