// npm run bench:ingest — messages/s of a full poll, next to the floor (fetch + parse + one S3 put + one transaction) in the same run:
// the floor runs before and after the poll and their mean is the reference, so that a machine that speeds up or slows
// down during the run does not favour either side.
import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { startApp } from '../local/desk';
import { ensureBucket, ensureTable } from '../local/setup';
import { apiClient } from '../test/support/desk';
import { benchAppOptions, startBenchServices, table } from './services';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 1000);
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function mixOfMessages(): Promise<Buffer[]> {
  const attachment = randomBytes(200 * 1024);
  const out: Buffer[] = [];
  for (let i = 0; i < COUNT; i++) {
    const kind = i % 20 === 0 ? 'attachment' : i % 20 <= 3 ? 'html' : 'text';
    const composer = new MailComposer({
      from: `Customer ${i} <customer${i}@example.com>`,
      to: 'service@shop.test',
      subject: `Question ${i} about my order`,
      messageId: `<bench-${i}-${randomBytes(4).toString('hex')}@example.com>`,
      text: kind === 'html' ? undefined : `Hello, this is message ${i}.\n\nWhere is my order? ${'Lorem ipsum dolor sit amet. '.repeat(10)}`,
      html: kind === 'html' ? `<p>Hello, this is <b>message ${i}</b>.</p><p>${'Lorem ipsum dolor sit amet. '.repeat(20)}</p>` : undefined,
      attachments: kind === 'attachment' ? [{ filename: 'photo.jpg', content: attachment, contentType: 'image/jpeg' }] : [],
    });
    out.push(await composer.compile().build());
  }
  return out;
}

async function fill(host: string, port: number, user: string, pass: string, messages: Buffer[]): Promise<void> {
  const client = new ImapFlow({ host, port, secure: false, doSTARTTLS: false, auth: { user, pass }, logger: false });
  await client.connect();
  for (const m of messages) await client.append('INBOX', m);
  await client.logout();
}

/** The least a poller can do: fetch every message, parse it, one S3 put and one DynamoDB transaction each. */
async function floor(s: { dynamodb: string; s3: string }, imap: { host: string; port: number; user: string; pass: string }, tableName: string): Promise<number> {
  await ensureTable(s.dynamodb, tableName);
  await ensureBucket(s.s3, 'floor');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: s.dynamodb, region: 'us-east-1', credentials }));
  const s3 = new S3Client({ endpoint: s.s3, region: 'us-east-1', forcePathStyle: true, credentials });
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
  const started = Date.now();
  await client.connect();
  await client.mailboxOpen('INBOX');
  const uids = (await client.search({ all: true }, { uid: true })) || [];
  for (const uid of uids) {
    const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
    if (!msg || !msg.source) continue;
    const digest = createHash('sha256').update(msg.source).digest('hex');
    await s3.send(new PutObjectCommand({ Bucket: 'floor', Key: `raw/${digest}`, Body: msg.source }));
    const parsed = await simpleParser(msg.source);
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: tableName, Item: { pk: `MSG#${digest}`, sk: 'MSG', text: parsed.text ?? '', subject: parsed.subject ?? '' }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    );
  }
  await client.logout();
  return uids.length / ((Date.now() - started) / 1000);
}

async function main() {
  const s = await startBenchServices({ mail: true });
  try {
    const dove = s.dovecot!;
    const messages = await mixOfMessages();
    console.log(`Filling two mailboxes with ${COUNT} messages (80% text, 15% HTML, 5% with a 200 KB attachment)…`);
    await fill(dove.host, dove.ports.imap, 'bench', dove.password, messages);
    await fill(dove.host, dove.ports.imap, 'crash', dove.password, messages);
    const floorMailbox = { host: dove.host, port: dove.ports.imap, user: 'crash', pass: dove.password };
    const floorBefore = await floor(s, floorMailbox, 'floor-before');
    const app = await startApp(benchAppOptions(s, 'bench', { POLL_BUDGET_MS: '3600000' }));
    const api = apiClient(app.url, app.adminToken!);
    await api.request('PUT', '/v1/settings', { body: { mailbox: { host: dove.host, port: dove.ports.imap, user: 'bench', password: dove.password, ssl: false, noTls: true } } });
    // The poller itself, as the scheduled function runs it (the HTTP route would add a 30 s gateway limit).
    const { pollMailbox } = await import('../functions/mail/poller');
    const { createDeps } = await import('../functions/clients');
    const { loadConfig } = await import('../functions/config');
    const started = Date.now();
    const report = await pollMailbox(createDeps(loadConfig()));
    const rate = report.fetched / ((Date.now() - started) / 1000);
    await app.close();
    const floorAfter = await floor(s, floorMailbox, 'floor-after');
    const floorRate = (floorBefore + floorAfter) / 2;
    const ratio = rate / floorRate;
    console.log('');
    console.log(table([
      { run: 'floor: fetch + parse + 1 put + 1 transaction (mean)', 'messages/s': floorRate.toFixed(1), stored: COUNT, ratio: '1.00' },
      { run: '  floor before the poll', 'messages/s': floorBefore.toFixed(1), stored: COUNT, ratio: (floorBefore / floorRate).toFixed(2) },
      { run: '  floor after the poll', 'messages/s': floorAfter.toFixed(1), stored: COUNT, ratio: (floorAfter / floorRate).toFixed(2) },
      { run: 'ShopDesk poll (full pipeline)', 'messages/s': rate.toFixed(1), stored: report.stored, ratio: ratio.toFixed(2) },
    ]));
    console.log(`\nTarget ≥ 0.80× the floor: ${ratio >= 0.8 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×). failed=${report.failed}`);
  } finally {
    await s.stop();
  }
}

await main();
