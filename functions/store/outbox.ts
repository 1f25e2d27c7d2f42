// Outbox items: every outgoing mail, written with the change that causes it and sent from the table's stream (S1).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lang, Message } from '../desk/model';
import { getItem, put, putNew, transact, withoutKeys, type Db, type Item, type TxItem } from './db';
import { key } from './keys';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface Address {
  address: string;
  name?: string;
}

export interface OutboxMail {
  id: string;
  kind: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  lastError?: string;
  sesMessageId?: string;
  deliveredMessageId?: string;
  fromName: string;
  to: Address[];
  /** Copies of a reply (T6): Cc written in the header, Bcc given to SES only. */
  cc?: Address[];
  bcc?: Address[];
  replyTo?: Address[];
  subject: string;
  text: string;
  html: string;
  inReplyTo?: string;
  references?: string[];
  automatic: boolean;
  /** Mail to the customer: its delivered Message-ID joins the thread's References chain. */
  toCustomer: boolean;
  attachments: { key: string; fileName: string; contentType: string }[];
  threadId?: string;
  messageId?: string;
  messageCreatedAt?: string;
  lang: Lang;
}

export function outboxItem(mail: OutboxMail): Item {
  return { ...key.outbox(mail.id), entity: 'outbox', ...mail };
}

export async function getOutboxMail(db: Db, id: string): Promise<OutboxMail | undefined> {
  const item = await getItem(db, key.outbox(id));
  return item ? withoutKeys<OutboxMail>(item) : undefined;
}

export type Claim = { mail: OutboxMail } | { busy: true } | { done: true };

/**
 * Claims a mail for sending: only one delivery of a stream record gets past this condition. A mail that
 * another delivery is sending right now is `busy` (try again later), one already sent or failed is `done`.
 */
export async function claimOutboxMail(db: Db, id: string, now: Date, leaseMs: number): Promise<Claim> {
  try {
    const res = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key.outbox(id),
        UpdateExpression: 'SET #s = :sending, claimedUntil = :until, attempts = attempts + :one',
        ConditionExpression: 'attribute_exists(pk) AND (#s = :queued OR (#s = :sending AND claimedUntil < :now))',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':one': 1,
          ':now': now.toISOString(),
          ':until': new Date(now.getTime() + leaseMs).toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { mail: withoutKeys<OutboxMail>(res.Attributes!) };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const current = await getOutboxMail(db, id);
    return current?.state === 'sending' ? { busy: true } : { done: true };
  }
}

/** The item that leads from a mail's Message-ID to its thread (and message, and the outbox mail that sent it): threading (M4) and bounces (S3). */
export function mailIdItem(messageIdHeader: string, points: { threadId: string; messageId: string | null; outboxId?: string }): TxItem {
  return put({ ...key.mailId(messageIdHeader), entity: 'mail-id', ...points });
}

/**
 * A mail SES accepted: the outbox item is sent, its Message-ID leads to the thread, the thread lists it among its
 * references (a customer's answer to it threads) and the message it carries shows it delivered.
 */
export async function recordSent(db: Db, mail: OutboxMail, sent: { sesMessageId: string; deliveredMessageId: string; at: string }): Promise<void> {
  const { sesMessageId, deliveredMessageId: delivered, at } = sent;
  const items: TxItem[] = [
    {
      Update: {
        TableName: '',
        Key: key.outbox(mail.id),
        UpdateExpression: 'SET #s = :sent, sesMessageId = :ses, deliveredMessageId = :d, sentAt = :now',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':ses': sesMessageId, ':d': delivered, ':now': at },
      },
    },
  ];
  if (mail.threadId) items.push(mailIdItem(delivered, { threadId: mail.threadId, messageId: mail.messageId ?? null, outboxId: mail.id }));
  if (mail.threadId && mail.toCustomer) {
    items.push({
      Update: {
        TableName: '',
        Key: key.thread(mail.threadId),
        // Bumping the version makes a concurrent read-modify-write of the thread retry instead of dropping this.
        UpdateExpression: 'SET #r = list_append(if_not_exists(#r, :empty), :id), version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#r': 'references' },
        ExpressionAttributeValues: { ':id': [delivered], ':empty': [], ':one': 1 },
      },
    });
  }
  const delivery = messageDelivery(mail, { state: 'sent', outboxId: mail.id, sesMessageId, updatedAt: at }, { ':mid': delivered });
  if (delivery) items.push(delivery);
  await transact(db, items);
}

/** A mail SES refused: back in the queue, or failed for good (and its message shows why). */
export async function recordSendFailure(db: Db, mail: OutboxMail, failure: { final: boolean; reason: string; at: string }): Promise<void> {
  const { final, reason, at } = failure;
  const items: TxItem[] = [
    {
      Update: {
        TableName: '',
        Key: key.outbox(mail.id),
        UpdateExpression: 'SET #s = :state, lastError = :r, claimedUntil = :now',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':state': final ? 'failed' : 'queued', ':r': reason, ':now': at },
      },
    },
  ];
  const delivery = final ? messageDelivery(mail, { state: 'failed', outboxId: mail.id, reason, updatedAt: at }) : null;
  if (delivery) items.push(delivery);
  await transact(db, items);
}

/** The delivery state on the message the mail carries (and, once sent, the Message-ID it went out with). */
function messageDelivery(mail: OutboxMail, delivery: Record<string, unknown>, messageIdHeader?: { ':mid': string }): TxItem | null {
  if (!mail.threadId || !mail.messageId || !mail.messageCreatedAt) return null;
  return {
    Update: {
      TableName: '',
      Key: key.message(mail.threadId, mail.messageCreatedAt, mail.messageId),
      UpdateExpression: messageIdHeader ? 'SET delivery = :d, messageIdHeader = :mid' : 'SET delivery = :d',
      ExpressionAttributeValues: { ':d': delivery, ...messageIdHeader },
    },
  };
}

/** An agent's message found by its id alone, through its pointer (resending it, its delivery state). */
export async function findOutgoingMessage(db: Db, messageId: string): Promise<Message | undefined> {
  const pointer = await getItem<{ threadId: string; createdAt: string }>(db, key.messagePointer(messageId));
  const item = pointer ? await getItem(db, key.message(pointer.threadId, pointer.createdAt, messageId)) : undefined;
  return item ? withoutKeys<Message>(item) : undefined;
}

/** A new outbox mail for a message whose mail failed or bounced; refused (ConditionFailed) if its state moved meanwhile. */
export async function requeueMessage(db: Db, message: Message, mail: OutboxMail, at: string): Promise<void> {
  await transact(db, [
    putNew(outboxItem(mail)),
    {
      Update: {
        TableName: '',
        Key: key.message(message.threadId, message.createdAt, message.id),
        UpdateExpression: 'SET delivery = :d',
        ConditionExpression: 'delivery.#s = :old',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':d': { state: 'queued', outboxId: mail.id, updatedAt: at }, ':old': message.delivery?.state },
      },
    },
  ]);
}

/**
 * Marks the outgoing message that a Message-ID names as bounced, with `withItems` in the same transaction; the
 * message's id, or null when the Message-ID is not one of ours.
 */
export async function markBounced(db: Db, messageIdHeader: string, bounce: { reason: string; at: string }, withItems: TxItem[] = []): Promise<string | null> {
  const ref = await getItem<{ threadId: string; messageId: string | null }>(db, key.mailId(messageIdHeader));
  const pointer = ref?.messageId ? await getItem<{ createdAt: string }>(db, key.messagePointer(ref.messageId)) : undefined;
  if (!ref?.messageId || !pointer) return null;
  await transact(db, [
    ...withItems,
    {
      Update: {
        TableName: '',
        Key: key.message(ref.threadId, pointer.createdAt, ref.messageId),
        UpdateExpression: 'SET delivery.#s = :b, delivery.reason = :r, delivery.updatedAt = :now',
        ConditionExpression: 'attribute_exists(delivery)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':b': 'bounced', ':r': bounce.reason.slice(0, 300), ':now': bounce.at },
      },
    },
  ]);
  return ref.messageId;
}

/** The thread a mail's Message-ID belongs to: one the desk stored or sent (M2). */
export async function threadOfMailId(db: Db, messageIdHeader: string): Promise<string | undefined> {
  return (await getItem<{ threadId: string }>(db, key.mailId(messageIdHeader)))?.threadId;
}
