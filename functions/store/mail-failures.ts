// Mail failures (M6): mails kept raw that could not be stored, each with its reason, until retried or dismissed.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Invalid, NotFound } from '../desk/errors';
import { ConditionFailed, getItem, put, putNew, queryPartition, transact, withoutKeys, type Db, type TxItem } from './db';
import { key } from './keys';
import { failureCount } from './mailbox-status';

export interface MailFailure {
  id: string;
  at: string;
  reason: string;
  size: number;
  from: string | null;
  subject: string | null;
  rawKey: string;
  /** The mail's identity (functions/mail/identity.ts): a re-fetch finds it listed already. */
  identity: string;
  retries: number;
}

/** Ids begin with the time in base 36 (fixed width), so the partition sorts newest last and reads newest first. */
export function failureId(now: Date, random: string): string {
  return now.getTime().toString(36).padStart(9, '0') + random;
}

/** The failure, the count of waiting failures and the dedupe record that keeps a re-fetch from listing it twice. */
export function newFailureItems(failure: MailFailure): TxItem[] {
  return [
    putNew({ ...key.mailFailure(failure.id), entity: 'mail-failure', ...failure }),
    failureCount(1),
    putNew({ ...key.ingested(failure.identity), entity: 'ingested', rawKey: failure.rawKey, at: failure.at, failureId: failure.id }),
  ];
}

/** A retry that failed again: the same failure with the new reason, and its dedupe record back. */
export function failedAgainItems(failure: MailFailure): TxItem[] {
  return [
    put({ ...key.mailFailure(failure.id), entity: 'mail-failure', ...failure }, 'attribute_exists(pk)'),
    put({ ...key.ingested(failure.identity), entity: 'ingested', rawKey: failure.rawKey, at: failure.at, failureId: failure.id }),
  ];
}

export async function getMailFailure(db: Db, id: string): Promise<MailFailure> {
  const item = await getItem(db, key.mailFailure(id));
  if (!item) throw new NotFound('No mail failure with this id.');
  return withoutKeys<MailFailure>(item);
}

export async function listMailFailures(db: Db, limit: number, cursor?: string): Promise<{ items: MailFailure[]; nextCursor: string | null }> {
  if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) {
    throw new Invalid('The cursor is not valid for this query.', [{ field: 'query.cursor', message: 'Use the nextCursor of the previous page, unchanged.' }], 'unknown-reference');
  }
  const { pk, skPrefix } = key.mailFailures();
  const res = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor ? key.mailFailure(cursor) : undefined,
    }),
  );
  const items = (res.Items ?? []).map((i) => withoutKeys<MailFailure>(i));
  return { items, nextCursor: res.LastEvaluatedKey && items.length > 0 ? items[items.length - 1]!.id : null };
}

/** Takes the failure off the list (the raw mail stays in S3, and its dedupe record keeps it from coming back). */
export async function dismissMailFailure(db: Db, id: string): Promise<void> {
  try {
    await transact(db, [{ Delete: { TableName: '', Key: key.mailFailure(id), ConditionExpression: 'attribute_exists(pk)' } }, failureCount(-1)]);
  } catch (error) {
    if (error instanceof ConditionFailed) throw new NotFound('No mail failure with this id.');
    throw error;
  }
}

/** Before a retry: without its dedupe record the mail can be ingested again. */
export function forgetIngested(failure: MailFailure): TxItem {
  return { Delete: { TableName: '', Key: key.ingested(failure.identity) } };
}

/** The failures of mails from this address (T7): a read of the failure list, which stays short (M6). */
export async function failuresFrom(db: Db, address: string): Promise<MailFailure[]> {
  const { pk, skPrefix } = key.mailFailures();
  const items = await queryPartition(db, pk, skPrefix);
  const wanted = address.toLowerCase();
  return items.map((i) => withoutKeys<MailFailure>(i)).filter((f) => f.from?.toLowerCase() === wanted);
}
