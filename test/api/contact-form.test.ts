import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailsTo, startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk } from '../support/harness';
import { PDF, PNG, uploadFile } from '../support/uploads';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  desk.api.request('POST', '/v1/public/messages', { body, token: null, headers: { 'x-forwarded-for': '1.2.3.4', ...headers } });

const form = (email: string, extra: Record<string, unknown> = {}) => ({ contactId: 'customer-service', email, name: 'Jane Doe', message: 'Where is my parcel?', lang: 'en', ...extra });

async function threadOf(id: string) {
  return (await desk.api.get(`/v1/threads/${id}`)).body;
}

describe('contacts on the form (C1)', () => {
  it('lists the two default contacts in the asked language, ordered, with no e-mail address', async () => {
    const res = await desk.api.get('/v1/public/contacts?lang=ru', null);
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(['webmaster', 'customer-service']);
    expect(res.body.items[1].name).toBe('Служба поддержки');
    expect(JSON.stringify(res.body)).not.toMatch(/@/);
    expect(res.body.uploads).toEqual({ allowed: true, maxBytes: 10485760, extensions: expect.arrayContaining(['pdf', 'png', 'txt']) });
  });

  it('falls back to English for an unknown language instead of failing', async () => {
    const res = await desk.api.get('/v1/public/contacts?lang=xx', null);
    expect(res.status).toBe(200);
    expect(res.body.items[1].name).toBe('Customer service');
  });
});

describe('submitting the form (C2, C3)', () => {
  it('opens a thread, then adds the next message of the same customer and contact to it', async () => {
    const email = uniqueEmail();
    const first = await submit(form(email));
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ stored: true, threadId: expect.any(String) });
    expect(JSON.stringify(first.body)).not.toMatch(/token/i);
    const second = await submit(form(email, { message: 'Any news?' }));
    expect(second.body.threadId).toBe(first.body.threadId);
    const view = await threadOf(first.body.threadId);
    expect(view.messages.map((m: { text: string }) => m.text)).toEqual(['Where is my parcel?', 'Any news?']);
    expect(view.thread).toMatchObject({ status: 'open', email, lang: 'en', unread: 2 });
  });

  it('opens a new thread when the earlier one is closed', async () => {
    const email = uniqueEmail();
    const first = await submit(form(email));
    await desk.api.request('PATCH', `/v1/threads/${first.body.threadId}`, { body: { status: 'closed' } });
    const second = await submit(form(email, { message: 'Another question' }));
    expect(second.body.threadId).not.toBe(first.body.threadId);
  });

  it('does not store the same submit twice within ten minutes', async () => {
    const email = uniqueEmail();
    const first = await submit(form(email));
    const again = await submit(form(email));
    expect(again.body.threadId).toBe(first.body.threadId);
    expect((await threadOf(first.body.threadId)).messages).toHaveLength(1);
  });

  it('keeps the order reference as typed, and links the order only when it is that customer’s (A10)', async () => {
    const email = uniqueEmail();
    await desk.api.request('PUT', '/v1/orders/ORD-1', { body: { customerEmail: email, totalPaid: 10, currency: 'EUR', placedAt: '2026-01-01T00:00:00Z', state: 'Paid' } });
    const mine = await threadOf((await submit(form(email, { orderReference: 'ORD-1' }))).body.threadId);
    expect([mine.thread.orderReference, mine.order?.reference]).toEqual(['ORD-1', 'ORD-1']);
    const notMine = await threadOf((await submit(form(uniqueEmail(), { orderReference: 'ORD-1' }))).body.threadId);
    expect([notMine.thread.orderReference, notMine.order]).toEqual(['ORD-1', null]);
  });

  it('e-mails the contact (Reply-To: the customer) and confirms to the customer in their language (C4)', async () => {
    const email = uniqueEmail();
    const res = await submit(form(email, { lang: 'de', message: 'Wo ist mein Paket?' }));
    const [confirmation] = await waitForMails(desk.sesUrl, email, 1);
    expect(confirmation!.subject).toContain('Ihre Nachricht ist eingegangen');
    expect(confirmation!.subject).toContain(`[#ct${res.body.threadId}]`);
    expect(confirmation!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // The confirmation quotes nothing the sender wrote (C4); the contact's notification keeps the message.
    expect(confirmation!.parsed.text).not.toContain('Wo ist mein Paket?');
    const toContact = await waitFor(async () => (await mailsTo(desk.sesUrl, 'service@shop.test')).find((m) => m.parsed.replyTo?.value[0]?.address === email));
    expect(toContact.parsed.text).toContain('Wo ist mein Paket?');
  });

  it('only e-mails when the contact does not save messages', async () => {
    const contact = await desk.api.post('/v1/contacts', { name: { en: 'Press' }, email: 'press@shop.test', saveMessages: false });
    const email = uniqueEmail();
    const res = await submit({ ...form(email), contactId: contact.body.id });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ stored: false });
    const list = await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`);
    expect(list.body.items).toHaveLength(0);
    const [mail] = await waitForMails(desk.sesUrl, email, 1);
    expect(mail!.subject).not.toContain('[#ct');
  });

  it.each([
    ['contactId', { contactId: 'no-such-contact' }],
    ['email', { email: 'not-an-address' }],
    ['email', { email: 'jane@example.com\r\nBcc: victim@example.com' }],
    ['name', { name: 'Jane\nBcc: victim@example.com' }],
    ['name', { name: 'x'.repeat(101) }],
    ['message', { message: '   ' }],
    ['message', { message: 'x'.repeat(20_001) }],
    ['lang', { lang: 'it' }],
    ['orderReference', { orderReference: 'A\r\nB' }],
  ])('refuses a bad %s with a field-level 400 and stores nothing', async (field, bad) => {
    const email = uniqueEmail();
    const res = await submit({ ...form(email), ...bad });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const list = await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`);
    expect(list.body.items).toHaveLength(0);
  });
});

describe('addresses', () => {
  it('takes an internationalized domain in its ASCII form, and finds the thread by either form', async () => {
    const local = uniqueEmail().split('@')[0]!;
    const res = await submit(form(`${local}@Bücher-Müller.example`));
    expect(res.status).toBe(201);
    const ascii = `${local}@xn--bcher-mller-thbg.example`;
    expect((await desk.api.get(`/v1/threads/${res.body.threadId}`)).body.thread.email).toBe(ascii);
    const byUnicode = await desk.api.get(`/v1/threads?email=${encodeURIComponent(`${local}@bücher-müller.example`)}`);
    expect(byUnicode.body.items.map((t: { id: string }) => t.id)).toEqual([res.body.threadId]);
    await waitForMails(desk.sesUrl, ascii, 1);
  });
});

describe('abuse limits (C6)', () => {
  it('answers a filled honeypot like a success, and stores and sends nothing', async () => {
    const email = uniqueEmail();
    const res = await submit(form(email, { website: 'http://spam.example' }));
    expect(res.status).toBe(201);
    expect(res.body.stored).toBe(true);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(await mailsTo(desk.sesUrl, email)).toHaveLength(0);
  });

  it('limits submits per e-mail address to 5 per 10 minutes, then 429 with Retry-After', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) expect((await submit(form(email, { message: `m${i}` }))).status).toBe(201);
    const res = await submit(form(email, { message: 'one too many' }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('returns the first response for a retried Idempotency-Key and 422 for the same key with another body', async () => {
    const email = uniqueEmail();
    const key = `k-${email}`;
    const first = await submit(form(email), { 'idempotency-key': key });
    const retry = await submit(form(email), { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect((await threadOf(first.body.threadId)).messages).toHaveLength(1);
    const other = await submit(form(email, { message: 'different' }), { 'idempotency-key': key });
    expect(other.status).toBe(422);
  });
});

describe('uploads (C5)', () => {
  it('attaches an uploaded PNG to the stored message', async () => {
    const email = uniqueEmail();
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'screen shot.png', 'image/png', PNG);
    const res = await submit(form(email, { uploadIds: [uploadId] }));
    expect(res.status).toBe(201);
    const view = await threadOf(res.body.threadId);
    const [attachment] = view.messages[0].attachments;
    expect(attachment).toMatchObject({ fileName: 'screen shot.png', contentType: 'image/png', size: PNG.length });
    const download = await desk.api.get(attachment.url);
    expect(download.status).toBe(302);
    const file = await fetch(download.headers.get('location')!);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses a disallowed file renamed to .png, deletes it, and stores nothing', async () => {
    const email = uniqueEmail();
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'invoice.png', 'image/png', Buffer.from('MZ\x90\x00 this is an executable'));
    const res = await submit(form(email, { uploadIds: [uploadId] }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'uploadIds.0' });
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items).toHaveLength(0);
  });

  it('refuses a file larger than the slot allowed (S3 here does not enforce the policy; the claim does)', async () => {
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'doc.pdf', 'application/pdf', Buffer.concat([PDF, Buffer.alloc(5000)]), 100);
    const res = await submit(form(uniqueEmail(), { uploadIds: [uploadId] }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/larger/);
  });

  it('refuses a slot used twice', async () => {
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'a.pdf', 'application/pdf', PDF);
    expect((await submit(form(uniqueEmail(), { uploadIds: [uploadId] }))).status).toBe(201);
    const again = await submit(form(uniqueEmail(), { uploadIds: [uploadId] }));
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toMatch(/already/);
  });

  it('refuses a slot for a type that is not allowed, and any slot when uploads are off (403)', async () => {
    const exe = await desk.api.post('/v1/public/uploads', { fileName: 'run.exe', contentType: 'application/octet-stream', size: 10 }, null);
    expect(exe.status).toBe(400);
    await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: false } });
    const off = await desk.api.post('/v1/public/uploads', { fileName: 'a.png', contentType: 'image/png', size: 10 }, null);
    expect(off.status).toBe(403);
    await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
  });
});

describe('the customer view (C7)', () => {
  async function threadWithToken(email: string) {
    const res = await submit(form(email));
    const [mail] = await waitForMails(desk.sesUrl, email, 1);
    const token = /\[#tc([A-Za-z0-9_-]+)\]/.exec(mail!.subject)![1]!;
    return { threadId: res.body.threadId as string, token };
  }

  it('shows the thread without private notes to the holder of its token', async () => {
    const { threadId, token } = await threadWithToken(uniqueEmail());
    await desk.api.post(`/v1/threads/${threadId}/notes`, { message: 'private: VIP customer' });
    await desk.api.post(`/v1/threads/${threadId}/replies`, { message: 'It ships today.' });
    const res = await desk.api.get(`/v1/public/threads/${threadId}?token=${token}`, null);
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m: { author: string }) => m.author)).toEqual(['customer', 'employee']);
    expect(JSON.stringify(res.body)).not.toContain('VIP');
  });

  it('answers a wrong token and an unknown thread with the same 404', async () => {
    const { threadId } = await threadWithToken(uniqueEmail());
    const wrong = await desk.api.get(`/v1/public/threads/${threadId}?token=AAAAAAAAAAAAAAAAAAAAAAAA`, null);
    const unknown = await desk.api.get(`/v1/public/threads/AAAAAAAAAAAAAAAA?token=AAAAAAAAAAAAAAAAAAAAAAAA`, null);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('lets the customer answer, which reopens a closed thread (C7, M5)', async () => {
    const { threadId, token } = await threadWithToken(uniqueEmail());
    await desk.api.post(`/v1/threads/${threadId}/replies`, { message: 'Done.' });
    expect((await threadOf(threadId)).thread.status).toBe('closed');
    const res = await desk.api.post(`/v1/public/threads/${threadId}/messages?token=${token}`, { message: 'Not arrived yet' }, null);
    expect(res.status).toBe(201);
    expect((await threadOf(threadId)).thread.status).toBe('open');
  });
});
