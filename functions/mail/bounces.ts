// Marks an outgoing message as bounced, found by the Message-ID it was delivered with (M4).
import type { Deps } from '../deps';
import type { TxItem } from '../store/db';
import { markBounced as markMessageBounced } from '../store/outbox';

/** True when the Message-ID names one of our outgoing messages; `with` lands in the same transaction. */
export async function markBounced(deps: Deps, messageIdHeader: string, reason: string, withItems: TxItem[] = []): Promise<string | null> {
  return markMessageBounced(deps.db, messageIdHeader, { reason, at: deps.now().toISOString() }, withItems);
}
