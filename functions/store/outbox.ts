// Outbox items: every outgoing mail, written with the change that causes it and sent from the table's stream (S1).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Lang } from '../desk/model';
import { getItem, withoutKeys, type Db, type Item } from './db';
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
