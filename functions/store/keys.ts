// Every key of the single table in one place; docs/data-model.md explains each access pattern.
import { createHash } from 'node:crypto';

/** Header text (Message-IDs, identities) never becomes a key as such: any length and byte fits a fixed-size digest (M6). */
export const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url');

export const key = {
  contact: (id: string) => ({ pk: 'CONTACTS', sk: `CONTACT#${id}` }),
  contacts: () => ({ pk: 'CONTACTS' }),
  box: (contactId: string, shard: number) => ({ pk: 'COUNTERS', sk: `BOX#${contactId}#${shard}` }),
  boxPrefix: (contactId: string) => `BOX#${contactId}#`,
  boxesPrefix: () => 'BOX#',
  counters: () => ({ pk: 'COUNTERS' }),
  /** Not-closed threads an employee is in charge of ("mine", T1), sharded like the boxes. */
  assigned: (employeeId: string, shard: number) => ({ pk: 'COUNTERS', sk: `EMPLOYEE#${employeeId}#${shard}` }),
  assignedPrefix: (employeeId: string) => `EMPLOYEE#${employeeId}#`,
  /** Threads per tag (T2), sharded; `GET /v1/tags` sums the partition. */
  tagCount: (tag: string, shard: number) => ({ pk: 'TAGCOUNTS', sk: `TAG#${tag}#${shard}` }),
  tagCounts: () => ({ pk: 'TAGCOUNTS' }),
  durations: (kind: 'firstResponse' | 'timeToClose', day: string) => ({ pk: `DURATIONS#${kind}`, sk: day }),
  employee: (id: string) => ({ pk: 'EMPLOYEES', sk: `EMPLOYEE#${id}` }),
  employees: () => ({ pk: 'EMPLOYEES' }),
  token: (hash: string) => ({ pk: `TOKEN#${hash}`, sk: 'TOKEN' }),
  tokenRecord: (employeeId: string, tokenId: string) => ({ pk: `EMPLOYEE#${employeeId}`, sk: `TOKEN#${tokenId}` }),
  tokenRecords: (employeeId: string) => ({ pk: `EMPLOYEE#${employeeId}`, skPrefix: 'TOKEN#' }),
  /** How many API tokens an employee holds: the limit is a condition on this one item, so concurrent issues cannot pass it (A11). */
  tokenCount: (employeeId: string) => ({ pk: `EMPLOYEE#${employeeId}`, sk: 'TOKENCOUNT' }),
  /** A one-time sign-in link (A12), by the SHA-256 of its code. */
  signInCode: (hash: string) => ({ pk: `SIGNIN#${hash}`, sk: 'SIGNIN' }),
  settings: () => ({ pk: 'SETTINGS', sk: 'SETTINGS' }),
  thread: (id: string) => ({ pk: `THREAD#${id}`, sk: 'THREAD' }),
  threadCollection: (id: string) => ({ pk: `THREAD#${id}` }),
  message: (threadId: string, createdAt: string, id: string) => ({ pk: `THREAD#${threadId}`, sk: `MESSAGE#${createdAt}#${id}` }),
  event: (threadId: string, createdAt: string, id: string) => ({ pk: `THREAD#${threadId}`, sk: `EVENT#${createdAt}#${id}` }),
  /** Which outbox mails a thread caused (T7: exported with it, erased with it). */
  threadOutbox: (threadId: string, outboxId: string) => ({ pk: `THREAD#${threadId}`, sk: `OUTBOX#${outboxId}` }),
  /** A copy of the thread's list row per tag, in the byTag index (T2): a tag's list is one query, never a scan. */
  threadTag: (threadId: string, tag: string) => ({ pk: `THREAD#${threadId}`, sk: `TAG#${tag}` }),
  /** The latest form thread of a customer with a contact (and order): two concurrent submits open one thread, not two. */
  threadSlot: (email: string, contactId: string, orderReference = '') => ({ pk: `SLOT#${email}#${contactId}#${orderReference}`, sk: 'SLOT' }),
  messagePointer: (messageId: string) => ({ pk: `MESSAGE#${messageId}`, sk: 'MESSAGE' }),
  attachment: (id: string) => ({ pk: `ATTACHMENT#${id}`, sk: 'ATTACHMENT' }),
  upload: (id: string) => ({ pk: `UPLOAD#${id}`, sk: 'UPLOAD' }),
  /** A download link for a file that was too large to attach to a mail (C5). */
  attachmentLink: (id: string) => ({ pk: `ATTACHMENTLINK#${id}`, sk: 'LINK' }),
  customer: (email: string) => ({ pk: `CUSTOMER#${email}`, sk: 'PROFILE' }),
  customerCollection: (email: string) => ({ pk: `CUSTOMER#${email}` }),
  customerOrder: (email: string, reference: string) => ({ pk: `CUSTOMER#${email}`, sk: `ORDER#${reference}` }),
  /** A message the customer sent to a contact that saves none (C1): only its mails hold it, found from here (T7). */
  unsavedMessage: (email: string, messageId: string) => ({ pk: `CUSTOMER#${email}`, sk: `UNSAVED#${messageId}` }),
  /** A customer's erasure under way (T7): the threads it covers, so that a retry finishes what a crash left. */
  erasure: (email: string) => ({ pk: `ERASURE#${email}`, sk: 'ERASURE' }),
  order: (reference: string) => ({ pk: `ORDER#${reference}`, sk: 'ORDER' }),
  orderMessage: (id: string) => ({ pk: 'ORDERMESSAGES', sk: `ORDERMESSAGE#${id}` }),
  orderMessages: () => ({ pk: 'ORDERMESSAGES' }),
  savedReply: (id: string) => ({ pk: 'SAVEDREPLIES', sk: `SAVEDREPLY#${id}` }),
  savedReplies: () => ({ pk: 'SAVEDREPLIES', skPrefix: 'SAVEDREPLY#' }),
  outbox: (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' }),
  mailId: (messageIdHeader: string) => ({ pk: `MAILID#${digestOf(messageIdHeader.trim().toLowerCase())}`, sk: 'MAILID' }),
  idempotency: (scope: string, idempotencyKey: string) => ({ pk: `IDEMPOTENCY#${scope}#${idempotencyKey}`, sk: 'IDEMPOTENCY' }),
  rate: (kind: string, value: string, window: number) => ({ pk: `RATE#${kind}#${value}#${window}`, sk: 'RATE' }),
  mailboxLease: () => ({ pk: 'MAILBOX', sk: 'LEASE' }),
  mailboxCheckpoint: (mailbox: string) => ({ pk: 'MAILBOX', sk: `CHECKPOINT#${mailbox}` }),
  mailboxStatus: () => ({ pk: 'MAILBOX', sk: 'STATUS' }),
  /** `identity` is already a digest (functions/mail/identity.ts). */
  ingested: (identity: string) => ({ pk: `INGESTED#${identity}`, sk: 'INGESTED' }),
  /** Polls in which storing one mail failed for a reason that was not the mail's (kept until it is stored or given up). */
  ingestAttempts: (identity: string) => ({ pk: `INGESTATTEMPTS#${identity}`, sk: 'ATTEMPTS' }),
  popSeen: (mailbox: string, uidl: string) => ({ pk: `POPSEEN#${mailbox}`, sk: uidl }),
  /** Failure ids start with the time in base 36, so the partition reads newest first. */
  mailFailure: (id: string) => ({ pk: 'MAILFAILURES', sk: `FAILURE#${id}` }),
  mailFailures: () => ({ pk: 'MAILFAILURES', skPrefix: 'FAILURE#' }),
};
