// Puts mail into the test dovecot (IMAP APPEND) and points a desk's mailbox options at it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { inject } from 'vitest';
import type { TestDesk } from './harness';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');

/** A fixture with its {{placeholders}} filled; bytes outside ASCII are kept exactly as in the file. */
export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  let text = readFileSync(join(FIXTURES, name)).toString('latin1');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return Buffer.from(text, 'latin1');
}

export function imapClient(user: string): ImapFlow {
  const mail = inject('services').mail;
  return new ImapFlow({ host: mail.host, port: mail.ports.imap, secure: false, doSTARTTLS: false, auth: { user, pass: mail.password }, logger: false });
}

export async function appendMail(user: string, ...raws: Buffer[]): Promise<void> {
  const client = imapClient(user);
  await client.connect();
  try {
    for (const raw of raws) await client.append('INBOX', raw);
  } finally {
    await client.logout();
  }
}

export async function inboxCount(user: string): Promise<{ total: number; unseen: number }> {
  const client = imapClient(user);
  await client.connect();
  try {
    const status = await client.status('INBOX', { messages: true, unseen: true });
    return status ? { total: status.messages ?? 0, unseen: status.unseen ?? 0 } : { total: 0, unseen: 0 };
  } finally {
    await client.logout();
  }
}

export async function useMailbox(desk: TestDesk, user: string, extra: Record<string, unknown> = {}): Promise<void> {
  const mail = inject('services').mail;
  const res = await desk.api.request('PUT', '/v1/settings', {
    body: { mailbox: { host: mail.host, port: mail.ports.imap, user, password: mail.password, ssl: false, tls: false, noTls: true, pop3: false, deleteMessages: false, createNewThreads: true, ...extra } },
  });
  if (res.status !== 200) throw new Error(`mailbox settings refused: ${JSON.stringify(res.body)}`);
}

/** A poll as the schedule runs it: a 503 (the table or S3 busy on a loaded machine) is tried again, as Retry-After asks. */
export async function poll(desk: TestDesk) {
  let res = await desk.api.post('/v1/mail/poll');
  for (let retry = 0; res.status === 503 && retry < 3; retry++) {
    await new Promise((r) => setTimeout(r, 2_000));
    res = await desk.api.post('/v1/mail/poll');
  }
  if (res.status !== 200) throw new Error(`poll failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { fetched: number; stored: number; joined: number; newThreads: number; skipped: number; autoReplies: number; bounces: number; failed: number; failures: { uid: string; reason: string; id: string }[]; error: { stage: string; reason: string } | null };
}
