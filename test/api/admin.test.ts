import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestDesk, uniqueEmail, waitForMails, type TestDesk } from '../support/harness';

let desk: TestDesk;
let agentToken: string;
const logs: string[] = [];
const write = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  // Every log line of this file's desk is kept, to prove the mailbox password never reaches one.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logs.push(String(chunk));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  desk = await startTestDesk({ logLevel: 'DEBUG' });
  const agent = await desk.api.post('/v1/employees', { name: 'Agent', email: uniqueEmail('agent'), role: 'agent' });
  agentToken = (await desk.api.post(`/v1/employees/${agent.body.id}/tokens`, { label: 'a' })).body.token;
});
afterAll(async () => {
  process.stdout.write = write;
  await desk.close();
});

describe('contacts (C1)', () => {
  it('creates, lists, changes and deletes a contact', async () => {
    const created = await desk.api.post('/v1/contacts', { name: { en: 'Returns', fr: 'Retours' }, description: { en: 'Send it back' }, email: 'Returns@Shop.test', saveMessages: true, position: 7 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: { en: 'Returns', fr: 'Retours' }, email: 'returns@shop.test', saveMessages: true, position: 7 });
    const list = await desk.api.get('/v1/contacts');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const changed = await desk.api.request('PATCH', `/v1/contacts/${created.body.id}`, { body: { saveMessages: false, name: { en: 'Returns desk' } } });
    expect(changed.body).toMatchObject({ saveMessages: false, name: { en: 'Returns desk' } });
    expect((await desk.api.request('DELETE', `/v1/contacts/${created.body.id}`)).status).toBe(204);
    expect((await desk.api.request('DELETE', `/v1/contacts/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a name without English or longer than 64 characters', async () => {
    expect((await desk.api.post('/v1/contacts', { name: { fr: 'Retours' }, email: 'r@shop.test' })).status).toBe(400);
    expect((await desk.api.post('/v1/contacts', { name: { en: 'x'.repeat(65) }, email: 'r@shop.test' })).status).toBe(400);
  });

  it('never orphans threads: 409 while threads use it, or moves them with ?moveTo', async () => {
    const c = await desk.api.post('/v1/contacts', { name: { en: 'Temp' }, email: 'temp@shop.test' });
    const t = await desk.api.post('/v1/public/messages', { contactId: c.body.id, email: uniqueEmail(), message: 'hi' }, null);
    const refused = await desk.api.request('DELETE', `/v1/contacts/${c.body.id}`);
    expect(refused.status).toBe(409);
    const moved = await desk.api.request('DELETE', `/v1/contacts/${c.body.id}?moveTo=webmaster`);
    expect(moved.status).toBe(204);
    expect((await desk.api.get(`/v1/threads/${t.body.threadId}`)).body.thread.contactId).toBe('webmaster');
  });
});

describe('employees and tokens (A11)', () => {
  it('issues a token once, lists it without the secret, and revokes it (401 after)', async () => {
    const e = await desk.api.post('/v1/employees', { name: 'Tina', email: uniqueEmail('tina'), role: 'agent' });
    const token = await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'laptop' });
    expect(token.status).toBe(201);
    expect(token.body.token).toMatch(/^sdk_[\w-]{43}$/);
    expect((await desk.api.get('/v1/me', token.body.token)).status).toBe(200);
    const list = await desk.api.get(`/v1/employees/${e.body.id}/tokens`);
    expect(list.body.items).toEqual([{ id: token.body.id, label: 'laptop', createdAt: token.body.createdAt, lastUsedAt: expect.any(String) }]);
    expect(JSON.stringify(list.body)).not.toContain(token.body.token);
    expect((await desk.api.request('DELETE', `/v1/tokens/${token.body.id}`)).status).toBe(204);
    expect((await desk.api.get('/v1/me', token.body.token)).status).toBe(401);
  });

  it('deactivation takes effect at once; demotion too', async () => {
    const e = await desk.api.post('/v1/employees', { name: 'Max', email: uniqueEmail('max'), role: 'admin' });
    const token = (await desk.api.post(`/v1/employees/${e.body.id}/tokens`, {})).body.token;
    expect((await desk.api.get('/v1/settings', token)).status).toBe(200);
    await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { role: 'agent' } });
    expect((await desk.api.get('/v1/settings', token)).status).toBe(403);
    await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { active: false } });
    expect((await desk.api.get('/v1/me', token)).status).toBe(401);
  });

  it('keeps the last active admin (409)', async () => {
    const me = (await desk.api.get('/v1/me')).body;
    const admins = (await desk.api.get('/v1/employees')).body.items.filter((e: { role: string; active: boolean }) => e.role === 'admin' && e.active);
    for (const a of admins) if (a.id !== me.id) await desk.api.request('PATCH', `/v1/employees/${a.id}`, { body: { role: 'agent' } });
    const res = await desk.api.request('PATCH', `/v1/employees/${me.id}`, { body: { role: 'agent' } });
    expect(res.status).toBe(409);
  });

  it('refuses every admin route to an agent with 403 and to no token with 401', async () => {
    const routes: [string, string][] = [
      ['GET', '/v1/contacts'], ['POST', '/v1/contacts'], ['PATCH', '/v1/contacts/x'], ['DELETE', '/v1/contacts/x'],
      ['GET', '/v1/employees'], ['POST', '/v1/employees'], ['PATCH', '/v1/employees/x'], ['POST', '/v1/employees/x/tokens'],
      ['DELETE', '/v1/tokens/a.b'], ['GET', '/v1/settings'], ['PUT', '/v1/settings'], ['POST', '/v1/settings/mailbox/test'],
      ['POST', '/v1/mail/poll'], ['POST', '/v1/order-messages'], ['PATCH', '/v1/order-messages/x'], ['DELETE', '/v1/order-messages/x'],
    ];
    for (const [method, path] of routes) {
      const agent = await desk.api.request(method, path, { token: agentToken, body: ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined });
      expect([method, path, agent.status]).toEqual([method, path, 403]);
      const none = await desk.api.request(method, path, { token: null });
      expect([method, path, none.status]).toEqual([method, path, 401]);
    }
  });
});

describe('settings and the mailbox (O1–O3)', () => {
  it('keeps the password write-only and encrypted', async () => {
    const secret = 'Pa55-never-shown-' + Date.now();
    const res = await desk.api.request('PUT', '/v1/settings', { body: { mailbox: { host: 'imap.example.com', user: 'desk', password: secret, ssl: true } } });
    expect(res.status).toBe(200);
    expect(res.body.mailbox).toMatchObject({ host: 'imap.example.com', port: 993, passwordSet: true });
    expect(JSON.stringify(res.body)).not.toContain(secret);
    expect(JSON.stringify((await desk.api.get('/v1/settings')).body)).not.toContain(secret);
    expect(logs.join('')).not.toContain(secret);
    expect(logs.join('')).toMatch(/"message":"request".*"route":"\/v1\/settings"/);
  });

  it.each([
    [{ tls: true, noTls: true }, 'mailbox.noTls'],
    [{ validateCert: true, noValidateCert: true }, 'mailbox.noValidateCert'],
    [{ pop3: true, folder: 'Archive' }, 'mailbox.folder'],
  ])('refuses contradictory flags %j', async (flags, field) => {
    const res = await desk.api.request('PUT', '/v1/settings', { body: { mailbox: flags } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('picks the standard ports: 993/143 for IMAP, 995/110 for POP3', async () => {
    const put = (mailbox: object) => desk.api.request('PUT', '/v1/settings', { body: { mailbox: { port: null, ...mailbox } } });
    expect((await put({ ssl: true, pop3: false })).body.mailbox.port).toBe(993);
    expect((await put({ ssl: false, pop3: false })).body.mailbox.port).toBe(143);
    expect((await put({ ssl: true, pop3: true })).body.mailbox.port).toBe(995);
    expect((await put({ ssl: false, pop3: true })).body.mailbox.port).toBe(110);
    await put({ pop3: false, ssl: true });
  });

  describe('testing the connection against a real dovecot', () => {
    const mail = () => inject('services').mail;
    const test = (body: object) => desk.api.post('/v1/settings/mailbox/test', body);

    it('logs in over IMAP with STARTTLS when the self-signed certificate is not validated', async () => {
      const m = mail();
      const res = await test({ host: m.host, port: m.ports.imap, user: m.user, password: m.password, ssl: false, tls: true, noValidateCert: true });
      expect(res.body).toMatchObject({ ok: true, protocol: 'imap', tls: true, mailbox: { messages: expect.any(Number) } });
    });

    it('fails at the tls stage when the self-signed certificate is validated', async () => {
      const m = mail();
      const res = await test({ host: m.host, port: m.ports.imaps, user: m.user, password: m.password, ssl: true, validateCert: true });
      expect(res.body).toMatchObject({ ok: false, stage: 'tls' });
      expect(res.body.reason).toMatch(/self-signed/);
    });

    it('over implicit TLS, names the certificate', async () => {
      const m = mail();
      const res = await test({ host: m.host, port: m.ports.imaps, user: m.user, password: m.password, ssl: true, noValidateCert: true });
      expect(res.body).toMatchObject({ ok: true, tls: true, certificate: { validated: false, subject: expect.stringContaining('mail.shopdesk.test') } });
    });

    it('fails at the auth stage with a wrong password, without echoing it', async () => {
      const m = mail();
      const res = await test({ host: m.host, port: m.ports.imap, user: m.user, password: 'wrong-password-xyz', ssl: false, noTls: true });
      expect(res.body).toMatchObject({ ok: false, stage: 'auth' });
      expect(JSON.stringify(res.body)).not.toContain('wrong-password-xyz');
    });

    it('works over POP3, plain, STARTTLS and implicit TLS', async () => {
      const m = mail();
      const plain = await test({ host: m.host, port: m.ports.pop3, user: m.user, password: m.password, pop3: true, ssl: false, noTls: true });
      expect(plain.body).toMatchObject({ ok: true, protocol: 'pop3', tls: false });
      const stls = await test({ host: m.host, port: m.ports.pop3, user: m.user, password: m.password, pop3: true, ssl: false, tls: true, noValidateCert: true });
      expect(stls.body).toMatchObject({ ok: true, protocol: 'pop3', tls: true });
      const implicit = await test({ host: m.host, port: m.ports.pop3s, user: m.user, password: m.password, pop3: true, ssl: true, noValidateCert: true });
      expect(implicit.body).toMatchObject({ ok: true, protocol: 'pop3', tls: true });
    });

    it('refuses a server without STARTTLS when /tls requires it, and says why', async () => {
      const p = inject('services').plainMail;
      const imap = await test({ host: p.host, port: p.ports.imap, user: p.user, password: p.password, ssl: false, tls: true });
      expect(imap.body).toMatchObject({ ok: false, stage: 'tls' });
      const pop = await test({ host: p.host, port: p.ports.pop3, user: p.user, password: p.password, pop3: true, ssl: false, tls: true });
      expect(pop.body).toMatchObject({ ok: false, stage: 'tls' });
    });

    it('fails at the connect stage on a closed port and at dns on an unknown host', async () => {
      const closed = await test({ host: '127.0.0.1', port: 1, user: 'x', password: 'y', ssl: false });
      expect(closed.body).toMatchObject({ ok: false, stage: 'connect' });
      const dns = await test({ host: 'no-such-host.invalid', user: 'x', password: 'y' });
      expect(dns.body).toMatchObject({ ok: false, stage: 'dns' });
    });
  });
});

describe('order messages (A9)', () => {
  it('lets admins define them and agents send one in the customer’s language, in the order’s thread', async () => {
    const created = await desk.api.post('/v1/order-messages', { name: { en: 'Delay', fr: 'Retard' }, text: { en: 'Your order is late.', fr: 'Votre commande a du retard.' } });
    expect(created.status).toBe(201);
    const listed = await desk.api.get('/v1/order-messages', agentToken);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);
    const email = uniqueEmail();
    await desk.api.request('PUT', '/v1/orders/OM-1', { body: { customerEmail: email, totalPaid: 12, currency: 'EUR', placedAt: '2026-03-01T00:00:00Z', state: 'Paid' }, token: agentToken });
    const t = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'Où est ma commande ?', lang: 'fr', orderReference: 'OM-1' }, null);
    const sent = await desk.api.post('/v1/orders/OM-1/messages', { orderMessageId: created.body.id }, agentToken);
    expect(sent.status).toBe(201);
    expect(sent.body.thread.id).toBe(t.body.threadId);
    expect(sent.body.message.text).toBe('Votre commande a du retard.');
    const mails = await waitForMails(desk.sesUrl, email, 2);
    expect(mails.some((m) => m.parsed.text?.includes('Votre commande a du retard.'))).toBe(true);
  });

  it('opens a thread for an order that has none, and 404s on an unknown order', async () => {
    const email = uniqueEmail();
    await desk.api.request('PUT', '/v1/orders/OM-2', { body: { customerEmail: email, totalPaid: 1, currency: 'EUR', placedAt: '2026-03-01T00:00:00Z', state: 'Paid' }, token: agentToken });
    const sent = await desk.api.post('/v1/orders/OM-2/messages', { message: 'A free text about your order' }, agentToken);
    expect(sent.status).toBe(201);
    expect(sent.body.thread).toMatchObject({ orderReference: 'OM-2', contactId: 'customer-service', email });
    expect((await desk.api.post('/v1/orders/NOPE/messages', { message: 'x' }, agentToken)).status).toBe(404);
  });
});
