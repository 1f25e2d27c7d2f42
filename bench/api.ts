// npm run bench:api — API throughput and latency at 1, 10 and 50 connections, next to a floor that makes the DynamoDB
// calls docs/data-model.md lists for each route with the SDK alone, at the same concurrency; and the DynamoDB calls and
// capacity each request of the desk costs, counted in the desk's own process.
import autocannon from 'autocannon';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { configure, type AppOptions } from '../local/app';
import { apiClient } from '../test/support/harness';
import { floorScenarios } from './api-floor';
import { installMeter, takeReading, type Reading } from './meter';
import { benchAppOptions, startBenchServices, table } from './services';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
/** Each run is cut in this many turns of the desk and the floor. */
const SLICES = Number(process.env.BENCH_SLICES ?? 4);

type Op = (i: number) => Promise<unknown>;

/** The floor: `concurrency` loops calling `op` for `seconds`; requests/s and latency percentiles. */
async function floorRun(op: Op, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        try {
          await op(i++);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return { rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), errors, count: latencies.length };
}

interface DeskProcess {
  url: string;
  adminToken: string;
  /** The desk's DynamoDB calls and capacity since the last reading. */
  reading(): Promise<Reading>;
  close(): Promise<void>;
}

async function startDeskProcess(options: AppOptions): Promise<DeskProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/server-process.ts', JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A benchmark that fails half-way must not leave the desk (and its stream reader) running.
  process.once('exit', () => child.kill('SIGTERM'));
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error('The desk process stopped before it was ready.');
  const ready = JSON.parse(first.value as string) as { url: string; adminToken: string };
  const reading = () =>
    new Promise<Reading>((resolve) => {
      child.once('message', (m) => resolve(m as Reading));
      child.send('reading');
    });
  return { ...ready, reading, close: () => (child.kill('SIGTERM'), exited) };
}

async function main() {
  const s = await startBenchServices();
  const options = benchAppOptions(s, 'bench', { SUBMITS_PER_EMAIL: '100000000', SUBMITS_PER_IP: '100000000' });
  const app = await startDeskProcess(options);
  // The floor's clients get the same configuration as the desk's handlers.
  configure(options, app.url);
  const token = app.adminToken;
  const api = apiClient(app.url, token);
  const { createDeps } = await import('../functions/clients');
  const { loadConfig } = await import('../functions/config');
  const deps = createDeps(loadConfig());
  const me = (await api.get('/v1/me')).body as { id: string };
  const threads: string[] = [];
  for (let i = 0; i < 200; i++) {
    threads.push((await api.post('/v1/public/messages', { contactId: 'customer-service', email: `seed${i}@example.com`, message: `Seed ${i}` }, null)).body.threadId);
  }
  const floor = await floorScenarios({ doc: deps.db.doc, table: deps.db.table, token, employeeId: me.id, threads, contactId: 'customer-service' });
  // The floor's own calls are counted in this process, as the desk's are in its own.
  installMeter();
  let n = 0;
  const scenarios: { name: string; request: () => { method: string; path: string; body?: string }; floor: Op }[] = [
    {
      name: 'contact form submit',
      request: () => ({ method: 'POST', path: '/v1/public/messages', body: JSON.stringify({ contactId: 'customer-service', email: `c${n++}@example.com`, message: 'Where is my parcel?' }) }),
      floor: floor.submit,
    },
    { name: 'thread list page', request: () => ({ method: 'GET', path: '/v1/threads?limit=25' }), floor: floor.list },
    { name: 'thread view', request: () => ({ method: 'GET', path: `/v1/threads/${threads[n++ % threads.length]}` }), floor: floor.view },
    { name: 'dashboard', request: () => ({ method: 'GET', path: '/v1/dashboard' }), floor: floor.dashboard },
    {
      name: 'reply',
      request: () => ({ method: 'POST', path: `/v1/threads/${threads[n++ % threads.length]}/replies`, body: JSON.stringify({ message: 'On its way.', status: 'open' }) }),
      floor: floor.reply,
    },
  ];
  const rows: Record<string, string | number>[] = [];
  for (const sc of scenarios) {
    for (const connections of CONNECTIONS) {
      // The desk and the floor take turns in slices, so that load from outside this benchmark falls on both alike.
      const desk = { requests: 0, p50: 0, p99: 0, errors: 0, calls: 0, capacity: 0, served: 0 };
      const floor = { ops: 0, p99: 0, errors: 0, calls: 0, capacity: 0 };
      const commands: Record<string, number> = {};
      for (let slice = 0; slice < SLICES; slice++) {
        await quiet(app);
        const result = await autocannon({
          url: app.url,
          connections,
          duration: SECONDS / SLICES,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          requests: [{ setupRequest: (req) => ({ ...req, ...sc.request() }) }],
        });
        const cost = await app.reading();
        Object.assign(desk, {
          requests: desk.requests + result.requests.total,
          p50: desk.p50 + result.latency.p50 / SLICES,
          p99: desk.p99 + result.latency.p99 / SLICES,
          errors: desk.errors + result.errors + result.non2xx,
          calls: desk.calls + cost.calls,
          capacity: desk.capacity + cost.capacity,
          served: desk.served + cost.requests,
        });
        for (const [name, count] of Object.entries(cost.commands)) commands[name] = (commands[name] ?? 0) + count;
        await quiet(app);
        takeReading();
        const run = await floorRun(sc.floor, connections, SECONDS / SLICES);
        const floorCost = takeReading();
        Object.assign(floor, {
          ops: floor.ops + run.count,
          p99: floor.p99 + run.p99 / SLICES,
          errors: floor.errors + run.errors,
          calls: floor.calls + floorCost.backgroundCalls,
          capacity: floor.capacity + floorCost.backgroundCapacity,
        });
      }
      rows.push({
        scenario: sc.name,
        conns: connections,
        'req/s': (desk.requests / SECONDS).toFixed(0),
        p50: desk.p50.toFixed(0),
        p99: desk.p99.toFixed(0),
        errors: desk.errors,
        'floor req/s': (floor.ops / SECONDS).toFixed(0),
        'floor errors': floor.errors,
        'floor p99': floor.p99.toFixed(1),
        'rps ratio': (desk.requests / Math.max(1, floor.ops)).toFixed(2),
        'p99 ratio': (desk.p99 / Math.max(1, floor.p99)).toFixed(2),
        calls: (desk.calls / Math.max(1, desk.served)).toFixed(2),
        'capacity units': (desk.capacity / Math.max(1, desk.served)).toFixed(2),
        'floor calls': (floor.calls / Math.max(1, floor.ops)).toFixed(2),
        'floor capacity': (floor.capacity / Math.max(1, floor.ops)).toFixed(2),
      });
      console.log(JSON.stringify({ scenario: sc.name, connections, deskCommands: commands }));
      console.log(JSON.stringify(rows.at(-1)));
    }
  }
  console.log('');
  console.log(table(rows));
  console.log(`\n${SECONDS} s per run in ${SLICES} turns each (p50 and p99: the mean of the turns'); targets: ≥ 0.85× the floor's requests/s, p99 ≤ 1.4× the floor's p99, 0 errors; calls and capacity are per request.`);
  console.log(await countersAgree(deps.db));
  await app.close();
  await s.stop();
}

/**
 * Waits until the desk's process has sent the mails of the last run (its outbox stream makes no DynamoDB call for a
 * second), so that neither the desk nor the floor is measured while the other's mails are still going out.
 */
async function quiet(app: DeskProcess): Promise<void> {
  const until = Date.now() + 60_000;
  await app.reading();
  do await new Promise((r) => setTimeout(r, 1000));
  while ((await app.reading()).backgroundCalls > 0 && Date.now() < until);
}

/** After the load, the counters must equal what is stored: no increment lost under concurrency. */
async function countersAgree(db: { doc: import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient; table: string }): Promise<string> {
  const count = { threads: 0, customer: 0, employee: 0 };
  const totals: Record<string, number> = { total: 0, customerMessages: 0, employeeMessages: 0 };
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey: start }));
    for (const item of res.Items ?? []) {
      if (item.entity === 'thread') count.threads++;
      if (item.entity === 'message' && item.kind === 'customer') count.customer++;
      if (item.entity === 'message' && item.kind === 'employee') count.employee++;
      if (item.pk === 'COUNTERS' && String(item.sk).startsWith('BOX#')) for (const k of Object.keys(totals)) totals[k]! += Number(item[k] ?? 0);
    }
    start = res.LastEvaluatedKey;
  } while (start);
  const ok = totals.total === count.threads && totals.customerMessages === count.customer && totals.employeeMessages === count.employee;
  return `Counters after the run: threads ${totals.total}/${count.threads}, customer messages ${totals.customerMessages}/${count.customer}, employee messages ${totals.employeeMessages}/${count.employee} (counter/stored): ${ok ? 'exact' : 'MISMATCH'}`;
}

await main();
