import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadConfig } from '../../functions/config';
import { createDeps } from '../../functions/clients';
import type { Deps } from '../../functions/deps';
import { Unavailable } from '../../functions/desk/errors';
import { isTransient, toProblem } from '../../functions/http/problem';
import { pollMailbox } from '../../functions/mail/poller';
import { getThreadCollection } from '../../functions/store/threads';
import { replyToThread } from '../../functions/use-cases/threads';
import { submitContactForm } from '../../functions/use-cases/contact-form';
import { join } from 'node:path';
import { startSesCapture, type SesCapture } from '../../local/ses';
import { mailsTo, startTestDesk, unique, uniqueEmail, waitFor, type TestDesk } from '../support/harness';
import { appendMail, fixture, inboxCount, useMailbox } from '../support/mailbox';
import { uploadFile, PNG } from '../support/uploads';

let desk: TestDesk;
let ses: SesCapture;
beforeAll(async () => {
  // A capture of this file's own, so that the SES faults injected here reach no other test file.
  ses = await startSesCapture(join(inject('services').tmp, `ses-faults-${Date.now()}`), 0);
  desk = await startTestDesk({ ses: ses.url });
});
afterAll(async () => {
  await desk.close();
  await ses.close();
});

/** Deps whose client fails while `failing()` says so, for the commands `matches` picks: a test-only fault wrapper. */
function faultyDeps(client: 'db' | 's3', matches: (c: object) => boolean, failing: () => boolean, error: () => Error): Deps {
  const deps = createDeps(loadConfig());
  const target = client === 'db' ? deps.db.doc : deps.s3;
  const send = target.send.bind(target) as (c: object) => Promise<unknown>;
  (target as { send: unknown }).send = async (command: object) => {
    if (matches(command) && failing()) throw error();
    return send(command);
  };
  return deps;
}

const conflict = () => new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } });
const s3Down = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

async function thread() {
  const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: uniqueEmail(), message: 'hi' }, null);
  return res.body.threadId as string;
}

describe('DynamoDB faults: retried, then a 503 with Retry-After, never a partial write (N3)', () => {
  it('retries transaction conflicts and succeeds', async () => {
    const id = await thread();
    let left = 3;
    const deps = faultyDeps('db', (c) => c instanceof TransactWriteCommand, () => left-- > 0, conflict);
    const me = (await desk.api.get('/v1/me')).body;
    await replyToThread(deps, id, { employeeId: me.id, name: me.name }, { message: 'after conflicts' });
    expect((await getThreadCollection(deps.db, id))!.messages).toHaveLength(2);
  });

  it('gives up with Unavailable when conflicts go on, and nothing of the reply is stored', async () => {
    const id = await thread();
    const deps = faultyDeps('db', (c) => c instanceof TransactWriteCommand, () => true, conflict);
    const me = (await desk.api.get('/v1/me')).body;
    // Once the confirmation is sent, nothing else changes the thread.
    const before = await waitFor(async () => {
      const c = (await getThreadCollection(deps.db, id))!;
      return c.thread.references.length > 0 && c;
    });
    await expect(replyToThread(deps, id, { employeeId: me.id, name: me.name }, { message: 'never' })).rejects.toBeInstanceOf(Unavailable);
    const after = (await getThreadCollection(deps.db, id))!;
    expect(after.messages).toHaveLength(1);
    expect(after.thread).toEqual(before.thread);
  }, 20_000);

  it('answers DynamoDB throttling and unreachable services with 503 problem+json and Retry-After', () => {
    for (const error of [throttled(), s3Down(), new Unavailable('busy', 1)]) {
      expect(isTransient(error) || error instanceof Unavailable).toBe(true);
      const res = toProblem(error, 'r1', '/v1/x');
      expect(res.statusCode).toBe(503);
      expect(res.headers?.['content-type']).toBe('application/problem+json');
      expect(Number(res.headers?.['retry-after'])).toBeGreaterThan(0);
    }
    expect(toProblem(new Error('bug'), 'r1', '/v1/x').statusCode).toBe(500);
  });

  it('refuses a submit while DynamoDB throttles, storing nothing', async () => {
    const email = uniqueEmail();
    const deps = faultyDeps('db', (c) => c instanceof TransactWriteCommand, () => true, throttled);
    await expect(submitContactForm(deps, { contactId: 'customer-service', email, message: 'x', lang: 'en' }, { sourceIp: '1.1.1.1' })).rejects.toSatisfy(isTransient);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items).toHaveLength(0);
  });
});

describe('S3 faults', () => {
  it('S3 unavailable during an upload claim: the submit fails cleanly, the upload stays claimable', async () => {
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'a.png', 'image/png', PNG);
    const email = uniqueEmail();
    const input = { contactId: 'customer-service', email, message: 'with file', lang: 'en' as const, uploadIds: [uploadId] };
    const down = faultyDeps('s3', (c) => c instanceof HeadObjectCommand, () => true, s3Down);
    await expect(submitContactForm(down, input, { sourceIp: '1.1.1.2' })).rejects.toSatisfy(isTransient);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items).toHaveLength(0);
    const ok = await submitContactForm(createDeps(loadConfig()), input, { sourceIp: '1.1.1.2' });
    expect(ok.status).toBe(201);
  });
});

async function replyDelivery(api: TestDesk['api'], threadId: string) {
  const messages = (await api.get(`/v1/threads/${threadId}`)).body.messages as { kind: string; delivery?: { state: string; reason?: string } }[];
  return messages.filter((m) => m.kind === 'employee').at(-1)!.delivery!;
}

describe('SES faults: every outbox mail is sent exactly once or marked failed (S1)', () => {
  it('SES down: the reply is kept, retried, marked failed with the reason, and sent once when resent after the outage', async () => {
    const threadId = await thread();
    await waitFor(async () => ses.mails().length > 0);
    ses.setDown(true);
    try {
      const reply = await desk.api.post(`/v1/threads/${threadId}/replies`, { message: 'while SES is down' });
      expect(reply.status).toBe(201);
      const delivery = await waitFor(async () => {
        const d = await replyDelivery(desk.api, threadId);
        return d.state === 'failed' && d;
      }, 60_000);
      expect(delivery.reason).toMatch(/ServiceUnavailable/);
      ses.setDown(false);
      expect((await desk.api.post(`/v1/messages/${reply.body.message.id}/resend`)).status).toBe(202);
      await waitFor(async () => (await replyDelivery(desk.api, threadId)).state === 'sent');
      const email = (await desk.api.get(`/v1/threads/${threadId}`)).body.thread.email as string;
      expect((await mailsTo(ses.url, email)).filter((m) => m.parsed.text?.includes('while SES is down'))).toHaveLength(1);
    } finally {
      ses.setDown(false);
    }
  }, 90_000);

  it('SES throttled, failing and rejecting at random over 30 replies', async () => {
    const threads = await Promise.all(Array.from({ length: 30 }, () => thread()));
    const faults = ['TooManyRequestsException', 'InternalFailure', 'MessageRejected'] as const;
    for (let i = 0; i < 40; i++) ses.failNext(1, faults[Math.floor(Math.random() * faults.length)]!);
    await Promise.all(threads.map((id, i) => desk.api.post(`/v1/threads/${id}/replies`, { message: `reply number ${i} of the fault run` })));
    const states = await waitFor(async () => {
      const all = await Promise.all(threads.map((id) => replyDelivery(desk.api, id)));
      return all.every((d) => d.state === 'sent' || d.state === 'failed') && all;
    }, 240_000);
    const sent = ses.mails().length;
    for (const [i, id] of threads.entries()) {
      const email = (await desk.api.get(`/v1/threads/${id}`)).body.thread.email as string;
      const copies = (await mailsTo(ses.url, email)).filter((m) => m.parsed.text?.includes(`reply number ${i} of`));
      expect(copies).toHaveLength(states[i]!.state === 'sent' ? 1 : 0);
    }
    expect(states.filter((d) => d.state === 'failed').every((d) => /MessageRejected|InternalFailure|TooManyRequests/.test(d.reason ?? ''))).toBe(true);
    expect(sent).toBeGreaterThan(0);
  }, 300_000);
});

describe('the poller killed at random points, 50 runs over 500 messages: each stored exactly once (M3)', () => {
  it('loses nothing and duplicates nothing', async () => {
    await useMailbox(desk, 'faults', { deleteMessages: true });
    const customers = Array.from({ length: 500 }, () => uniqueEmail());
    await appendMail('faults', ...customers.map((customer) => fixture('new-thread.eml', { customer, unique: unique() })));
    let faults = 0;
    // [client, command, most steps before the kill]: the checkpoint is written once per 25 mails, so it dies at its first
    // write, after that batch's flags and deletes; no run then gets through the whole mailbox, and every run is killed.
    const kills: ['db' | 's3', (c: object) => boolean, number][] = [
      ['s3', (c) => c instanceof PutObjectCommand, 12],
      ['db', (c) => c instanceof TransactWriteCommand, 12],
      ['db', (c) => c instanceof UpdateCommand && JSON.stringify((c as UpdateCommand).input.Key).includes('CHECKPOINT'), 1],
    ];
    for (let run = 0; run < 50; run++) {
      const [client, step, most] = kills[run % kills.length]!;
      let countdown = 1 + Math.floor(Math.random() * most);
      const deps = faultyDeps(client, step, () => --countdown === 0, () => new Error('killed'));
      const imap =
        run % 5 === 4 ? vi.spyOn(ImapFlow.prototype, 'fetchOne').mockRejectedValueOnce(new Error('connection dropped mid-fetch'))
        : run % 5 === 2 ? vi.spyOn(ImapFlow.prototype, 'messageDelete').mockRejectedValueOnce(new Error('connection dropped mid-delete'))
        : undefined;
      // A kill of the table or S3 is thrown; one of the IMAP session is reported as the poll's error (M7).
      try {
        if ((await pollMailbox(deps)).error) faults++;
      } catch {
        faults++;
      }
      imap?.mockRestore();
    }
    await pollMailbox(createDeps(loadConfig()));
    expect(faults).toBeGreaterThanOrEqual(45);
    expect((await inboxCount('faults')).total).toBe(0);
    const deps = createDeps(loadConfig());
    let stored = 0;
    for (const email of customers) {
      const rows = (await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items as { id: string }[];
      expect(rows).toHaveLength(1);
      stored += (await getThreadCollection(deps.db, rows[0]!.id))!.messages.length;
    }
    expect(stored).toBe(500);
    console.info(`poller kill loop: 50 runs over 500 messages, ${faults} runs killed mid-poll, ${stored} messages stored, 0 lost, 0 duplicated`);
    // Minutes on a busy CI machine: 50 polls and 500 thread look-ups.
  }, 600_000);
});
