// Idempotency-Key (C6, SPEC §8): a retry with the same key and body gets the first response; another body is refused.
import { createHash } from 'node:crypto';
import { Unprocessable } from '../desk/errors';
import type { Deps } from '../deps';
import type { TxItem } from '../store/db';
import { getIdempotencyRecord, idempotencyItem } from '../store/limits';

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
  const item = await getIdempotencyRecord<IdempotentResponse>(deps.db, scope, idempotencyKey);
  if (!item || item.expiresAtEpoch < deps.now().getTime() / 1000) return undefined;
  if (item.digest !== digest) throw new Unprocessable('This Idempotency-Key was already used with another request body.');
  return item.response;
}

/** The record that makes a retry return the first response; written in the change's own transaction. */
export function idempotencyRecord(deps: Deps, scope: string, idempotencyKey: string | undefined, digest: string, response: IdempotentResponse): TxItem[] {
  if (idempotencyKey === undefined) return [];
  const nowEpoch = Math.floor(deps.now().getTime() / 1000);
  return [idempotencyItem(scope, idempotencyKey, { digest, response, expiresAtEpoch: nowEpoch + 86_400 }, nowEpoch)];
}
