// npm run bench:concurrency — correctness under contention: 50 concurrent replies and status changes on one thread,
// 200 concurrent form submits of one customer, 100 concurrent assignments and tag changes over 5 threads (T1, T2).
// No lost message, exact counters, no 5xx.
import { startApp } from '../local/app';
import { apiClient } from '../test/support/harness';
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
    const employees: string[] = [];
    for (const name of ['Ann', 'Ben', 'Cy']) {
      employees.push((await api.post('/v1/employees', { name, email: `${name.toLowerCase()}@shop.test`, role: 'agent' })).body.id as string);
    }
    const teamThreads: string[] = [];
    for (let i = 0; i < 5; i++) teamThreads.push((await api.post('/v1/public/messages', { contactId: 'customer-service', email: `team${i}@example.com`, message: 'team' }, null)).body.threadId as string);
    const t3 = Date.now();
    const tagSets = [['vip'], ['vip', 'refund'], [], ['refund', 'late'], ['late']];
    const changes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const body = i % 3 === 0 ? { employeeId: i % 2 ? null : employees[(i / 3) % 3] } : i % 3 === 1 ? { tags: tagSets[i % 5] } : { status: statuses[i % 4], tags: tagSets[(i + 2) % 5] };
        return api.request('PATCH', `/v1/threads/${teamThreads[i % 5]}`, { body });
      }),
    );
    rows.push({
      scenario: '100 assignments + tag changes, 5 threads',
      ms: Date.now() - t3,
      '5xx': changes.filter((r) => r.status >= 500).length,
      statuses: summary(changes.map((r) => r.status)),
      stored: '',
    });
    const dash = (await api.get('/v1/dashboard')).body as {
      statistics: { totalThreads: number; customerMessages: number; employeeMessages: number };
      assignment: { unassigned: number };
    };
    const list = (await api.get('/v1/threads?limit=100')).body as { items: { id: string; status: string; employeeId: string | null; tags: string[] }[] };
    const active = list.items.filter((t) => t.status !== 'closed');
    const tags = (await api.get('/v1/tags')).body as { items: { tag: string; count: number }[] };
    const tagged = (tag: string) => list.items.filter((t) => t.tags.includes(tag)).length;
    console.log(table(rows));
    console.log(`\nCounters: ${dash.statistics.totalThreads} threads (listed: ${list.items.length}), ${dash.statistics.customerMessages} customer messages (stored: ${1 + stored + 5}), ${dash.statistics.employeeMessages} employee messages (stored: ${rows[0]!.stored}).`);
    const mine = await Promise.all(employees.map(async (id) => [id, (await api.get(`/v1/threads?employeeId=${id}&limit=100`)).body.items.filter((t: { status: string }) => t.status !== 'closed').length]));
    const minePerEmployee = await Promise.all(
      employees.map(async (id) => {
        const token = (await api.post(`/v1/employees/${id}/tokens`, { label: 'bench' })).body.token as string;
        return (await api.get('/v1/dashboard', token)).body.assignment.mine as number;
      }),
    );
    console.log(`Unassigned and not closed: ${dash.assignment.unassigned} (listed: ${active.filter((t) => !t.employeeId).length}); mine per employee: ${minePerEmployee.join(', ')} (listed: ${mine.map(([, n]) => n).join(', ')}).`);
    console.log(`Tags: ${tags.items.map((t) => `${t.tag} ${t.count} (listed: ${tagged(t.tag)})`).join(', ')}.`);
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
