// The thread rules: what a customer message, a reply, a note, a status change, a read or a forward decides.
import { assignedCounterChanges, erasedThreadCounters, tagCounterChanges, threadCounterChanges } from './counters';
import { Conflict } from './errors';
import type { AttachmentRef, DurationSample, EmployeeAddress, Lang, MailIntent, Message, Status, Thread, ThreadDecision, ThreadEvent } from './model';
import { previewOf } from './text';

/** The read mark of a thread nobody has read yet: before any message. */
export const NEVER_READ = '1970-01-01T00:00:00.000Z';

export interface Ids {
  newId(): string;
  newSecret(): string;
}

export interface CustomerMessageInput {
  contactId: string;
  email: string;
  name?: string;
  orderReference?: string;
  lang: Lang;
  text: string;
  html?: string;
  subject?: string;
  attachments: AttachmentRef[];
  source: Message['source'];
  messageIdHeader?: string;
  autoReply?: boolean;
  senderMismatch?: boolean;
  rawKey?: string;
  fromName?: string;
  /** The sender when it is not the customer (an answer from a Cc'd address, T6). */
  fromAddress?: string;
  digest?: string;
}

/** A customer's message: continues `thread` (reopening it) or opens a new one when `thread` is null. */
export function decideCustomerMessage(thread: Thread | null, input: CustomerMessageInput, now: Date, ids: Ids): ThreadDecision {
  const at = now.toISOString();
  const base = thread ?? newThread(input, at, ids);
  const message: Message = {
    id: ids.newId(),
    threadId: base.id,
    kind: 'customer',
    createdAt: at,
    text: input.text,
    html: input.html,
    from: { address: input.fromAddress ?? input.email, name: input.fromName ?? input.name },
    attachments: input.attachments,
    source: input.source,
    messageIdHeader: input.messageIdHeader,
    autoReply: input.autoReply || undefined,
    senderMismatch: input.senderMismatch || undefined,
    subject: input.subject,
    rawKey: input.rawKey,
  };
  // An auto-reply is kept for the record but reopens nothing and waits for no answer (M4).
  const next: Thread = input.autoReply
    ? { ...base, version: base.version + 1 }
    : {
        ...base,
        status: 'open',
        customerName: base.customerName ?? (input.senderMismatch ? undefined : input.name),
        lastMessageAt: at,
        lastMessagePreview: previewOf(input.text),
        lastMessageFrom: 'customer',
        lastCustomerMessageId: message.id,
        lastCustomerDigest: input.digest,
        lastCustomerAt: at,
        unread: base.unread + 1,
        version: base.version + 1,
      };
  if (input.messageIdHeader) next.references = appendReference(next.references, input.messageIdHeader);
  return decision(thread, next, [message], { mails: [] });
}

function newThread(input: CustomerMessageInput, at: string, ids: Ids): Thread {
  return {
    id: ids.newId(),
    contactId: input.contactId,
    email: input.email,
    customerName: input.name,
    orderReference: input.orderReference,
    lang: input.lang,
    status: 'open',
    token: ids.newSecret(),
    createdAt: at,
    lastMessageAt: at,
    lastMessagePreview: '',
    lastMessageFrom: 'customer',
    readThrough: NEVER_READ,
    unread: 0,
    references: [],
    subject: input.subject,
    version: 0,
  };
}

export interface ReplyInput {
  employeeId: string;
  employeeName: string;
  text: string;
  status?: Status;
  attachments: AttachmentRef[];
  lastSeenMessageId?: string;
  force?: boolean;
  source?: Message['source'];
  cc?: string[];
  bcc?: string[];
}

/**
 * An employee's reply: refused when a customer message newer than the one the agent saw exists (A7),
 * else it marks the thread read, assigns the sender when nobody is in charge and handles the thread.
 */
export function decideReply(thread: Thread, input: ReplyInput, now: Date, ids: Ids, newerCustomerMessages: unknown[]): ThreadDecision {
  if (input.lastSeenMessageId && !input.force && thread.lastCustomerMessageId && thread.lastCustomerMessageId !== input.lastSeenMessageId) {
    throw new Conflict('A newer customer message arrived while you were writing. Read it, then send again with "force": true.', {
      lastCustomerMessageId: thread.lastCustomerMessageId,
      newMessages: newerCustomerMessages,
    });
  }
  const at = now.toISOString();
  const message: Message = {
    id: ids.newId(),
    threadId: thread.id,
    kind: 'employee',
    createdAt: at,
    text: input.text,
    employeeId: input.employeeId,
    employeeName: input.employeeName,
    attachments: input.attachments,
    source: input.source ?? 'api',
    delivery: { state: 'queued', outboxId: '', updatedAt: at },
    cc: input.cc?.length ? input.cc : undefined,
    bcc: input.bcc?.length ? input.bcc : undefined,
  };
  const status = input.status ?? 'closed';
  const next: Thread = {
    ...thread,
    status,
    employeeId: thread.employeeId ?? input.employeeId,
    employeeName: thread.employeeId ? thread.employeeName : input.employeeName,
    lastMessageAt: at,
    lastMessagePreview: previewOf(input.text),
    lastMessageFrom: 'employee',
    readThrough: at,
    unread: 0,
    firstResponseAt: thread.firstResponseAt ?? at,
    version: thread.version + 1,
  };
  return decision(thread, next, [message], { mails: [{ kind: 'reply', messageId: message.id }] });
}

/**
 * A predefined or free order message (A9): a reply in the order's thread, or in a new thread opened for it
 * (then counted as a new, handled thread).
 */
export function decideOrderMessage(
  thread: Thread | null,
  order: { contactId: string; email: string; customerName?: string; reference: string; lang: Lang },
  input: ReplyInput,
  now: Date,
  ids: Ids,
): ThreadDecision {
  if (thread) return decideReply(thread, { ...input, source: 'order-message' }, now, ids, []);
  const fresh = newThread(
    { contactId: order.contactId, email: order.email, name: order.customerName, orderReference: order.reference, lang: order.lang, text: '', attachments: [], source: 'order-message' },
    now.toISOString(),
    ids,
  );
  const replied = decideReply(fresh, { ...input, source: 'order-message' }, now, ids, []);
  return decision(null, replied.thread, replied.messages, { mails: replied.mails });
}

export function decideNote(thread: Thread, employee: { id: string; name: string }, text: string, now: Date, ids: Ids): ThreadDecision {
  const message: Message = {
    id: ids.newId(),
    threadId: thread.id,
    kind: 'note',
    createdAt: now.toISOString(),
    text,
    employeeId: employee.id,
    employeeName: employee.name,
    attachments: [],
    source: 'api',
  };
  return decision(thread, { ...thread, version: thread.version + 1 }, [message], { mails: [] });
}

/** Null when the thread already has that status: setting it again changes nothing. */
export function decideStatus(thread: Thread, status: Status, now: Date): ThreadDecision | null {
  if (thread.status === status) return null;
  return decision(thread, { ...thread, status, version: thread.version + 1 }, [], { mails: [], now });
}

export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 32;

/** Tags as kept (T2): trimmed, lower case, inner white space as one hyphen, each once, sorted. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, '-')).filter((t) => t.length > 0))].sort();
}

export interface ThreadChange {
  status?: Status;
  /** The employee to put in charge, or null to unassign (T1). */
  assignee?: { id: string; name: string; email: string; lang?: Lang } | null;
  tags?: string[];
}

/**
 * Status, assignment and tags changed together by an agent (A6, T1, T2): one event per kind of change for the
 * timeline (T5) and a mail to a new assignee other than the agent; null when nothing changes.
 */
export function decideChange(thread: Thread, change: ThreadChange, by: { id: string; name: string }, now: Date, ids: Ids): ThreadDecision | null {
  const at = now.toISOString();
  const events: ThreadEvent[] = [];
  const mails: MailIntent[] = [];
  let next: Thread = { ...thread };
  const event = (fields: Partial<ThreadEvent> & Pick<ThreadEvent, 'kind'>): ThreadEvent => ({ id: ids.newId(), threadId: thread.id, createdAt: at, byEmployeeId: by.id, byEmployeeName: by.name, ...fields });
  if (change.status && change.status !== thread.status) {
    next.status = change.status;
    events.push(event({ kind: 'status', fromStatus: thread.status, toStatus: change.status }));
  }
  if (change.assignee !== undefined && (change.assignee?.id ?? undefined) !== thread.employeeId) {
    const to = change.assignee;
    next = { ...next, employeeId: to?.id, employeeName: to?.name };
    events.push(event({ kind: 'assignment', toEmployeeId: to?.id, toName: to?.name, fromEmployeeId: thread.employeeId, fromName: thread.employeeName }));
    if (to && to.id !== by.id) mails.push({ kind: 'assignment', to: { address: to.email, name: to.name, lang: to.lang }, byName: by.name });
  }
  if (change.tags) {
    const tags = normalizeTags(change.tags);
    const before = thread.tags ?? [];
    const added = tags.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !tags.includes(t));
    if (added.length > 0 || removed.length > 0) {
      next.tags = tags.length > 0 ? tags : undefined;
      events.push(event({ kind: 'tags', added, removed }));
    }
  }
  if (events.length === 0) return null;
  return { ...decision(thread, { ...next, version: thread.version + 1 }, [], { mails, now }), events };
}

export function decideRead(thread: Thread, now: Date): ThreadDecision {
  const at = now.toISOString();
  return decision(thread, { ...thread, readThrough: at > thread.readThrough ? at : thread.readThrough, unread: 0, version: thread.version + 1 }, [], { mails: [] });
}

export interface ForwardInput {
  by: { id: string; name: string };
  to: { employeeId?: string; name?: string; email: string; lang?: Lang };
  comment?: string;
}

/** Forward to an employee (who takes charge) or to someone else (who gets the comment and the conversation). */
export function decideForward(thread: Thread, input: ForwardInput, now: Date, ids: Ids): ThreadDecision {
  const event: ThreadEvent = {
    id: ids.newId(),
    threadId: thread.id,
    kind: 'forward',
    createdAt: now.toISOString(),
    byEmployeeId: input.by.id,
    byEmployeeName: input.by.name,
    toEmployeeId: input.to.employeeId,
    toName: input.to.name,
    toEmail: input.to.email,
    comment: input.comment,
  };
  const to: EmployeeAddress = { address: input.to.email, name: input.to.name, lang: input.to.lang };
  const next: Thread = input.to.employeeId
    ? { ...thread, employeeId: input.to.employeeId, employeeName: input.to.name, version: thread.version + 1 }
    : { ...thread, version: thread.version + 1 };
  const mail: MailIntent = input.to.employeeId
    ? { kind: 'forward-employee', to, comment: input.comment }
    : { kind: 'forward-other', to: { address: to.address, name: to.name }, comment: input.comment ?? '' };
  return { ...decision(thread, next, [], { mails: [mail] }), events: [event] };
}

/** What erasing a thread takes back (T7): every counter and duration sample it added, so the totals stay exact. */
export function decideErase(thread: Thread, messages: Message[]): Pick<ThreadDecision, 'counters' | 'assigned' | 'tagCounts' | 'durations'> {
  const durations: DurationSample[] = [];
  if (thread.firstResponseAt) durations.push({ kind: 'firstResponse', seconds: secondsBetween(thread.createdAt, thread.firstResponseAt), at: thread.firstResponseAt });
  if (thread.firstClosedAt) durations.push({ kind: 'timeToClose', seconds: secondsBetween(thread.createdAt, thread.firstClosedAt), at: thread.firstClosedAt });
  return { counters: [erasedThreadCounters(thread, messages)], assigned: assignedCounterChanges(thread, null), tagCounts: tagCounterChanges(thread, null), durations };
}

/** Moves a thread to another contact (when its contact is deleted); counters move with it. */
export function decideMove(thread: Thread, contactId: string): ThreadDecision {
  return decision(thread, { ...thread, contactId, version: thread.version + 1 }, [], { mails: [] });
}

function decision(previous: Thread | null, next: Thread, messages: Message[], opts: { mails: MailIntent[]; now?: Date }): ThreadDecision {
  return {
    thread: withClosure(previous, next, opts.now),
    expectedVersion: previous ? previous.version : null,
    previous,
    messages,
    events: [],
    counters: threadCounterChanges(previous, next, messages),
    assigned: assignedCounterChanges(previous, next),
    tagCounts: tagCounterChanges(previous, next),
    durations: durationsOf(previous, withClosure(previous, next, opts.now), messages),
    mails: opts.mails,
  };
}

function withClosure(previous: Thread | null, next: Thread, now?: Date): Thread {
  if (next.status !== 'closed' || next.firstClosedAt) return next;
  if (previous?.status === 'closed') return next;
  return { ...next, firstClosedAt: now?.toISOString() ?? next.lastMessageAt };
}

function durationsOf(previous: Thread | null, next: Thread, messages: Message[]): DurationSample[] {
  const out: DurationSample[] = [];
  if (!previous?.firstResponseAt && next.firstResponseAt && messages.some((m) => m.kind === 'employee')) {
    out.push({ kind: 'firstResponse', seconds: secondsBetween(next.createdAt, next.firstResponseAt), at: next.firstResponseAt });
  }
  if (!previous?.firstClosedAt && next.firstClosedAt) {
    out.push({ kind: 'timeToClose', seconds: secondsBetween(next.createdAt, next.firstClosedAt), at: next.firstClosedAt });
  }
  return out;
}

function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

function appendReference(references: string[], messageId: string): string[] {
  if (references.includes(messageId)) return references;
  return [...references, messageId].slice(-30);
}

export function withReference(thread: Thread, messageId: string): Thread {
  return { ...thread, references: appendReference(thread.references, messageId) };
}

/** A form submitted again with the same text within ten minutes is the same message (C3). */
export function isRepeatedSubmit(thread: Thread, digest: string, now: Date): boolean {
  if (thread.lastCustomerDigest !== digest || !thread.lastCustomerAt) return false;
  return now.getTime() - Date.parse(thread.lastCustomerAt) < 10 * 60_000;
}

/** The thread that waits for an answer: not closed and the customer spoke last. */
export function waitsForAnswer(thread: Pick<Thread, 'status' | 'lastMessageFrom'>): boolean {
  return thread.status !== 'closed' && thread.lastMessageFrom === 'customer';
}
