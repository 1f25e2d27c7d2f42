import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestDesk, unique, uniqueEmail, type TestDesk } from '../support/harness';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
const USER = 'identity';

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, USER);
});
afterAll(async () => {
  await desk.close();
});

const messagesOf = async (email: string) => {
  let texts: string[] = [];
  for (const row of (await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items as { id: string }[]) {
    texts = texts.concat((await desk.api.get(`/v1/threads/${row.id}`)).body.messages.map((m: { text: string }) => m.text));
  }
  return texts;
};

const delivery = (vars: { customer: string; messageId: string; text: string; deliveredTo?: string; second?: string }) =>
  fixture('identity-delivery.eml', { deliveredTo: 'service@shop.test', second: '1', queueId: unique(), ...vars });

describe('one mail is stored once, different mails all (M3)', () => {
  it('stores a mail delivered to two of the desk’s addresses once (other Delivered-To and Received)', async () => {
    const customer = uniqueEmail();
    const messageId = `${unique()}@mail.example.com`;
    const text = 'Please refund order 5521.';
    await appendMail(USER, delivery({ customer, messageId, text }), delivery({ customer, messageId, text, deliveredTo: 'returns@shop.test', second: '4' }));
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 1, skipped: 1 });
    expect(await messagesOf(customer)).toEqual([text]);
  });

  it('stores two different mails that share a Message-ID', async () => {
    const customer = uniqueEmail();
    const messageId = `reused-${unique()}@script.example.com`;
    await appendMail(USER, delivery({ customer, messageId, text: 'First question' }), delivery({ customer, messageId, text: 'Second question' }));
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 2, skipped: 0 });
    expect((await messagesOf(customer)).sort()).toEqual(['First question', 'Second question']);
  });

  it('stores two mails whose Message-IDs differ only by case', async () => {
    const customer = uniqueEmail();
    const id = unique();
    await appendMail(USER, delivery({ customer, messageId: `${id}-ABC@example.com`, text: 'Upper' }), delivery({ customer, messageId: `${id}-abc@example.com`, text: 'Lower' }));
    expect(await poll(desk)).toMatchObject({ fetched: 2, stored: 2 });
    expect((await messagesOf(customer)).sort()).toEqual(['Lower', 'Upper']);
  });

  it('stores two different mails without a Message-ID, and one of them sent twice once', async () => {
    const customer = uniqueEmail();
    const a = fixture('no-message-id.eml', { customer, unique: unique() });
    const b = fixture('no-message-id.eml', { customer, unique: unique() });
    await appendMail(USER, a, b, a);
    expect(await poll(desk)).toMatchObject({ fetched: 3, stored: 2, skipped: 1 });
  });

  it('stores nothing twice when the same mailbox is read again from the start, over POP3 this time', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, delivery({ customer, messageId: `${unique()}@example.com`, text: 'Read twice' }));
    expect(await poll(desk)).toMatchObject({ stored: 1 });
    await useMailbox(desk, USER, { pop3: true, port: inject('services').mail.ports.pop3 });
    const again = await poll(desk);
    expect(again.stored).toBe(0);
    expect(again.fetched).toBe(again.skipped);
    expect(await messagesOf(customer)).toEqual(['Read twice']);
    await useMailbox(desk, USER);
  });
});

describe('only real auto-reply marks make a mail automatic (M4, M7)', () => {
  it.each([
    ['a CRM’s first mail (HubSpot: X-Auto-Response-Suppress, List-Unsubscribe)', 'kind-crm-hubspot.eml'],
    ['a CRM’s mail (Salesforce: X-Auto-Response-Suppress: DR, OOF, AutoReply)', 'kind-crm-salesforce.eml'],
    ['a ticket system’s answer (Zendesk: X-Auto-Response-Suppress, Auto-Submitted: no)', 'kind-ticket-zendesk.eml'],
    ['a ticket system’s question (Freshdesk)', 'kind-ticket-freshdesk.eml'],
    ['a marketplace buyer’s message (Amazon, relayed through SES)', 'kind-marketplace-amazon.eml'],
    ['a marketplace buyer’s message (eBay)', 'kind-marketplace-ebay.eml'],
    ['a help desk’s forward whose X-Loop names another address', 'kind-loop-other.eml'],
  ])('opens a thread for %s', async (_name, file) => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture(file, { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, stored: 1, newThreads: 1, autoReplies: 0 });
    expect(await messagesOf(customer)).toHaveLength(1);
  });

  it.each([
    ['an Exchange out-of-office reply (Auto-Submitted, X-MS-Exchange-Inbox-Rules-Loop)', 'kind-ooo-exchange.eml'],
    ['an Exchange inbox rule’s answer (X-MS-Exchange-Inbox-Rules-Loop only)', 'kind-ooo-exchange-rule.eml'],
    ['a Gmail vacation reply (Auto-Submitted: auto-replied)', 'kind-ooo-gmail.eml'],
    ['a vacation program’s reply (X-Autoreply, Precedence: junk)', 'kind-ooo-vacation.eml'],
    ['a robot whose X-Loop names the desk', 'kind-loop.eml'],
  ])('opens no thread for %s', async (_name, file) => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture(file, { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, stored: 0, autoReplies: 1 });
    expect(await messagesOf(customer)).toHaveLength(0);
  });

  it('stores mailing-list mail as a customer message (List-Id, Precedence: list)', async () => {
    const customer = uniqueEmail();
    await appendMail(USER, fixture('kind-mailing-list.eml', { customer, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ fetched: 1, stored: 1, newThreads: 1, autoReplies: 0 });
    expect(await messagesOf(customer)).toEqual(['Does anyone know how to print return labels in bulk?']);
  });
});
