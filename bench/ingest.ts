// npm run bench:ingest — messages/s of the poller, next to the floor (fetch + parse + one S3 put + one transaction) in the same
// run: the mail comes in segments, each read by the floor and by a poll one right after the other (in turn first), so that
// a shared machine that speeds up or slows down during the run favours neither side.
import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { startApp } from '../local/app';
import { ensureBucket, ensureTable } from '../local/setup';
import { apiClient } from '../test/support/harness';
import { benchAppOptions, startBenchServices, table } from './services';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 1000);
const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 10);
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

interface Floor {
  client: ImapFlow;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  lastUid: number;
}

async function openFloor(s: { dynamodb: string; s3: string }, imap: { host: string; port: number; user: string; pass: string }): Promise<Floor> {
  await ensureTable(s.dynamodb, 'floor');
  await ensureBucket(s.s3, 'floor');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: s.dynamodb, region: 'us-east-1', credentials }));
  const s3 = new S3Client({ endpoint: s.s3, region: 'us-east-1', forcePathStyle: true, credentials });
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
  await client.connect();
  await client.mailboxOpen('INBOX');
  return { client, doc, s3, lastUid: 0 };
}

/** The least a poller can do with the mail that came since its last run: fetch it, parse it, one S3 put and one one-item transaction each. */
async function floorRun(f: Floor): Promise<number> {
  const started = Date.now();
  const uids = ((await f.client.search({ uid: `${f.lastUid + 1}:*` }, { uid: true })) || []).filter((uid) => uid > f.lastUid);
  for (const uid of uids) {
    const msg = await f.client.fetchOne(String(uid), { source: true }, { uid: true });
    if (!msg || !msg.source) continue;
    const digest = createHash('sha256').update(msg.source).digest('hex');
    await f.s3.send(new PutObjectCommand({ Bucket: 'floor', Key: `raw/${digest}`, Body: msg.source }));
    const parsed = await simpleParser(msg.source);
    await f.doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: 'floor', Item: { pk: `MSG#${digest}`, sk: 'MSG', text: parsed.text ?? '', subject: parsed.subject ?? '' }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    );
    f.lastUid = Math.max(f.lastUid, uid);
  }
  return Date.now() - started;
}

async function main() {
  const s = await startBenchServices({ mail: true });
  try {
    const dove = s.dovecot!;
    const messages = await mixOfMessages();
    console.log(`${COUNT} messages (80% text, 15% HTML, 5% with a 200 KB attachment) in ${SEGMENTS} segments, each appended to two mailboxes…`);
    const floor = await openFloor(s, { host: dove.host, port: dove.ports.imap, user: 'crash', pass: dove.password });
    const app = await startApp(benchAppOptions(s, 'bench', { POLL_BUDGET_MS: '3600000' }));
    const api = apiClient(app.url, app.adminToken!);
    await api.request('PUT', '/v1/settings', { body: { mailbox: { host: dove.host, port: dove.ports.imap, user: 'bench', password: dove.password, ssl: false, noTls: true } } });
    // The poller itself, as the scheduled function runs it (the HTTP route would add a 30 s gateway limit).
    const { pollMailbox } = await import('../functions/mail/poller');
    const { createDeps } = await import('../functions/clients');
    const { loadConfig } = await import('../functions/config');
    const deps = createDeps(loadConfig());
    const totals = { floorMs: 0, pollMs: 0, fetched: 0, stored: 0, failed: 0 };
    const runFloor = async () => {
      totals.floorMs += await floorRun(floor);
    };
    const runPoll = async () => {
      const started = Date.now();
      const report = await pollMailbox(deps);
      totals.pollMs += Date.now() - started;
      totals.fetched += report.fetched;
      totals.stored += report.stored;
      totals.failed += report.failed;
    };
    const size = Math.ceil(COUNT / SEGMENTS);
    for (let i = 0; i * size < COUNT; i++) {
      const segment = messages.slice(i * size, (i + 1) * size);
      await fill(dove.host, dove.ports.imap, 'bench', dove.password, segment);
      await fill(dove.host, dove.ports.imap, 'crash', dove.password, segment);
      if (i % 2 === 0) await runFloor().then(runPoll);
      else await runPoll().then(runFloor);
    }
    await floor.client.logout();
    await app.close();
    const floorRate = COUNT / (totals.floorMs / 1000);
    const rate = totals.fetched / (totals.pollMs / 1000);
    const ratio = rate / floorRate;
    console.log('');
    console.log(table([
      { run: 'floor: fetch + parse + 1 put + 1 transaction', 'messages/s': floorRate.toFixed(1), stored: COUNT, ratio: '1.00' },
      { run: 'ShopDesk poll (full pipeline)', 'messages/s': rate.toFixed(1), stored: totals.stored, ratio: ratio.toFixed(2) },
    ]));
    console.log(`\nTarget ≥ 0.80× the floor: ${ratio >= 0.8 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×). failed=${totals.failed}`);
  } finally {
    await s.stop();
  }
}

await main();
