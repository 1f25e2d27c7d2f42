// A local stand-in for SES v2 SendEmail (raw): replaces Message-ID as SES does, keeps the delivered bytes, lists them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';

export interface CapturedMail {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  /** The envelope's copies, as SES delivers them (Bcc is in no header). */
  cc?: string[];
  bcc?: string[];
  subject: string;
  date: string;
  size: number;
  file: string;
  /** The web links in the mail's text (a console sign-in link, a customer's thread link), clickable on the page. */
  links?: string[];
}

export interface SesCapture {
  url: string;
  mails(): CapturedMail[];
  raw(id: string): Buffer;
  /** Test hook of the stand-in only: the next `count` sends fail with this SES error. */
  failNext(count: number, error: 'TooManyRequestsException' | 'MessageRejected' | 'InternalFailure'): void;
  /** While down, every send is answered 503, like a service outage. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

const STATUS: Record<string, number> = { TooManyRequestsException: 429, MessageRejected: 400, InternalFailure: 500, ServiceUnavailable: 503 };

export async function startSesCapture(dir: string, port: number, host = '127.0.0.1'): Promise<SesCapture> {
  mkdirSync(dir, { recursive: true });
  const index: CapturedMail[] = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CapturedMail)
    .sort((a, b) => a.date.localeCompare(b.date));
  const faults: string[] = [];
  let down = false;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { message: 'capture error' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'POST' && url.pathname === '/v2/email/outbound-emails') return sendEmail(req, res);
    if (req.method === 'GET' && url.pathname === '/messages') return send(res, 200, index);
    const eml = /^\/messages\/([\w-]+)\.eml$/.exec(url.pathname);
    if (req.method === 'GET' && eml) {
      const mail = index.find((m) => m.id === eml[1]);
      if (!mail) return send(res, 404, { message: 'not found' });
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-disposition': `inline; filename="${mail.id}.eml"` });
      return res.end(readFileSync(join(dir, mail.file)));
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      return res.end(page(index));
    }
    send(res, 404, { message: 'not found' });
  }

  async function sendEmail(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse((await readBody(req)).toString('utf8')) as { FromEmailAddress?: string; Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] }; Content?: { Raw?: { Data?: string } } };
    const fault = down ? 'ServiceUnavailable' : faults.shift();
    if (fault) {
      res.writeHead(STATUS[fault] ?? 500, { 'content-type': 'application/json', 'x-amzn-errortype': fault });
      return res.end(JSON.stringify({ message: `Simulated ${fault}` }));
    }
    const data = body.Content?.Raw?.Data;
    if (!data) return send(res, 400, { message: 'Only raw content is supported by the local capture.' }, 'BadRequestException');
    const id = `010001${randomBytes(6).toString('hex')}-${randomUUID()}-000000`;
    const messageId = `<${id}@email.amazonses.com>`;
    const delivered = rewriteHeaders(Buffer.from(data, 'base64'), messageId);
    const headers = delivered.subarray(0, Math.max(0, delivered.indexOf('\r\n\r\n'))).toString('utf8');
    const mail: CapturedMail = {
      id,
      messageId,
      from: body.FromEmailAddress ?? headerValue(headers, 'from'),
      to: body.Destination?.ToAddresses ?? [],
      cc: body.Destination?.CcAddresses,
      bcc: body.Destination?.BccAddresses,
      subject: decodeSubject(headerValue(headers, 'subject')),
      date: new Date().toISOString(),
      size: delivered.length,
      file: `${id}.eml`,
      links: await linksOf(delivered),
    };
    writeFileSync(join(dir, mail.file), delivered);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(mail));
    index.push(mail);
    send(res, 200, { MessageId: id });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${host}:${address.port}`,
    mails: () => [...index],
    raw: (id) => readFileSync(join(dir, index.find((m) => m.id === id)!.file)),
    failNext: (count, error) => faults.push(...Array.from({ length: count }, () => error)),
    setDown: (value) => {
      down = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** As SES does: any Message-ID given is replaced by SES's own; a Date is added when missing. */
export function rewriteHeaders(raw: Buffer, messageId: string): Buffer {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const rest = split >= 0 ? text.slice(split) : '\r\n\r\n';
  const lines = head.split('\r\n');
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = /^message-id:/i.test(line);
    if (!dropping) kept.push(line);
  }
  if (!kept.some((l) => /^date:/i.test(l))) kept.push(`Date: ${new Date().toUTCString()}`);
  kept.push(`Message-ID: ${messageId}`);
  return Buffer.from(kept.join('\r\n') + rest, 'latin1');
}

function headerValue(headers: string, name: string): string {
  const m = new RegExp(`^${name}:\\s*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(headers);
  return m ? m[1]!.replace(/\r\n[ \t]/g, ' ') : '';
}

function decodeSubject(value: string): string {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=\s*/g, (_all, _charset, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

async function linksOf(raw: Buffer): Promise<string[]> {
  try {
    const { simpleParser } = await import('mailparser');
    const text = (await simpleParser(raw)).text ?? '';
    return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
  } catch {
    return [];
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(mails: CapturedMail[]): string {
  const rows = [...mails]
    .reverse()
    .map((m) => `<tr><td>${esc(m.date)}</td><td>${esc(m.to.join(', '))}</td><td>${esc(m.subject)}</td><td>${(m.links ?? []).map((l) => `<a href="${esc(l)}">${esc(l)}</a>`).join('<br>')}</td><td><a href="/messages/${m.id}.eml">.eml</a></td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>ShopDesk — sent mail</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}td a{word-break:break-all}</style></head><body><h1>Sent mail (local SES capture)</h1><p>${mails.length} mails. JSON: <a href="/messages">/messages</a></p><table><tr><th>Date</th><th>To</th><th>Subject</th><th>Links</th><th>Raw</th></tr>${rows}</table></body></html>`;
}
