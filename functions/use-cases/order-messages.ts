// Predefined order messages (A9): managed by admins, sent by agents to an order's customer in their language.
import { Conflict, NotFound } from '../desk/errors';
import type { Contact, Lang, Thread } from '../desk/model';
import { decideOrderMessage } from '../desk/threads';
import type { Deps } from '../deps';
import { commit } from '../store/commit';
import { getContact, listContacts } from '../store/contacts';
import { getCustomer, getOrder } from '../store/customers';
import { withRetries } from '../store/db';
import {
  deleteOrderMessage as deleteStoredOrderMessage,
  findOrderMessage,
  knownOrderMessages,
  putOrderMessage,
  type OrderMessage,
} from '../store/order-messages';
import { customerThreads, getThreadCollection, orderThreadId } from '../store/threads';
import { outboxMails } from '../mail/outgoing-mail';
import { messageView, threadSummary, type Actor } from './threads';

export async function listOrderMessages(deps: Deps): Promise<OrderMessage[]> {
  return knownOrderMessages(deps.db);
}

export async function getOrderMessage(deps: Deps, id: string): Promise<OrderMessage> {
  const message = await findOrderMessage(deps.db, id);
  if (!message) throw new NotFound('No order message with this id.');
  return message;
}

export async function saveOrderMessage(deps: Deps, message: OrderMessage, isNew: boolean): Promise<OrderMessage> {
  if (!(await putOrderMessage(deps.db, message, isNew))) throw isNew ? new Conflict('An order message with this id exists already.') : new NotFound('No order message with this id.');
  return message;
}

export async function deleteOrderMessage(deps: Deps, id: string): Promise<void> {
  if (!(await deleteStoredOrderMessage(deps.db, id))) throw new NotFound('No order message with this id.');
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
  const id = await orderThreadId(deps.db, reference, email);
  return id ? ((await getThreadCollection(deps.db, id))?.thread ?? null) : null;
}

async function customerLang(deps: Deps, email: string): Promise<Lang> {
  const [latest] = await customerThreads(deps.db, email, 1);
  return latest?.lang ?? 'en';
}

/** The "Customer service" contact, else the first contact that saves messages. */
async function orderContact(deps: Deps): Promise<Contact | undefined> {
  const contacts = (await listContacts(deps.db)).filter((c) => c.saveMessages);
  return contacts.find((c) => c.id === 'customer-service') ?? contacts[0];
}
