// The mailbox connection (O3): one mapping of the options to IMAP (imapflow) or POP3 settings, used by the poller and the test.
import net from 'node:net';
import tls from 'node:tls';
import type { ImapFlow } from 'imapflow';
import type { MailboxSettings } from '../store/settings';
import type { AllowableRange } from '../config';
import { MailHostRefused, resolveMailHost } from './mail-host';
import { defaultPort } from './default-port';

export interface ConnectionOptions {
  protocol: 'imap' | 'pop3';
  /** The host as configured: shown in messages, and the name the certificate must carry. */
  host: string;
  port: number;
  user: string;
  password: string;
  folder: string;
  /** Implicit TLS from the first byte (/ssl). */
  secure: boolean;
  /** STARTTLS: required (/tls), never (/notls) or when offered. */
  startTls: 'required' | 'never' | 'optional';
  /** Verify the server certificate (/validate-cert, the default) or accept any (/novalidate-cert). */
  validateCert: boolean;
  timeoutMs: number;
}

export function connectionOptions(m: MailboxSettings & { port?: number | null }, password: string, timeoutMs = 15_000): ConnectionOptions {
  return {
    protocol: m.pop3 ? 'pop3' : 'imap',
    host: m.host,
    port: m.port || defaultPort(m),
    user: m.user,
    password,
    folder: m.folder || 'INBOX',
    secure: m.ssl,
    startTls: m.ssl ? 'never' : m.tls ? 'required' : m.noTls ? 'never' : 'optional',
    validateCert: !m.noValidateCert,
    timeoutMs,
  };
}

/** Options whose host was resolved and checked (functions/mail/mail-host.ts): the socket goes to `address` only. */
export interface PinnedConnection extends ConnectionOptions {
  address: string;
}

export async function pinConnection(o: ConnectionOptions, allow: readonly AllowableRange[]): Promise<PinnedConnection> {
  return { ...o, address: await resolveMailHost(o.host, allow) };
}

/** The name TLS checks the certificate against: the configured host, unless it is an IP. */
export function serverName(o: ConnectionOptions): string | undefined {
  return net.isIP(o.host.replace(/^\[(.*)\]$/, '$1')) ? undefined : o.host;
}

/** imapflow is loaded with the first IMAP session, not at every cold start: a POP3 mailbox never needs it. */
export async function openImap(o: PinnedConnection): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  return new ImapFlow({
    host: o.address,
    servername: serverName(o),
    port: o.port,
    secure: o.secure,
    doSTARTTLS: o.startTls === 'required' ? true : o.startTls === 'never' ? false : undefined,
    auth: { user: o.user, pass: o.password },
    tls: { rejectUnauthorized: o.validateCert, servername: serverName(o) },
    logger: false,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: Math.max(o.timeoutMs, 60_000),
    disableAutoIdle: true,
  });
}

export type MailboxTestResult =
  | { ok: true; protocol: 'imap' | 'pop3'; tls: boolean; certificate: { validated: boolean; subject: string | null }; mailbox: { messages: number } }
  | { ok: false; stage: 'dns' | 'connect' | 'tls' | 'auth' | 'mailbox'; reason: string };

const fail = (stage: 'dns' | 'connect' | 'tls' | 'auth' | 'mailbox', reason: string): MailboxTestResult => ({ ok: false, stage, reason });

/**
 * Says in plain words whether the mailbox can be reached and logged into, and why not; never echoes the password,
 * nor what a server that is not a mail server said (the test must not read other services for a caller).
 */
export async function testMailbox(unpinned: ConnectionOptions, allow: readonly AllowableRange[]): Promise<MailboxTestResult> {
  if (!unpinned.host) return fail('dns', 'No mail server is set: fill in the host first.');
  let o: PinnedConnection;
  try {
    o = await pinConnection(unpinned, allow);
  } catch (error) {
    if (error instanceof MailHostRefused) return fail('dns', error.message);
    return fail('dns', `The name ${unpinned.host} does not resolve: check the host.`);
  }
  const probe = await probeTransport(o);
  if (!probe.ok) return probe.result;
  try {
    const { messages, tlsUsed, subject } = o.protocol === 'imap' ? await countImap(o) : await countPop3(o);
    return { ok: true, protocol: o.protocol, tls: tlsUsed, certificate: { validated: tlsUsed && o.validateCert, subject: subject ?? probe.subject ?? null }, mailbox: { messages } };
  } catch (error) {
    return classify(error, o);
  }
}

async function probeTransport(o: PinnedConnection): Promise<{ ok: true; subject?: string } | { ok: false; result: MailboxTestResult }> {
  return new Promise((resolve) => {
    const done = (value: { ok: true; subject?: string } | { ok: false; result: MailboxTestResult }) => {
      socket.destroy();
      resolve(value);
    };
    const socket: net.Socket = o.secure
      ? tls.connect({ host: o.address, port: o.port, rejectUnauthorized: o.validateCert, servername: serverName(o) }, () => {
          const cert = (socket as tls.TLSSocket).getPeerCertificate();
          done({ ok: true, subject: subjectOf(cert) });
        })
      : net.connect({ host: o.address, port: o.port }, () => done({ ok: true }));
    socket.setTimeout(o.timeoutMs, () => done({ ok: false, result: fail('connect', `No answer from ${o.host}:${o.port} within ${o.timeoutMs / 1000} s.`) }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (isTlsError(error)) done({ ok: false, result: fail('tls', tlsReason(error)) });
      else done({ ok: false, result: fail('connect', `Cannot connect to ${o.host}:${o.port} (${error.code ?? 'error'}): check the host, the port and the /ssl flag.`) });
    });
  });
}

function subjectOf(cert: tls.PeerCertificate | undefined): string | undefined {
  if (!cert?.subject) return undefined;
  return Object.entries(cert.subject).map(([k, v]) => `${k}=${v}`).join(', ');
}

async function countImap(o: PinnedConnection): Promise<{ messages: number; tlsUsed: boolean; subject?: string }> {
  const client = await openImap(o);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const socket = (client as unknown as { socket?: net.Socket }).socket;
    const tlsUsed = socket instanceof tls.TLSSocket;
    const subject = tlsUsed ? subjectOf((socket as tls.TLSSocket).getPeerCertificate()) : undefined;
    let status;
    try {
      status = await client.status(o.folder, { messages: true });
    } catch {
      throw Object.assign(new Error(`The folder "${o.folder}" cannot be opened.`), { stage: 'mailbox' });
    }
    return { messages: status ? (status.messages ?? 0) : 0, tlsUsed, subject };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function countPop3(o: PinnedConnection): Promise<{ messages: number; tlsUsed: boolean; subject?: string }> {
  const { openPop3 } = await import('./pop3');
  const pop = await openPop3(o);
  try {
    const count = await pop.count();
    return { messages: count, tlsUsed: pop.secure, subject: pop.certificateSubject };
  } finally {
    await pop.quit();
  }
}

function isTlsError(error: NodeJS.ErrnoException): boolean {
  return /CERT|SSL|TLS|self[- ]signed|certificate|wrong version number|EPROTO/i.test(`${error.code ?? ''} ${error.message}`);
}

function tlsReason(error: NodeJS.ErrnoException): string {
  if (/self[- ]signed|DEPTH_ZERO|SELF_SIGNED/i.test(`${error.code} ${error.message}`)) {
    return 'The server’s certificate is self-signed and cannot be verified: set /novalidate-cert if you trust this server.';
  }
  if (/ALTNAME|hostname/i.test(`${error.code} ${error.message}`)) return 'The server’s certificate is not issued for this host name.';
  if (/STARTTLS/i.test(error.message)) return 'The server does not offer STARTTLS, which /tls requires.';
  if (/wrong version number|EPROTO/i.test(error.message)) return 'The server does not speak TLS on this port: check /ssl and the port.';
  return `The secure connection failed (${error.code ?? 'TLS error'}).`;
}

function classify(error: unknown, o: ConnectionOptions): MailboxTestResult {
  const e = error as NodeJS.ErrnoException & { stage?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };
  if (e.stage === 'mailbox') return fail('mailbox', e.message);
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED' || /auth|login|password|credentials/i.test(`${e.message} ${e.responseText ?? ''}`)) {
    return fail('auth', `The server refused the user name or password for ${o.user || '(no user)'}.`);
  }
  if (isTlsError(e)) return fail('tls', tlsReason(e));
  if (/timeout/i.test(`${e.code} ${e.message}`)) return fail('connect', `The server at ${o.host}:${o.port} stopped answering.`);
  // Not the server's words: on a port that is not a mail server's they would be another service's banner.
  return fail('connect', `The server at ${o.host}:${o.port} did not behave like a ${o.protocol.toUpperCase()} server: check the port, /pop3 and /ssl.`);
}
