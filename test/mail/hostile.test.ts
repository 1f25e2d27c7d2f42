import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestDesk, unique, uniqueEmail, type TestDesk, threadsOf as threadsOfCustomer } from '../support/harness';
import { HOSTILE_CASES, hostileMail } from '../support/hostile-mail';
import { appendMail, fixture, inboxCount, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

const threadsOf = (email: string) => threadsOfCustomer(desk, email);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The raw mail as an admin downloads it: inline, or through the short-lived link of a large one. */
async function downloadRaw(id: string): Promise<Buffer> {
  const res = await fetch(`${desk.url}/v1/mail/failures/${id}/raw`, { headers: { authorization: `Bearer ${desk.adminToken}` }, redirect: 'manual' });
  if (res.status === 302) return Buffer.from(await (await fetch(res.headers.get('location')!)).arrayBuffer());
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'message/rfc822']);
  return Buffer.from(await res.arrayBuffer());
}

const PROTOCOLS = [
  { name: 'IMAP', user: 'hostile', options: () => ({}) },
  { name: 'POP3', user: 'hostilepop', options: () => ({ pop3: true, port: inject('services').mail.ports.pop3 }) },
];

describe.each(PROTOCOLS)('no mail stops the poller, over $name (M6)', ({ user, options }) => {
  beforeAll(async () => {
    await useMailbox(desk, user, options());
  });

  it.each(HOSTILE_CASES)('$limit: kept, then the next mail is stored', async (c) => {
    const customer = uniqueEmail();
    const next = uniqueEmail();
    const hostile = c.build(customer, unique());
    await appendMail(user, hostile, fixture('new-thread.eml', { customer: next, unique: unique() }));
    const report = await poll(desk);
    if (c.outcome === 'stored') {
      expect(report).toMatchObject({ fetched: 2, stored: 2, failed: 0 });
      expect(await threadsOf(customer)).toHaveLength(1);
    } else {
      expect(report).toMatchObject({ fetched: 2, stored: 1, failed: 1 });
      expect(report.failures[0]!.reason).toMatch(c.outcome);
      const id = report.failures[0]!.id;
      const listed = (await desk.api.get('/v1/mail/failures?limit=100')).body.items as { id: string; reason: string; size: number }[];
      expect(listed.find((f) => f.id === id)).toMatchObject({ reason: report.failures[0]!.reason, size: hostile.length });
      expect(sha256(await downloadRaw(id))).toBe(sha256(hostile));
    }
    expect(await threadsOf(next)).toHaveLength(1);
  }, 120_000);

  it('keeps what it stores from a hostile mail within bounds: name, subject, attachments', async () => {
    const named = uniqueEmail();
    const withFiles = uniqueEmail();
    const many = HOSTILE_CASES.find((c) => c.limit.startsWith('attachment count'))!;
    await appendMail(user, hostileMail(named, unique(), { from: `"${'N'.repeat(3000)}" <${named}>`, subject: 'S'.repeat(5000) }), many.build(withFiles, unique()));
    expect(await poll(desk)).toMatchObject({ stored: 2, failed: 0 });
    const thread = async (email: string) => (await desk.api.get(`/v1/threads/${(await threadsOf(email))[0]!.id}`)).body;
    const t = await thread(named);
    expect(t.thread.customerName).toBe('N'.repeat(200));
    expect(t.thread.subject).toBe('S'.repeat(300));
    expect((await thread(withFiles)).messages[0].attachments).toHaveLength(40);
  });
});

describe.each(PROTOCOLS)('"delete messages" deletes only what is kept, failed mails too, over $name (M3)', ({ user, options }) => {
  it('empties the mailbox only after every raw copy is in S3; the failures stay downloadable', async () => {
    await useMailbox(desk, user, { ...options(), deleteMessages: true });
    // POP3 also deletes the mails it handled in earlier polls; IMAP only the ones of this poll.
    const left = user === 'hostilepop' ? 0 : (await inboxCount(user)).total;
    const over = HOSTILE_CASES.find((c) => c.limit.startsWith('mail size'))!.build(uniqueEmail(), unique());
    const badFrom = HOSTILE_CASES.find((c) => c.limit.includes('From address'))!.build(uniqueEmail(), unique());
    const next = uniqueEmail();
    await appendMail(user, over, badFrom, fixture('new-thread.eml', { customer: next, unique: unique() }));
    const report = await poll(desk);
    expect(report).toMatchObject({ stored: 1, failed: 2 });
    expect((await inboxCount(user)).total).toBe(left);
    const ids = report.failures.map((f) => f.id);
    expect((await downloadRaw(ids[0]!)).length).toBe(over.length);
    expect(sha256(await downloadRaw(ids[1]!))).toBe(sha256(badFrom));
    expect(await threadsOf(next)).toHaveLength(1);
    await useMailbox(desk, user, options());
  }, 120_000);
});
