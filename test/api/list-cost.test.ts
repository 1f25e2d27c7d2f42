import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Thread } from '../../functions/desk/model';
import { createDb, type Db } from '../../functions/store/db';
import { listThreads, threadItem } from '../../functions/store/threads';
import { startTestDesk, type TestDesk } from '../support/harness';

let desk: TestDesk;
let db: Db;
let calls: string[];

beforeAll(async () => {
  desk = await startTestDesk();
  db = createDb(desk.table, 'us-east-1', inject('services').dynamodb);
  const send = db.doc.send.bind(db.doc);
  calls = [];
  db.doc.send = ((command: { constructor: { name: string } }) => {
    calls.push(command.constructor.name);
    return send(command as never);
  }) as typeof db.doc.send;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const threads: Thread[] = Array.from({ length: 1000 }, (_, i) => {
    const at = new Date(start + i * 60_000).toISOString();
    return {
      id: `scale${String(i).padStart(4, '0')}`,
      contactId: i % 2 ? 'webmaster' : 'customer-service',
      email: `c${i % 50}@example.com`,
      lang: 'en',
      status: (['open', 'closed', 'pending1', 'pending2'] as const)[i % 4]!,
      token: 'x'.repeat(24),
      createdAt: at,
      lastMessageAt: at,
      lastMessagePreview: `message ${i}`,
      lastMessageFrom: 'customer',
      readThrough: at,
      unread: 0,
      references: [],
      version: 1,
    };
  });
  for (let i = 0; i < threads.length; i += 25) {
    await db.doc.send(new BatchWriteCommand({ RequestItems: { [desk.table]: threads.slice(i, i + 25).map((t) => ({ PutRequest: { Item: threadItem(t) } })) } }));
  }
}, 120_000);

afterAll(async () => {
  await desk.close();
});

describe('a thread-list page costs a bounded number of queries, never a scan (A4)', () => {
  it.each([
    ['no filter', {}],
    ['a contact', { contactId: 'webmaster' }],
    ['a status', { status: 'pending1' as const }],
    ['a contact and a status', { contactId: 'customer-service', status: 'open' as const }],
    ['an e-mail', { email: 'c7@example.com' }],
  ])('with %s: one Query per page over 1,000 threads', async (_name, filters) => {
    calls.length = 0;
    const first = await listThreads(db, filters, 25);
    expect(calls).toEqual(['QueryCommand']);
    expect(first.threads.length).toBeGreaterThan(0);
    for (let i = 1; i < first.threads.length; i++) expect(first.threads[i - 1]!.lastMessageAt >= first.threads[i]!.lastMessageAt).toBe(true);
    calls.length = 0;
    if (first.nextCursor) {
      const second = await listThreads(db, filters, 25, first.nextCursor);
      expect(calls).toEqual(['QueryCommand']);
      expect(second.threads[0]!.lastMessageAt < first.threads.at(-1)!.lastMessageAt).toBe(true);
    }
  });

  it('with a filter that no index serves alone, a page stays within its query bound', async () => {
    calls.length = 0;
    const page = await listThreads(db, { status: 'open', lang: 'fr' }, 25);
    expect(page.threads).toHaveLength(0);
    expect(calls.every((c) => c === 'QueryCommand')).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('walks all 1,000 threads page by page, each once', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await listThreads(db, {}, 100, cursor);
      for (const t of page.threads) seen.add(t.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(1000);
  });
});
