// Mail built to exceed one limit each (M6): of the store, of S3, of the parser, of every dimension of a mail.
import { fixture } from './mailbox';

interface Parts {
  from?: string;
  subject?: string;
  messageId?: string;
  headers?: string[];
  contentType?: string;
  body?: string;
}

/** test/fixtures/mail/hostile-template.eml with one part made hostile; the rest is an ordinary customer mail. */
export function hostileMail(customer: string, unique: string, parts: Parts = {}): Buffer {
  return fixture('hostile-template.eml', {
    from: parts.from ?? `"Hostile Sender" <${customer}>`,
    subject: parts.subject ?? `Order question ${unique}`,
    messageId: parts.messageId ?? `<hostile-${unique}@example.com>`,
    headers: (parts.headers ?? []).map((h) => `${h}\r\n`).join(''),
    contentType: parts.contentType ?? 'text/plain; charset=utf-8',
    body: parts.body ?? 'Hello, where is my order?',
  });
}

const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i));
const base64Lines = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64').replace(/.{76}/g, '$&\r\n');

function multipart(partsText: string[]): Pick<Parts, 'contentType' | 'body'> {
  return { contentType: 'multipart/mixed; boundary="hostile-boundary"', body: partsText.map((p) => `--hostile-boundary\r\n${p}\r\n`).join('') + '--hostile-boundary--' };
}

const attachment = (name: string, type: string, base64: string) =>
  `Content-Type: ${type}\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64}`;

const textPart = (text: string) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`;

function nested(depth: number): Pick<Parts, 'contentType' | 'body'> {
  let body = '';
  for (let i = 1; i <= depth; i++) body += `--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`;
  body += `--b${depth}\r\n${textPart('deep')}\r\n--b${depth}--\r\n`;
  for (let i = depth - 1; i >= 0; i--) body += `--b${i}--\r\n`;
  return { contentType: 'multipart/mixed; boundary="b0"', body };
}

export interface HostileCase {
  /** The limit it exceeds. */
  limit: string;
  build(customer: string, unique: string): Buffer;
  /** `stored`, or the failure's reason. */
  outcome: 'stored' | RegExp;
}

const MB = 1024 * 1024;

export const HOSTILE_CASES: HostileCase[] = [
  { limit: 'DynamoDB key size: a 3,000-character Message-ID', outcome: 'stored', build: (c, u) => hostileMail(c, u, { messageId: `<${'m'.repeat(3000)}${u}@example.com>` }) },
  { limit: 'DynamoDB key size: a 2,100-character In-Reply-To', outcome: 'stored', build: (c, u) => hostileMail(c, u, { headers: [`In-Reply-To: <${'r'.repeat(2100)}${u}@example.com>`] }) },
  { limit: 'index key size: a 2,100-character From address', outcome: /sender's address is longer than 254/, build: (c, u) => hostileMail(c, u, { from: `<${'f'.repeat(2100)}${u}@example.com>` }) },
  { limit: 'attribute size: a 3,000-character display name', outcome: 'stored', build: (c, u) => hostileMail(c, u, { from: `"${'N'.repeat(3000)}" <${c}>` }) },
  { limit: 'header length: one 2 MB header', outcome: /header is larger than 1 MB/, build: (c, u) => hostileMail(c, u, { headers: [`X-Long: ${'a'.repeat(2 * MB)}`] }) },
  { limit: 'header count: 5,000 header fields', outcome: 'stored', build: (c, u) => hostileMail(c, u, { headers: lines(5000, (i) => `X-Trace-${i}: ${i}`) }) },
  { limit: 'header count: 20,000 header fields', outcome: /more than 10,000 header fields/, build: (c, u) => hostileMail(c, u, { headers: lines(20_000, (i) => `X-Trace-${i}: ${i}`) }) },
  { limit: 'recipients: 10,000 addresses in To and Cc', outcome: 'stored', build: (c, u) => hostileMail(c, u, { headers: [`Cc: ${lines(10_000, (i) => `r${i}@example.net`).join(',\r\n ')}`] }) },
  {
    limit: 'References chain: 3,000 Message-IDs',
    outcome: 'stored',
    build: (c, u) => hostileMail(c, u, { headers: [`References: ${lines(3000, (i) => `<${'x'.repeat(40)}${i}@example.com>`).join('\r\n ')}`] }),
  },
  {
    limit: 'References chain: 5,000 Message-IDs of 300 characters (1.5 MB)',
    outcome: /header is larger than 1 MB/,
    build: (c, u) => hostileMail(c, u, { headers: [`References: ${lines(5000, (i) => `<${'x'.repeat(300)}${i}@example.com>`).join('\r\n ')}`] }),
  },
  { limit: 'subject length: a 100 KB subject', outcome: 'stored', build: (c, u) => hostileMail(c, u, { subject: lines(2000, () => 'Where is my order?'.repeat(3)).join('\r\n ') }) },
  { limit: 'MIME parts: 1,500 parts', outcome: /more MIME parts than the parser reads/, build: (c, u) => hostileMail(c, u, multipart(lines(1500, (i) => textPart(`part ${i}`)))) },
  { limit: 'nesting: 1,200 multiparts deep', outcome: /more MIME parts than the parser reads/, build: (c, u) => hostileMail(c, u, nested(1200)) },
  { limit: 'body: 20 MB of text (kept whole in S3, 100 KB in the message)', outcome: 'stored', build: (c, u) => hostileMail(c, u, { body: lines(20 * 1024 * 16, () => 'where is my order? '.repeat(3)).join('\r\n') }) },
  { limit: 'mail size: 30 MB, over the parsing limit (a multipart upload to S3)', outcome: /larger than 25 MB/, build: (c, u) => hostileMail(c, u, { body: base64Lines(22 * MB) }) },
  {
    limit: 'attachment count: 300 attachments',
    outcome: 'stored',
    build: (c, u) => hostileMail(c, u, multipart([textPart('Files attached'), ...lines(300, (i) => attachment(`file-${i}.txt`, 'text/plain', 'aGVsbG8='))])),
  },
  { limit: 'attachment size: one 15 MB attachment', outcome: 'stored', build: (c, u) => hostileMail(c, u, multipart([textPart('A big file'), attachment('big.bin', 'application/octet-stream', base64Lines(15 * MB))])) },
  {
    limit: 'file names and S3 object headers: a 5,000-character name, a 10 KB content type',
    outcome: 'stored',
    build: (c, u) => hostileMail(c, u, multipart([textPart('Odd file'), attachment(`${'n'.repeat(5000)}.pdf`, `application/${'x'.repeat(10_000)}`, 'JVBERi0xLjQ=')])),
  },
  {
    limit: 'DynamoDB item and transaction size: 450 KB of text, 300 KB of HTML, 40 attachments with long names',
    outcome: 'stored',
    build: (c, u) =>
      hostileMail(c, u, {
        contentType: 'multipart/mixed; boundary="hostile-boundary"',
        body:
          `--hostile-boundary\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\n${textPart(lines(3000, () => '€'.repeat(50)).join('\r\n'))}\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${'<p>Hello</p>'.repeat(25_000)}\r\n--alt--\r\n` +
          lines(45, (i) => `--hostile-boundary\r\n${attachment(`${'long-name-'.repeat(11)}${i}.txt`, 'text/plain', 'aGVsbG8=')}\r\n`).join('') +
          '--hostile-boundary--',
      }),
  },
];
