// The poller's own items: the lease that lets one poll run at a time, the IMAP checkpoint, the POP3 UIDLs handled,
// and per mail its dedupe record and the count of attempts to store it.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countUp, getItem, putNew, queryPartition, type Db, type TxItem } from './db';
import { key } from './keys';

export interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

/** Taken when free or expired; false when another poll holds it. */
export async function takeLease(db: Db, owner: string, now: number, leaseMs: number): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...key.mailboxLease(), owner, until: now + leaseMs, expiresAtEpoch: Math.floor((now + leaseMs) / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR #u < :now',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export async function releaseLease(db: Db, owner: string): Promise<void> {
  await db.doc
    .send(new DeleteCommand({ TableName: db.table, Key: key.mailboxLease(), ConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': owner } }))
    .catch(() => undefined);
}

export async function getCheckpoint(db: Db, identity: string): Promise<Checkpoint | undefined> {
  return getItem<Checkpoint>(db, key.mailboxCheckpoint(identity));
}

/** Only ever moves forward within one UIDVALIDITY: a slower, older poll cannot move it back. */
export async function saveCheckpoint(db: Db, identity: string, checkpoint: Checkpoint): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: key.mailboxCheckpoint(identity),
      UpdateExpression: 'SET uidValidity = :v, lastUid = :u',
      ConditionExpression: 'attribute_not_exists(lastUid) OR uidValidity <> :v OR lastUid < :u',
      ExpressionAttributeValues: { ':v': checkpoint.uidValidity, ':u': checkpoint.lastUid },
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}

export async function popSeenUids(db: Db, identity: string): Promise<Set<string>> {
  return new Set((await queryPartition<{ sk: string }>(db, key.popSeen(identity, '').pk)).map((i) => i.sk));
}

export async function rememberPopSeen(db: Db, identity: string, uid: string, now: Date): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...key.popSeen(identity, uid), entity: 'pop-seen', at: now.toISOString() } }));
}

/** Written with whatever a mail became (a message, a bounce, a failure): a mail fetched again is stored nothing of (M3). */
export function ingestedItem(identity: string, rawKey: string, at: string): TxItem {
  return putNew({ ...key.ingested(identity), entity: 'ingested', rawKey, at });
}

export async function isIngested(db: Db, identity: string): Promise<boolean> {
  return Boolean(await getItem(db, key.ingested(identity)));
}

/** One more attempt to store this mail; the count expires a week after the last one. */
export async function countIngestAttempt(db: Db, identity: string, expiresAtEpoch: number): Promise<number> {
  return countUp(db, key.ingestAttempts(identity), expiresAtEpoch);
}
