import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, uniqueEmail, waitFor, type TestDesk, submitForm } from '../support/harness';

let desk: TestDesk;
let agent: string;

beforeAll(async () => {
  desk = await startTestDesk();
  const e = await desk.api.post('/v1/employees', { name: 'Alex Agent', email: uniqueEmail('alex'), role: 'agent' });
  agent = (await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'test' })).body.token;
});
afterAll(async () => {
  await desk.close();
});

const submit = (body: Record<string, unknown>) => submitForm(desk, body);

describe('saved replies (T3)', { timeout: 120_000 }, () => {
  it('lets any agent create, list, change and delete saved replies', async () => {
    const created = await desk.api.post('/v1/saved-replies', { name: { en: 'Thanks' }, text: { en: 'Thank you, {customerName}.' } }, agent);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: { en: 'Thanks' }, text: { en: 'Thank you, {customerName}.' } });
    const id = created.body.id as string;
    expect((await desk.api.get('/v1/saved-replies', agent)).body.items.map((r: { id: string }) => r.id)).toContain(id);
    const changed = await desk.api.request('PATCH', `/v1/saved-replies/${id}`, { body: { text: { en: 'Many thanks, {customerName}.', de: 'Vielen Dank, {customerName}.' } }, token: agent });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: { en: 'Thanks' }, text: { de: 'Vielen Dank, {customerName}.' } });
    expect((await desk.api.request('DELETE', `/v1/saved-replies/${id}`, { token: agent })).status).toBe(204);
    expect((await desk.api.request('DELETE', `/v1/saved-replies/${id}`, { token: agent })).status).toBe(404);
    expect((await desk.api.request('PATCH', `/v1/saved-replies/${id}`, { body: { name: { en: 'x' } }, token: agent })).status).toBe(404);
    expect((await desk.api.get('/v1/saved-replies', agent)).body.items.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('fills the customer’s name and the order reference in the thread’s language when listed for a thread', async () => {
    const reply = (
      await desk.api.post(
        '/v1/saved-replies',
        { name: { en: 'On its way', fr: 'En route' }, text: { en: 'Dear {customerName}, order {orderReference} left today.', fr: 'Bonjour {customerName}, la commande {orderReference} est partie.' } },
        agent,
      )
    ).body;
    const fr = await submit({ email: uniqueEmail(), name: 'Jeanne Martin', orderReference: 'FR123', lang: 'fr' });
    const items = (await desk.api.get(`/v1/saved-replies?threadId=${fr}`, agent)).body.items as { id: string; filled: { lang: string; name: string; text: string; missing: string[] } }[];
    expect(items.find((r) => r.id === reply.id)!.filled).toEqual({ lang: 'fr', name: 'En route', text: 'Bonjour Jeanne Martin, la commande FR123 est partie.', missing: [] });

    const de = await submit({ email: uniqueEmail(), lang: 'de' });
    const plain = (await desk.api.get(`/v1/saved-replies?threadId=${de}`, agent)).body.items.find((r: { id: string }) => r.id === reply.id);
    // No German text: English; no name: the word for customer; no order: the placeholder stays and is named.
    expect(plain.filled).toEqual({ lang: 'de', name: 'On its way', text: 'Dear Kunde, order {orderReference} left today.', missing: ['orderReference'] });
    expect((await desk.api.get('/v1/saved-replies?threadId=AAAAAAAAAAAAAAAA', agent)).status).toBe(404);
  });

  it('refuses a saved reply without an English name or text', async () => {
    const res = await desk.api.post('/v1/saved-replies', { name: { fr: 'Merci' }, text: { en: 'x' } }, agent);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('name.en');
  });
});

describe('customer history (T4)', { timeout: 120_000 }, () => {
  it('lists the customer’s other threads in the thread view, newest activity first', async () => {
    const email = uniqueEmail();
    const first = await submit({ email, contactId: 'webmaster', message: 'The site is slow' });
    const second = await submit({ email, orderReference: 'H1', message: 'Where is H1?' });
    const third = await submit({ email, message: 'And a general question' });
    await submit({ email: uniqueEmail(), message: 'someone else' });
    await desk.api.request('PATCH', `/v1/threads/${first}`, { body: { status: 'closed' }, token: agent });
    const v = (await desk.api.get(`/v1/threads/${second}`, agent)).body;
    expect(v.history.map((h: { id: string }) => h.id)).toEqual([third, first]);
    expect(v.history[1]).toMatchObject({ id: first, status: 'closed', contactId: 'webmaster', contactName: 'Webmaster', lastMessagePreview: 'The site is slow', lastMessageAt: expect.any(String) });
    expect((await desk.api.get(`/v1/threads/${third}`, agent)).body.history.map((h: { id: string }) => h.id)).toEqual([second, first]);
  });
});

describe('copies (T6)', { timeout: 120_000 }, () => {
  it('sends a reply with Cc in the header and Bcc only in the envelope', async () => {
    const email = uniqueEmail();
    const id = await submit({ email, name: 'Jane' });
    const res = await desk.api.post(`/v1/threads/${id}/replies`, { message: 'Copying the carrier.', cc: ['Carrier@Example.com'], bcc: ['boss@shop.test'] }, agent);
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ cc: ['carrier@example.com'], bcc: ['boss@shop.test'] });
    const sent = await waitFor(async () => {
      const list = (await (await fetch(`${desk.sesUrl}/messages`)).json()) as { id: string; to: string[]; cc?: string[]; bcc?: string[]; subject: string }[];
      return list.find((m) => m.to.includes(email) && m.cc?.length);
    });
    expect(sent).toMatchObject({ to: [email], cc: ['carrier@example.com'], bcc: ['boss@shop.test'] });
    const raw = await (await fetch(`${desk.sesUrl}/messages/${sent.id}.eml`)).text();
    expect(raw).toMatch(/^Cc: carrier@example\.com\r?$/m);
    expect(raw).not.toContain('boss@shop.test');
    const view = await desk.api.get(`/v1/public/threads/${id}?token=${/\[#tc([\w-]+)\]/.exec(sent.subject)![1]}`, null);
    expect(JSON.stringify(view.body)).not.toContain('boss@shop.test');
  });

  it('refuses more than 5 copies or an invalid address, and sends nothing', async () => {
    const id = await submit({ email: uniqueEmail() });
    const many = await desk.api.post(`/v1/threads/${id}/replies`, { message: 'x', cc: Array.from({ length: 6 }, (_, i) => `c${i}@example.com`) }, agent);
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe('cc');
    const bad = await desk.api.post(`/v1/threads/${id}/replies`, { message: 'x', bcc: ['not an address'] }, agent);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('bcc.0');
    expect((await desk.api.get(`/v1/threads/${id}`, agent)).body.messages).toHaveLength(1);
  });
});
