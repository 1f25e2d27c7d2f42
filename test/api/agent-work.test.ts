import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk } from '../support/harness';
import { PDF, uploadFile } from '../support/uploads';

let desk: TestDesk;
let agent: { id: string; token: string };
beforeAll(async () => {
  desk = await startTestDesk();
  const e = await desk.api.post('/v1/employees', { name: 'Alex Agent', email: uniqueEmail('alex'), role: 'agent' });
  const t = await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'test' });
  agent = { id: e.body.id, token: t.body.token };
});
afterAll(async () => {
  await desk.close();
});

async function newThread(opts: { email?: string; contactId?: string; lang?: string; message?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const res = await desk.api.post('/v1/public/messages', { contactId: opts.contactId ?? 'customer-service', email, name: 'Jane Doe', message: opts.message ?? 'Hello, where is my order?', lang: opts.lang ?? 'en' }, null);
  expect(res.status).toBe(201);
  return { id: res.body.threadId as string, email };
}

const view = async (id: string, token = agent.token) => (await desk.api.get(`/v1/threads/${id}`, token)).body;
const dashboard = async () => (await desk.api.get('/v1/dashboard', agent.token)).body;
const box = (d: { boxes: { contactId: string }[] }, id: string) => d.boxes.find((b) => b.contactId === id) as unknown as Record<string, number>;

describe('dashboard counters follow every change (A1, A3)', () => {
  it('counts create, read, reply, status change and reopen', async () => {
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'Counters' }, email: 'counters@shop.test' })).body.id as string;
    const before = await dashboard();
    expect(box(before, contact)).toMatchObject({ total: 0, open: 0, unread: 0 });
    const t = await newThread({ contactId: contact });
    await newThread({ contactId: contact, email: t.email, message: 'second message' });
    let d = await dashboard();
    expect(box(d, contact)).toMatchObject({ total: 1, open: 1, unread: 2, oldestOpenThreadId: t.id });
    expect(d.statistics.totalThreads - before.statistics.totalThreads).toBe(1);
    expect(d.statistics.customerMessages - before.statistics.customerMessages).toBe(2);

    await desk.api.post(`/v1/threads/${t.id}/read`, undefined, agent.token);
    expect(box(await dashboard(), contact)).toMatchObject({ unread: 0, open: 1 });

    await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'On its way.', status: 'pending1' }, agent.token);
    d = await dashboard();
    expect(box(d, contact)).toMatchObject({ open: 0, pending: 1, closed: 0 });
    expect(d.statistics.employeeMessages - before.statistics.employeeMessages).toBe(1);
    expect(d.statistics.medianFirstResponseSeconds.allTime).toEqual(expect.any(Number));

    await desk.api.request('PATCH', `/v1/threads/${t.id}`, { body: { status: 'closed' }, token: agent.token });
    d = await dashboard();
    expect(box(d, contact)).toMatchObject({ open: 0, pending: 0, closed: 1, oldestOpenThreadId: null });
    expect(d.statistics.medianTimeToCloseSeconds.last7Days).toEqual(expect.any(Number));

    await newThread({ contactId: contact, email: t.email, message: 'still nothing' });
    expect(box(await dashboard(), contact)).toMatchObject({ total: 2, open: 1, closed: 1 });
  }, 90_000);

  it('shows the four statuses with colours, labels in the agent’s language', async () => {
    const res = await desk.api.request('GET', '/v1/dashboard', { token: agent.token, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.body.statuses.map((s: { status: string }) => s.status)).toEqual(['open', 'closed', 'pending1', 'pending2']);
    expect(res.body.statuses[0]).toMatchObject({ label: 'Ouvert', color: expect.stringMatching(/^#/) });
  });
});

describe('thread list (A4)', () => {
  it('lists newest activity first, filters, and pages with a cursor', async () => {
    const email = uniqueEmail();
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'List' }, email: 'list@shop.test' })).body.id as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newThread({ contactId: contact, lang: i % 2 ? 'fr' : 'en' })).id);
    const page1 = await desk.api.get(`/v1/threads?contactId=${contact}&limit=2`, agent.token);
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual([ids[4], ids[3]]);
    expect(page1.body.items[0]).toMatchObject({ contactName: 'List', status: 'open', unread: 1, lastMessagePreview: 'Hello, where is my order?' });
    const page2 = await desk.api.get(`/v1/threads?contactId=${contact}&limit=2&cursor=${page1.body.nextCursor}`, agent.token);
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    const fr = await desk.api.get(`/v1/threads?contactId=${contact}&lang=fr`, agent.token);
    expect(fr.body.items.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[1]]);
    const byEmail = await newThread({ email });
    const one = await desk.api.get(`/v1/threads?email=${encodeURIComponent(email.toUpperCase())}`, agent.token);
    expect(one.body.items.map((r: { id: string }) => r.id)).toEqual([byEmail.id]);
  });

  it('refuses a cursor edited into another query', async () => {
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'Cursor' }, email: 'cursor@shop.test' })).body.id as string;
    for (let i = 0; i < 3; i++) await newThread({ contactId: contact });
    const page = await desk.api.get(`/v1/threads?contactId=${contact}&limit=1`, agent.token);
    const reused = await desk.api.get(`/v1/threads?status=open&limit=1&cursor=${page.body.nextCursor}`, agent.token);
    expect(reused.status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ v: 1, q: 'x', a: '2026-01-01T00:00:00.000Z#abc' })).toString('base64url');
    expect((await desk.api.get(`/v1/threads?contactId=${contact}&cursor=${forged}`, agent.token)).status).toBe(400);
    expect((await desk.api.get(`/v1/threads?cursor=%%%`, agent.token)).status).toBe(400);
  });
});

describe('thread view and actions (A5–A8)', () => {
  it('shows messages, the customer with orders, the timeline and the reply draft; reading changes nothing', async () => {
    const t = await newThread({ lang: 'es' });
    await desk.api.request('PUT', `/v1/customers/${encodeURIComponent(t.email)}`, { body: { firstName: 'Jane', lastName: 'Doe', registeredAt: '2025-01-02T03:04:05Z' }, token: agent.token });
    await desk.api.request('PUT', '/v1/orders/TL-1', { body: { customerEmail: t.email, totalPaid: 20.5, currency: 'EUR', placedAt: '2025-06-01T10:00:00Z', state: 'Delivered' }, token: agent.token });
    await desk.api.request('PUT', '/v1/orders/TL-2', { body: { customerEmail: t.email, totalPaid: '9.50', currency: 'EUR', placedAt: '2025-07-01T10:00:00Z', state: 'Paid' }, token: agent.token });
    // Delivering the confirmation records its Message-ID on the thread (version 1 → 2); let that land first.
    await waitFor(async () => (await view(t.id)).thread.version === 2);
    const first = await view(t.id);
    const second = await view(t.id);
    expect(second.thread.version).toBe(first.thread.version);
    expect(first.customer).toMatchObject({ registered: true, registeredAt: '2025-01-02T03:04:05Z', ordersCount: 2, totalSpent: [{ currency: 'EUR', amount: 30 }] });
    expect(first.timeline.map((e: { type: string }) => e.type)).toEqual(['order', 'order', 'message']);
    expect(first.replyDraft).toContain('Estimado cliente');
    expect(first.messages[0]).toMatchObject({ kind: 'customer', read: false, text: 'Hello, where is my order?' });
  });

  it('replies: e-mails the customer, assigns the sender, closes by default, marks read', async () => {
    const t = await newThread({ lang: 'fr' });
    const res = await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Votre colis arrive demain.' }, agent.token);
    expect(res.status).toBe(201);
    expect(res.body.thread).toMatchObject({ status: 'closed', employeeId: agent.id, employeeName: 'Alex Agent', unread: 0 });
    const mails = await waitForMails(desk.sesUrl, t.email, 2);
    const reply = mails.find((m) => m.parsed.text?.includes('Votre colis arrive demain.'))!;
    expect(reply.subject).toMatch(/^\[#ct[\w-]+\] \[#tc[\w-]+\] Réponse à votre message$/);
    expect(reply.parsed.headers.get('auto-submitted')).toBeUndefined();
    await waitFor(async () => (await view(t.id)).messages[1].delivery.state === 'sent');
    expect((await view(t.id)).messages[1].delivery.sesMessageId).toEqual(expect.any(String));
  });

  it('keeps the status the agent chose with the reply', async () => {
    const t = await newThread();
    const res = await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Checking.', status: 'pending2' }, agent.token);
    expect(res.body.thread.status).toBe('pending2');
  });

  it('refuses a reply written while a newer customer message arrived (409), unless forced', async () => {
    const t = await newThread();
    const seen = (await view(t.id)).messages[0].id;
    await newThread({ email: t.email, message: 'Actually, cancel it!' });
    const res = await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Shipped!', lastSeenMessageId: seen }, agent.token);
    expect(res.status).toBe(409);
    expect(res.body.newMessages.map((m: { text: string }) => m.text)).toEqual(['Actually, cancel it!']);
    expect((await view(t.id)).messages).toHaveLength(2);
    const forced = await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Shipped!', lastSeenMessageId: seen, force: true }, agent.token);
    expect(forced.status).toBe(201);
  });

  it('adds private notes that are never e-mailed', async () => {
    const t = await newThread();
    const res = await desk.api.post(`/v1/threads/${t.id}/notes`, { message: 'Call the carrier' }, agent.token);
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe('note');
    await new Promise((r) => setTimeout(r, 500));
    const mails = await waitForMails(desk.sesUrl, t.email, 1);
    expect(mails.some((m) => m.parsed.text?.includes('Call the carrier'))).toBe(false);
  });

  it('refuses an unknown status; setting the status a thread has changes nothing', async () => {
    const t = await newThread();
    expect((await desk.api.request('PATCH', `/v1/threads/${t.id}`, { body: { status: 'done' }, token: agent.token })).status).toBe(400);
    // Once the customer's confirmation is sent (it records its Message-ID on the thread), nothing else changes it.
    const before = await waitFor(async () => {
      const v = await view(t.id);
      return v.thread.version > 1 && v;
    });
    const same = await desk.api.request('PATCH', `/v1/threads/${t.id}`, { body: { status: 'open' }, token: agent.token });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(before.thread.version);
    expect((await desk.api.request('PATCH', `/v1/threads/AAAAAAAAAAAAAAAA`, { body: { status: 'closed' }, token: agent.token })).status).toBe(404);
  });

  it('forwards to an employee, who takes charge and is notified; refuses an inactive one', async () => {
    const t = await newThread();
    const email = uniqueEmail('bob');
    const bob = (await desk.api.post('/v1/employees', { name: 'Bob', email, role: 'agent' })).body;
    const res = await desk.api.post(`/v1/threads/${t.id}/forward`, { employeeId: bob.id, comment: 'Yours' }, agent.token);
    expect(res.status).toBe(201);
    expect(res.body.thread).toMatchObject({ employeeId: bob.id, employeeName: 'Bob' });
    const [mail] = await waitForMails(desk.sesUrl, email, 1);
    expect(mail!.parsed.text).toContain('Yours');
    expect(mail!.parsed.text).toContain('Hello, where is my order?');
    const v = await view(t.id);
    expect(v.forwards[0]).toMatchObject({ toEmployeeId: bob.id, byEmployeeName: 'Alex Agent', comment: 'Yours' });
    expect(v.timeline.some((e: { type: string }) => e.type === 'forward')).toBe(true);
    await desk.api.request('PATCH', `/v1/employees/${bob.id}`, { body: { active: false } });
    const inactive = await desk.api.post(`/v1/threads/${t.id}/forward`, { employeeId: bob.id }, agent.token);
    expect(inactive.status).toBe(400);
  });

  it('forwards to someone else with the conversation but no private notes', async () => {
    const t = await newThread();
    await desk.api.post(`/v1/threads/${t.id}/notes`, { message: 'secret note' }, agent.token);
    const other = uniqueEmail('carrier');
    expect((await desk.api.post(`/v1/threads/${t.id}/forward`, { email: other }, agent.token)).status).toBe(400);
    expect((await desk.api.post(`/v1/threads/${t.id}/forward`, { email: other, comment: 'Please check' }, agent.token)).status).toBe(201);
    const [mail] = await waitForMails(desk.sesUrl, other, 1);
    expect(mail!.parsed.text).toContain('Please check');
    expect(mail!.parsed.text).not.toContain('secret note');
  });

  it('goes to the next unanswered thread, then 404 when none is left after it', async () => {
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'Next' }, email: 'next@shop.test' })).body.id as string;
    const a = await newThread({ contactId: contact });
    const b = await newThread({ contactId: contact });
    const c = await newThread({ contactId: contact });
    await desk.api.post(`/v1/threads/${b.id}/replies`, { message: 'done', status: 'pending1' }, agent.token);
    const afterC = await desk.api.get(`/v1/threads/next-unanswered?after=${c.id}`, agent.token);
    expect(afterC.body.id).toBe(a.id);
    const first = await desk.api.get('/v1/threads/next-unanswered', agent.token);
    expect(first.status).toBe(200);
    const oldest = (await desk.api.get('/v1/threads?limit=100', agent.token)).body.items.at(-1).id;
    const none = await desk.api.get(`/v1/threads/next-unanswered?after=${oldest}`, agent.token);
    expect(none.status).toBe(404);
  });

  it('sends a reply with an attachment through an agent upload slot', async () => {
    const t = await newThread();
    const uploadId = await uploadFile(desk.api, '/v1/uploads', 'label.pdf', 'application/pdf', PDF);
    const res = await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Your label.', uploadIds: [uploadId] }, agent.token);
    expect(res.status).toBe(201);
    const mails = await waitForMails(desk.sesUrl, t.email, 2);
    const reply = mails.find((m) => m.parsed.text?.includes('Your label.'))!;
    expect(reply.parsed.attachments[0]).toMatchObject({ filename: 'label.pdf', contentType: 'application/pdf' });
    expect(reply.parsed.attachments[0]!.content.equals(PDF)).toBe(true);
  });
});

describe('shop data (A10)', () => {
  it('upserts customers and orders idempotently; an order creates its unknown customer', async () => {
    const email = uniqueEmail();
    const created = await desk.api.request('PUT', '/v1/orders/UP-1', { body: { customerEmail: email, totalPaid: 5, currency: 'USD', placedAt: '2026-02-02T00:00:00Z', state: 'Paid' }, token: agent.token });
    expect(created.status).toBe(201);
    const again = await desk.api.request('PUT', '/v1/orders/UP-1', { body: { customerEmail: email, totalPaid: 5, currency: 'USD', placedAt: '2026-02-02T00:00:00Z', state: 'Shipped' }, token: agent.token });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('Shipped');
    const c = await desk.api.request('PUT', `/v1/customers/${encodeURIComponent(email)}`, { body: { firstName: 'Jo' }, token: agent.token });
    expect(c.status).toBe(200);
    expect((await desk.api.request('PUT', '/v1/orders/UP-2', { body: { customerEmail: email, totalPaid: -1, currency: 'usd', placedAt: 'yesterday', state: '' }, token: agent.token })).status).toBe(400);
  });
});
