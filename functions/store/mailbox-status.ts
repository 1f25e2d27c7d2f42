// The mailbox's health (M7) in one item: the last poll, the last good one, what went wrong, how many mail failures wait.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addCounters, getItem, type Db, type TxItem } from './db';
import { key } from './keys';

export type MailboxStage = 'dns' | 'connect' | 'tls' | 'auth' | 'mailbox' | 'timeout';

export interface MailboxError {
  stage: MailboxStage;
  reason: string;
}

export interface MailboxStatus {
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  error: MailboxError | null;
  failures: number;
}

export async function getMailboxStatus(db: Db): Promise<MailboxStatus> {
  const item = await getItem<Partial<MailboxStatus>>(db, key.mailboxStatus());
  return { lastPollAt: item?.lastPollAt ?? null, lastSuccessAt: item?.lastSuccessAt ?? null, error: item?.error ?? null, failures: Math.max(0, item?.failures ?? 0) };
}

/** A poll that reached the mailbox is a success; one that did not keeps the time of the last success. */
export async function recordPoll(db: Db, at: string, error: MailboxError | null): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: key.mailboxStatus(),
      UpdateExpression: error ? 'SET lastPollAt = :at, #e = :e' : 'SET lastPollAt = :at, lastSuccessAt = :at, #e = :e',
      ExpressionAttributeNames: { '#e': 'error' },
      ExpressionAttributeValues: { ':at': at, ':e': error },
    }),
  );
}

/** Counts waiting failures in the same transaction that lists or dismisses one, so the count cannot drift. */
export function failureCount(delta: 1 | -1): TxItem {
  return addCounters(key.mailboxStatus(), { failures: delta })!;
}
