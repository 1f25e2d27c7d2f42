import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, unique, uniqueEmail, waitFor, type TestDesk } from '../support/harness';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, 'copies');
});
afterAll(async () => {
  await desk.close();
});

describe('copies (T6)', { timeout: 120_000 }, () => {
  it('joins an answer from a Cc’d address to the thread, flagged as not the customer', async () => {
    const customer = uniqueEmail();
    const carrier = uniqueEmail('carrier');
    const threadId = (await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email: customer, name: 'Jane', message: 'Where is my parcel?' }, null)).body.threadId as string;
    await desk.api.post(`/v1/threads/${threadId}/replies`, { message: 'Asking the carrier.', cc: [carrier] });
    const sent = await waitFor(async () => {
      const list = (await (await fetch(`${desk.sesUrl}/messages`)).json()) as { messageId: string; cc?: string[] }[];
      return list.find((m) => m.cc?.includes(carrier));
    });
    await waitFor(async () => (await desk.api.get(`/v1/threads/${threadId}`)).body.messages[1].delivery.state === 'sent');
    await appendMail('copies', fixture('reply-by-references.eml', { customer: carrier, unique: unique(), inReplyTo: sent.messageId }));
    expect(await poll(desk)).toMatchObject({ stored: 1, joined: 1, newThreads: 0 });
    const view = (await desk.api.get(`/v1/threads/${threadId}`)).body;
    expect(view.messages).toHaveLength(3);
    expect(view.messages[2]).toMatchObject({ kind: 'customer', from: { address: carrier }, senderMismatch: true });
    expect(view.thread.email).toBe(customer);
  });
});
