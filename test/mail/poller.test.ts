import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, unique, uniqueEmail, waitFor, waitForMails, type TestDesk, threadsOf as threadsOfCustomer } from '../support/harness';
import { appendMail, fixture, inboxCount, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
const USER = 'mailin';

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, USER);
});
afterAll(async () => {
  await desk.close();
});

/** A customer thread that the desk answered: returns the thread and the reply as delivered. */
async function answeredThread() {
  const customer = uniqueEmail();
  const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: customer, name: 'Jane', message: 'Where is my parcel?' }, null);
  const threadId = res.body.threadId as string;
  await desk.api.post(`/v1/threads/${threadId}/replies`, { message: 'Dear Jane, it left today.' });
  const mails = await waitForMails(desk.sesUrl, customer, 2);
  const reply = mails.find((m) => m.parsed.text?.includes('it left today'))!;
  await waitFor(async () => (await desk.api.get(`/v1/threads/${threadId}`)).body.messages[1].delivery.state === 'sent');
  return { customer, threadId, reply };
}

const thread = async (id: string) => (await desk.api.get(`/v1/threads/${id}`)).body;
const threadsOf = (email: string) => threadsOfCustomer(desk, email);

describe('threading (M2, S2)', () => {
  it('joins an answer that names the delivered Message-ID in In-Reply-To, and reopens the thread', async () => {
    const { customer, threadId, reply } = await answeredThread();
    expect(reply.messageId).toMatch(/@email\.amazonses\.com>$/);
    await appendMail(USER, fixture('reply-by-references.eml', { customer, unique: unique(), inReplyTo: reply.messageId }));
    const report = await poll(desk);
    expect(report).toMatchObject({ fetched: 1, stored: 1, joined: 1, newThreads: 0, failed: 0 });
    const t = await thread(threadId);
    expect(t.thread.status).toBe('open');
    expect(t.messages.map((m: { kind: string }) => m.kind)).toEqual(['customer', 'employee', 'customer']);
    expect(t.messages[2].text).toContain('still has not arrived');
  });

  it('joins by the subject markers when the mail client dropped the headers', async () => {
    const { customer, threadId, reply } = await answeredThread();
    await appendMail(USER, fixture('reply-by-markers.eml', { customer, unique: unique(), subject: reply.subject }));
    expect(await poll(desk)).toMatchObject({ stored: 1, joined: 1 });
    expect((await thread(threadId)).messages).toHaveLength(3);
  });

  it('does not join with a wrong token: a new thread is opened instead', async () => {
    const { customer, threadId, reply } = await answeredThread();
    const forged = reply.subject.replace(/\[#tc[\w-]+\]/, '[#tcWRONGTOKENWRONGTOKEN00]');
    await appendMail(USER, fixture('reply-by-markers.eml', { customer, unique: unique(), subject: forged }));
    expect(await poll(desk)).toMatchObject({ stored: 1, joined: 0, newThreads: 1 });
    expect((await thread(threadId)).messages).toHaveLength(2);
  });

  it('threads replies onto their original when all come in one poll, while other mails are stored at the same time (M2)', async () => {
    const customer = uniqueEmail();
    const original = unique();
    // The original takes the longest to store of them all: HTML to sanitize and a file to keep.
    const reply = () => fixture('reply-by-references.eml', { customer, unique: unique(), inReplyTo: `<AM0PR01MB${original}@AM0PR01MB1234.eurprd01.prod.outlook.com>` });
    const others = Array.from({ length: 4 }, () => fixture('new-thread.eml', { customer: uniqueEmail(), unique: unique() }));
    await appendMail(USER, ...others.slice(0, 2), fixture('outlook-rfc2231.eml', { customer, unique: original }), reply(), reply(), ...others.slice(2));
    expect(await poll(desk)).toMatchObject({ fetched: 7, stored: 7, newThreads: 5, joined: 2, failed: 0 });
    const rows = await threadsOf(customer);
    expect(rows).toHaveLength(1);
    const t = await thread(rows[0]!.id);
    expect(t.messages.map((m: { text: string }) => m.text.slice(0, 20))).toEqual(['Guten Tag,\n\nich möch', 'Thanks, but it still', 'Thanks, but it still']);
  });

  it('opens a new thread for the contact the mail was sent to, in its language', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture('new-thread.eml', { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ stored: 1, newThreads: 1 });
    const [row] = await threadsOf(customer);
    const t = await thread(row!.id);
    expect(t.thread).toMatchObject({ contactId: 'customer-service', lang: 'fr', customerName: 'Marc Dupont', subject: 'Commande introuvable' });
    expect(t.messages[0].text).toContain('à la retrouver');
  });

  it('leaves unknown mail untouched on the server when "create new threads" is off', async () => {
    await useMailbox(desk, USER, { createNewThreads: false });
    const customer = uniqueEmail();
    const before = await inboxCount(USER);
    await appendMail(USER, fixture('new-thread.eml', { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, skipped: 1, stored: 0 });
    expect(await threadsOf(customer)).toHaveLength(0);
    expect((await inboxCount(USER)).unseen).toBe(before.unseen + 1);
    await useMailbox(desk, USER);
  });
});

describe('loops and bounces (M4)', () => {
  it('stores an auto-reply without reopening the thread or notifying anyone', async () => {
    const { customer, threadId, reply } = await answeredThread();
    await appendMail(USER, fixture('auto-reply.eml', { customer, unique: unique(), inReplyTo: reply.messageId, subject: reply.subject }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, autoReplies: 1, stored: 0 });
    const t = await thread(threadId);
    expect(t.thread.status).toBe('closed');
    expect(t.messages.at(-1)).toMatchObject({ autoReply: true });
  });

  it('marks the outgoing message as bounced from a delivery report, adding nothing to the conversation', async () => {
    const { customer, threadId, reply } = await answeredThread();
    await appendMail(USER, fixture('bounce-dsn.eml', { customer, unique: unique(), bounced: reply.messageId }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, bounces: 1, stored: 0 });
    const t = await thread(threadId);
    expect(t.messages).toHaveLength(2);
    expect(t.messages[1].delivery).toMatchObject({ state: 'bounced', reason: expect.stringContaining('User unknown') });
  });

  it('ignores mail from its own sending address', async () => {
    const raw = fixture('new-thread.eml', { customer: 'desk@shopdesk.test', unique: unique() });
    await appendMail(USER, raw);
    expect(await poll(desk)).toMatchObject({ fetched: 1, skipped: 1, stored: 0 });
  });
});

describe('content and charsets (M5)', () => {
  it.each([
    ['iso-8859-1.eml', 'Problème de livraison', 'François Léger', 'Ça fait déjà une semaine'],
    ['windows-1251.eml', 'Где мой заказ?', 'Иван Петров', 'Мой заказ до сих пор не пришёл'],
    ['koi8-r.eml', 'Возврат товара', 'Ольга', 'Хочу вернуть товар'],
    ['iso-2022-jp.eml', '注文について', '山田太郎', 'ご注文の商品がまだ届いていません'],
    ['utf8-encoded-words.eml', 'Facture n° 12 — réclamation 📦', 'Zoë Ångström', 'Voici la facture 📦'],
  ])('decodes %s', async (file, subject, name, text) => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture(file, { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ stored: 1, failed: 0 });
    const t = await thread((await threadsOf(customer))[0]!.id);
    expect(t.thread.subject).toBe(subject);
    expect(t.thread.customerName).toBe(name);
    expect(t.messages[0].text).toContain(text);
  });

  it('keeps attachments (also inline images) with their decoded names', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture('utf8-encoded-words.eml', { customer, unique: unique() }));
    await poll(desk);
    const t = await thread((await threadsOf(customer))[0]!.id);
    const names = t.messages[0].attachments.map((a: { fileName: string }) => a.fileName);
    expect(names).toEqual(expect.arrayContaining(['facture n° 12.pdf', 'logo.png']));
    const pdf = t.messages[0].attachments.find((a: { fileName: string }) => a.fileName.endsWith('.pdf'));
    const res = await desk.api.get(pdf.url);
    expect(res.status).toBe(302);
    expect((await (await fetch(res.headers.get('location')!)).text()).startsWith('%PDF')).toBe(true);
    const koi = uniqueEmail();
    await appendMail(USER, fixture('koi8-r.eml', { customer: koi, unique: unique() }));
    await poll(desk);
    expect((await thread((await threadsOf(koi))[0]!.id)).messages[0].attachments[0].fileName).toBe('чек.txt');
  });

  it('serves HTML sanitized (no script, no handler, no javascript:, no remote image) and derives the text', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture('html-only.eml', { customer, unique: unique() }));
    await poll(desk);
    const m = (await thread((await threadsOf(customer))[0]!.id)).messages[0];
    expect(m.text).toContain('My order');
    expect(m.text).toContain('Previous message quoted');
    expect(m.html).toContain('<b>team</b>');
    for (const bad of ['<script', 'onclick', 'javascript:', 'tracker.example.com']) expect(m.html).not.toContain(bad);
  });

  it('keeps going after a broken mail, and stores the ones after it', async () => {
    const broken = uniqueEmail();
    const after = uniqueEmail();
    await appendMail(USER, fixture('broken-mime.eml', { customer: broken, unique: unique() }), fixture('new-thread.eml', { customer: after, unique: unique() }));
    const report = await poll(desk);
    expect(report.fetched).toBe(2);
    expect(report.stored + report.failed).toBe(2);
    expect(await threadsOf(after)).toHaveLength(1);
  });

  it('keeps a mail over 25 MB raw, reports it, and goes on', async () => {
    const customer = uniqueEmail();
    const huge = Buffer.concat([fixture('no-message-id.eml', { customer, unique: unique() }), Buffer.from('x'.repeat(76) + '\r\n').subarray(0, 78)]);
    const padding = Buffer.alloc(26 * 1024 * 1024, 'A');
    const next = uniqueEmail();
    await appendMail(USER, Buffer.concat([huge, padding]), fixture('new-thread.eml', { customer: next, unique: unique() }));
    const report = await poll(desk);
    expect(report).toMatchObject({ fetched: 2, failed: 1, stored: 1 });
    expect(report.failures[0]!.reason).toMatch(/larger than 25 MB/);
    expect(await threadsOf(next)).toHaveLength(1);
  }, 60_000);
});

describe('nothing twice (M3)', () => {
  it('stores a mail with the same Message-ID once', async () => {
    const customer = uniqueEmail();
    const raw = fixture('new-thread.eml', { customer, unique: unique() });
    await appendMail(USER, raw, raw);
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 1, skipped: 1 });
    expect(await threadsOf(customer)).toHaveLength(1);
  });

  it('stores a mail without Message-ID once, by its content digest', async () => {
    const customer = uniqueEmail();
    const raw = fixture('no-message-id.eml', { customer, unique: unique() });
    await appendMail(USER, raw, raw);
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 1, skipped: 1 });
  });

  it('runs one poller at a time: a second one at once is refused (409)', async () => {
    for (let i = 0; i < 5; i++) await appendMail(USER, fixture('new-thread.eml', { customer: uniqueEmail(), unique: unique() }));
    const [a, b] = await Promise.all([desk.api.post('/v1/mail/poll'), desk.api.post('/v1/mail/poll')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 200 ? a : b).body.stored).toBe(5);
  });

  it('deletes on the server only when "delete messages" is on, after storing', async () => {
    await useMailbox(desk, USER, { deleteMessages: true });
    const customer = uniqueEmail();
    const before = await inboxCount(USER);
    await appendMail(USER, fixture('new-thread.eml', { customer, unique: unique() }));
    expect((await inboxCount(USER)).total).toBe(before.total + 1);
    expect(await poll(desk)).toMatchObject({ stored: 1 });
    expect((await inboxCount(USER)).total).toBe(before.total);
    expect(await threadsOf(customer)).toHaveLength(1);
    await useMailbox(desk, USER, { deleteMessages: false });
  });
});
