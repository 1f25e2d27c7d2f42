// Why the mailbox could not be read (M7): every error of a poll's IMAP or POP3 session as a stage and a plain reason.
import type { MailboxError } from '../store/mailbox-status';
import type { ConnectionOptions } from './connection';
import { MailHostRefused } from './mail-host';

/** An error of the mailbox's server or of the way to it, never of the desk: the poll reports it and answers 200. */
export class MailboxFailure extends Error {
  constructor(readonly detail: MailboxError, options?: { cause?: unknown }) {
    super(detail.reason, options);
    this.name = 'MailboxFailure';
  }
}

/** Runs one step of the session; whatever it throws becomes a MailboxFailure (`stage` when the error names none itself). */
export async function onMailbox<T>(o: ConnectionOptions, work: () => Promise<T>, stage?: MailboxError['stage']): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MailboxFailure) throw error;
    throw new MailboxFailure(describeMailboxError(error, o, stage), { cause: error });
  }
}

type ErrorLike = NodeJS.ErrnoException & { stage?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string };

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME'];
const UNREACHABLE_CODES = ['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN'];

export function describeMailboxError(error: unknown, o: ConnectionOptions, stage?: MailboxError['stage']): MailboxError {
  if (error instanceof MailHostRefused) return { stage: 'dns', reason: error.message };
  const e = (error ?? {}) as ErrorLike;
  const code = String(e.code ?? '');
  const text = `${code} ${e.message ?? ''} ${e.responseText ?? ''}`;
  const where = `${o.host}:${o.port}`;
  if (DNS_CODES.includes(code)) {
    return code === 'EAI_AGAIN'
      ? { stage: 'dns', reason: `The name ${o.host} could not be looked up just now (the DNS server did not answer, EAI_AGAIN); the next poll tries again.` }
      : { stage: 'dns', reason: `The name ${o.host} does not resolve (${code}): check the host.` };
  }
  if (UNREACHABLE_CODES.includes(code)) return { stage: 'connect', reason: `The network of ${where} cannot be reached from here (${code}): check the host, or the network's routes and firewall.` };
  if (code === 'ECONNREFUSED') return { stage: 'connect', reason: `${where} refused the connection: nothing listens there. Check the host and the port.` };
  if (code === 'GREETING_TIMEOUT') {
    return { stage: 'timeout', reason: `${where} accepted the connection but sent no greeting within ${o.timeoutMs / 1000} s: check the port and the /ssl flag.` };
  }
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return { stage: 'timeout', reason: `No connection to ${where} within ${o.timeoutMs / 1000} s: the host does not answer (a firewall may drop the packets).` };
  if (code === 'ETIMEOUT' || /time(d)? ?out/i.test(text)) return { stage: 'timeout', reason: `${where} stopped answering in the middle of the session.` };
  if (isTlsError(text)) return { stage: 'tls', reason: tlsReason(text) };
  if (e.stage === 'auth' || e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED' || /authenticat|login|password|credentials/i.test(text)) {
    return { stage: 'auth', reason: `The server refused the user name or password for ${o.user || '(no user)'}.` };
  }
  if (e.stage === 'mailbox' || stage === 'mailbox') return { stage: 'mailbox', reason: `The folder "${o.folder}" cannot be opened or read: ${(e.responseText || e.message || 'the server refused').slice(0, 160)}.` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /closed|NoConnection/i.test(text)) return { stage: 'connect', reason: `${where} closed the connection unexpectedly.` };
  return { stage: stage ?? 'connect', reason: `${where} did not behave like a ${o.protocol.toUpperCase()} server (${(e.message ?? 'error').replace(/\s+/g, ' ').slice(0, 120)}).` };
}

function isTlsError(text: string): boolean {
  return /CERT|SSL|TLS|self[- ]signed|certificate|wrong version number|EPROTO/i.test(text);
}

function tlsReason(text: string): string {
  if (/wrong version number|EPROTO|packet length too long|unknown protocol/i.test(text)) return 'The server does not speak TLS on this port (“wrong version number”): check /ssl and the port.';
  if (/self[- ]signed|DEPTH_ZERO|SELF_SIGNED/i.test(text)) return 'The server’s certificate is self-signed and cannot be verified: set /novalidate-cert if you trust this server.';
  if (/ALTNAME|hostname/i.test(text)) return 'The server’s certificate is not issued for this host name.';
  if (/expired/i.test(text)) return 'The server’s certificate has expired.';
  if (/STARTTLS|STLS/i.test(text)) return 'The server does not offer STARTTLS, which /tls requires.';
  return 'The secure connection failed: check /ssl, /tls and the port.';
}
