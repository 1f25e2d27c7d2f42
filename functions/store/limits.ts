// Windowed attempt counters (C6) and idempotency records: short-lived items that expire by TTL.
import { countUp, getItem, put, type Db, type TxItem } from './db';
import { key } from './keys';

/** Adds one attempt to the counter of this window and answers the window's count; the item expires a window later. */
export async function countInWindow(db: Db, kind: string, value: string, window: number, expiresAtEpoch: number): Promise<number> {
  return countUp(db, key.rate(kind, value, window), expiresAtEpoch);
}

export interface IdempotencyRecord<R> {
  digest: string;
  response: R;
  expiresAtEpoch: number;
}

export async function getIdempotencyRecord<R>(db: Db, scope: string, idempotencyKey: string): Promise<IdempotencyRecord<R> | undefined> {
  return getItem<IdempotencyRecord<R>>(db, key.idempotency(scope, idempotencyKey));
}

/** Written in the change's own transaction; a key still held by another live record fails it. */
export function idempotencyItem<R>(scope: string, idempotencyKey: string, record: IdempotencyRecord<R>, nowEpoch: number): TxItem {
  return put({ ...key.idempotency(scope, idempotencyKey), entity: 'idempotency', ...record }, 'attribute_not_exists(pk) OR expiresAtEpoch < :now', { ':now': nowEpoch });
}
