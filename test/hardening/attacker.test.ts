// The holes an attacker found (issue 15), one test each: every one failed on the code before its fix.
import net from 'node:net';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../functions/clients';
import { loadConfig } from '../../functions/config';
import { Conflict, Invalid } from '../../functions/desk/errors';
import { encodedSize } from '../../functions/mail/compose';
import { connectionOptions } from '../../functions/mail/connection';
import { resolveMailHost } from '../../functions/mail/mail-host';
import { pollMailbox } from '../../functions/mail/poller';
import { openPop3 } from '../../functions/mail/pop3';
import { DEFAULT_SETTINGS } from '../../functions/store/settings';
import { submitContactForm } from '../../functions/use-cases/contact-form';
import { deleteContact } from '../../functions/use-cases/contacts';
import { updateEmployee } from '../../functions/use-cases/employees';
import { testMailboxSettings } from '../../functions/use-cases/mailbox-test';
import { mailsTo, startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk } from '../support/harness';
import { holdBefore } from '../support/held';
import { PNG } from '../support/uploads';

let desk: TestDesk;
beforeAll(async () => {
  // Mails over 60 KB carry links (the mechanism of SES's 40 MB limit, with files of test size); 3 answers per
  // thread (the mechanism of the default 10, each stored answer costing a transaction and a mail).
  desk = await startTestDesk({ env: { MAIL_MAX_BYTES: '60000', ANSWERS_PER_THREAD: '3' } });
});
afterAll(async () => {
  await desk.close();
});

describe('access (A11): a fired or demoted employee loses every token at once', () => {
  it('holds the limit of 90 tokens under 130 concurrent issues, then deactivation and demotion reach every one', async () => {
    const e = await desk.api.post('/v1/employees', { name: 'Mallory', email: uniqueEmail('mallory'), role: 'admin' });
    const issued = await Promise.all(Array.from({ length: 130 }, (_, i) => desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: `t${i}` })));
    const tokens = issued.filter((r) => r.status === 201).map((r) => r.body.token as string);
    expect(tokens).toHaveLength(90);
    expect(issued.filter((r) => r.status === 409)).toHaveLength(40);
    const listed = await desk.api.get(`/v1/employees/${e.body.id}/tokens`);
    expect(listed.body.items).toHaveLength(90);
    // A revocation frees one place, and only one.
    expect((await desk.api.request('DELETE', `/v1/tokens/${issued.find((r) => r.status === 201)!.body.id}`)).status).toBe(204);
    expect((await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'again' })).status).toBe(201);
    expect((await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'over' })).status).toBe(409);
    const alive = tokens.slice(1);

    expect((await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { role: 'agent' } })).status).toBe(200);
    const settings = await Promise.all(alive.map((t) => desk.api.get('/v1/settings', t)));
    expect(settings.map((r) => r.status)).toEqual(alive.map(() => 403));

    expect((await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { active: false } })).status).toBe(200);
    const me = await Promise.all(alive.map((t) => desk.api.get('/v1/me', t)));
    expect(me.map((r) => r.status)).toEqual(alive.map(() => 401));
  }, 120_000);

  it('keeps one active admin when two admins demote each other at the same moment', async () => {
    const a = await desk.api.post('/v1/employees', { name: 'Alice', email: uniqueEmail('alice'), role: 'admin' });
    const b = await desk.api.post('/v1/employees', { name: 'Bob', email: uniqueEmail('bob'), role: 'admin' });
    const ta = (await desk.api.post(`/v1/employees/${a.body.id}/tokens`, {})).body.token as string;
    const others = (await desk.api.get('/v1/employees')).body.items.filter((x: { id: string; role: string }) => x.role === 'admin' && x.id !== a.body.id && x.id !== b.body.id);
    for (const o of others) expect((await desk.api.request('PATCH', `/v1/employees/${o.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(200);
    // Bob demotes Alice: held after its reads, just before its transaction; meanwhile Alice demotes Bob.
    const held = holdBefore('db', (c) => c instanceof TransactWriteCommand);
    const byBob = updateEmployee(held.deps, a.body.id, { role: 'agent' }).then(() => 200, (e: Error) => (e instanceof Conflict ? 409 : e));
    await held.reached;
    expect((await desk.api.request('PATCH', `/v1/employees/${b.body.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(200);
    held.release();
    expect(await byBob).toBe(409);
    const admins = (await desk.api.get('/v1/employees', ta)).body.items.filter((x: { role: string; active: boolean }) => x.role === 'admin' && x.active);
    expect(admins.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
    // The one left can neither demote nor deactivate themselves.
    expect((await desk.api.request('PATCH', `/v1/employees/${a.body.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(409);
    expect((await desk.api.request('PATCH', `/v1/employees/${a.body.id}`, { body: { active: false }, token: ta })).status).toBe(400);
    // Give the desk its first admin back for the other tests.
    const first = (await desk.api.get('/v1/employees', ta)).body.items.find((x: { email: string }) => x.email === desk.adminEmail);
    expect((await desk.api.request('PATCH', `/v1/employees/${first.id}`, { body: { role: 'admin' }, token: ta })).status).toBe(200);
  });
});

/** A TCP server on a loopback address that greets with `greeting` and answers every line "+OK", keeping the lines it got. */
async function listener(host: string, greeting: string): Promise<{ port: number; lines: string[]; close(): void }> {
  const lines: string[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.write(greeting + '\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        lines.push(line);
        socket.write(/^STAT/i.test(line) ? '+OK 0 0\r\n' : /^CAPA/i.test(line) ? '-ERR no\r\n' : /^(UIDL|LIST)/i.test(line) ? '+OK\r\n.\r\n' : '+OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    lines,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const pop3 = { pop3: true, ssl: false, tls: false, noTls: true, validateCert: false, noValidateCert: true, folder: 'INBOX' };

describe('the mailbox password (O3) goes only to the server it was saved for', () => {
  it('is not sent to another host by the test, and is cleared when the host changes without a new one', async () => {
    const secret = `pw-${uniqueEmail('s')}`;
    const stored = await listener('127.0.0.1', '+OK stored server');
    const stranger = await listener('127.0.0.2', '+OK attacker');
    try {
      const saved = await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { ...pop3, host: '127.0.0.1', port: stored.port, user: 'desk', password: secret } } });
      expect(saved.body.mailbox.passwordSet).toBe(true);
      // The stored server still gets it.
      expect((await desk.api.post('/v1/settings/mailbox/test', {})).body).toMatchObject({ ok: true, protocol: 'pop3' });
      expect(stored.lines).toContain(`PASS ${secret}`);
      // Another host (or port, or user), no password given: the stored one stays home.
      for (const other of [{ host: '127.0.0.2', port: stranger.port }, { host: '127.0.0.1', port: stranger.port, user: 'someone' }]) {
        await desk.api.post('/v1/settings/mailbox/test', other);
      }
      expect(stranger.lines.filter((l) => l.includes(secret))).toEqual([]);
      // Saving only another host clears the password, so the poller cannot send it there either.
      const moved = await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { host: '127.0.0.2', port: stranger.port } } });
      expect(moved.body.mailbox.passwordSet).toBe(false);
      await desk.api.post('/v1/mail/poll', {});
      expect(stranger.lines.filter((l) => l.includes(secret))).toEqual([]);
    } finally {
      stored.close();
      stranger.close();
      await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { host: '', user: '', password: null } } });
    }
  });
});

describe('the mailbox host (O3): public addresses only, checked where the desk connects', () => {
  it('refuses private, link-local and other non-public addresses without connecting', async () => {
    for (const host of ['10.0.0.1', '192.168.1.10', '172.16.5.5', '169.254.169.254', 'fe80::1', 'fd00::1', '100.64.0.1', '::ffff:10.0.0.1', '0.0.0.0', '64:ff9b::a00:1']) {
      const res = await desk.api.post('/v1/settings/mailbox/test', { ...pop3, host, port: 110, user: 'x', password: 'y' });
      expect(res.body, host).toMatchObject({ ok: false, stage: 'dns', reason: expect.stringMatching(/public address/) });
    }
  });

  it('refuses loopback too unless MAILBOX_ALLOW names it, by name or by address, in the test and in the poll', async () => {
    const server = await listener('127.0.0.1', '+OK here');
    try {
      const strict = createDeps({ ...loadConfig(), mailboxAllow: [] });
      for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]']) {
        const res = await testMailboxSettings(strict, { ...pop3, host, port: server.port, user: 'x', password: 'y' });
        expect(res, host).toMatchObject({ ok: false, stage: 'dns', reason: expect.stringMatching(/loopback address.*MAILBOX_ALLOW=loopback/) });
      }
      await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { ...pop3, host: 'localhost', port: server.port, user: 'x', password: 'y' } } });
      const report = await pollMailbox(strict);
      expect(report.error).toMatchObject({ stage: 'dns', reason: expect.stringMatching(/loopback address/) });
      expect(server.lines).toEqual([]);
      const allowed = await testMailboxSettings(createDeps({ ...loadConfig(), mailboxAllow: ['loopback'] }), { ...pop3, host: '127.0.0.1', port: server.port, user: 'x', password: 'y' });
      expect(allowed).toMatchObject({ ok: true });
      expect(loadConfig({ MAILBOX_ALLOW: 'loopback, private' }).mailboxAllow).toEqual(['loopback', 'private']);
      expect(loadConfig({}).mailboxAllow).toEqual([]);
      expect(() => loadConfig({ MAILBOX_ALLOW: 'everything' })).toThrow(/MAILBOX_ALLOW/);
    } finally {
      server.close();
      await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { host: '', user: '', password: null } } });
    }
  });

  it('connects to the address it checked, never to a second lookup of the name (no DNS rebinding)', async () => {
    const server = await listener('127.0.0.1', '+OK pinned');
    try {
      // A name that does not resolve at all: only the checked address can be reached.
      const o = { ...connectionOptions({ ...DEFAULT_SETTINGS.mailbox, ...pop3, host: 'mail.rebinding.invalid', port: server.port, user: 'u' }, 'p', 2000), address: '127.0.0.1' };
      const session = await openPop3(o);
      expect(await session.count()).toBe(0);
      await session.quit();
      await expect(resolveMailHost('mail.rebinding.invalid', ['loopback'])).rejects.toMatchObject({ code: 'ENOTFOUND' });
    } finally {
      server.close();
    }
  });

  it('never repeats what a service that is not a mail server said', async () => {
    const ssh = await listener('127.0.0.1', 'SSH-2.0-OpenSSH_9.6 internal-build-7f3a');
    try {
      const res = await desk.api.post('/v1/settings/mailbox/test', { ...pop3, host: '127.0.0.1', port: ssh.port, user: 'x', password: 'y' });
      expect(res.body).toMatchObject({ ok: false, stage: 'connect' });
      expect(JSON.stringify(res.body)).not.toMatch(/SSH|OpenSSH|internal-build/);
    } finally {
      ssh.close();
    }
  });
});

describe('no relay (C4): the confirmation carries nothing the sender chose', () => {
  it('says the message was received and links to the thread: no quoted text, no display name from the form', async () => {
    const victim = uniqueEmail('victim');
    const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: victim, name: 'Your account is locked - visit https://evil.example', message: 'Claim your prize at https://evil.example/win now', lang: 'en' }, null);
    expect(res.status).toBe(201);
    const [confirmation] = await waitForMails(desk.sesUrl, victim, 1);
    const raw = confirmation!.raw.toString('utf8');
    expect(raw).not.toMatch(/evil|locked|prize/i);
    expect(confirmation!.parsed.to).toMatchObject({ value: [{ address: victim, name: '' }] });
    expect(confirmation!.parsed.text).toContain('Thank you for your message');
    expect(confirmation!.parsed.text).toContain(`/t/${res.body.threadId}#`);
    // The shop's own notification keeps the message, for the agent to read.
    const toContact = await waitFor(async () => (await mailsTo(desk.sesUrl, 'service@shop.test')).find((m) => m.parsed.replyTo?.value[0]?.address === victim));
    expect(toContact.parsed.text).toContain('Claim your prize');
  });
});

/** Asks for a public upload slot and posts `content` to it; the slot stays usable, as a browser's would. */
async function slotWith(fileName: string, contentType: string, content: Buffer) {
  const slot = await desk.api.post('/v1/public/uploads', { fileName, contentType, size: Math.max(1000, content.length) }, null);
  expect(slot.status).toBe(201);
  const post = async (bytes: Buffer) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([bytes], { type: contentType }), fileName);
    const res = await fetch(slot.body.url, { method: 'POST', body: form });
    expect(res.status).toBeLessThan(300);
  };
  await post(content);
  return { uploadId: slot.body.uploadId as string, post };
}

async function attachmentBytes(threadId: string): Promise<Buffer[]> {
  const view = await desk.api.get(`/v1/threads/${threadId}`);
  const ids = (view.body.messages as { attachments: { id: string }[] }[]).flatMap((m) => m.attachments.map((a) => a.id));
  return Promise.all(
    ids.map(async (id) => {
      const link = await desk.api.get(`/v1/attachments/${id}`);
      return Buffer.from(await (await fetch(link.headers.get('location')!)).arrayBuffer());
    }),
  );
}

/** A thread's token, from the markers of the confirmation its customer got. */
async function tokenOf(email: string): Promise<string> {
  const [mail] = await waitForMails(desk.sesUrl, email, 1);
  return /\[#tc([A-Za-z0-9_-]+)\]/.exec(mail!.subject)![1]!;
}

const MZ = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

describe('uploads (C5): the file kept is the file checked', () => {
  it('keeps the checked PNG when an executable is posted to the same slot between the check and the copy', async () => {
    const { uploadId, post } = await slotWith('photo.png', 'image/png', PNG);
    const held = holdBefore('s3', (c) => String((c as { input?: { Key?: string } }).input?.Key ?? '').startsWith('attachments/'));
    const submitted = submitContactForm(held.deps, { contactId: 'customer-service', email: uniqueEmail(), message: 'my photo', lang: 'en', uploadIds: [uploadId] }, { sourceIp: '192.0.2.1' });
    await held.reached;
    await post(MZ);
    held.release();
    const res = await submitted;
    const [kept] = await attachmentBytes((res.body as { threadId: string }).threadId);
    expect(kept!.subarray(0, 2).toString('latin1')).not.toBe('MZ');
    expect(kept!.equals(PNG)).toBe(true);
  });
});

describe('races (C3): a submit and a contact deletion never leave a thread without its contact', () => {
  const newContact = async () => (await desk.api.post('/v1/contacts', { name: { en: 'Temp' }, email: 'temp@shop.test', saveMessages: true })).body.id as string;
  const threadsOf = async (contactId: string) => (await desk.api.get(`/v1/threads?contactId=${contactId}`)).body.items as { id: string }[];

  it('deletion first: the submit held before its transaction then fails, and no thread is left', async () => {
    const contactId = await newContact();
    const held = holdBefore('db', (c) => c instanceof TransactWriteCommand);
    const submitted = submitContactForm(held.deps, { contactId, email: uniqueEmail(), message: 'hello', lang: 'en' }, { sourceIp: '192.0.2.2' }).then(
      (r) => r.status,
      (e: Error) => (e instanceof Invalid ? 400 : e),
    );
    await held.reached;
    expect((await desk.api.request('DELETE', `/v1/contacts/${contactId}`)).status).toBe(204);
    held.release();
    expect(await submitted).toBe(400);
    expect(await threadsOf(contactId)).toEqual([]);
  });

  it('submit first: the deletion held after counting no threads then fails with 409, and the thread keeps its contact', async () => {
    const contactId = await newContact();
    const held = holdBefore('db', (c) => c instanceof TransactWriteCommand);
    const deleted = deleteContact(held.deps, contactId).then(
      () => 204,
      (e: Error) => (e instanceof Conflict ? 409 : e),
    );
    await held.reached;
    const email = uniqueEmail();
    const res = await desk.api.post('/v1/public/messages', { contactId, email, message: 'hello', lang: 'en' }, null);
    expect(res.status).toBe(201);
    held.release();
    expect(await deleted).toBe(409);
    expect((await desk.api.get(`/v1/threads/${res.body.threadId}`)).body.thread.contactId).toBe(contactId);
    expect((await desk.api.get('/v1/contacts')).body.items.map((c: { id: string }) => c.id)).toContain(contactId);
    const token = await tokenOf(email);
    expect((await desk.api.post(`/v1/public/threads/${res.body.threadId}/messages?token=${token}`, { message: 'still there?' }, null)).status).toBe(201);
  });

  it('keeps the files of a duplicate submit (same text within 10 minutes, now with an upload)', async () => {
    const email = uniqueEmail();
    const first = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'the box was broken', lang: 'en' }, null);
    const { uploadId } = await slotWith('box.png', 'image/png', PNG);
    const again = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'the box was broken', lang: 'en', uploadIds: [uploadId] }, null);
    expect(again.status).toBe(201);
    expect(again.body.threadId).toBe(first.body.threadId);
    const kept = await attachmentBytes(first.body.threadId);
    expect(kept.map((b) => b.equals(PNG))).toEqual([true]);
    // Claimed, not orphaned: the same upload cannot be attached twice.
    const reused = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'once more', lang: 'en', uploadIds: [uploadId] }, null);
    expect(reused.status).toBe(400);
  });
});

describe('rate limits (C7): answers through the thread token', () => {
  it('stores the limit of answers per thread in 10 minutes, then answers 429 with Retry-After and stores nothing', async () => {
    expect(loadConfig({}).limits.answersPerThread).toBe(10);
    const email = uniqueEmail();
    const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'hi', lang: 'en' }, null);
    const token = await tokenOf(email);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await desk.api.post(`/v1/public/threads/${res.body.threadId}/messages?token=${token}`, { message: `answer ${i}` }, null));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429, 429]);
    expect(Number(answers[4]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const view = await desk.api.get(`/v1/threads/${res.body.threadId}`);
    expect(view.body.messages.filter((m: { kind: string }) => m.kind === 'customer')).toHaveLength(4);
    // Another thread is not affected.
    const otherEmail = uniqueEmail();
    const other = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: otherEmail, message: 'hi', lang: 'en' }, null);
    const otherToken = await tokenOf(otherEmail);
    expect((await desk.api.post(`/v1/public/threads/${other.body.threadId}/messages?token=${otherToken}`, { message: 'mine' }, null)).status).toBe(201);
  }, 60_000);
});

describe('too big for SES (C5): the files travel as download links', () => {
  it('mails a contact that saves nothing the links to files over the limit, each opening its file once the token matches', async () => {
    const address = uniqueEmail('orders');
    const contact = await desk.api.post('/v1/contacts', { name: { en: 'Orders' }, email: address, saveMessages: false });
    const big = Buffer.concat([PNG, Buffer.alloc(100_000, 7)]);
    const uploads = [await slotWith('scan.png', 'image/png', big), await slotWith('photo.png', 'image/png', PNG)];
    const res = await desk.api.post('/v1/public/messages', { contactId: contact.body.id, email: uniqueEmail(), message: 'see the files', lang: 'en', uploadIds: uploads.map((u) => u.uploadId) }, null);
    expect(res.body).toEqual({ stored: false });
    const [mail] = await waitForMails(desk.sesUrl, address, 1);
    expect(mail!.parsed.attachments).toEqual([]);
    expect(mail!.parsed.text).toContain('see the files');
    const links = [...(mail!.parsed.text ?? '').matchAll(/^(\S+): (http\S+\/v1\/public\/attachments\/\S+)$/gm)].map((m) => ({ name: m[1], url: m[2]! }));
    expect(links.map((l) => l.name)).toEqual(['scan.png', 'photo.png']);
    const files = await Promise.all(
      links.map(async (l) => {
        const redirect = await fetch(l.url, { redirect: 'manual' });
        expect(redirect.status).toBe(302);
        return Buffer.from(await (await fetch(redirect.headers.get('location')!)).arrayBuffer());
      }),
    );
    expect(files[0]!.equals(big)).toBe(true);
    expect(files[1]!.equals(PNG)).toBe(true);
    const wrong = await desk.api.get(`${new URL(links[0]!.url).pathname}?token=AAAAAAAAAAAAAAAAAAAAAAAA`, null);
    expect(wrong.status).toBe(404);
    const id = new URL(links[0]!.url).pathname.split('/').pop()!;
    const otherId = (id[0] === 'A' ? 'B' : 'A') + id.slice(1);
    const unknown = await desk.api.get(`/v1/public/attachments/${otherId}?token=${new URL(links[0]!.url).searchParams.get('token')}`, null);
    expect(unknown.status).toBe(404);
  });

  it('links five files of 10 MB under the default limit, attaches one', () => {
    const limit = loadConfig({}).mailMaxBytes;
    expect(limit).toBeLessThanOrEqual(40_000_000);
    expect(encodedSize(Array(5).fill(10 * 1024 * 1024), 'text', '<p>text</p>')).toBeGreaterThan(limit);
    expect(encodedSize([10 * 1024 * 1024], 'text', '<p>text</p>')).toBeLessThan(limit);
  });
});
