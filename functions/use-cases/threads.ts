// What agents do with threads (A4–A8): list, view, mark read, change status, reply, note, forward, next unanswered.
import { Invalid, NotFound } from '../desk/errors';
import type { Contact, Lang, Message, Status, Thread, ThreadEvent } from '../desk/model';
import { decideChange, decideForward, decideNote, decideRead, decideReply, type ThreadChange } from '../desk/threads';
import { localize } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { claimUploads } from '../files/uploads';
import { commit } from '../store/commit';
import { knownContact, knownContacts } from '../store/contacts';
import { getCustomerWithOrders } from '../store/customers';
import { tagCounts } from '../store/counters';
import { withRetries } from '../store/db';
import { getEmployee } from '../store/employees';
import { knownSettings } from '../store/settings';
import { orderView } from './shop';
import { customerThreads, getThread, getThreadCollection, listThreads, newestWaitingThread, type ThreadCollection, type ThreadFilters } from '../store/threads';
import { outboxMails } from '../mail/outgoing-mail';

export interface Actor {
  employeeId: string;
  name: string;
}

export async function threadList(deps: Deps, filters: ThreadFilters, limit: number, cursor: string | undefined, lang: Lang) {
  const [page, contacts] = await Promise.all([listThreads(deps.db, filters, limit, cursor), knownContacts(deps.db)]);
  const names = new Map(contacts.map((c) => [c.id, localize(c.name, lang)]));
  return {
    items: page.threads.map((t) => ({ ...threadFields(t), contactName: names.get(t.contactId) ?? null, lastMessagePreview: t.lastMessagePreview })),
    nextCursor: page.nextCursor,
  };
}

async function loadThread(deps: Deps, id: string): Promise<ThreadCollection> {
  const collection = await getThreadCollection(deps.db, id);
  if (!collection) throw new NotFound('No thread with this id.');
  return collection;
}

export async function threadView(deps: Deps, id: string, lang: Lang) {
  const { thread, messages, events } = await loadThread(deps, id);
  const [contact, shop, settings, nextUnansweredId, others, contacts] = await Promise.all([
    knownContact(deps.db, thread.contactId),
    getCustomerWithOrders(deps.db, thread.email),
    knownSettings(deps.db),
    nextWaitingBelow(deps, activityOf(thread)),
    customerThreads(deps.db, thread.email, HISTORY_LIMIT + 1),
    knownContacts(deps.db),
  ]);
  const contactNames = new Map(contacts.map((c) => [c.id, localize(c.name, lang)]));
  const view = await Promise.all(messages.map((m) => messageView(m, thread)));
  const totals = new Map<string, number>();
  const orders = shop.orders.map(orderView);
  const valid = orders.filter((o) => o.valid);
  for (const o of valid) totals.set(o.currency, Math.round(((totals.get(o.currency) ?? 0) + o.totalPaid) * 10_000) / 10_000);
  const timeline = [
    ...orders.map((o) => ({ type: 'order' as const, at: o.placedAt, order: o })),
    ...view.map((m) => ({ type: 'message' as const, at: m.createdAt, message: { id: m.id, kind: m.kind, preview: m.text.slice(0, 120), authorName: m.authorName } })),
    ...events.map((e) =>
      e.kind === 'forward'
        ? { type: 'forward' as const, at: e.createdAt, forward: { by: e.byEmployeeName, toName: e.toName ?? null, toEmail: e.toEmail ?? '', comment: e.comment ?? null }, event: eventView(e) }
        : { type: e.kind, at: e.createdAt, event: eventView(e) },
    ),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    thread: {
      ...threadSummary(thread),
      contactName: contact ? localize(contact.name, lang) : null,
    },
    messages: view,
    forwards: events
      .filter((e) => e.kind === 'forward')
      .map((e) => ({ id: e.id, at: e.createdAt, byEmployeeId: e.byEmployeeId, byEmployeeName: e.byEmployeeName, toEmployeeId: e.toEmployeeId ?? null, toName: e.toName ?? null, toEmail: e.toEmail ?? '', comment: e.comment ?? null })),
    events: events.map(eventView),
    customer: {
      email: thread.email,
      name: thread.customerName ?? ([shop.customer?.firstName, shop.customer?.lastName].filter(Boolean).join(' ') || null),
      registered: Boolean(shop.customer?.registeredAt),
      registeredAt: shop.customer?.registeredAt ?? null,
      ordersCount: orders.length,
      validOrdersCount: valid.length,
      totalSpent: [...totals].map(([currency, amount]) => ({ currency, amount })),
    },
    // The order the customer named, once the shop has pushed it as this customer's (A10).
    order: orders.find((o) => o.reference === thread.orderReference) ?? null,
    timeline,
    // The customer's other threads, newest activity first (T4).
    history: others
      .filter((t) => t.id !== thread.id)
      .slice(0, HISTORY_LIMIT)
      .map((t) => ({ id: t.id, status: t.status, contactId: t.contactId, contactName: contactNames.get(t.contactId) ?? null, lastMessageAt: t.lastMessageAt, lastMessagePreview: t.lastMessagePreview, orderReference: t.orderReference ?? null })),
    replyDraft: settings.defaultMessage[thread.lang],
    nextUnansweredId,
  };
}

/** How many of the customer's other threads the thread view lists (T4); the list by e-mail has them all. */
export const HISTORY_LIMIT = 20;

/** An entry of the audit trail (T5): who did what, when. */
export function eventView(e: ThreadEvent) {
  return {
    id: e.id,
    kind: e.kind,
    at: e.createdAt,
    byEmployeeId: e.byEmployeeId,
    byEmployeeName: e.byEmployeeName,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    fromEmployeeId: e.fromEmployeeId ?? null,
    fromName: e.fromName ?? null,
    toEmployeeId: e.toEmployeeId ?? null,
    toName: e.toName ?? null,
    toEmail: e.toEmail ?? null,
    comment: e.comment ?? null,
    added: e.added ?? [],
    removed: e.removed ?? [],
  };
}

/** What a list row and the thread view's summary both say of a thread: one projection, so they cannot drift. */
function threadFields(t: Thread) {
  return {
    id: t.id,
    contactId: t.contactId,
    email: t.email,
    customerName: t.customerName ?? null,
    lang: t.lang,
    status: t.status,
    employeeId: t.employeeId ?? null,
    employeeName: t.employeeName ?? null,
    orderReference: t.orderReference ?? null,
    tags: t.tags ?? [],
    createdAt: t.createdAt,
    lastMessageAt: t.lastMessageAt,
    lastMessageFrom: t.lastMessageFrom,
    unread: t.unread,
  };
}

export function threadSummary(t: Thread) {
  return { ...threadFields(t), subject: t.subject ?? null, lastCustomerMessageId: t.lastCustomerMessageId ?? null, version: t.version };
}

/** sanitize-html and its parser are a third of the agent API's code: they load with the first message that has HTML. */
async function safeHtml(html: string): Promise<string> {
  const { sanitizeMailHtml } = await import('../mail/sanitize');
  return sanitizeMailHtml(html);
}

export async function messageView(m: Message, thread: Thread) {
  return {
    id: m.id,
    kind: m.kind,
    authorName: m.kind === 'customer' ? (m.from?.name ?? m.from?.address ?? null) : (m.employeeName ?? null),
    employeeId: m.employeeId ?? null,
    from: m.from ?? null,
    createdAt: m.createdAt,
    text: m.text,
    html: m.html ? await safeHtml(m.html) : null,
    subject: m.subject ?? null,
    read: m.kind !== 'customer' || m.createdAt <= thread.readThrough,
    attachments: m.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: `/v1/attachments/${a.id}` })),
    delivery: m.delivery ? { state: m.delivery.state, sesMessageId: m.delivery.sesMessageId ?? null, reason: m.delivery.reason ?? null, updatedAt: m.delivery.updatedAt } : null,
    source: m.source,
    autoReply: Boolean(m.autoReply),
    senderMismatch: Boolean(m.senderMismatch),
    cc: m.cc ?? [],
    bcc: m.bcc ?? [],
  };
}

export async function markRead(deps: Deps, id: string) {
  return withRetries(async () => {
    const { thread } = await loadThread(deps, id);
    if (thread.unread === 0) return threadSummary(thread);
    const decision = decideRead(thread, deps.now());
    await commit(deps.db, decision);
    return threadSummary(decision.thread);
  }, { key: `thread:${id}` });
}

export interface ThreadUpdate {
  status?: Status;
  /** Assign (T1): an active employee's id, or null for nobody. */
  employeeId?: string | null;
  tags?: string[];
}

/** PATCH of a thread: status, assignment and tags in one transaction with their events, counters and mail. */
export async function updateThread(deps: Deps, id: string, actor: Actor, input: ThreadUpdate) {
  const assignee = input.employeeId ? await getEmployee(deps.db, input.employeeId) : undefined;
  if (input.employeeId && !assignee) throw new Invalid('No such employee.', [{ field: 'employeeId', message: 'No such employee.' }], 'unknown-reference');
  if (assignee && !assignee.active) throw new Invalid('This employee is inactive.', [{ field: 'employeeId', message: 'The employee is inactive.' }], 'unknown-reference');
  const change: ThreadChange = {
    status: input.status,
    assignee: input.employeeId === undefined ? undefined : assignee ? { id: assignee.id, name: assignee.name, email: assignee.email, lang: assignee.lang } : null,
    tags: input.tags,
  };
  return withRetries(async () => {
    const { thread, messages } = await loadThread(deps, id);
    const decision = decideChange(thread, change, { id: actor.employeeId, name: actor.name }, deps.now(), deps.ids);
    if (!decision) return threadSummary(thread);
    const mails = decision.mails.length > 0 ? outboxMails(deps, decision, { contact: await contactOf(deps, thread), history: messages, actorName: actor.name }) : [];
    await commit(deps.db, decision, { outbox: mails });
    return threadSummary(decision.thread);
  }, { key: `thread:${id}` });
}

export interface ReplyRequest {
  message: string;
  status?: Status;
  uploadIds?: string[];
  lastSeenMessageId?: string;
  force?: boolean;
  cc?: string[];
  bcc?: string[];
}

export async function replyToThread(deps: Deps, id: string, actor: Actor, input: ReplyRequest) {
  // An unknown thread answers 404 before any upload is claimed for it; without uploads, the read below says it.
  if (input.uploadIds?.length) await loadThread(deps, id);
  const uploads = await claimUploads(deps, input.uploadIds ?? [], 'agent');
  return withRetries(async () => {
    const { thread, messages } = await loadThread(deps, id);
    const contact = await contactOf(deps, thread);
    const seen = input.lastSeenMessageId ? messages.find((m) => m.id === input.lastSeenMessageId) : undefined;
    if (input.lastSeenMessageId && !seen) {
      throw new Invalid('lastSeenMessageId is not a message of this thread.', [{ field: 'lastSeenMessageId', message: 'Not a message of this thread.' }], 'unknown-reference');
    }
    const newer = await Promise.all(messages.filter((m) => m.kind === 'customer' && seen && m.createdAt > seen.createdAt).map((m) => messageView(m, thread)));
    const decision = decideReply(
      thread,
      { employeeId: actor.employeeId, employeeName: actor.name, text: input.message, status: input.status, attachments: uploads.attachments, lastSeenMessageId: input.lastSeenMessageId, force: input.force, cc: input.cc, bcc: input.bcc },
      deps.now(),
      deps.ids,
      newer,
    );
    const mails = outboxMails(deps, decision, { contact, history: messages });
    await commit(deps.db, decision, { outbox: mails, items: uploads.items });
    return { message: await messageView(decision.messages[0]!, decision.thread), thread: threadSummary(decision.thread) };
  }, { key: `thread:${id}` });
}

export async function addNote(deps: Deps, id: string, actor: Actor, text: string) {
  return withRetries(async () => {
    const { thread } = await loadThread(deps, id);
    const decision = decideNote(thread, { id: actor.employeeId, name: actor.name }, text, deps.now(), deps.ids);
    await commit(deps.db, decision);
    return await messageView(decision.messages[0]!, decision.thread);
  }, { key: `thread:${id}` });
}

export async function forwardThread(deps: Deps, id: string, actor: Actor, input: { employeeId?: string; email?: string; comment?: string }) {
  const target = input.employeeId ? await getEmployee(deps.db, input.employeeId) : undefined;
  if (input.employeeId && !target) throw new Invalid('No such employee.', [{ field: 'employeeId', message: 'No such employee.' }], 'unknown-reference');
  if (target && !target.active) throw new Invalid('This employee is inactive.', [{ field: 'employeeId', message: 'The employee is inactive.' }], 'unknown-reference');
  return withRetries(async () => {
    const { thread, messages } = await loadThread(deps, id);
    const contact = await contactOf(deps, thread);
    const to = target ? { employeeId: target.id, name: target.name, email: target.email, lang: target.lang } : { email: input.email! };
    const decision = decideForward(thread, { by: { id: actor.employeeId, name: actor.name }, to, comment: input.comment }, deps.now(), deps.ids);
    const mails = outboxMails(deps, decision, { contact, history: messages, actorName: actor.name });
    await commit(deps.db, decision, { outbox: mails });
    const e = decision.events[0]!;
    return { id: e.id, threadId: thread.id, at: e.createdAt, toEmployeeId: e.toEmployeeId ?? null, toName: e.toName ?? null, toEmail: e.toEmail ?? '', comment: e.comment ?? null, thread: threadSummary(decision.thread) };
  }, { key: `thread:${id}` });
}

async function contactOf(deps: Deps, thread: Thread): Promise<Contact> {
  const contact = await knownContact(deps.db, thread.contactId);
  if (!contact) throw new NotFound('The thread’s contact no longer exists.');
  return contact;
}

/** The tags in use (T2): the sum of their counter shards, most used first; a tag on no thread is left out. */
export async function listTags(deps: Deps): Promise<{ tag: string; count: number }[]> {
  return [...(await tagCounts(deps.db))].filter(([, n]) => n > 0).map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

const WAITING: Status[] = ['open', 'pending1', 'pending2'];

/** The next thread in list order (newest activity first) after `after` that waits for an answer. */
export async function nextUnanswered(deps: Deps, after?: string): Promise<string | null> {
  let below: string | undefined;
  if (after) {
    const current = await getThread(deps.db, after);
    if (!current) throw new NotFound('No thread with this id.');
    below = activityOf(current);
  }
  return nextWaitingBelow(deps, below);
}

const activityOf = (thread: Thread) => `${thread.lastMessageAt}#${thread.id}`;

/** The newest thread waiting for an answer whose activity is below `below` (all of them without it). */
async function nextWaitingBelow(deps: Deps, below?: string): Promise<string | null> {
  const candidates = await Promise.all(WAITING.map((status) => newestWaitingThread(deps.db, status, below)));
  const found = candidates.filter((c): c is { id: string; activity: string } => c !== null).sort((a, b) => b.activity.localeCompare(a.activity));
  return found[0]?.id ?? null;
}
