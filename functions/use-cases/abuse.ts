// Abuse limits of the public form (C6): windowed counters with TTL and idempotency records.
import { createHash } from 'node:crypto';
import { TooMany, Unprocessable } from '../desk/errors';
import type { Deps } from '../deps';
import { countUp, getItem, put, type TxItem } from '../store/db';
import { key } from '../store/keys';

const WINDOW_SECONDS = 600;

/** Counts one attempt in the current 10-minute window; over the limit answers 429 with the seconds left. */
export async function countAttempt(deps: Deps, kind: string, value: string, limit: number, what = 'messages'): Promise<void> {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const window = Math.floor(nowSeconds / WINDOW_SECONDS);
  const attempts = await countUp(deps.db, key.rate(kind, value, window), (window + 2) * WINDOW_SECONDS);
  if (attempts > limit) {
    const retryAfter = (window + 1) * WINDOW_SECONDS - nowSeconds;
    throw new TooMany(`Too many ${what}; try again in ${Math.ceil(retryAfter / 60)} minutes.`, Math.max(1, retryAfter));
  }
}

export interface IdempotentResponse {
  status: number;
  body: unknown;
}

export function bodyDigest(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** An Idempotency-Key: 1 to 255 visible ASCII characters (the OpenAPI document states the same regex). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The stored first response for this key and body; 422 when the key was used with another body. */
export async function replayed(deps: Deps, scope: string, idempotencyKey: string | undefined, digest: string): Promise<IdempotentResponse | undefined> {
  if (idempotencyKey === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new Unprocessable('The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
  const item = await getItem<{ digest: string; response: IdempotentResponse; expiresAtEpoch: number }>(deps.db, key.idempotency(scope, idempotencyKey));
  if (!item || item.expiresAtEpoch < deps.now().getTime() / 1000) return undefined;
  if (item.digest !== digest) throw new Unprocessable('This Idempotency-Key was already used with another request body.');
  return item.response;
}

/** The record that makes a retry return the first response; written in the change's own transaction. */
export function idempotencyRecord(deps: Deps, scope: string, idempotencyKey: string | undefined, digest: string, response: IdempotentResponse): TxItem[] {
  if (idempotencyKey === undefined) return [];
  const nowEpoch = Math.floor(deps.now().getTime() / 1000);
  const item = { ...key.idempotency(scope, idempotencyKey), entity: 'idempotency', digest, response, expiresAtEpoch: nowEpoch + 86_400 };
  return [put(item, 'attribute_not_exists(pk) OR expiresAtEpoch < :now', { ':now': nowEpoch })];
}
