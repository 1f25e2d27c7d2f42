import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../functions/clients';
import { loadConfig } from '../../functions/config';
import type { Deps } from '../../functions/deps';
import { pollMailbox } from '../../functions/mail/poller';
import { startTestDesk, unique, uniqueEmail, type TestDesk, threadsOf as threadsOfCustomer } from '../support/harness';
import { HOSTILE_CASES } from '../support/hostile-mail';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
const USER = 'failures';

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, USER);
});
afterAll(async () => {
  await desk.close();
});

interface Failure {
  id: string;
  at: string;
  reason: string;
  size: number;
  from: string | null;
  subject: string | null;
  retries: number;
}

const failures = async (query = '') => (await desk.api.get(`/v1/mail/failures${query}`)).body as { items: Failure[]; nextCursor: string | null };
const waiting = async () => (await desk.api.get('/v1/mail/status')).body.failures as number;
const threadsOf = (email: string) => threadsOfCustomer(desk, email);

/** Deps whose every message transaction fails, as a table that keeps refusing would. */
function refusingDeps(): Deps {
  const deps = createDeps(loadConfig());
  const send = deps.db.doc.send.bind(deps.db.doc) as (c: object) => Promise<unknown>;
  (deps.db.doc as { send: unknown }).send = async (command: object) => {
    if (command instanceof TransactWriteCommand && JSON.stringify(command.input).includes('"MESSAGE#')) throw new Error('simulated outage');
    return send(command);
  };
  return deps;
}

describe('mail failures an admin can act on (M6)', () => {
  it('lists failures newest first with what could be read, page by page, and counts them in the status', async () => {
    const before = await waiting();
    const sender = uniqueEmail();
    const first = HOSTILE_CASES.find((c) => c.limit.startsWith('MIME parts'))!.build(sender, unique());
    const second = HOSTILE_CASES.find((c) => c.limit.includes('From address'))!.build(uniqueEmail(), unique());
    await appendMail(USER, first, second);
    expect(await poll(desk)).toMatchObject({ fetched: 2, failed: 2 });
    expect(await waiting()).toBe(before + 2);
    const page1 = await failures('?limit=1');
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]).toMatchObject({ reason: expect.stringMatching(/sender's address/), from: null, size: second.length, retries: 0 });
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await failures(`?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items[0]).toMatchObject({ reason: expect.stringMatching(/MIME parts/), from: sender, subject: expect.stringMatching(/^Order question/), size: first.length });
    expect(page2.items[0]!.at <= page1.items[0]!.at).toBe(true);
    expect((await desk.api.get('/v1/mail/failures?cursor=not%20a%20cursor')).status).toBe(400);
  });

  it('downloads the raw mail as message/rfc822, byte for byte', async () => {
    const raw = HOSTILE_CASES.find((c) => c.limit.startsWith('nesting'))!.build(uniqueEmail(), unique());
    await appendMail(USER, raw);
    const [failure] = (await poll(desk)).failures;
    const res = await fetch(`${desk.url}/v1/mail/failures/${failure!.id}/raw`, { headers: { authorization: `Bearer ${desk.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="mail-${failure!.id}.eml"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(raw)).toBe(true);
  });

  it('retries a mail that failed for a reason outside it: stored, and off the list', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture('new-thread.eml', { customer, unique: unique() }));
    const refusing = refusingDeps();
    await expect(pollMailbox(refusing)).rejects.toThrow('simulated outage');
    await expect(pollMailbox(refusing)).rejects.toThrow('simulated outage');
    const third = await pollMailbox(refusing);
    expect(third).toMatchObject({ fetched: 1, failed: 1, failures: [{ reason: expect.stringMatching(/failed 3 times/) }] });
    const id = third.failures[0]!.id!;
    const count = await waiting();
    const retried = await desk.api.post(`/v1/mail/failures/${id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ outcome: 'stored', threadId: (await threadsOf(customer))[0]!.id, failure: null });
    expect(await waiting()).toBe(count - 1);
    expect((await failures('?limit=100')).items.map((f) => f.id)).not.toContain(id);
    expect((await desk.api.post(`/v1/mail/failures/${id}/retry`)).status).toBe(404);
    expect(await poll(desk)).toMatchObject({ fetched: 0 });
  });

  it('keeps a mail that fails again on the list, with its reason and one retry more', async () => {
    await appendMail(USER, HOSTILE_CASES.find((c) => c.limit.includes('From address'))!.build(uniqueEmail(), unique()));
    const id = (await poll(desk)).failures[0]!.id;
    const count = await waiting();
    const retried = await desk.api.post(`/v1/mail/failures/${id}/retry`);
    expect(retried.body).toMatchObject({ outcome: 'failed', threadId: null, reason: expect.stringMatching(/sender's address/), failure: { id, retries: 1 } });
    expect(await waiting()).toBe(count);
  });

  it('dismisses a failure: gone from the list and the count, its raw mail kept in storage but no longer listed', async () => {
    await appendMail(USER, HOSTILE_CASES.find((c) => c.limit.startsWith('MIME parts'))!.build(uniqueEmail(), unique()));
    const id = (await poll(desk)).failures[0]!.id;
    const count = await waiting();
    expect((await desk.api.request('DELETE', `/v1/mail/failures/${id}`)).status).toBe(204);
    expect(await waiting()).toBe(count - 1);
    expect((await desk.api.request('DELETE', `/v1/mail/failures/${id}`)).status).toBe(404);
    expect((await desk.api.get(`/v1/mail/failures/${id}/raw`)).status).toBe(404);
  });

  it('reports the mailbox status: last poll, last good poll, no error', async () => {
    await poll(desk);
    const status = (await desk.api.get('/v1/mail/status')).body;
    expect(status).toMatchObject({ error: null, failures: await waiting() });
    expect(status.lastSuccessAt).toBe(status.lastPollAt);
    expect(Date.now() - Date.parse(status.lastPollAt)).toBeLessThan(60_000);
  });
});
