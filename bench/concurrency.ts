// npm run bench:concurrency — correctness under contention: 50 concurrent replies and status changes on one thread,
// 200 concurrent form submits of one customer. No lost message, exact counters, no 5xx.
import { startApp } from '../local/desk';
import { apiClient } from '../test/support/desk';
import { benchAppOptions, startBenchServices, table } from './services';

async function main() {
  const s = await startBenchServices();
  const app = await startApp(benchAppOptions(s, 'bench', { SUBMITS_PER_EMAIL: '100000', SUBMITS_PER_IP: '100000' }));
  const api = apiClient(app.url, app.adminToken!);
  const rows: Record<string, string | number>[] = [];
  try {
    const thread = (await api.post('/v1/public/messages', { contactId: 'customer-service', email: 'hot@example.com', message: 'first' }, null)).body.threadId as string;
    const statuses = ['pending1', 'pending2', 'open', 'closed'];
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? api.post(`/v1/threads/${thread}/replies`, { message: `reply ${i}`, status: 'open' })
          : api.request('PATCH', `/v1/threads/${thread}`, { body: { status: statuses[i % 4] } }),
      ),
    );
    const view = (await api.get(`/v1/threads/${thread}`)).body as { messages: { kind: string }[] };
    const replies = results.filter((r, i) => i % 2 === 0 && r.status === 201).length;
    rows.push({
      scenario: '50 replies + status changes, one thread',
      ms: Date.now() - started,
      '5xx': results.filter((r) => r.status >= 500).length,
      statuses: summary(results.map((r) => r.status)),
      stored: `${view.messages.filter((m) => m.kind === 'employee').length} replies stored / ${replies} answered 201`,
    });

    const t2 = Date.now();
    const submits = await Promise.all(
      Array.from({ length: 200 }, (_, i) => api.post('/v1/public/messages', { contactId: 'customer-service', email: 'busy@example.com', message: `message ${i}` }, null)),
    );
    const ids = new Set(submits.filter((r) => r.status === 201).map((r) => (r.body as { threadId: string }).threadId));
    let stored = 0;
    for (const id of ids) stored += ((await api.get(`/v1/threads/${id}`)).body as { messages: unknown[] }).messages.length;
    rows.push({
      scenario: '200 form submits, one customer',
      ms: Date.now() - t2,
      '5xx': submits.filter((r) => r.status >= 500).length,
      statuses: summary(submits.map((r) => r.status)),
      stored: `${stored} messages stored in ${ids.size} thread(s) / ${submits.filter((r) => r.status === 201).length} answered 201`,
    });
    const dash = (await api.get('/v1/dashboard')).body as { statistics: { totalThreads: number; customerMessages: number; employeeMessages: number } };
    const list = (await api.get('/v1/threads?limit=100')).body as { items: unknown[] };
    console.log(table(rows));
    console.log(`\nCounters: ${dash.statistics.totalThreads} threads (listed: ${list.items.length}), ${dash.statistics.customerMessages} customer messages (stored: ${1 + stored}), ${dash.statistics.employeeMessages} employee messages (stored: ${rows[0]!.stored}).`);
  } finally {
    await app.close();
    await s.stop();
  }
}

function summary(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].sort().map(([s, c]) => `${s}×${c}`).join(' ');
}

await main();
