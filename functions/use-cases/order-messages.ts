// Predefined order messages (A9): managed by admins, sent by agents to an order's customer in their language.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '../desk/errors';
import type { Contact, Lang, Localized, Thread } from '../desk/model';
import { decideOrderMessage } from '../desk/threads';
import type { Deps } from '../deps';
import { commit } from '../store/commit';
import { getContact, listContacts } from '../store/contacts';
import { getCustomer, getOrder } from '../store/customers';
import { getItem, put, queryPartition, transact, withRetries, withoutKeys } from '../store/db';
import { key } from '../store/keys';
import { getThreadCollection, threadFrom } from '../store/threads';
import { outboxMails } from './outgoing-mail';
import { messageView, threadSummary, type Actor } from './threads';

export interface OrderMessage {
  id: string;
  name: Localized;
  text: Localized;
  createdAt: string;
  updatedAt: string;
}

export async function listOrderMessages(deps: Deps): Promise<OrderMessage[]> {
  const items = await queryPartition(deps.db, key.orderMessages().pk, 'ORDERMESSAGE#');
  return items.map((i) => withoutKeys<OrderMessage>(i)).sort((a, b) => a.name.en.localeCompare(b.name.en));
}

export async function getOrderMessage(deps: Deps, id: string): Promise<OrderMessage> {
  const item = await getItem(deps.db, key.orderMessage(id));
  if (!item) throw new NotFound('No order message with this id.');
  return withoutKeys<OrderMessage>(item);
}

export async function saveOrderMessage(deps: Deps, message: OrderMessage, isNew: boolean): Promise<OrderMessage> {
  const item = { ...key.orderMessage(message.id), entity: 'order-message', ...message };
  await transact(deps.db, [isNew ? put(item, 'attribute_not_exists(pk)') : put(item, 'attribute_exists(pk)')]);
  return message;
}

export async function sendOrderMessage(deps: Deps, reference: string, actor: Actor, input: { orderMessageId: string } | { message: string }) {
  const order = await getOrder(deps.db, reference);
  if (!order) throw new NotFound('No order with this reference.');
  const predefined = 'orderMessageId' in input ? await getOrderMessage(deps, input.orderMessageId) : undefined;
  return withRetries(async () => {
    const thread = await orderThread(deps, reference, order.customerEmail);
    const lang = thread?.lang ?? (await customerLang(deps, order.customerEmail));
    const text = predefined ? (predefined.text[lang] ?? predefined.text.en) : (input as { message: string }).message;
    const contact = thread ? await getContact(deps.db, thread.contactId) : await orderContact(deps);
    if (!contact) throw new NotFound('No contact saves messages; create one first.');
    const customer = await getCustomer(deps.db, order.customerEmail);
    const customerName = [customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || undefined;
    const history = thread ? ((await getThreadCollection(deps.db, thread.id))?.messages ?? []) : [];
    const decision = decideOrderMessage(
      thread,
      { contactId: contact.id, email: order.customerEmail, customerName, reference, lang },
      { employeeId: actor.employeeId, employeeName: actor.name, text, attachments: [], status: thread?.status === 'open' ? 'closed' : undefined },
      deps.now(),
      deps.ids,
    );
    await commit(deps.db, decision, { outbox: outboxMails(deps, decision, { contact, history }) });
    return { message: await messageView(decision.messages[0]!, decision.thread), thread: threadSummary(decision.thread) };
  });
}

async function orderThread(deps: Deps, reference: string, email: string): Promise<Thread | null> {
  const res = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      IndexName: 'byOrder',
      KeyConditionExpression: 'gsiOrder = :o',
      FilterExpression: 'email = :e',
      ExpressionAttributeValues: { ':o': reference, ':e': email },
      ScanIndexForward: false,
    }),
  );
  const found = res.Items?.[0];
  return found ? ((await getThreadCollection(deps.db, threadFrom(found).id))?.thread ?? null) : null;
}

async function customerLang(deps: Deps, email: string): Promise<Lang> {
  const res = await deps.db.doc.send(
    new QueryCommand({ TableName: deps.db.table, IndexName: 'byEmail', KeyConditionExpression: 'gsiEmail = :e', ExpressionAttributeValues: { ':e': email }, ScanIndexForward: false, Limit: 1 }),
  );
  return (res.Items?.[0]?.lang as Lang | undefined) ?? 'en';
}

/** The "Customer service" contact, else the first contact that saves messages. */
async function orderContact(deps: Deps): Promise<Contact | undefined> {
  const contacts = (await listContacts(deps.db)).filter((c) => c.saveMessages);
  return contacts.find((c) => c.id === 'customer-service') ?? contacts[0];
}
