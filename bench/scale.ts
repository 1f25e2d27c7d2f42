// npm run bench:scale — the cost of the dashboard, list pages and a thread view at 1,000 and at 100,000 threads.
// Target: the 100,000 figures within 1.2× of the 1,000 figures; DynamoDB calls and consumed capacity per request, counted
// by bench/meter.ts in this process, which serves the requests.
import { DynamoDBDocumentClient, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startApp } from '../local/app';
import { apiClient } from '../test/support/harness';
import type { Message, Status, Thread } from '../functions/desk/model';
import { messageItem, threadItem } from '../functions/store/threads';
import { counterItems } from '../functions/store/commit';
import { installMeter, takeReading, unmeteredSend } from './meter';
import { benchAppOptions, median, startBenchServices, table } from './services';

const SIZES = (process.env.BENCH_SCALE ?? '1000,100000').split(',').map(Number);
const SAMPLES = 25;
const CONTACTS = ['webmaster', 'customer-service'];
const STATUSES: Status[] = ['open', 'closed', 'pending1', 'pending2'];

installMeter();

function threadAt(i: number): { thread: Thread; messages: Message[] } {
  const start = Date.parse('2025-01-01T00:00:00Z') + i * 300_000;
  // Thread ids are 16 characters, as the desk makes them (the API refuses others).
  const id = `s${String(i).padStart(15, '0')}`;
  const messages: Message[] = [0, 1, 2].map((k) => ({
    id: `${id}m${k}`,
    threadId: id,
    kind: k === 1 ? 'employee' : 'customer',
    createdAt: new Date(start + k * 60_000).toISOString(),
    text: `Message ${k} of thread ${i}: where is my order?`,
    attachments: [],
    source: 'form',
  }));
  const thread: Thread = {
    id,
    contactId: CONTACTS[i % 2]!,
    email: `c${i % 5000}@example.com`,
    lang: 'en',
    status: STATUSES[i % 4]!,
    token: 'x'.repeat(24),
    createdAt: messages[0]!.createdAt,
    lastMessageAt: messages[2]!.createdAt,
    lastMessagePreview: messages[2]!.text,
    lastMessageFrom: 'customer',
    readThrough: messages[1]!.createdAt,
    unread: 1,
    references: [],
    version: 3,
  };
  return { thread, messages };
}

async function load(doc: DynamoDBDocumentClient, tableName: string, from: number, to: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const { thread, messages } = threadAt(i);
    items.push(threadItem(thread), ...messages.map(messageItem));
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const res = await unmeteredSend(doc, new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = ((res as unknown as { UnprocessedItems?: Record<string, typeof pending> }).UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
  // The counters the loaded threads would have produced, so the dashboard reads real numbers.
  const counts = new Map<string, Record<string, number>>();
  for (let i = from; i < to; i++) {
    const t = threadAt(i).thread;
    const c = counts.get(t.contactId) ?? {};
    for (const [k, v] of Object.entries({ total: 1, [t.status]: 1, unread: 1, customerMessages: 2, employeeMessages: 1 })) c[k] = (c[k] ?? 0) + v;
    counts.set(t.contactId, c);
  }
  for (const [contactId, delta] of counts) {
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    const tx = counterItems([{ contactId, delta }]).map((i) => ({ ...i, Update: { ...i.Update!, TableName: tableName } }));
    await unmeteredSend(doc, new TransactWriteCommand({ TransactItems: tx }));
  }
}

async function main() {
  const s = await startBenchServices();
  const app = await startApp(benchAppOptions(s, 'scale'));
  const api = apiClient(app.url, app.adminToken!);
  const { createDeps } = await import('../functions/clients');
  const { loadConfig } = await import('../functions/config');
  const doc = createDeps(loadConfig()).db.doc;
  const rows: Record<string, string | number>[] = [];
  let loaded = 0;
  try {
    for (const size of SIZES) {
      const t = Date.now();
      await load(doc, 'scale', loaded, size);
      loaded = size;
      console.log(`loaded ${size} threads (${size * 4} items) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      const tenth = async (query: string) => {
        let cursor = '';
        for (let p = 0; p < 9; p++) cursor = (await api.get(`/v1/threads?limit=25${query}${cursor ? `&cursor=${cursor}` : ''}`)).body.nextCursor;
        return cursor;
      };
      const cursorAll = await tenth('');
      const cursorFiltered = await tenth('&status=open');
      const requests: [string, string][] = [
        ['dashboard', '/v1/dashboard'],
        ['list, first page', '/v1/threads?limit=25'],
        ['list, tenth page', `/v1/threads?limit=25&cursor=${cursorAll}`],
        ['list by status, first page', '/v1/threads?limit=25&status=open'],
        ['list by status, tenth page', `/v1/threads?limit=25&status=open&cursor=${cursorFiltered}`],
        ['thread view', `/v1/threads/${threadAt(Math.floor(size / 2)).thread.id}`],
      ];
      // Warm-up, so that the first size does not pay for the JIT and the connection pool.
      for (const [, path] of requests) for (let i = 0; i < 10; i++) await api.get(path);
      for (const [name, path] of requests) {
        const times: number[] = [];
        takeReading();
        for (let i = 0; i < SAMPLES; i++) {
          const t0 = performance.now();
          const res = await api.get(path);
          if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
          times.push(performance.now() - t0);
        }
        const cost = takeReading();
        console.log(JSON.stringify({ threads: size, request: name, commands: cost.commands }));
        rows.push({ threads: size, request: name, 'median ms': median(times).toFixed(1), 'DynamoDB calls': (cost.calls / cost.requests).toFixed(1), 'capacity units': (cost.capacity / cost.requests).toFixed(1) });
      }
    }
  } finally {
    await app.close();
    await s.stop();
  }
  console.log(table(rows));
  if (SIZES.length === 2) {
    const [small, large] = SIZES;
    const ratios = rows.filter((r) => r.threads === large).map((r) => {
      const base = rows.find((x) => x.threads === small && x.request === r.request)!;
      return `${r.request}: ${(Number(r['median ms']) / Number(base['median ms'])).toFixed(2)}×`;
    });
    console.log(`\n${large} vs ${small} threads (target ≤ 1.2×): ${ratios.join(', ')}`);
  }
}

await main();
