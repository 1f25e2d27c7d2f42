import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../../functions/config';
import { createDeps } from '../../functions/clients';
import type { Deps } from '../../functions/deps';
import { pollMailbox, type PollReport } from '../../functions/mail/poller';
import { startTestDesk, unique, uniqueEmail, type TestDesk, threadsOf as threadsOfCustomer } from '../support/harness';
import { appendMail, fixture, inboxCount, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

const threadsOf = (email: string) => threadsOfCustomer(desk, email);
const messagesOf = async (email: string) => {
  const rows = await threadsOf(email);
  let n = 0;
  for (const r of rows) n += (await desk.api.get(`/v1/threads/${r.id}`)).body.messages.length;
  return n;
};

describe('POP3 (O3 /pop3)', () => {
  it('fetches over POP3 once, remembers the UIDLs, and deletes when asked', async () => {
    const mail = inject('services').mail;
    await useMailbox(desk, 'popin', { pop3: true, port: mail.ports.pop3, noTls: true });
    const a = uniqueEmail();
    await appendMail('popin', fixture('new-thread.eml', { customer: a, unique: unique() }), fixture('iso-8859-1.eml', { customer: uniqueEmail(), unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 2 });
    expect(await poll(desk)).toMatchObject({ fetched: 0, stored: 0 });
    expect(await threadsOf(a)).toHaveLength(1);
    await useMailbox(desk, 'popin', { pop3: true, port: mail.ports.pop3s, ssl: true, noTls: false, noValidateCert: true, deleteMessages: true });
    const b = uniqueEmail();
    await appendMail('popin', fixture('new-thread.eml', { customer: b, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, stored: 1 });
    expect((await inboxCount('popin')).total).toBe(0);
  });
});

describe('a crash at any step leads to the same final state: each mail once, none missing (M3)', () => {
  let deps: Deps;
  beforeAll(async () => {
    await useMailbox(desk, 'crash', { deleteMessages: true });
    deps = createDeps(loadConfig());
  });

  /** Deps whose client throws once on the first command that `matches`, as a crash at that step would. */
  function crashingDeps(client: 'db' | 's3', matches: (command: object) => boolean): Deps {
    const fresh = createDeps(loadConfig());
    const target = client === 'db' ? fresh.db.doc : fresh.s3;
    const send = target.send.bind(target) as (c: object) => Promise<unknown>;
    let crashed = false;
    (target as { send: unknown }).send = async (command: object) => {
      if (!crashed && matches(command)) {
        crashed = true;
        throw new Error('simulated crash');
      }
      return send(command);
    };
    return fresh;
  }

  /** A crash of the desk (table, S3) is thrown; one of the mailbox's session is reported as the poll's error (M7). */
  async function crashThenRecover(crash: () => Promise<PollReport>, kind: 'thrown' | 'reported' = 'thrown') {
    const customers = [uniqueEmail(), uniqueEmail(), uniqueEmail()];
    await appendMail('crash', ...customers.map((customer) => fixture('new-thread.eml', { customer, unique: unique() })));
    if (kind === 'thrown') await expect(crash()).rejects.toThrow();
    else expect((await crash()).error).toMatchObject({ stage: 'connect', reason: expect.stringContaining('connection dropped') });
    await pollMailbox(deps);
    for (const c of customers) expect(await messagesOf(c)).toBe(1);
    expect((await inboxCount('crash')).total).toBe(0);
  }

  it('after the raw mail is in S3', async () => {
    await crashThenRecover(() => pollMailbox(crashingDeps('db', (c) => c instanceof TransactWriteCommand)));
  });

  it('while keeping the raw mail', async () => {
    await crashThenRecover(() => pollMailbox(crashingDeps('s3', (c) => c instanceof PutObjectCommand)));
  });

  it('after the transaction, before the checkpoint', async () => {
    await crashThenRecover(() => pollMailbox(crashingDeps('db', (c) => c instanceof UpdateCommand && JSON.stringify((c as UpdateCommand).input.Key).includes('CHECKPOINT'))));
  });

  it('before the \\Seen flag', async () => {
    const spy = vi.spyOn(ImapFlow.prototype, 'messageFlagsAdd').mockRejectedValueOnce(new Error('connection dropped'));
    await crashThenRecover(() => pollMailbox(deps), 'reported');
    spy.mockRestore();
  });

  it('before the delete on the server', async () => {
    const spy = vi.spyOn(ImapFlow.prototype, 'messageDelete').mockRejectedValueOnce(new Error('connection dropped'));
    await crashThenRecover(() => pollMailbox(deps), 'reported');
    spy.mockRestore();
  });
});
