// One desk per test file, on its own table and bucket, served through HTTP exactly as `npm start` serves it.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { inject } from 'vitest';
import { startApp, type RunningApp } from '../../local/app';
import { checkContract } from './contract';

export interface Response<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  body: T;
}

export interface Api {
  request<T = any>(method: string, path: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string }): Promise<Response<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  get<T = any>(path: string, token?: string | null): Promise<Response<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  post<T = any>(path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<Response<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestDesk {
  url: string;
  adminToken: string;
  adminEmail: string;
  api: Api;
  app: RunningApp;
  sesUrl: string;
  table: string;
  bucket: string;
  close(): Promise<void>;
}

export const unique = (prefix = 'x') => `${prefix}${randomBytes(5).toString('hex')}`;
export const uniqueEmail = (who = 'customer') => `${who}.${randomBytes(5).toString('hex')}@example.com`;

export async function startTestDesk(options: { ses?: string; env?: Record<string, string>; logLevel?: string } = {}): Promise<TestDesk> {
  const services = inject('services');
  const id = randomBytes(5).toString('hex');
  const app = await startApp({
    endpoints: { dynamodb: services.dynamodb, s3: services.s3, ses: options.ses ?? services.ses },
    table: `t-${id}`,
    bucket: `b-${id}`,
    keyFile: join(services.tmp, `key-${id}`),
    host: '127.0.0.1',
    port: 0,
    admin: { name: 'Ada Admin', email: `admin.${id}@shop.test` },
    senderAddress: 'desk@shopdesk.test',
    pollEveryMs: null,
    webDir: services.webDir,
    logLevel: options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'SILENT',
    // All tests share one source address; the per-IP limit has its own test with the default.
    env: { SUBMITS_PER_IP: '100000', SIGNINS_PER_IP: '100000', ...options.env },
  });
  const adminToken = app.adminToken!;
  return { url: app.url, adminToken, adminEmail: `admin.${id}@shop.test`, api: apiClient(app.url, adminToken), app, sesUrl: options.ses ?? services.ses, table: `t-${id}`, bucket: `b-${id}`, close: app.close };
}

export function apiClient(base: string, defaultToken: string): Api {
  const request: Api['request'] = async (method, path, options = {}) => {
    const token = options.token === undefined ? defaultToken : options.token;
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    checkContract(method, path, res.status, res.headers.get('content-type'), parsed);
    return { status: res.status, headers: res.headers, body: parsed as never };
  };
  return {
    request,
    get: (path, token) => request('GET', path, { token }),
    post: (path, body, token, headers) => request('POST', path, { body, token, headers }),
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SentMail {
  id: string;
  messageId: string;
  to: string[];
  subject: string;
  parsed: ParsedMail;
  raw: Buffer;
}

/** Mails the SES capture delivered to this address, parsed back with mailparser (well-formed or it throws). */
export async function mailsTo(sesUrl: string, address: string): Promise<SentMail[]> {
  const list = (await (await fetch(`${sesUrl}/messages`)).json()) as { id: string; messageId: string; to: string[]; subject: string }[];
  const mine = list.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  return Promise.all(
    mine.map(async (m) => {
      const raw = Buffer.from(await (await fetch(`${sesUrl}/messages/${m.id}.eml`)).arrayBuffer());
      return { ...m, raw, parsed: await simpleParser(raw) };
    }),
  );
}

export async function waitForMails(sesUrl: string, address: string, count: number, timeoutMs = 15_000): Promise<SentMail[]> {
  return waitFor(async () => {
    const mails = await mailsTo(sesUrl, address);
    return mails.length >= count ? mails : undefined;
  }, timeoutMs);
}

/** The code of the newest console sign-in link mailed to this address, after asking for one (A12). */
export async function signInCode(desk: TestDesk, email: string): Promise<string> {
  const before = (await mailsTo(desk.sesUrl, email)).length;
  const asked = await desk.api.post('/v1/auth/sign-in-link', { email }, null);
  if (asked.status !== 202) throw new Error(`sign-in-link answered ${asked.status}`);
  const mails = await waitForMails(desk.sesUrl, email, before + 1);
  const code = /#code=([\w-]+)/.exec(mails[mails.length - 1]!.parsed.text ?? '')?.[1];
  if (!code) throw new Error('no sign-in link in the mail');
  return code;
}

/** A console session's bearer token for this employee. */
export async function signIn(desk: TestDesk, email: string): Promise<string> {
  const res = await desk.api.post('/v1/auth/sessions', { code: await signInCode(desk, email) }, null);
  if (res.status !== 201) throw new Error(`sessions answered ${res.status}`);
  return res.body.token as string;
}

/** A customer's form message to the customer service, as the shop's form sends it; the thread it went to. */
export async function submitForm(desk: TestDesk, body: Record<string, unknown>): Promise<string> {
  const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', message: 'Hello', lang: 'en', ...body }, null);
  if (res.status !== 201) throw new Error(`The form answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.threadId as string;
}

/** The rows of a customer's threads, newest activity first. */
export async function threadsOf(desk: TestDesk, email: string): Promise<{ id: string }[]> {
  return (await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items;
}
