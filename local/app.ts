// Composes the local desk: AWS-API stand-ins, table and bucket, the same handlers behind HTTP, the stream and the schedule.
import { join, resolve } from 'node:path';
import { startDynamoLocal } from './dynamodb';
import { isPublicPath, startHttpAdapter, type HttpHandler } from './http-adapter';
import { startOutboxStream, type StreamHandler } from './outbox-stream';
import { startS3Local } from './s3';
import { startSesCapture, type SesCapture } from './ses';
import { seedDesk } from '../functions/use-cases/setup';
import { ensureBucket, ensureKeyFile, ensureTable } from './setup';
import { webFiles } from './web';
import { buildWeb } from '../web/build';

export interface Endpoints {
  dynamodb: string;
  s3: string;
  ses: string;
}

export interface AppOptions {
  endpoints: Endpoints;
  table: string;
  bucket: string;
  keyFile: string;
  host: string;
  port: number;
  admin: { name: string; email: string };
  senderAddress: string;
  mailboxAddress?: string;
  pollEveryMs: number | null;
  logLevel: string;
  /** The built pages (buildWeb's folder), served on the API's origin outside /v1/. */
  webDir?: string;
  onRequest?: (line: string) => void;
  onError?: (error: unknown) => void;
  /** More configuration for the handlers (the same variables as in the stack). */
  env?: Record<string, string>;
}

export interface RunningApp {
  url: string;
  adminToken: string | null;
  runPoll(): Promise<unknown>;
  close(): Promise<void>;
}

/** Points the handlers at the stand-ins: configuration only, the code paths are those of AWS. */
export function configure(o: AppOptions, url: string): void {
  Object.assign(process.env, {
    TABLE_NAME: o.table,
    BUCKET_NAME: o.bucket,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DYNAMODB_ENDPOINT: o.endpoints.dynamodb,
    S3_ENDPOINT: o.endpoints.s3,
    SES_ENDPOINT: o.endpoints.ses,
    LOCAL_KEY_FILE: o.keyFile,
    SENDER_ADDRESS: o.senderAddress,
    MAILBOX_ADDRESS: o.mailboxAddress ?? o.senderAddress,
    PUBLIC_URL: url,
    // The pages share the API's origin locally; on AWS, WEB_URL names CloudFront's.
    WEB_URL: o.webDir ? url : '',
    LOG_LEVEL: o.logLevel,
    POWERTOOLS_DEV: 'false',
    // The local mail servers (dovecot, the tests' own) listen on loopback; private and link-local stay refused.
    MAILBOX_ALLOW: 'loopback',
    ...o.env,
  });
}

export async function startApp(o: AppOptions): Promise<RunningApp> {
  await ensureTable(o.endpoints.dynamodb, o.table);
  await ensureBucket(o.endpoints.s3, o.bucket);
  ensureKeyFile(o.keyFile);
  // The handlers load after the server has its address, which their configuration (PUBLIC_URL) names.
  const handlers: { publicApi?: HttpHandler; agentApi?: HttpHandler } = {};
  const http = await startHttpAdapter({
    port: o.port,
    host: o.host,
    pick: (path) => (isPublicPath(path) ? handlers.publicApi! : handlers.agentApi!),
    web: o.webDir ? webFiles(o.webDir) : undefined,
    onRequest: o.onRequest,
  });
  configure(o, http.url);
  const [publicApi, agentApi, mailSend, mailPoll, depsModule, configModule] = await Promise.all([
    import('../functions/handlers/public-api'),
    import('../functions/handlers/agent-api'),
    import('../functions/handlers/mail-send'),
    import('../functions/handlers/mail-poll'),
    import('../functions/clients'),
    import('../functions/config'),
  ]);
  handlers.publicApi = publicApi.handler as HttpHandler;
  handlers.agentApi = agentApi.handler as HttpHandler;
  const deps = depsModule.createDeps(configModule.loadConfig());
  const adminToken = await seedDesk(deps, o.admin);
  const stream = startOutboxStream({ endpoint: o.endpoints.dynamodb, table: o.table, handler: mailSend.handler as StreamHandler, onError: o.onError });
  const runPoll = () => mailPoll.handler();
  const timer = o.pollEveryMs ? setInterval(() => void runPoll().catch((e: unknown) => o.onError?.(e)), o.pollEveryMs) : undefined;
  return {
    url: http.url,
    adminToken,
    runPoll,
    close: async () => {
      if (timer) clearInterval(timer);
      await http.close();
      await stream.stop();
    },
  };
}

export interface LocalDeskOptions {
  dataDir: string;
  host: string;
  apiPort: number;
  dynamoPort: number;
  s3Port: number;
  sesPort: number;
  adminEmail: string;
  senderAddress: string;
  onRequest?: (line: string) => void;
  onError?: (error: unknown) => void;
}

export interface LocalDesk extends RunningApp {
  dataDir: string;
  adminEmail: string;
  ses: SesCapture;
  stop(): Promise<void>;
}

/** `npm start`: everything on this machine, data under one folder. */
export async function startLocalDesk(o: LocalDeskOptions): Promise<LocalDesk> {
  const dataDir = resolve(o.dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamoLocal({ port: o.dynamoPort, dataDir: join(dataDir, 'dynamodb') });
    stops.push(dynamo.stop);
    const s3 = await startS3Local({ port: o.s3Port, dataDir: join(dataDir, 's3'), buckets: [] }).catch((e: NodeJS.ErrnoException) => {
      throw portError(e, o.s3Port, 'SHOPDESK_S3_PORT');
    });
    stops.push(s3.stop);
    const ses = await startSesCapture(join(dataDir, 'sent-mail'), o.sesPort, o.host === '0.0.0.0' ? '127.0.0.1' : o.host).catch((e: NodeJS.ErrnoException) => {
      throw portError(e, o.sesPort, 'SHOPDESK_SES_PORT');
    });
    stops.push(ses.close);
    const web = await buildWeb(join(dataDir, 'web'));
    const app = await startApp({
      endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, ses: ses.url },
      table: 'shopdesk',
      bucket: 'shopdesk',
      keyFile: join(dataDir, 'secret.key'),
      host: o.host,
      port: o.apiPort,
      admin: { name: 'Admin', email: o.adminEmail },
      senderAddress: o.senderAddress,
      pollEveryMs: 60_000,
      webDir: web.outDir,
      logLevel: process.env.SHOPDESK_LOG_LEVEL ?? 'WARN',
      onRequest: o.onRequest,
      onError: o.onError,
    }).catch((e: NodeJS.ErrnoException) => {
      throw portError(e, o.apiPort, 'SHOPDESK_PORT');
    });
    stops.push(app.close);
    return { ...app, dataDir, adminEmail: o.adminEmail, ses, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function portError(error: NodeJS.ErrnoException, port: number, variable: string): Error {
  if (error.code === 'EADDRINUSE') return new Error(`Port ${port} is taken. Free it, or choose another with ${variable}=<port>.`);
  return error;
}

