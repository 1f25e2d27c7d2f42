import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDeps } from '../../functions/clients';
import { loadConfig } from '../../functions/config';
import type { Deps } from '../../functions/deps';
import { connectionOptions } from '../../functions/mail/connection';
import { pollMailbox } from '../../functions/mail/poller';
import { describeMailboxError } from '../../functions/mail/mailbox-errors';
import { DEFAULT_SETTINGS } from '../../functions/store/settings';
import { startTestDesk, unique, uniqueEmail, type TestDesk } from '../support/harness';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';
import { freePort } from '../support/free-port';

/** The desk waits long enough for dovecot's growing delay after failed logins; `quick` gives up on a silent server in 2 s. */
let desk: TestDesk;
let quick: Deps;
const USER = 'health';
/** A server that accepts connections and never says a word: the greeting never comes. */
let silent: net.Server;
const silentSockets: net.Socket[] = [];
let silentPort: number;
let closedPort: number;

beforeAll(async () => {
  desk = await startTestDesk({ env: { MAIL_TIMEOUT_MS: '30000' } });
  quick = createDeps({ ...loadConfig(), mailTimeoutMs: 2000 });
  silent = net.createServer((socket) => silentSockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  closedPort = await freePort();
});
afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  silent.close();
  await desk.close();
});

const status = async () => (await desk.api.get('/v1/mail/status')).body as { lastPollAt: string | null; lastSuccessAt: string | null; error: { stage: string; reason: string } | null; failures: number };

describe('a mailbox that cannot be read answers 200 with the stage and the reason (M7)', () => {
  const mail = () => inject('services').mail;
  it.each([
    ['auth', 'IMAP: a wrong password', () => ({ password: 'wrong-password' }), /refused the user name or password for health/],
    ['auth', 'POP3: a wrong password', () => ({ pop3: true, port: mail().ports.pop3, password: 'wrong-password' }), /refused the user name or password/],
    ['tls', 'IMAP: /ssl on a plain port (“wrong version number”)', () => ({ ssl: true, noTls: false, noValidateCert: true }), /does not speak TLS on this port \(“wrong version number”\)/],
    ['tls', 'POP3: /ssl on a plain port', () => ({ pop3: true, port: mail().ports.pop3, ssl: true, noTls: false, noValidateCert: true }), /does not speak TLS on this port/],
    ['tls', 'IMAP: a self-signed certificate that is validated', () => ({ port: mail().ports.imaps, ssl: true, noTls: false, validateCert: true, noValidateCert: false }), /self-signed/],
    ['connect', 'IMAP: nothing listens on the port', () => ({ port: closedPort }), /refused the connection/],
    ['connect', 'POP3: nothing listens on the port', () => ({ pop3: true, port: closedPort }), /refused the connection/],
    ['mailbox', 'IMAP: a folder that does not exist', () => ({ folder: 'Nowhere' }), /"Nowhere" cannot be opened/],
    ['timeout', 'IMAP: a server that never greets', () => ({ port: silentPort }), /sent no greeting within 2 s/],
    ['timeout', 'POP3: a server that never greets', () => ({ pop3: true, port: silentPort }), /sent no greeting within 2 s/],
  ])('%s — %s', async (stage, _name, options, reason) => {
    await useMailbox(desk, USER, { folder: 'INBOX', ...options() });
    const res = stage === 'timeout' ? { status: 200, body: await pollMailbox(quick) } : await desk.api.post('/v1/mail/poll');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fetched: 0, error: { stage, reason: expect.stringMatching(reason) } });
    expect(JSON.stringify(res.body)).not.toContain('wrong-password');
    expect((await status()).error).toEqual(res.body.error);
  }, 60_000);

  it('keeps the time of the last good poll while the mailbox fails, and clears the error once it is read again', { timeout: 60_000 }, async () => {
    await useMailbox(desk, USER, { folder: 'INBOX' });
    await poll(desk);
    const good = await status();
    expect(good).toMatchObject({ error: null, lastSuccessAt: good.lastPollAt });
    await useMailbox(desk, USER, { password: 'wrong-password' });
    await poll(desk);
    const failing = await status();
    expect(failing.lastSuccessAt).toBe(good.lastSuccessAt);
    expect(failing.error).toMatchObject({ stage: 'auth' });
    expect(failing.lastPollAt! > good.lastPollAt!).toBe(true);
    await useMailbox(desk, USER);
    const customer = uniqueEmail();
    await appendMail(USER, fixture('new-thread.eml', { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ stored: 1, error: null });
    expect((await status()).error).toBeNull();
  });

  it('the scheduled poll reports a mailbox problem instead of failing', async () => {
    await useMailbox(desk, USER, { port: closedPort });
    expect(await desk.app.runPoll()).toMatchObject({ error: { stage: 'connect' } });
    await useMailbox(desk, USER);
  });
});

describe('errors the test machine cannot produce, named in plain words (M7)', () => {
  const o = connectionOptions({ ...DEFAULT_SETTINGS.mailbox, host: 'imap.shop.example', user: 'desk@shop.example' }, 'secret', 15_000);
  const error = (code: string, message = `${code} imap.shop.example`) => Object.assign(new Error(message), { code });
  it.each([
    [error('EAI_AGAIN', 'getaddrinfo EAI_AGAIN imap.shop.example'), 'dns', /could not be looked up just now.*EAI_AGAIN/],
    [error('ENOTFOUND', 'getaddrinfo ENOTFOUND imap.shop.example'), 'dns', /does not resolve \(ENOTFOUND\)/],
    [error('ENETUNREACH', 'connect ENETUNREACH 203.0.113.9:993'), 'connect', /cannot be reached from here \(ENETUNREACH\)/],
    [error('EHOSTUNREACH'), 'connect', /cannot be reached from here \(EHOSTUNREACH\)/],
    [error('ETIMEDOUT', 'connect ETIMEDOUT 203.0.113.9:993'), 'timeout', /No connection to imap.shop.example:993 within 15 s/],
    [error('ECONNRESET', 'read ECONNRESET'), 'connect', /closed the connection unexpectedly/],
    [error('CERT_HAS_EXPIRED', 'certificate has expired'), 'tls', /has expired/],
    [error('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), 'tls', /not issued for this host name/],
  ])('%s', (e, stage, reason) => {
    const described = describeMailboxError(e, o);
    expect(described).toEqual({ stage, reason: expect.stringMatching(reason) });
    expect(described.reason).not.toContain('secret');
  });
});
