import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailsTo, startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk, submitForm } from '../support/harness';

let desk: TestDesk;

beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

const submit = (body: Record<string, unknown>) => submitForm(desk, body);
const view = async (id: string) => (await desk.api.get(`/v1/threads/${id}`)).body;

describe('medians of the statistics (A3, issue 20)', { timeout: 120_000 }, () => {
  it('reports a first response of a few seconds exactly, not as a doubling bucket', async () => {
    const id = await submit({ email: uniqueEmail() });
    // The desk runs in this process: its clock moves 14 s on (the example) without waiting; timers stay real.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 14_000 });
    try {
      await desk.api.post(`/v1/threads/${id}/replies`, { message: 'Here I am.' });
    } finally {
      vi.useRealTimers();
    }
    const v = await view(id);
    const exact = Math.round((Date.parse(v.messages[1].createdAt) - Date.parse(v.thread.createdAt)) / 1000);
    const stats = (await desk.api.get('/v1/dashboard')).body.statistics;
    expect(stats.medianFirstResponseSeconds).toEqual({ allTime: exact, last7Days: exact, last30Days: exact });
    expect(stats.medianTimeToCloseSeconds.allTime).toBe(exact);
  });
});

describe('total spent counts valid orders only (A10, issue 20)', { timeout: 120_000 }, () => {
  it('leaves a cancelled order out of the total: 59.90 + a cancelled 10.10 is 59.90', async () => {
    const email = uniqueEmail();
    const put = (ref: string, body: Record<string, unknown>) =>
      desk.api.request('PUT', `/v1/orders/${ref}`, { body: { customerEmail: email, currency: 'EUR', placedAt: '2026-11-20T14:03:00Z', state: 'Shipped', ...body } });
    expect((await put(`V${Date.now()}`, { totalPaid: 59.9, valid: true })).body).toMatchObject({ valid: true });
    const cancelled = `C${Date.now()}`;
    expect((await put(cancelled, { totalPaid: 10.1, state: 'Cancelled', valid: false })).body).toMatchObject({ valid: false, state: 'Cancelled' });
    const id = await submit({ email });
    let v = await view(id);
    expect(v.customer).toMatchObject({ ordersCount: 2, validOrdersCount: 1, totalSpent: [{ currency: 'EUR', amount: 59.9 }] });
    await put(cancelled, { totalPaid: 10.1, state: 'Paid', valid: true });
    v = await view(id);
    expect(v.customer).toMatchObject({ validOrdersCount: 2, totalSpent: [{ currency: 'EUR', amount: 70 }] });
  });
});

describe('an order reference typed in the form (A10, issue 20)', { timeout: 120_000 }, () => {
  it('is kept on the thread before the shop pushes the order, and linked when it arrives', async () => {
    const email = uniqueEmail();
    const reference = `LATE${Date.now()}`;
    const id = await submit({ email, orderReference: reference, message: 'Where is my order?' });
    let v = await view(id);
    expect(v.thread.orderReference).toBe(reference);
    expect(v.order).toBeNull();
    expect((await desk.api.get(`/v1/threads?orderReference=${reference}`)).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    await desk.api.request('PUT', `/v1/orders/${reference}`, { body: { customerEmail: email, totalPaid: 20, currency: 'EUR', placedAt: '2026-11-21T10:00:00Z', state: 'Paid' } });
    v = await view(id);
    expect(v.order).toMatchObject({ reference, totalPaid: 20, valid: true });
  });

  it('does not link another customer’s order with that reference', async () => {
    const reference = `OTHER${Date.now()}`;
    await desk.api.request('PUT', `/v1/orders/${reference}`, { body: { customerEmail: uniqueEmail('owner'), totalPaid: 20, currency: 'EUR', placedAt: '2026-11-21T10:00:00Z', state: 'Paid' } });
    const id = await submit({ email: uniqueEmail(), orderReference: reference });
    const v = await view(id);
    expect([v.thread.orderReference, v.order, v.customer.ordersCount]).toEqual([reference, null, 0]);
  });
});

describe('mails to employees are in the employee’s language (A11, issue 20)', { timeout: 120_000 }, () => {
  it('forwards a French thread to a German-speaking employee in German', async () => {
    const email = uniqueEmail('klaus');
    const klaus = (await desk.api.post('/v1/employees', { name: 'Klaus', email, role: 'agent', lang: 'de' })).body.id as string;
    const id = await submit({ email: uniqueEmail(), lang: 'fr', message: 'Bonjour' });
    await desk.api.post(`/v1/threads/${id}/forward`, { employeeId: klaus, comment: 'Bitte' });
    const [mail] = await waitForMails(desk.sesUrl, email, 1);
    expect(mail!.subject).toBe('Ada Admin hat Ihnen eine Kundendiskussion weitergeleitet');
  });

  it('tells the employee in charge that the customer answered, in the employee’s language', async () => {
    const email = uniqueEmail('lucia');
    const lucia = (await desk.api.post('/v1/employees', { name: 'Lucía', email, role: 'agent', lang: 'es' })).body.id as string;
    const customer = uniqueEmail();
    const id = await submit({ email: customer, lang: 'en' });
    await desk.api.request('PATCH', `/v1/threads/${id}`, { body: { employeeId: lucia } });
    const [confirmation] = await waitForMails(desk.sesUrl, customer, 1);
    const token = /\[#tc([\w-]+)\]/.exec(confirmation!.subject)![1];
    expect((await desk.api.post(`/v1/public/threads/${id}/messages?token=${token}`, { message: 'Any news?' }, null)).status).toBe(201);
    const answered = await waitFor(async () => (await mailsTo(desk.sesUrl, email)).find((m) => m.parsed.text?.includes('Any news?')));
    expect(answered.subject).toBe(`${customer} respondió a una discusión a su cargo`);
  });
});

describe('the mailbox’s default port follows /pop3 and /ssl (O3, issue 20)', { timeout: 120_000 }, () => {
  it('moves a default port with the protocol and keeps a port of the admin’s choosing', async () => {
    const put = async (mailbox: Record<string, unknown>) => (await desk.api.request('PUT', '/v1/settings', { body: { mailbox } })).body.mailbox;
    expect(await put({ host: 'mail.example.com', pop3: false, ssl: true })).toMatchObject({ port: 993 });
    expect(await put({ pop3: true })).toMatchObject({ pop3: true, ssl: true, port: 995 });
    expect(await put({ ssl: false })).toMatchObject({ port: 110 });
    expect(await put({ pop3: false })).toMatchObject({ port: 143 });
    expect(await put({ port: 1143 })).toMatchObject({ port: 1143 });
    expect(await put({ ssl: true })).toMatchObject({ ssl: true, port: 1143 });
    expect(await put({ pop3: true, port: 1995 })).toMatchObject({ pop3: true, port: 1995 });
  });
});
