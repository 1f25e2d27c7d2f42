import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config';
import { createDeps } from '../../functions/clients';
import type { Deps } from '../../functions/deps';
import { getOutboxMail, outboxItem } from '../../functions/store/outbox';
import { putNew, transact } from '../../functions/store/db';
import { getThreadCollection } from '../../functions/store/threads';
import { startSesCapture, type SesCapture } from '../../local/ses';
import { mailsTo, startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk } from '../support/harness';
import { inject } from 'vitest';
import { join } from 'node:path';

let desk: TestDesk;
let ses: SesCapture;
let deps: Deps;
// Imported once the desk has configured the environment: a handler module builds its clients when it loads.
let createMailSendHandler: typeof import('../../functions/handlers/mail-send').createMailSendHandler;

beforeAll(async () => {
  // A capture of this file's own, so that the faults injected here reach no other test file.
  ses = await startSesCapture(join(inject('services').tmp, `ses-${Date.now()}`), 0);
  desk = await startTestDesk({ ses: ses.url });
  deps = createDeps(loadConfig());
  ({ createMailSendHandler } = await import('../../functions/handlers/mail-send'));
});
afterAll(async () => {
  await desk.close();
  await ses.close();
});

async function formThread(lang = 'en', extra: Record<string, unknown> = {}) {
  const email = uniqueEmail();
  const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, name: 'Jane', message: 'Where is my parcel?', lang, ...extra }, null);
  expect(res.status).toBe(201);
  return { email, threadId: res.body.threadId as string };
}

const view = async (id: string) => (await desk.api.get(`/v1/threads/${id}`)).body;

describe('e-mails in five languages (S2)', () => {
  it.each([
    ['en', 'Your message has been received', 'Answer to your message'],
    ['fr', 'Votre message a bien été reçu', 'Réponse à votre message'],
    ['de', 'Ihre Nachricht ist eingegangen', 'Antwort auf Ihre Nachricht'],
    ['es', 'Hemos recibido su mensaje', 'Respuesta a su mensaje'],
    ['ru', 'Ваше сообщение получено', 'Ответ на ваше сообщение'],
  ])('confirms and replies in %s', async (lang, confirmation, reply) => {
    const t = await formThread(lang);
    await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'OK' });
    const mails = await waitForMails(ses.url, t.email, 2);
    const subjects = mails.map((m) => m.parsed.subject);
    expect(subjects.some((s) => s?.endsWith(confirmation))).toBe(true);
    expect(subjects.some((s) => s?.endsWith(reply))).toBe(true);
    for (const m of mails) expect(m.parsed.headers.get('content-language')).toBe(lang);
  });
});

describe('headers and threading (S2)', () => {
  it('marks automatic mail, never a human reply, and chains References through the delivered Message-IDs', async () => {
    const t = await formThread();
    await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'First answer', status: 'open' });
    await waitForMails(ses.url, t.email, 2);
    await waitFor(async () => (await view(t.threadId)).messages[1].delivery?.state === 'sent');
    await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'Second answer' });
    const mails = await waitForMails(ses.url, t.email, 3);
    const confirmation = mails.find((m) => m.parsed.text?.includes('Thank you for your message'))!;
    const first = mails.find((m) => m.parsed.text?.startsWith('First answer'))!;
    const second = mails.find((m) => m.parsed.text?.startsWith('Second answer'))!;
    expect(confirmation.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(confirmation.parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(first.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(first.parsed.replyTo?.value[0]?.address).toBe('desk@shopdesk.test');
    expect(first.parsed.from?.value[0]?.address).toBe('desk@shopdesk.test');
    for (const m of [confirmation, first, second]) expect(m.subject).toMatch(/^\[#ct[\w-]+\] \[#tc[\w-]+\] /);
    const refs = [second.parsed.references ?? []].flat();
    expect(refs).toContain(first.messageId);
    expect(second.parsed.inReplyTo).toBe(first.messageId);
    const delivered = (await view(t.threadId)).messages[1];
    expect(delivered.delivery.sesMessageId).toBe(first.messageId.slice(1).split('@')[0]);
  });

  it('escapes HTML in every value and lets no CR/LF reach a header', async () => {
    const t = await formThread('en', { name: '<img src=x onerror=alert(1)>', message: '<script>alert("x")</script> & more' });
    const toContact = await waitFor(async () => (await mailsTo(ses.url, 'service@shop.test')).find((m) => m.parsed.replyTo?.value[0]?.address === t.email));
    expect(toContact.parsed.html).toContain('&lt;script&gt;');
    expect(toContact.parsed.html).not.toContain('<script>');
    expect(toContact.parsed.html).not.toContain('<img src=x');
    await desk.api.post(`/v1/threads/${t.threadId}/forward`, { email: uniqueEmail('x'), comment: 'line one\r\nBcc: evil@example.com' });
    for (const m of ses.mails()) expect(ses.raw(m.id).toString('latin1')).not.toMatch(/^Bcc: evil/im);
  });
});

describe('the outbox (S1)', () => {
  it('sends a mail once when the stream delivers its record twice', async () => {
    const t = await formThread();
    const res = await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'Only once please' });
    await waitFor(async () => (await view(t.threadId)).messages[1].delivery.state === 'sent');
    expect((await view(t.threadId)).messages[1].id).toBe(res.body.message.id);
    const handler = createMailSendHandler(deps);
    const record = async () => {
      const mail = (await getOutboxMail(deps.db, (await deliveryOf(t.threadId)).outboxId))!;
      return { eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: { entity: { S: 'outbox' }, id: { S: mail.id } } } };
    };
    await handler({ Records: [await record(), await record()] } as never);
    const mails = (await mailsTo(ses.url, t.email)).filter((m) => m.parsed.text?.includes('Only once please'));
    expect(mails).toHaveLength(1);
  });

  it('after a crash before the SES call, sends once the claim expires, exactly once', async () => {
    const t = await formThread();
    await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'before the crash' });
    await waitFor(async () => (await deliveryOf(t.threadId)).state === 'sent');
    const sent = (await getOutboxMail(deps.db, (await deliveryOf(t.threadId)).outboxId))!;
    // What a sender that crashed after its claim and before calling SES leaves behind.
    const crashed = { ...sent, id: `crash${Date.now()}`, text: 'after the crash', html: '<p>after the crash</p>', state: 'sending' as const, claimedUntil: new Date(Date.now() + 30_000).toISOString() };
    await transact(deps.db, [putNew(outboxItem(crashed))]);
    const event = { Records: [{ eventName: 'INSERT', dynamodb: { SequenceNumber: '7', NewImage: { entity: { S: 'outbox' }, id: { S: crashed.id } } } }] } as never;
    expect((await createMailSendHandler(deps)(event)).batchItemFailures).toHaveLength(1);
    const later = createMailSendHandler({ ...deps, now: () => new Date(Date.now() + 31_000) });
    expect((await later(event)).batchItemFailures).toHaveLength(0);
    expect((await later(event)).batchItemFailures).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await mailsTo(ses.url, t.email)).filter((m) => m.parsed.text?.includes('after the crash'))).toHaveLength(1);
  });

  it('retries SES throttling, then sends', async () => {
    const t = await formThread();
    await waitForMails(ses.url, t.email, 1);
    ses.failNext(2, 'TooManyRequestsException');
    await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'After throttling' });
    await waitFor(async () => (await deliveryOf(t.threadId)).state === 'sent', 20_000);
    expect((await mailsTo(ses.url, t.email)).filter((m) => m.parsed.text?.includes('After throttling'))).toHaveLength(1);
  });

  it('fails a permanently rejected mail at once with the reason, and an agent can resend it', async () => {
    const t = await formThread();
    await waitForMails(ses.url, t.email, 1);
    ses.failNext(1, 'MessageRejected');
    const reply = await desk.api.post(`/v1/threads/${t.threadId}/replies`, { message: 'Rejected first' });
    await waitFor(async () => (await deliveryOf(t.threadId)).state === 'failed');
    expect((await deliveryOf(t.threadId)).reason).toMatch(/MessageRejected/);
    const resend = await desk.api.post(`/v1/messages/${reply.body.message.id}/resend`);
    expect(resend.status).toBe(202);
    await waitFor(async () => (await deliveryOf(t.threadId)).state === 'sent');
    expect((await mailsTo(ses.url, t.email)).filter((m) => m.parsed.text?.includes('Rejected first'))).toHaveLength(1);
    expect((await desk.api.post(`/v1/messages/${reply.body.message.id}/resend`)).status).toBe(409);
  });
});

async function deliveryOf(threadId: string) {
  const stored = (await getThreadCollection(deps.db, threadId))!.messages.filter((m) => m.kind === 'employee').at(-1)!;
  return stored.delivery!;
}
