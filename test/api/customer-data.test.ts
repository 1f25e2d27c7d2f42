import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, uniqueEmail, waitFor, type TestDesk } from '../support/harness';
import { PNG, uploadFile } from '../support/uploads';

let desk: TestDesk;
let agent: { id: string; token: string };

beforeAll(async () => {
  desk = await startTestDesk();
  await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
  const e = await desk.api.post('/v1/employees', { name: 'Alex Agent', email: uniqueEmail('alex'), role: 'agent' });
  agent = { id: e.body.id, token: (await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 't' })).body.token };
});
afterAll(async () => {
  await desk.close();
});

const counts = async () => {
  const d = (await desk.api.get('/v1/dashboard', agent.token)).body;
  const box = d.boxes.find((b: { contactId: string }) => b.contactId === 'customer-service');
  const tags = (await desk.api.get('/v1/tags')).body.items;
  const { medianFirstResponseSeconds, medianTimeToCloseSeconds, ...totals } = d.statistics;
  return { totals, box, assignment: d.assignment, tags, medians: [medianFirstResponseSeconds.allTime, medianTimeToCloseSeconds.allTime] };
};

/** A customer with a profile, two orders and two threads holding every kind of data the desk keeps. */
async function richCustomer() {
  const email = uniqueEmail('gdpr');
  await desk.api.request('PUT', `/v1/customers/${email}`, { body: { firstName: 'Greta', lastName: 'Data', registeredAt: '2025-01-01T00:00:00Z' } });
  const ref = `G${Date.now()}`;
  const tag = `gdpr-${Date.now().toString(36)}`;
  await desk.api.request('PUT', `/v1/orders/${ref}`, { body: { customerEmail: email, totalPaid: 12.5, currency: 'EUR', placedAt: '2026-11-01T00:00:00Z', state: 'Paid' } });
  const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'photo.png', 'image/png', PNG);
  const first = (await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, name: 'Greta', orderReference: ref, message: 'Broken item, photo attached', lang: 'de', uploadIds: [uploadId] }, null)).body.threadId as string;
  const second = (await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'Another question', lang: 'de' }, null)).body.threadId as string;
  await desk.api.request('PATCH', `/v1/threads/${first}`, { body: { employeeId: agent.id, tags: [tag, 'refund'] }, token: agent.token });
  await desk.api.post(`/v1/threads/${first}/notes`, { message: 'Internal: approve the refund' }, agent.token);
  await desk.api.post(`/v1/threads/${first}/replies`, { message: 'Refund approved.', cc: ['accounting@example.com'], status: 'pending1' }, agent.token);
  await desk.api.request('PATCH', `/v1/threads/${second}`, { body: { tags: [tag] }, token: agent.token });
  await waitFor(async () => (await desk.api.get(`/v1/threads/${first}`)).body.messages.find((m: { kind: string }) => m.kind === 'employee').delivery.state === 'sent');
  return { email, ref, tag, first, second };
}

describe('customer data (T7)', { timeout: 120_000 }, () => {
  it('exports everything held about a customer as one JSON document (admin)', async () => {
    const c = await richCustomer();
    const res = await desk.api.get(`/v1/customers/${encodeURIComponent(c.email)}/export`);
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc).toMatchObject({ email: c.email, customer: { firstName: 'Greta', lastName: 'Data' }, orders: [{ reference: c.ref, totalPaid: 12.5, valid: true }] });
    expect(doc.threads.map((t: { id: string }) => t.id).sort()).toEqual([c.first, c.second].sort());
    const first = doc.threads.find((t: { id: string }) => t.id === c.first);
    expect(first.messages.map((m: { kind: string; internal: boolean }) => [m.kind, m.internal])).toEqual([
      ['customer', false],
      ['note', true],
      ['employee', false],
    ]);
    const photo = first.messages[0].attachments[0];
    expect(photo).toMatchObject({ fileName: 'photo.png', contentType: 'image/png' });
    expect(Buffer.from(await (await fetch(photo.url)).arrayBuffer())).toEqual(PNG);
    expect(first.messages[2].cc).toEqual(['accounting@example.com']);
    expect(first.events.map((e: { kind: string }) => e.kind).sort()).toEqual(['assignment', 'tags']);
    expect(first.mailDeliveries.map((d: { kind: string }) => d.kind).sort()).toEqual(['contact-notification', 'customer-confirmation', 'reply']);
    expect(first.mailDeliveries.find((d: { kind: string }) => d.kind === 'reply')).toMatchObject({ to: [c.email], cc: ['accounting@example.com'], state: 'sent' });
  });

  it('is admin only', async () => {
    expect((await desk.api.get(`/v1/customers/jane@example.com/export`, agent.token)).status).toBe(403);
    expect((await desk.api.request('DELETE', `/v1/customers/jane@example.com`, { token: agent.token })).status).toBe(403);
  });

  it('erases all of it, files included, with every counter back where it was, and is safe to repeat', async () => {
    const before = await counts();
    const c = await richCustomer();
    const during = await counts();
    expect(during.totals.totalThreads - before.totals.totalThreads).toBe(2);
    const photo = (await desk.api.get(`/v1/customers/${encodeURIComponent(c.email)}/export`)).body.threads.find((t: { id: string }) => t.id === c.first).messages[0].attachments[0];

    const res = await desk.api.request('DELETE', `/v1/customers/${encodeURIComponent(c.email)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: c.email, threads: 2, messages: 4, attachments: 1, rawMails: 0, orders: 1, customer: true });

    const after = await counts();
    expect(after).toEqual(before);
    expect((await desk.api.get(`/v1/threads/${c.first}`)).status).toBe(404);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(c.email)}`)).body.items).toEqual([]);
    expect((await desk.api.get(`/v1/threads?tag=${c.tag}`)).body.items).toEqual([]);
    expect((await desk.api.get(`/v1/threads?orderReference=${c.ref}`)).body.items).toEqual([]);
    expect((await desk.api.get(`/v1/attachments/${photo.id}`)).status).toBe(404);
    expect((await fetch(photo.url)).status).toBe(404);
    const empty = (await desk.api.get(`/v1/customers/${encodeURIComponent(c.email)}/export`)).body;
    expect(empty).toMatchObject({ customer: null, orders: [], threads: [] });

    const again = await desk.api.request('DELETE', `/v1/customers/${encodeURIComponent(c.email)}`);
    expect(again.body).toEqual({ email: c.email, threads: 0, messages: 0, attachments: 0, rawMails: 0, orders: 0, customer: false });
    expect(await counts()).toEqual(before);

    // The customer writes again: a new thread, nothing of the old one comes back.
    const fresh = (await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: c.email, message: 'Hello again', lang: 'de' }, null)).body.threadId;
    const view = (await desk.api.get(`/v1/threads/${fresh}`)).body;
    expect([view.messages.length, view.history, view.customer.ordersCount]).toEqual([1, [], 0]);
  });

  it('exports and erases a message sent to a contact that saves none, its file and its mails included', async () => {
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'Press' }, email: 'press@shop.example', saveMessages: false })).body.id as string;
    const email = uniqueEmail('press');
    const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'card.png', 'image/png', PNG);
    const sent = await desk.api.post('/v1/public/messages', { contactId: contact, email, message: 'Interview request', lang: 'en', uploadIds: [uploadId] }, null);
    expect(sent.body).toEqual({ stored: false });

    const doc = (await desk.api.get(`/v1/customers/${encodeURIComponent(email)}/export`)).body;
    expect(doc.threads).toEqual([]);
    expect(doc.unsavedMessages).toHaveLength(1);
    const [message] = doc.unsavedMessages;
    expect(message).toMatchObject({ contactId: contact, text: 'Interview request', attachments: [{ fileName: 'card.png', contentType: 'image/png' }] });
    expect(message.mailDeliveries.map((m: { kind: string }) => m.kind).sort()).toEqual(['contact-notification', 'customer-confirmation']);
    expect(Buffer.from(await (await fetch(message.attachments[0].url)).arrayBuffer())).toEqual(PNG);

    const res = await desk.api.request('DELETE', `/v1/customers/${encodeURIComponent(email)}`);
    expect(res.body).toMatchObject({ threads: 0, messages: 1, attachments: 1 });
    expect((await fetch(message.attachments[0].url)).status).toBe(404);
    expect((await desk.api.get(`/v1/attachments/${message.attachments[0].id}`)).status).toBe(404);
    expect((await desk.api.get(`/v1/customers/${encodeURIComponent(email)}/export`)).body.unsavedMessages).toEqual([]);
  });
});
